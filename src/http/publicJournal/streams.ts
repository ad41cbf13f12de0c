import { Transform, type TransformCallback } from 'node:stream';

/**
 * Runs the generator up to its first value before anything is sent, so that a mistake the query
 * layer finds (a bad cursor, too long a search) can still be answered with 400 and not with a
 * response cut short. The rest is pulled as the consumer reads.
 */
export async function primed<T>(source: AsyncGenerator<T>): Promise<AsyncGenerator<T>> {
  const first = await source.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* source;
  })();
}

/** A primed source (see primed) and how to end it. */
export interface Started<T> {
  items: AsyncGenerator<T>;
  /**
   * Ends the source: also where `items` was never read (a response closed before its first
   * write), where returning `items` would not reach the source and it would hold its connection.
   */
  close(): Promise<unknown>;
}

export async function started<T>(source: AsyncGenerator<T>): Promise<Started<T>> {
  return { items: await primed(source), close: () => source.return(undefined) };
}

/** The same values; `done` runs once the source ends, fails or is closed early. */
export async function* onEnd<T>(source: AsyncGenerator<T>, done: () => void): AsyncGenerator<T> {
  try {
    yield* source;
  } finally {
    done();
  }
}

/**
 * Gathers small writes (one per entry) into chunks of about `size` bytes, so a long download is a
 * few hundred socket writes and not one per line. Nothing waits for a full chunk at the end.
 */
export function coalesce(size = 16 * 1024): Transform {
  let parts: Buffer[] = [];
  let length = 0;
  return new Transform({
    transform(chunk: Buffer | string, _encoding, done: TransformCallback) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      parts.push(buf);
      length += buf.length;
      if (length >= size) {
        this.push(Buffer.concat(parts, length));
        parts = [];
        length = 0;
      }
      done();
    },
    flush(done: TransformCallback) {
      if (length > 0) this.push(Buffer.concat(parts, length));
      done();
    },
  });
}

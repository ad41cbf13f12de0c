import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { Header } from 'tar';

const BLOCK = 512;

/**
 * A tar file (ustar) written entry by entry to disk, never whole in memory: each entry's header
 * (node-tar's Header, which needs the size first), then its bytes as they come, padded to a block.
 * The bytes of the whole file pass through a SHA-256 on their way, so its checksum and size are
 * known when it is finished.
 */
export class TarWriter {
  private readonly out: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private readonly mtime: Date;

  constructor(path: string, mtime: Date) {
    this.out = createWriteStream(path, { flags: 'wx' });
    this.mtime = mtime;
  }

  private async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  /** A folder entry (`path` ends with /). */
  async addFolder(path: string): Promise<void> {
    await this.header(path, 0, 'Directory');
  }

  /**
   * A file of `size` bytes from `content`; fails when content gives another number of bytes (the
   * header already promised `size`). Returns the SHA-256 of what was written.
   */
  async addFile(
    path: string,
    size: number,
    content: AsyncIterable<Buffer> | Iterable<Buffer>,
  ): Promise<string> {
    await this.header(path, size, 'File');
    const own = createHash('sha256');
    let written = 0;
    for await (const chunk of content) {
      written += chunk.length;
      if (written > size) throw new Error(`${path}: more bytes than its size ${size}`);
      own.update(chunk);
      await this.write(chunk);
    }
    if (written !== size) throw new Error(`${path}: ${written} bytes, not its size ${size}`);
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad) await this.write(Buffer.alloc(pad));
    return own.digest('hex');
  }

  private async header(path: string, size: number, type: 'File' | 'Directory'): Promise<void> {
    const header = new Header({
      path,
      mode: type === 'File' ? 0o644 : 0o755,
      uid: 0,
      gid: 0,
      size,
      mtime: this.mtime,
      type,
    });
    if (header.encode()) throw new Error(`${path}: the name does not fit a ustar header`);
    await this.write(header.block!);
  }

  /** The end-of-archive blocks; resolves with the file's size and SHA-256 once it is on disk. */
  async finish(): Promise<{ size: number; sha256: string }> {
    await this.write(Buffer.alloc(BLOCK * 2));
    this.out.end();
    await once(this.out, 'close');
    return { size: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Stops writing after a failure (the caller removes the file). */
  async abort(): Promise<void> {
    if (this.out.closed) return;
    this.out.destroy();
    await once(this.out, 'close').catch(() => undefined);
  }
}

import { type EntityManager } from '@mikro-orm/postgresql';
import { type Client, Connection } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { type Readable } from 'node:stream';
import { onServerOf } from './organisationScope';
import { type SqlFragment } from './sqlTemplate';

/** What the knex client under MikroORM offers: its pool of `pg` clients. */
interface KnexClient {
  acquireConnection(): Promise<PooledClient>;
  releaseConnection(client: PooledClient): Promise<void>;
}

interface PooledClient extends Client {
  /** Set when the connection is broken: the pool then destroys it instead of lending it again. */
  __knex__disposed?: unknown;
  /** The backend and the key PostgreSQL gave the connection for cancel requests */
  processID: number | null;
  secretKey: number | null;
}

/** How long a cancelled COPY may take to end before its connection is closed instead. */
const DRAIN_MS = 10_000;

/**
 * The CSV text PostgreSQL writes for `statement` (`COPY (…) TO STDOUT WITH (FORMAT csv)`: no
 * header, each record ended by LF), in the chunks it arrives in, pulled as the consumer reads:
 * while the consumer does not pull, the socket is not read and PostgreSQL waits (memory stays flat).
 *
 * - COPY takes no bind parameters: the values are inlined by MikroORM's own formatter
 *   (`platform.formatQuery`, pg's `escapeLiteral`), which every statement of the server already
 *   goes through, so the text is exactly the statement a plain query would run.
 * - `organisationId`: the organisation whose rows the statement reads (row-level security).
 * - `delimiter`: the cell separator (`;` for the Norwegian CSV download), one of two fixed values.
 * - One pooled connection is held until the generator ends. Ended early (a reader that went away,
 *   an error), the COPY is cancelled (`pg_cancel_backend`), the rest of its output read and dropped,
 *   and the connection goes back to the pool as after a full read.
 * - PostgreSQL's statement_timeout would count the whole download, the reader's pauses included;
 *   it is switched off for this transaction and replaced by `timeoutMs` (0 = none) for each chunk
 *   the reader waits for, as for a cursor's FETCH: a COPY that needs longer than that for its first
 *   row, or for any later chunk, is cancelled and fails with PostgreSQL's query_canceled (57014).
 */
export async function* copyCsv(
  em: EntityManager,
  organisationId: string,
  statement: SqlFragment,
  timeoutMs: number,
  delimiter: ',' | ';' = ',',
): AsyncGenerator<Buffer> {
  const text = em.getPlatform().formatQuery(statement.sql, statement.params);
  // On the server `em` reads on: a public journal download reads on a replica (organisationScope.ts).
  const { knex, client } = await onServerOf(em, async (server) => {
    const pool = server.getKnex().client as KnexClient;
    return { knex: pool, client: await pool.acquireConnection() };
  });
  let copy: Readable | undefined;
  let ended = false;
  let failed = false;
  try {
    await client.query('begin read only');
    // Its own transaction, so it sets the organisation itself (organisationScope.ts): under
    // row-level security it reads that organisation's rows and no other's.
    await client.query(`select set_config('arkivgraf.organisation', $1, true)`, [organisationId]);
    await client.query('set local statement_timeout = 0');
    const query = `copy (${text}) to stdout with (format csv${delimiter === ',' ? '' : `, delimiter '${delimiter}'`})`;
    // Logged where MikroORM logs every other statement (its `debug` setting decides).
    em.config.getLogger().logQuery({ query, level: 'info' });
    copy = client.query(copyTo(query));
    // pg-copy-streams emits PostgreSQL's error without destroying the stream: noted here, also
    // while the reader is between two chunks (nextChunk reports it).
    copy.on('error', () => (failed = true));
    for (;;) {
      const chunk = await nextChunk(copy, timeoutMs, () => cancel(client));
      if (chunk === null) break;
      yield chunk;
    }
    ended = true;
  } finally {
    if (copy && !ended && !failed && !(await stopped(copy, client))) {
      client.__knex__disposed = 'COPY did not end after its cancel';
      client.end().catch(() => undefined);
    }
    await client.query('rollback').catch(() => undefined);
    await knex.releaseConnection(client);
  }
}

/**
 * The next chunk of the COPY's output, null at its end. Waiting longer than `timeoutMs` calls
 * `onTimeout` once and goes on waiting: for the data, or for the error the cancel brings.
 */
function nextChunk(
  copy: Readable,
  timeoutMs: number,
  onTimeout: () => void,
): Promise<Buffer | null> {
  const ready = copy.read() as Buffer | null;
  if (ready !== null) return Promise.resolve(ready);
  if (copy.readableEnded) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const timer = timeoutMs > 0 ? setTimeout(onTimeout, timeoutMs) : undefined;
    const settle = () => {
      clearTimeout(timer);
      copy.off('readable', onReadable).off('end', onEnd).off('error', onError);
    };
    const onReadable = () => {
      const chunk = copy.read() as Buffer | null;
      if (chunk === null) return;
      settle();
      resolve(chunk);
    };
    const onEnd = () => {
      settle();
      resolve(null);
    };
    const onError = (err: unknown) => {
      settle();
      reject(err);
    };
    copy.on('readable', onReadable).on('end', onEnd).on('error', onError);
  });
}

interface CancelConnection {
  on(event: 'connect' | 'error', listener: () => void): void;
  connect(portOrPath: number | string, host?: string): void;
  cancel(processID: number, secretKey: number): void;
  end(): void;
}

/**
 * Cancels the connection's running statement with the protocol's cancel request (its backend and
 * secret key, on a connection of its own), not `pg_cancel_backend`: the server's connections
 * authenticate as the owner and act as the application's role (orm-options.ts), which may not
 * signal a backend of the owner; the cancel request needs no role at all.
 */
function cancel(client: PooledClient): void {
  const { host, port, processID, secretKey } = client as PooledClient & {
    host: string;
    port: number;
  };
  if (processID === null || secretKey === null) return;
  // pg's protocol connection, as its Client.cancel uses it (the types declare less of it).
  const con = new Connection() as unknown as CancelConnection;
  con.on('error', () => undefined);
  con.on('connect', () => {
    con.cancel(processID, secretKey);
    con.end();
  });
  if (host.startsWith('/')) con.connect(`${host}/.s.PGSQL.${port}`);
  else con.connect(port, host);
}

/**
 * Stops a COPY its reader left: cancels it and reads what is still on its way, until PostgreSQL
 * reports the end or the cancel. False when that does not come within DRAIN_MS.
 */
async function stopped(copy: Readable, client: PooledClient): Promise<boolean> {
  const over = new Promise<void>((resolve) => {
    copy.once('end', resolve).once('error', () => resolve());
  });
  copy.on('data', () => undefined);
  cancel(client);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(resolve, DRAIN_MS, false)));
  const result = await Promise.race([over.then(() => true), late]);
  clearTimeout(timer);
  return result;
}

import { type EntityManager } from '@mikro-orm/postgresql';
import { beginTransaction, endTransaction } from './organisationScope';
import { type SqlFragment } from './sqlTemplate';

/** Rows one FETCH brings: large enough that round trips do not matter, small enough for memory. */
export const CURSOR_BATCH = 1000;

/**
 * The rows of one statement, read through a server-side cursor (`DECLARE … NO SCROLL CURSOR` in a
 * read-only transaction of its own, set to `organisationId`: row-level security shows it that
 * organisation's rows and no other's, organisationScope.ts) and handed out in batches of up to `batch` (never empty), as the consumer
 * pulls. Batches rather than rows: per-row promises would cost more than the rows themselves. The statement is planned
 * once and the whole result is one snapshot, where keyset pages would plan every page anew.
 *
 * - One pooled connection is held from the first row until the generator ends; ending it early
 *   (`return()`, which a destroyed stream does) rolls the transaction back and releases it.
 * - The connection's `statement_timeout` (DB_STATEMENT_TIMEOUT_MS) applies to each FETCH on its
 *   own, not to the whole download: a batch that takes longer is cancelled, a long download of
 *   fast batches is not.
 */
export async function* cursorBatches<T>(
  em: EntityManager,
  organisationId: string,
  statement: SqlFragment,
  batch = CURSOR_BATCH,
): AsyncGenerator<T[]> {
  // The driver, not the connection, runs the statements: it turns PostgreSQL's errors into
  // MikroORM's exceptions, as every other query of the server.
  const driver = em.getDriver();
  // On the server `em` reads on: a public journal download reads on a replica (organisationScope.ts).
  const trx = await beginTransaction(em, { readOnly: true });
  try {
    await driver.execute(
      `select set_config('arkivgraf.organisation', ?, true)`,
      [organisationId],
      'run',
      trx,
    );
    // PostgreSQL plans a cursor for its first tenth by default (fast start: index order, nested
    // loops); a download reads all of it, so it is planned as COPY or a plain select would be.
    await driver.execute('set local cursor_tuple_fraction = 1', [], 'run', trx);
    await driver.execute(
      `declare rows_cursor no scroll cursor for ${statement.sql}`,
      statement.params,
      'run',
      trx,
    );
    for (;;) {
      const rows = await driver.execute<T[]>(
        `fetch forward ${batch} from rows_cursor`,
        [],
        'all',
        trx,
      );
      if (rows.length > 0) yield rows;
      if (rows.length < batch) return;
    }
  } finally {
    // Also after an error or a reader that went away: the connection goes back to the pool.
    await endTransaction(em, trx, false).catch(() => undefined);
  }
}

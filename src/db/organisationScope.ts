import { IsolationLevel } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';

/**
 * Row-level security (docs/access-control.md, "Organisations"): the server's connections act as a
 * role that sees only the rows of the organisation its transaction has set, and nothing when none
 * is set. Every request therefore runs in one transaction that sets it first (`SET LOCAL`, via
 * set_config(…, true)); a change inside runs in a savepoint of it. A statement outside such a
 * transaction sees no organisation data at all: a forgotten scope fails closed.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Begins `em`'s transaction for `organisationId` (none: the rows of no organisation). */
export async function beginInOrganisation(
  em: EntityManager,
  organisationId: string | null,
  snapshot = false,
): Promise<void> {
  if (organisationId !== null && !UUID.test(organisationId)) {
    throw new Error('An organisation id is a uuid');
  }
  em.setTransactionContext(
    await em
      .getConnection('write')
      .begin(snapshot ? { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true } : {}),
  );
  try {
    await em.execute(
      `select set_config('arkivgraf.organisation', ?, true)`,
      [organisationId ?? ''],
      'run',
    );
  } catch (err) {
    await endInOrganisation(em, false);
    throw err;
  }
}

/**
 * Ends the transaction begun by `beginInOrganisation`: commits, or rolls back after a failure.
 * Never flushes: every change is flushed by its service, so an entity a read touched stays unwritten.
 */
export async function endInOrganisation(em: EntityManager, commit: boolean): Promise<void> {
  const ctx = em.getTransactionContext();
  if (!ctx) return;
  em.resetTransactionContext();
  const connection = em.getConnection('write');
  if (commit) await connection.commit(ctx);
  else await connection.rollback(ctx);
}

/**
 * Runs `work` in a transaction of its own, on a fresh fork of `from` (any EntityManager of the
 * pool, `orm.em` included), set to `organisationId`; `snapshot`: see inOrganisationSnapshot.
 */
export async function inOrganisation<T>(
  from: EntityManager,
  organisationId: string | null,
  work: (em: EntityManager) => Promise<T>,
  snapshot = false,
): Promise<T> {
  const em = from.fork();
  await beginInOrganisation(em, organisationId, snapshot);
  try {
    const result = await work(em);
    await endInOrganisation(em, true);
    return result;
  } catch (err) {
    await endInOrganisation(em, false).catch(() => undefined);
    throw err;
  }
}

/**
 * Runs `work` in ONE read-only REPEATABLE READ transaction set to `organisationId`: every statement
 * sees the same snapshot, however long it runs. A deposit package (docs/noark5.md, "Arkivuttrekk")
 * is read this way so that its documents agree with each other.
 */
export function inOrganisationSnapshot<T>(
  from: EntityManager,
  organisationId: string,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  return inOrganisation(from, organisationId, work, true);
}

import { type Connection, IsolationLevel, type Transaction } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';
import { replicaMonitorOf } from './replicas';

/**
 * Row-level security (docs/access-control.md, "Organisations"): the server's connections act as a
 * role that sees only the rows of the organisation its transaction has set, and nothing when none
 * is set. Every request therefore runs in one transaction that sets it first (`SET LOCAL`, via
 * set_config(…, true)); a change inside runs in a savepoint of it. A statement outside such a
 * transaction sees no organisation data at all: a forgotten scope fails closed.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Where a transaction runs (docs/scaling.md, "Read replicas"). `primary`: every write, and every
 * read that must see the latest change. `replica`: a read-only transaction on a healthy streaming
 * replica (db/replicas.ts), round robin, on the primary when none is healthy; what it reads may be
 * up to REPLICA_MAX_LAG_MS old. An EntityManager keeps the replica it was lent for all its
 * transactions, so a request never reads from two replicas at different points of replay.
 */
export type ReadLane = 'primary' | 'replica';

/**
 * The EntityManagers on the replica lane, each with the replica it was lent (null: none was
 * healthy, or the one lent failed; it reads on the primary).
 */
const replicaLane = new WeakMap<EntityManager, { server: Connection | null }>();
/** The server each open transaction runs on: its commit or rollback goes there. */
const transactionServers = new WeakMap<Transaction, Server>();

/**
 * Puts `em` (a fresh fork) on the replica lane: it is lent the next healthy replica, and its
 * transactions begin there from now on. Its forks start on the primary lane again.
 */
export function onReplicaLane(em: EntityManager): void {
  if (!replicaLane.has(em)) replicaLane.set(em, { server: replicaMonitorOf(em)?.pick() ?? null });
}

/** A server's pool as MikroORM's PostgreSQL driver gives it. */
type Server = ReturnType<EntityManager['getConnection']>;

/**
 * The server `em` reads on: the replica it was lent, else the primary. For statements of their own
 * outside `em`'s transaction (the publication watermark, a download's cursor or COPY), so that they
 * see the same data as its transactions.
 */
function connectionOf(em: EntityManager): Server {
  return (replicaLane.get(em)?.server as Server | null | undefined) ?? em.getConnection('write');
}

/**
 * Runs `use` on the server `em` reads on. A replica that fails it (down, restarting) is marked
 * unhealthy and `use` runs once more, on the primary, which `em` reads on from then on. For
 * beginning a transaction or taking a connection, not for statements that may fail on their own.
 */
export async function onServerOf<T>(
  em: EntityManager,
  use: (server: Server) => Promise<T>,
): Promise<T> {
  const server = connectionOf(em);
  const primary = em.getConnection('write');
  try {
    return await use(server);
  } catch (err) {
    if (server === primary) throw err;
    replicaMonitorOf(em)?.markDown(server, err);
    replicaLane.set(em, { server: null });
    return use(primary);
  }
}

/**
 * Begins a transaction for `em` on `lane` (none given: the lane `em` is on), on the server of
 * onServerOf. End it with endTransaction.
 */
export async function beginTransaction(
  em: EntityManager,
  options: { lane?: ReadLane; isolationLevel?: IsolationLevel; readOnly?: boolean } = {},
): Promise<Transaction> {
  if (options.lane === 'replica') onReplicaLane(em);
  const onReplica = options.lane !== 'primary' && replicaLane.has(em);
  const settings = {
    ...(options.isolationLevel ? { isolationLevel: options.isolationLevel } : {}),
    // The replica lane only reads, on the primary too: a request behaves alike wherever it runs.
    ...(options.readOnly || onReplica ? { readOnly: true } : {}),
  };
  const begin = async (server: Server) => {
    const trx = await server.begin(settings);
    transactionServers.set(trx, server);
    return trx;
  };
  return onReplica ? onServerOf(em, begin) : begin(em.getConnection('write'));
}

/**
 * Commits or rolls back a transaction of `em` on the server it was begun on (one that
 * beginTransaction did not begin, a savepoint of MikroORM's, ends on the primary as MikroORM's
 * own do).
 */
export async function endTransaction(
  em: EntityManager,
  trx: Transaction,
  commit: boolean,
): Promise<void> {
  const server = transactionServers.get(trx) ?? em.getConnection('write');
  transactionServers.delete(trx);
  if (commit) await server.commit(trx);
  else await server.rollback(trx);
}

/**
 * Begins `em`'s transaction for `organisationId` (none: the rows of no organisation), on `lane`
 * (none given: the lane `em` is on already, else the primary). `snapshot`: see
 * inOrganisationSnapshot.
 */
export async function beginInOrganisation(
  em: EntityManager,
  organisationId: string | null,
  options: { snapshot?: boolean; lane?: ReadLane } = {},
): Promise<void> {
  if (organisationId !== null && !UUID.test(organisationId)) {
    throw new Error('An organisation id is a uuid');
  }
  em.setTransactionContext(
    await beginTransaction(
      em,
      options.snapshot
        ? { lane: options.lane, isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true }
        : { lane: options.lane },
    ),
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
 * Ends the transaction begun by `beginInOrganisation`: commits, or rolls back after a failure, on
 * the server it was begun on. Never flushes: every change is flushed by its service, so an entity
 * a read touched stays unwritten.
 */
export async function endInOrganisation(em: EntityManager, commit: boolean): Promise<void> {
  const ctx = em.getTransactionContext<Transaction>();
  if (!ctx) return;
  em.resetTransactionContext();
  await endTransaction(em, ctx, commit);
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
  await beginInOrganisation(em, organisationId, { snapshot });
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

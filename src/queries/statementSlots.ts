import { type EntityManager } from '@mikro-orm/postgresql';

/**
 * Where a viewer's expensive statements (a search, a count, an order no index serves) wait for a
 * free slot: the adapter that knows the viewer gives one to the request's EntityManager, and the
 * reads ask it before such a statement. `acquire` resolves with the release of the slot, or
 * rejects with the refusal the client is to see.
 */
export interface StatementSlots {
  acquire(): Promise<() => void>;
}

const slotsOf = new WeakMap<EntityManager, StatementSlots>();

/** The expensive statements run on `em` take their slots from `slots` (one request, one viewer). */
export function limitExpensiveStatements(em: EntityManager, slots: StatementSlots): void {
  slotsOf.set(em, slots);
}

/**
 * Runs one expensive statement in a slot of its viewer, released when it ends. An EntityManager
 * given no slots (scripts, tests of the reads alone) runs it at once.
 */
export async function expensiveStatement<T>(em: EntityManager, run: () => Promise<T>): Promise<T> {
  const slots = slotsOf.get(em);
  if (!slots) return run();
  const release = await slots.acquire();
  try {
    return await run();
  } finally {
    release();
  }
}

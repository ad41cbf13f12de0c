import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sqlTemplate';
import { SpecialistSystem, User } from '../entities';
import { type Actor, createUser } from './administration';
import { recordAudit } from './audit';
import { badInput, conflict, notFound } from './errors';

/**
 * The archive log (arkivlogg) of deliveries: the rows of one attempt as it goes from RECEIVED to
 * STORED, DUPLICATE or REFUSED. Only codes, keys, fingerprints and ids are written here; the
 * reason of a refusal is the message the sender got (services write no record values into
 * refusals).
 */

export interface ReceivedDelivery {
  userId: string;
  operation: string;
  key: string | null;
  fingerprint: string;
  parentId: string | null;
  requestId: string;
}

/** The STORED delivery an earlier attempt with the same key made. */
export interface StoredDelivery {
  operation: string;
  fingerprint: string;
  recordKind: string;
  recordId: string;
}

/** Logs a received delivery (RECEIVED); returns its id. */
export async function logReceived(em: EntityManager, d: ReceivedDelivery): Promise<string> {
  const [row] = await query<{ id: string }>(
    em,
    sql`insert into delivery (id, user_id, operation, idempotency_key, fingerprint, parent_id, request_id, received_at)
      values (gen_random_uuid(), ${d.userId}, ${d.operation}, ${d.key}, ${d.fingerprint}, ${d.parentId}, ${d.requestId}, clock_timestamp())
      returning id`,
  );
  return row!.id;
}

/**
 * Holds the sender's key until the transaction ends, so that two deliveries with one key run one
 * after the other: the second then finds the first's STORED row.
 */
export async function lockKey(
  em: EntityManager,
  organisationId: string,
  userId: string,
  key: string,
): Promise<void> {
  // The uuids are of fixed length, so the joined text names one (organisation, sender, key)
  await query(
    em,
    sql`select pg_advisory_xact_lock(hashtextextended(${`${organisationId}/${userId}/${key}`}, 0))`,
  );
}

/** The delivery of this sender and key that was STORED, if any (at most one: a unique index). */
export async function storedWithKey(
  em: EntityManager,
  userId: string,
  key: string,
): Promise<StoredDelivery | null> {
  const [row] = await query<StoredDelivery>(
    em,
    sql`select operation, fingerprint, record_kind as "recordKind", record_id as "recordId"
      from delivery where user_id = ${userId} and idempotency_key = ${key} and status = 'STORED'`,
  );
  return row ?? null;
}

/**
 * The same key again: the same operation and content is a duplicate; anything else is CONFLICT,
 * naming what differs (never the values).
 */
export function assertSameDelivery(
  earlier: StoredDelivery,
  now: { operation: string; fingerprint: string },
): void {
  if (earlier.operation !== now.operation) {
    throw conflict(
      `The idempotency key was used before for another operation (${earlier.operation}); use a new key for a new delivery`,
    );
  }
  if (earlier.fingerprint !== now.fingerprint) {
    throw conflict(
      'The idempotency key was used before with other content; use a new key for a new delivery, or send the same content again',
    );
  }
}

/** The attempt made (STORED) or found (DUPLICATE) this record. */
export async function logFinished(
  em: EntityManager,
  id: string,
  status: 'STORED' | 'DUPLICATE',
  record: { kind: string; id: string },
): Promise<void> {
  await query(
    em,
    sql`update delivery set status = ${status}, record_kind = ${record.kind}, record_id = ${record.id},
      finished_at = clock_timestamp() where id = ${id}`,
  );
  if (status === 'STORED') await resolveEarlierRefusals(em, id);
}

/**
 * The sender's earlier refusals that the STORED delivery `id` puts right (docs/noark5-service-interface.md,
 * "The routine"): those with its key, and, without a key, those of its operation under the same
 * parent record.
 */
async function resolveEarlierRefusals(em: EntityManager, id: string): Promise<void> {
  await query(
    em,
    sql`update delivery r set unresolved = false from delivery l
      where l.id = ${id} and r.user_id = l.user_id and r.unresolved and r.received_at < l.received_at
        and (r.idempotency_key = l.idempotency_key
          or (r.idempotency_key is null and r.operation = l.operation
            and r.parent_id is not distinct from l.parent_id))`,
  );
}

/** The attempt was refused with this code and message (the one the sender got). */
export async function logRefused(
  em: EntityManager,
  id: string,
  code: string,
  reason: string,
): Promise<void> {
  await query(
    em,
    sql`update delivery set status = 'REFUSED', error_code = ${code}, reason = ${reason},
      unresolved = true, finished_at = clock_timestamp() where id = ${id}`,
  );
}

/**
 * Registers a specialist system (fagsystem): its user (without roles; an administrator grants
 * them with assignRole, so the system holds only what it is given) and the system with its owner
 * (systemansvarlig), in the caller's transaction with their audit events.
 */
export async function registerSpecialistSystem(
  em: EntityManager,
  actor: Actor,
  input: { username: string; name: string; ownerId: string; unitId: string | null },
): Promise<SpecialistSystem> {
  const name = input.name.trim();
  if (!name) throw badInput('name', 'REQUIRED', 'name must not be empty');
  const owner = await em.findOne(User, { id: input.ownerId, active: true });
  if (!owner) throw notFound('The owner');
  const user = await createUser(em, actor, {
    username: input.username,
    displayName: name,
    unitId: input.unitId,
  });
  const system = em.create(SpecialistSystem, { user, name, owner });
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: 'specialistSystem.register',
    targetType: 'SpecialistSystem',
    targetId: system.id,
    changes: {
      name: { old: null, new: name },
      userId: { old: null, new: user.id },
      ownerId: { old: null, new: owner.id },
    },
  });
  return system;
}

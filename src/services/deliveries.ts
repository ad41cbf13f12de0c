import { createHash } from 'node:crypto';
import { type EntityManager } from '@mikro-orm/postgresql';
import {
  assertSameDelivery,
  lockKey,
  logFinished,
  logReceived,
  logRefused,
  registerSpecialistSystem as registerSystem,
  storedWithKey,
} from '../domain/deliveries';
import { AppError } from '../domain/errors';
import { type DeliveryStatus, type SpecialistSystem } from '../entities';
import { refuseAdministration } from '../policies/administration';
import { archiveLogVisible, systemLogVisible, systemVisible } from '../policies/deliveries';
import {
  type ArchiveLogRow,
  type ArchiveLogSummaryRow,
  archiveLogSummary as summaryOf,
  listArchiveLog,
  listSpecialistSystems,
  type SpecialistSystemRow,
} from '../queries/deliveries';
import { type ListResult } from '../queries/list';
import { type PageRequest } from '../queries/pagination';
import { type ServiceContext } from './context';
import { actorOf, enforce, inTransaction } from './funnel';
import { continueRequest } from './requestScope';

/**
 * Deliveries of specialist systems (fagsystemer) through the Noark 5 service interface, with the
 * archive log (arkivlogg; docs/noark5-service-interface.md, "Deliveries and the archive log"):
 *
 *   log RECEIVED (committed on its own) → savepoint: lock the key → an earlier STORED delivery
 *   of the key? DUPLICATE (same operation and content) or CONFLICT : the work (the ordinary
 *   services, with their own authorization and audit) → STORED.
 *
 * A refusal (AppError) rolls the savepoint back and logs REFUSED with the message the sender gets,
 * in the request's transaction, which the adapter commits. Any other failure leaves the row
 * RECEIVED: the reason is in the server log under the request id.
 */

/** What a delivery through the Noark 5 service interface does (the archive log's operasjon). */
export type DeliveryOperation =
  | 'NEW_CASE_FILE'
  | 'UPDATE_CASE_FILE'
  | 'NEW_JOURNAL_POST'
  | 'NEW_CORRESPONDENT'
  | 'NEW_DOCUMENT_DESCRIPTION'
  | 'NEW_DOCUMENT_OBJECT'
  | 'UPLOAD_FILE';

/** The kinds of record a delivery makes. */
export type DeliveredKind =
  'Case' | 'JournalPost' | 'Correspondent' | 'DocumentDescription' | 'Document';

export interface DeliveredRecord {
  kind: DeliveredKind;
  id: string;
}

export interface DeliveryRequest {
  operation: DeliveryOperation;
  /** The sender's own key (Idempotency-Key, or the standard's external id); null: none given */
  key: string | null;
  /** SHA-256 (hex) of what was delivered: operation, parent and the canonical body (or the file) */
  fingerprint: string;
  /** The record the delivery is made under or about (systemID), e.g. the arkivdel of a new saksmappe */
  parentId: string | null;
}

export interface DeliveryOutcome {
  /** STORED: made now; DUPLICATE: the same key and content came before, nothing new was made */
  status: 'STORED' | 'DUPLICATE';
  record: DeliveredRecord;
  /** The archive log entry of this attempt */
  deliveryId: string;
}

/**
 * Runs `work` with the request's EntityManager `requestEm` pointed at the savepoint `savepointEm`
 * runs in: the services the work calls take the request's context, and a transaction they open
 * on its EntityManager must nest in the savepoint (one begun on the request's own transaction
 * would wait for the savepoint to end, which waits for it).
 */
async function inSavepointOf<T>(
  requestEm: EntityManager,
  savepointEm: EntityManager,
  work: () => Promise<T>,
): Promise<T> {
  const outer = requestEm.getTransactionContext();
  requestEm.setTransactionContext(savepointEm.getTransactionContext());
  try {
    return await work();
  } finally {
    if (outer) requestEm.setTransactionContext(outer);
    else requestEm.resetTransactionContext();
  }
}

/**
 * One delivery (the contract of docs/noark5-service-interface.md): logs it RECEIVED and commits
 * that, then in one savepoint either answers an earlier STORED delivery of the same sender and key
 * (DUPLICATE with its record when operation and content match, else CONFLICT) or runs `work` and
 * logs STORED. A refusal is logged REFUSED in the request's transaction and rethrown, for the
 * adapter to commit and answer.
 */
export async function deliver(
  ctx: ServiceContext,
  request: DeliveryRequest,
  work: (em: EntityManager) => Promise<DeliveredRecord>,
): Promise<DeliveryOutcome> {
  const actor = actorOf(ctx);
  const organisationId = ctx.organisation!.id;
  logged.add(ctx);
  const deliveryId = await logReceived(ctx.em, {
    userId: actor.userId,
    operation: request.operation,
    key: request.key,
    fingerprint: request.fingerprint,
    parentId: request.parentId,
    requestId: ctx.requestId,
  });
  await continueRequest(ctx.em, organisationId);
  try {
    return await inTransaction(ctx, (em) =>
      inSavepointOf(ctx.em, em, async () => {
        if (request.key !== null) {
          await lockKey(em, organisationId, actor.userId, request.key);
          const earlier = await storedWithKey(em, actor.userId, request.key);
          if (earlier) {
            assertSameDelivery(earlier, request);
            const record = { kind: earlier.recordKind as DeliveredKind, id: earlier.recordId };
            await logFinished(em, deliveryId, 'DUPLICATE', record);
            return { status: 'DUPLICATE' as const, record, deliveryId };
          }
        }
        const record = await work(em);
        await logFinished(em, deliveryId, 'STORED', record);
        return { status: 'STORED' as const, record, deliveryId };
      }),
    );
  } catch (err) {
    if (err instanceof AppError) await logRefused(ctx.em, deliveryId, err.code, err.message);
    throw err;
  }
}

/** The requests whose delivery `deliver` has logged (one entry per attempt, never two). */
const logged = new WeakSet<ServiceContext>();

/**
 * A delivery refused before it could be read as one (its media type, its size, malformed JSON,
 * unknown fields, a parent that names nothing the sender sees): logged REFUSED all the same, in
 * the request's transaction, so that the system's owner sees every attempt in the archive log. The
 * fingerprint is of what is known (operation and parent): the body was not read as content. A
 * request `deliver` already logged is left as it is.
 */
export async function refuseUnread(
  ctx: ServiceContext,
  request: Omit<DeliveryRequest, 'fingerprint'>,
  refusal: { code: string; message: string },
): Promise<void> {
  if (ctx.viewer.kind !== 'user' || logged.has(ctx)) return;
  logged.add(ctx);
  const fingerprint = createHash('sha256')
    .update(`${request.operation}\n${request.parentId ?? ''}\nunread`)
    .digest('hex');
  const deliveryId = await logReceived(ctx.em, {
    ...request,
    userId: ctx.viewer.userId,
    fingerprint,
    requestId: ctx.requestId,
  });
  await logRefused(ctx.em, deliveryId, refusal.code, refusal.message);
}

/**
 * The archive log (arkivlogg) as the viewer reads it (policies/deliveries.ts): unresolved
 * refusals first, then newest first. Empty for one who reads none of it.
 */
export function archiveLog(
  ctx: ServiceContext,
  filter: { systemId: string | null; status: DeliveryStatus | null },
  page: PageRequest,
): Promise<ListResult<ArchiveLogRow>> {
  return listArchiveLog(ctx.em, archiveLogVisible(ctx.viewer, 'd'), filter, page);
}

/** Per system whose log the viewer reads: the last delivery and the counts of the last day. */
export function archiveLogSummary(
  ctx: ServiceContext,
  page: PageRequest,
): Promise<ListResult<ArchiveLogSummaryRow>> {
  return summaryOf(ctx.em, systemLogVisible(ctx.viewer, 's'), page);
}

/** The specialist systems (fagsystemer) the viewer reads. */
export function specialistSystems(
  ctx: ServiceContext,
  page: PageRequest,
): Promise<ListResult<SpecialistSystemRow>> {
  return listSpecialistSystems(ctx.em, systemVisible(ctx.viewer, 's'), page);
}

/** Registers a specialist system with its user; administrators only. */
export function registerSpecialistSystem(
  ctx: ServiceContext,
  input: { username: string; name: string; ownerId: string; unitId: string | null },
): Promise<SpecialistSystem> {
  enforce(refuseAdministration(ctx.ability, 'User'));
  const actor = actorOf(ctx);
  return inTransaction(ctx, (em) => registerSystem(em, actor, input));
}

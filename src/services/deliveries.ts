import { type EntityManager } from '@mikro-orm/postgresql';
import { type ServiceContext } from './context';
import { actorOf, inTransaction } from './funnel';

/**
 * PLACEHOLDER (replaced at merge): deliveries of specialist systems with the archive log, by
 * helper "archive log". This stub only runs the work in one transaction, so the adapter can be
 * built against the contract.
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

export async function deliver(
  ctx: ServiceContext,
  request: DeliveryRequest,
  work: (em: EntityManager) => Promise<DeliveredRecord>,
): Promise<DeliveryOutcome> {
  actorOf(ctx);
  void request;
  const record = await inTransaction(ctx, work);
  return { status: 'STORED', record, deliveryId: '' };
}

import { randomUUID } from 'node:crypto';
import {
  Entity,
  Enum,
  ManyToOne,
  OptionalProps,
  PrimaryKey,
  Property,
  type Rel,
} from '@mikro-orm/core';
import { User } from './User';

/** Where one delivery attempt stands (the archive log's status). */
export enum DeliveryStatus {
  /** Received and logged; not finished (still running, or it failed unexpectedly) */
  RECEIVED = 'RECEIVED',
  /** Made now: the record is in the archive */
  STORED = 'STORED',
  /** The same key and content came before: nothing new was made, the earlier record answers */
  DUPLICATE = 'DUPLICATE',
  /** Refused: nothing was made; errorCode and reason say why */
  REFUSED = 'REFUSED',
}

/**
 * Arkivlogg: one row per delivery attempt of a specialist system (fagsystem) or any other sender
 * through the Noark 5 service interface (services/deliveries.ts). It holds what was done, by
 * whom, with which key, how it ended and which record it made; never a value of the delivered
 * record (no title, no name from the body): the reason of a refusal is the error message the
 * sender got, which the services write without such values.
 */
@Entity({ tableName: 'delivery' })
export class Delivery {
  [OptionalProps]?:
    | 'status'
    | 'receivedAt'
    | 'finishedAt'
    | 'errorCode'
    | 'reason'
    | 'recordKind'
    | 'recordId'
    | 'unresolved';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The sender: the user (often a specialist system's) the request signed in as */
  @ManyToOne(() => User)
  user!: Rel<User>;

  /** What the delivery does (operasjon), a DeliveryOperation */
  @Property({ type: 'text' })
  operation!: string;

  /** The sender's idempotency key; null: none given (no idempotency) */
  @Property({ type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /** SHA-256 (hex) of the operation, the parent and the canonical body (or the file) */
  @Property({ type: 'text' })
  fingerprint!: string;

  /** systemID of the record the delivery is made under or about */
  @Property({ type: 'uuid', nullable: true })
  parentId!: string | null;

  @Enum({ items: () => DeliveryStatus })
  status: DeliveryStatus = DeliveryStatus.RECEIVED;

  /** REFUSED: the error's code (an AppError code) */
  @Property({ type: 'text', nullable: true })
  errorCode?: string | null;

  /** REFUSED: the error's message, as the sender got it */
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  /** STORED or DUPLICATE: the kind of record made (a DeliveredKind) */
  @Property({ type: 'text', nullable: true })
  recordKind?: string | null;

  /** STORED or DUPLICATE: systemID of the record made */
  @Property({ type: 'uuid', nullable: true })
  recordId?: string | null;

  /** The request id, to find the request in the server log */
  @Property({ type: 'text' })
  requestId!: string;

  @Property({ type: 'timestamptz' })
  receivedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;

  /**
   * A refusal no later delivery has put right yet (domain/deliveries.ts): kept on the row, so that
   * the log's order (unresolved first) is read from an index, not worked out over the whole log.
   */
  @Property({ type: 'boolean', default: false })
  unresolved: boolean = false;
}

import { randomUUID } from 'node:crypto';
import {
  Entity,
  Enum,
  Index,
  ManyToOne,
  type Opt,
  OptionalProps,
  PrimaryKey,
  Property,
  type Rel,
} from '@mikro-orm/core';
import { User } from './User';

/** Where an insight request (innsynskrav) stands. */
export enum InsightRequestStatus {
  /** Mottatt: not yet taken up */
  RECEIVED = 'RECEIVED',
  /** Under behandling: taken up, or some items decided */
  IN_PROGRESS = 'IN_PROGRESS',
  /** Avgjort: every item has an outcome */
  DECIDED = 'DECIDED',
  /** Påklaget: the requester appealed; the appealed items await a new decision */
  APPEALED = 'APPEALED',
  /** Avsluttet */
  CLOSED = 'CLOSED',
}

/** The outcome of one requested document. */
export enum InsightOutcome {
  /** Innsyn: the document as it is */
  FULL = 'FULL',
  /** Delvis innsyn: the redacted public variant */
  PARTIAL = 'PARTIAL',
  /** Avslag */
  DENIED = 'DENIED',
}

/**
 * Innsynskrav: a request from anyone to see documents of the public journal. The requester's
 * reference is a secret (their only credential): only its SHA-256 is stored.
 */
@Entity({ tableName: 'insight_request' })
@Index({ properties: ['receivedAt', 'id'] })
export class InsightRequest {
  [OptionalProps]?: 'status' | 'receivedAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** SHA-256 (hex) of the requester's reference */
  @Property({ type: 'text', unique: true })
  referenceHash!: string;

  @Enum({ items: () => InsightRequestStatus, index: true })
  status: InsightRequestStatus = InsightRequestStatus.RECEIVED;

  /** Mottatt */
  @Property({ type: 'timestamptz' })
  receivedAt: Date = new Date();

  /** The calendar date in Norway of receipt: working days count from it */
  @Property({ type: 'date' })
  receivedOn!: string;

  /** Svarfrist: 3 working days after receipt */
  @Property({ type: 'date' })
  @Index()
  dueDate!: string;

  /** Unanswered after this day the request counts as refused (offl. § 32): 5 working days */
  @Property({ type: 'date' })
  answerDeadline!: string;

  @Property({ type: 'text', nullable: true })
  requesterName?: string | null;

  @Property({ type: 'text' })
  requesterEmail!: string;

  @Property({ type: 'text', nullable: true })
  message?: string | null;

  /** A signed-in user who submitted it; null for the public */
  @ManyToOne(() => User, { nullable: true })
  submittedBy?: Rel<User> | null;

  /** When every item last had an outcome (DECIDED) */
  @Property({ type: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  /** The calendar date of that decision: the appeal window counts from it */
  @Property({ type: 'date', nullable: true })
  decidedOn?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  appealedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  appealReason?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  @ManyToOne(() => User, { nullable: true })
  closedBy?: Rel<User> | null;

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ version: true, type: 'integer' })
  version!: Opt<number>;
}

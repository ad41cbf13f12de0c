import { randomUUID } from 'node:crypto';
import {
  Entity,
  Enum,
  ManyToOne,
  OptionalProps,
  PrimaryKey,
  Property,
  type Rel,
  Unique,
} from '@mikro-orm/core';
import { Document } from './Document';
import { InsightOutcome, InsightRequest } from './InsightRequest';
import { JournalPost } from './JournalPost';
import { Unit } from './Unit';
import { User } from './User';

/**
 * One requested journal post of an insight request, routed at submission to the post's
 * responsible person (assignee) and its responsible unit, and later its decision.
 */
@Entity({ tableName: 'insight_request_item' })
@Unique({ properties: ['request', 'journalPost'] })
export class InsightRequestItem {
  [OptionalProps]?: 'additionalAccessConsidered' | 'appealPending';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => InsightRequest, { deleteRule: 'restrict' })
  request!: Rel<InsightRequest>;

  /** Order as requested */
  @Property({ type: 'integer' })
  position!: number;

  @ManyToOne(() => JournalPost, { index: true, deleteRule: 'restrict' })
  journalPost!: Rel<JournalPost>;

  /** The post's responsible person at submission */
  @ManyToOne(() => User, { nullable: true, index: true })
  assignee?: Rel<User> | null;

  /** The post's responsible unit at submission */
  @ManyToOne(() => Unit, { index: true })
  unit!: Rel<Unit>;

  @Enum({ items: () => InsightOutcome, nullable: true })
  outcome?: InsightOutcome | null;

  /** Hjemmel for PARTIAL and DENIED */
  @Property({ type: 'text', nullable: true })
  legalBasis?: string | null;

  /** Meroffentlighet (offl. § 11) was considered */
  @Property({ type: 'boolean' })
  additionalAccessConsidered: boolean = false;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @ManyToOne(() => User, { nullable: true })
  decidedBy?: Rel<User> | null;

  @Property({ type: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  /** The exact file released: the PUBLIC variant for PARTIAL, ARCHIVE (or PRODUCTION) for FULL */
  @ManyToOne(() => Document, { nullable: true })
  releasedDocument?: Rel<Document> | null;

  /** Appealed and awaiting a new decision */
  @Property({ type: 'boolean' })
  appealPending: boolean = false;
}

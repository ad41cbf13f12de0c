import {
  Entity,
  Index,
  ManyToOne,
  OptionalProps,
  PrimaryKey,
  Property,
  type Rel,
} from '@mikro-orm/core';
import { User } from './User';

/**
 * Hendelseslogg: one change (or one logged full read) with who, when, what, and the old and new
 * values of the changed fields. Written in the same transaction as the change; never updated.
 */
@Entity({ tableName: 'audit_event' })
@Index({ properties: ['at', 'id'] })
@Index({ properties: ['targetId', 'at'] })
export class AuditEvent {
  [OptionalProps]?: 'at';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at: Date = new Date();

  @ManyToOne(() => User, { nullable: true, index: true })
  actor?: Rel<User> | null;

  /** e.g. "journalPost.correct", "user.assignRole", "case.readFull" */
  @Property({ type: 'text' })
  @Index()
  action!: string;

  @Property({ type: 'text', nullable: true })
  targetType?: string | null;

  @Property({ type: 'uuid', nullable: true })
  targetId?: string | null;

  /** Changed fields: { field: { old, new } } */
  @Property({ type: 'jsonb', nullable: true })
  changes?: Record<string, { old: unknown; new: unknown }> | null;

  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;
}

import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One mail in the outbox (docs/notices.md): written in the same transaction as the change it tells
 * of, so a rolled-back change sends nothing and a committed one is sent however the process ends;
 * the sender (src/mail/) takes due rows, sends them and marks them sent, retrying with back-off.
 * The body is cleared once sent: what stays is who got which kind of notice, and when.
 */
@Entity({ tableName: 'mail_message' })
export class MailMessage {
  [OptionalProps]?:
    | 'createdAt'
    | 'nextAttemptAt'
    | 'attempts'
    | 'lastError'
    | 'sentAt'
    | 'failedAt'
    | 'dedupeKey'
    | 'requestId';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** What the notice is about, e.g. "journalPost.distributed" (for the log and the tests) */
  @Property({ type: 'text' })
  kind!: string;

  /** The one address it goes to */
  @Property({ type: 'text' })
  recipient!: string;

  @Property({ type: 'text' })
  subject!: string;

  /** Plain text; emptied once sent */
  @Property({ type: 'text' })
  body!: string;

  /** A notice that must go only once (a reminder): a second one with the same key is not queued */
  @Property({ type: 'text', nullable: true })
  dedupeKey?: string | null;

  /** The request whose change queued it (none: a scheduled notice) */
  @Property({ type: 'text', nullable: true })
  requestId?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  nextAttemptAt: Date = new Date();

  @Property({ type: 'integer' })
  attempts: number = 0;

  /** The last failure, without the body (an SMTP reply code and text) */
  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  sentAt?: Date | null;

  /** Given up after MAIL_MAX_ATTEMPTS */
  @Property({ type: 'timestamptz', nullable: true })
  failedAt?: Date | null;
}

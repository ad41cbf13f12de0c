import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Varsel om nye oppføringer: one address's e-mail alert for one saved search of an organisation's
 * public journal (docs/public-journal.md, "E-mail alerts"). Unconfirmed until its confirm link is
 * opened; a confirmed one gets at most one digest a day of the entries that became public since
 * the last. Its links' tokens are kept hashed in `search_alert_token`.
 */
@Entity({ tableName: 'search_alert' })
export class SearchAlert {
  [OptionalProps]?: 'createdAt' | 'confirmSentAt' | 'confirmedAt' | 'digestSince' | 'checkedOn';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The address, in lower case */
  @Property({ type: 'text' })
  email!: string;

  /** The search as the journal's normalized query string without `?` ('' for the whole journal) */
  @Property({ type: 'text' })
  search!: string;

  /** The query layer's filter the search stands for (PublicJournalFilter) */
  @Property({ type: 'json' })
  filter!: Record<string, unknown>;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  /** When the last confirm mail was queued (again at most once an hour) */
  @Property({ type: 'timestamptz' })
  confirmSentAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  confirmedAt?: Date | null;

  /** Entries first seen public after this are new to the next digest */
  @Property({ type: 'timestamptz', nullable: true })
  digestSince?: Date | null;

  /** The last day a digest was looked for (sent or not) */
  @Property({ type: 'date', nullable: true })
  checkedOn?: string | null;
}

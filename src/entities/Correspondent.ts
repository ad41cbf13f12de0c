import { randomUUID } from 'node:crypto';
import {
  Entity,
  Enum,
  Index,
  ManyToOne,
  OptionalProps,
  PrimaryKey,
  Property,
  type Rel,
} from '@mikro-orm/core';
import { fullTextOf } from './fullText';
import { CorrespondentRole } from './enums';
import { JournalPost } from './JournalPost';

/**
 * Korrespondansepart: sender or recipient of a journal post, external or internal. Addresses,
 * e-mail, national ids and organisation numbers are never public, screened or not.
 */
@Entity({ tableName: 'correspondent' })
@Index({
  name: 'correspondent_name_trgm_index',
  expression:
    'create index "correspondent_name_trgm_index" on "correspondent" using gin ("name" gin_trgm_ops)',
})
@Index({
  name: 'correspondent_search_name_index',
  expression:
    'create index "correspondent_search_name_index" on "correspondent" using gin ("search_name")',
})
@Index({ properties: ['journalPost', 'position'] })
export class Correspondent {
  [OptionalProps]?: 'screened' | 'isPerson';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => JournalPost, { deleteRule: 'cascade' })
  journalPost!: Rel<JournalPost>;

  @Property({ type: 'integer' })
  position!: number;

  @Enum({ items: () => CorrespondentRole })
  role!: CorrespondentRole;

  @Property({ type: 'text' })
  name!: string;

  /** Avskjerming av kontakt: the name is hidden while the post's screening applies */
  @Property({ type: 'boolean' })
  screened: boolean = false;

  /** The name is a person's (not an organisation's): it stops being searchable publicly after a year */
  @Property({ type: 'boolean' })
  isPerson: boolean = true;

  /** Full-text form of the name for the public journal's search: generated, never written */
  @Property(fullTextOf('name'))
  searchName?: string;

  @Property({ type: 'text', nullable: true })
  address?: string | null;

  @Property({ type: 'text', nullable: true })
  email?: string | null;

  /**
   * Fødselsnummer or D-nummer of a person (korrespondansepart's identifier): never public, FULL
   * viewers of the post only, never in a log or an audit event (docs/security.md, "Identifiers").
   */
  @Property({ type: 'text', nullable: true, index: true })
  nationalId?: string | null;

  /** Organisasjonsnummer of an organisation: never public, as the national id */
  @Property({ type: 'text', nullable: true, index: true })
  organizationNumber?: string | null;
}

import { randomUUID } from 'node:crypto';
import {
  ArrayType,
  Entity,
  Enum,
  Index,
  ManyToOne,
  type Opt,
  OptionalProps,
  PrimaryKey,
  Property,
  type Rel,
  Unique,
} from '@mikro-orm/core';
import { fullTextOf } from './fullText';
import { AccessGroup } from './AccessGroup';
import { Case } from './Case';
import { DocumentType } from './DocumentType';
import {
  JournalPostType,
  JournalStatus,
  PublicationOverride,
  type ScreenedField,
  WriteOffMethod,
} from './enums';
import { ScreeningCode } from './ScreeningCode';
import { Unit } from './Unit';
import { User } from './User';

/** Journalpost, registrering: one registered document in a case. */
@Entity({ tableName: 'journal_post' })
@Index({
  name: 'journal_post_title_trgm_index',
  expression:
    'create index "journal_post_title_trgm_index" on "journal_post" using gin ("title" gin_trgm_ops)',
})
@Index({
  name: 'journal_post_public_title_trgm_index',
  expression:
    'create index "journal_post_public_title_trgm_index" on "journal_post" using gin ("public_title" gin_trgm_ops)',
})
@Index({
  name: 'journal_post_search_title_index',
  expression:
    'create index "journal_post_search_title_index" on "journal_post" using gin ("search_title")',
})
@Index({
  name: 'journal_post_search_public_title_index',
  expression:
    'create index "journal_post_search_public_title_index" on "journal_post" using gin ("search_public_title")',
})
@Index({
  name: 'journal_post_public_journal_index',
  expression:
    'create index "journal_post_public_journal_index" on "journal_post" ("journal_date" desc, "journal_sequence_number" desc, "id" desc) where "status" in (\'DISPATCHED\', \'REGISTERED\', \'ARCHIVED\')',
})
@Unique({ properties: ['case', 'documentNumber'] })
@Unique({ properties: ['journalYear', 'journalSequenceNumber'] })
@Index({ properties: ['journalDate', 'journalSequenceNumber'] })
@Index({ name: 'journal_post_due_date_id_index', properties: ['dueDate', 'id'] })
export class JournalPost {
  [OptionalProps]?: 'screenedFields' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Case, { deleteRule: 'restrict' })
  case!: Rel<Case>;

  /** Dokumentnummer: order within the case; indexed for the registry-number search */
  @Property({ type: 'integer' })
  @Index()
  documentNumber!: number;

  /** Journalår */
  @Property({ type: 'integer' })
  journalYear!: number;

  /** Journalsekvensnummer (løpenummer) within the journal year */
  @Property({ type: 'integer' })
  journalSequenceNumber!: number;

  @Enum({ items: () => JournalPostType, index: true })
  type!: JournalPostType;

  @Enum({ items: () => JournalStatus, index: true })
  status!: JournalStatus;

  /** Tittel, without screening markers */
  @Property({ type: 'text' })
  title!: string;

  /** Offentlig tittel; equals the title when the title is not screened */
  @Property({ type: 'text' })
  publicTitle!: string;

  /** Journaldato */
  @Property({ type: 'date' })
  journalDate!: string;

  /** Dokumentdato */
  @Property({ type: 'date', nullable: true })
  documentDate?: string | null;

  /** Mottatt dato: when an incoming post (I) reached the organisation; null for other types */
  @Property({ type: 'date', nullable: true })
  receivedDate?: string | null;

  /** Forfallsdato; never screened, so its index (with the id) serves the DUE_DATE order */
  @Property({ type: 'date', nullable: true })
  dueDate?: string | null;

  /** Saksbehandler for this document */
  @ManyToOne(() => User, { nullable: true, index: true })
  responsible?: Rel<User> | null;

  /** Ansvarlig enhet for the document; the case's unit unless given */
  @ManyToOne(() => Unit, { index: true })
  responsibleUnit!: Rel<Unit>;

  @ManyToOne(() => User, { index: true })
  createdBy!: Rel<User>;

  /** Dokumenttype, where one is chosen; decides whether a leader must approve it */
  @ManyToOne(() => DocumentType, { nullable: true })
  documentType?: Rel<DocumentType> | null;

  /** Tilgangsgruppe */
  @ManyToOne(() => AccessGroup, { nullable: true, index: true })
  accessGroup?: Rel<AccessGroup> | null;

  /** Tilgangskode */
  @ManyToOne(() => ScreeningCode, { nullable: true, index: true })
  screeningCode?: Rel<ScreeningCode> | null;

  /** Skjermingshjemmel when it differs from the code's default */
  @Property({ type: 'text', nullable: true })
  legalBasis?: string | null;

  @Property({ type: ArrayType, columnType: 'text[]' })
  screenedFields: ScreenedField[] = [];

  /** Skjermingens opphørsdato */
  @Property({ type: 'date', nullable: true })
  @Index()
  screeningExpiresOn?: string | null;

  /** Offentlighetsvurdert dato: when the screening was assessed */
  @Property({ type: 'date', nullable: true })
  screeningAssessedOn?: string | null;

  /** Avskrivningsmåte */
  @Enum({ items: () => WriteOffMethod, nullable: true })
  writeOffMethod?: WriteOffMethod | null;

  /** Avskrivningsdato */
  @Property({ type: 'date', nullable: true })
  writeOffDate?: string | null;

  @ManyToOne(() => User, { nullable: true })
  writtenOffBy?: Rel<User> | null;

  @Property({ type: 'text', nullable: true })
  writeOffNote?: string | null;

  /** The reply that wrote this post off, where there is one */
  @ManyToOne(() => JournalPost, { nullable: true, index: true })
  writeOffReply?: Rel<JournalPost> | null;

  /** The leader who must approve the post now (godkjenner); set when sent or forwarded */
  @ManyToOne(() => User, { nullable: true, index: true })
  approver?: Rel<User> | null;

  @ManyToOne(() => User, { nullable: true })
  approvedBy?: Rel<User> | null;

  @Property({ type: 'timestamptz', nullable: true })
  approvedAt?: Date | null;

  /** Ferdigstilt: the content is locked from then on */
  @Property({ type: 'timestamptz', nullable: true })
  finalizedAt?: Date | null;

  /** Ekspedert */
  @Property({ type: 'timestamptz', nullable: true })
  dispatchedAt?: Date | null;

  /** Publiser nå / hold tilbake; null = the ordinary publication rules */
  @Enum({ items: () => PublicationOverride, nullable: true })
  publicationOverride?: PublicationOverride | null;

  @Property({ type: 'text', nullable: true })
  publicationOverrideReason?: string | null;

  /**
   * When the archive last set publicationOverride (publish now, hold, back to the ordinary rules):
   * the moment a post published early, or released, became public (domain/publication.ts)
   */
  @Property({ type: 'timestamptz', nullable: true })
  publicationOverrideAt?: Date | null;

  /** Full-text forms for the public journal's search: generated by PostgreSQL, never written */
  @Property(fullTextOf('title'))
  searchTitle?: string;

  @Property(fullTextOf('public_title'))
  searchPublicTitle?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ version: true, type: 'integer' })
  version!: Opt<number>;
}

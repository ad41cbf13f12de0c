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
  Unique,
} from '@mikro-orm/core';
import { DocumentDescription } from './DocumentDescription';
import { JournalPost } from './JournalPost';
import { User } from './User';

/** Variantformat (Noark 5): which form of a journal post's document a file is. */
export enum DocumentVariant {
  /** Produksjonsformat: the document as it was written or received */
  PRODUCTION = 'PRODUCTION',
  /** Arkivformat: the long-term archival form (e.g. PDF/A) */
  ARCHIVE = 'ARCHIVE',
  /** Offentlig variant: the redacted copy the public may see */
  PUBLIC = 'PUBLIC',
}

/**
 * Dokumentobjekt: one file of a document description (dokumentbeskrivelse), in one variant, kept
 * in PostgreSQL. A replaced file stays as history (replacedAt set) so that what was released to
 * an insight requester can still be served exactly; at most one file per description and variant
 * is current. The table keeps its name `document`; `journal_post_id` repeats the description's
 * post (a composite foreign key keeps the two equal) so that policy SQL joins the post directly.
 */
@Entity({ tableName: 'document' })
@Index({
  name: 'document_current_index',
  expression:
    'create unique index "document_current_index" on "document" ("document_description_id", "variant") where "replaced_at" is null',
})
@Unique({ properties: ['description', 'variant', 'version'] })
export class Document {
  [OptionalProps]?: 'version' | 'uploadedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => JournalPost, { deleteRule: 'restrict' })
  journalPost!: Rel<JournalPost>;

  /** The document description (dokumentbeskrivelse) this file is a variant of */
  @ManyToOne(() => DocumentDescription, {
    fieldName: 'document_description_id',
    deleteRule: 'restrict',
  })
  description!: Rel<DocumentDescription>;

  @Enum({ items: () => DocumentVariant })
  variant!: DocumentVariant;

  /** Versjonsnummer: 1 for the first file of this description and variant, +1 with each replacement */
  @Property({ type: 'integer' })
  version: number = 1;

  /** Filnavn as uploaded (made safe: no path, no control characters) */
  @Property({ type: 'text' })
  fileName!: string;

  /** Media type (MIME essence, lower case), e.g. application/pdf */
  @Property({ type: 'text' })
  mediaType!: string;

  /** Format (M701): the PDF/A level the file declares, e.g. PDF/A-2b; null when it declares none */
  @Property({ type: 'text', nullable: true })
  format?: string | null;

  /** Filstørrelse in bytes */
  @Property({ type: 'integer' })
  size!: number;

  /** Sjekksum: SHA-256 of the content, lower-case hex */
  @Property({ type: 'text' })
  sha256!: string;

  /** The bytes; read in slices when downloaded, never loaded with the entity; null once disposed */
  @Property({ type: 'blob', lazy: true, nullable: true })
  content!: Buffer | null;

  /** When the bytes were destroyed (kassert); the row stays as the trace of what was destroyed */
  @Property({ type: 'timestamptz', nullable: true })
  disposedAt?: Date | null;

  @ManyToOne(() => User)
  uploadedBy!: Rel<User>;

  @Property({ type: 'timestamptz' })
  uploadedAt: Date = new Date();

  /** Set when a newer file took this one's place; null = current */
  @Property({ type: 'timestamptz', nullable: true })
  replacedAt?: Date | null;

  @ManyToOne(() => User, { nullable: true })
  replacedBy?: Rel<User> | null;

  /** An archivist's reason, when this file replaced another of a locked post */
  @Property({ type: 'text', nullable: true })
  correctionReason?: string | null;
}

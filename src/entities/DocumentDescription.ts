import { randomUUID } from 'node:crypto';
import {
  Entity,
  Enum,
  ManyToOne,
  type Opt,
  OptionalProps,
  PrimaryKey,
  Property,
  type Rel,
  Unique,
} from '@mikro-orm/core';
import { Disposal } from './Disposal';
import { JournalPost } from './JournalPost';
import { ScreeningCode } from './ScreeningCode';
import { User } from './User';

/** Tilknyttet registrering som (M217): how a document belongs to its journal post. */
export enum DocumentRole {
  /** H: Hoveddokument, always document number 1 */
  MAIN = 'MAIN',
  /** V: Vedlegg */
  ATTACHMENT = 'ATTACHMENT',
}

/** Dokumentstatus (M054), the metadatakatalog's codes B and F. */
export enum DocumentStatus {
  /** B: Dokumentet er under redigering */
  UNDER_EDITING = 'UNDER_EDITING',
  /** F: Dokumentet er ferdigstilt; never set back (Noark 5 krav 3.2.32) */
  FINALISED = 'FINALISED',
}

/**
 * Dokumentbeskrivelse: one document of a journal post (its main document or an attachment), with
 * its files (dokumentobjekt, the `document` table) in variants and versions. Exactly one main
 * document per post, number 1 (a check and the unique number hold it); attachments are 2, 3, ….
 * Its own screening (a screening code) only adds to the post's: see policies/documents.ts.
 */
@Entity({ tableName: 'document_description' })
@Unique({ properties: ['journalPost', 'documentNumber'] })
export class DocumentDescription {
  [OptionalProps]?: 'status' | 'screeningCode' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => JournalPost, { deleteRule: 'restrict' })
  journalPost!: Rel<JournalPost>;

  /** Dokumentnummer (M007): 1 for the main document, then 2, 3, … in the order added */
  @Property({ type: 'integer' })
  documentNumber!: number;

  /** Tilknyttet registrering som (M217) */
  @Enum({ items: () => DocumentRole })
  role!: DocumentRole;

  /** Tittel (M020) of the document itself */
  @Property({ type: 'text' })
  title!: string;

  /** Dokumentstatus (M054) */
  @Enum({ items: () => DocumentStatus })
  status: DocumentStatus = DocumentStatus.UNDER_EDITING;

  /**
   * Tilgangskode (M500) of this document's own screening, on top of the post's: while set, the
   * title's public form is `*****` and the files are for those who pass it (policies/documents.ts)
   */
  @ManyToOne(() => ScreeningCode, { nullable: true })
  screeningCode?: Rel<ScreeningCode> | null;

  /** Opprettet av (M601) */
  @ManyToOne(() => User)
  createdBy!: Rel<User>;

  /** Opprettet dato (M600) */
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  /** Kassert dato (M630, utført kassasjon): when its files' bytes were destroyed */
  @Property({ type: 'timestamptz', nullable: true })
  disposedAt?: Date | null;

  /** Kassert av (M631): the archivist who confirmed the disposal */
  @ManyToOne(() => User, { nullable: true })
  disposedBy?: Rel<User> | null;

  /** The disposal (kassasjon) that destroyed it, with its basis and both archivists */
  @ManyToOne(() => Disposal, { nullable: true, deleteRule: 'restrict' })
  disposal?: Rel<Disposal> | null;

  @Property({ version: true, type: 'integer' })
  version!: Opt<number>;
}

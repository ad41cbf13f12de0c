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
} from '@mikro-orm/core';
import { Archive } from './Archive';
import { ArchivePartStatus } from './enums';

/** Arkivdel: one period (or other division) of an archive; every case belongs to one. */
@Entity({ tableName: 'archive_part' })
export class ArchivePart {
  [OptionalProps]?: 'status' | 'periodEnd' | 'successor' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Archive, { index: true, deleteRule: 'restrict' })
  archive!: Rel<Archive>;

  /** Tittel */
  @Property({ type: 'text' })
  title!: string;

  /** Arkivdelstatus */
  @Enum({ items: () => ArchivePartStatus, index: true })
  status: ArchivePartStatus = ArchivePartStatus.ACTIVE;

  /** Arkivperiode startdato */
  @Property({ type: 'date' })
  periodStart!: string;

  /** Arkivperiode sluttdato: set when the period ends */
  @Property({ type: 'date', nullable: true })
  periodEnd?: string | null;

  /** Arvtaker: the part that took over when this period ended */
  @ManyToOne(() => ArchivePart, { nullable: true, deleteRule: 'restrict' })
  successor?: Rel<ArchivePart> | null;

  /** Kassasjonsvedtak (M450); null: none set here */
  @Property({ type: 'text', nullable: true })
  disposalDecision?: string | null;

  /** Kassasjonshjemmel (M453): the legal basis of the decision */
  @Property({ type: 'text', nullable: true })
  disposalAuthority?: string | null;

  /** Bevaringstid (M451) in years, counted from the closing of a case */
  @Property({ type: 'integer', nullable: true })
  retentionYears?: number | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ version: true, type: 'integer' })
  version!: Opt<number>;
}

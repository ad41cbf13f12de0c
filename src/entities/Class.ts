import { randomUUID } from 'node:crypto';
import {
  Entity,
  ManyToOne,
  type Opt,
  OptionalProps,
  PrimaryKey,
  Property,
  type Rel,
  Unique,
} from '@mikro-orm/core';
import { ClassificationSystem } from './ClassificationSystem';

/**
 * Klasse: one class of a classification system. In a person-number scheme (NATIONAL_ID) the
 * class is screened like a title: `publicClassId` and `publicTitle` are its public form, written
 * by the domain with the class (domain/classification.ts), so the SQL picks a column per viewer.
 */
@Entity({ tableName: 'class' })
@Unique({ properties: ['system', 'classId'] })
export class Class {
  [OptionalProps]?: 'parent' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => ClassificationSystem, { index: true, deleteRule: 'restrict' })
  system!: Rel<ClassificationSystem>;

  /** KlasseID (M002), unique within its system */
  @Property({ type: 'text' })
  classId!: string;

  /** Tittel */
  @Property({ type: 'text' })
  title!: string;

  /** Skjerming klasseID and skjerming tittel klasse: the class of a person-number scheme */
  @Property({ type: 'boolean' })
  screened!: boolean;

  /** The klasseID the public sees: `*****` where screened, else the klasseID */
  @Property({ type: 'text' })
  publicClassId!: string;

  /** The title the public sees: `*****` where screened, else the title */
  @Property({ type: 'text' })
  publicTitle!: string;

  /** Overordnet klasse: the parent class, in the same system */
  @ManyToOne(() => Class, { nullable: true, index: true, deleteRule: 'restrict' })
  parent?: Rel<Class> | null;

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

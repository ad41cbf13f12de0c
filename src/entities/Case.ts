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
import { AccessGroup } from './AccessGroup';
import { CaseStatus, type ScreenedField } from './enums';
import { ScreeningCode } from './ScreeningCode';
import { Unit } from './Unit';
import { User } from './User';

/** Sak, saksmappe: a folder of journal posts that belong to one matter. */
@Entity({ tableName: 'case_file' })
@Unique({ properties: ['caseYear', 'caseSequence'] })
export class Case {
  [OptionalProps]?: 'status' | 'screenedFields' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Saksår */
  @Property({ type: 'integer' })
  caseYear!: number;

  /** Sekvensnummer within the case year */
  @Property({ type: 'integer' })
  caseSequence!: number;

  /** Saksnummer "YYYY/N" */
  @Property({ type: 'text', unique: true })
  caseNumber!: string;

  /** Tittel, without screening markers */
  @Property({ type: 'text' })
  title!: string;

  /** Offentlig tittel; equals the title when the title is not screened */
  @Property({ type: 'text' })
  publicTitle!: string;

  @Enum({ items: () => CaseStatus, index: true })
  status: CaseStatus = CaseStatus.RESERVED;

  /** Ansvarlig enhet */
  @ManyToOne(() => Unit, { index: true })
  responsibleUnit!: Rel<Unit>;

  /** Saksansvarlig */
  @ManyToOne(() => User, { nullable: true, index: true })
  caseResponsible?: Rel<User> | null;

  @ManyToOne(() => User, { index: true })
  createdBy!: Rel<User>;

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

  /** Skjermingens opphørsdato: the record is public from this date */
  @Property({ type: 'date', nullable: true })
  @Index()
  screeningExpiresOn?: string | null;

  @Property({ type: 'timestamptz' })
  @Index()
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  @Property({ version: true, type: 'integer' })
  version!: Opt<number>;
}

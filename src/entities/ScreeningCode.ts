import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { type ScreenedField } from './enums';

/**
 * Tilgangskode: marks a record as exempt from public access. Defined by the organisation; ended
 * (validTo), never deleted, so old records keep their meaning.
 */
@Entity({ tableName: 'screening_code' })
export class ScreeningCode {
  [OptionalProps]?:
    | 'defaultScreenedFields'
    | 'wholeDocument'
    | 'discretionary'
    | 'dutyOfConfidentiality'
    | 'temporary'
    | 'requiresAccessGroup';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Tilgangskode, e.g. "13" */
  @Property({ type: 'text', unique: true })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  /** Default skjermingshjemmel */
  @Property({ type: 'text' })
  legalBasis!: string;

  @Property({ type: ArrayType, columnType: 'text[]' })
  defaultScreenedFields: ScreenedField[] = [];

  /** Skjermingsvarighet in years; null = until lifted */
  @Property({ type: 'integer', nullable: true })
  defaultDurationYears?: number | null;

  /** May the whole document be withheld (skjermingDokument: H), or only parts (D) */
  @Property({ type: 'boolean' })
  wholeDocument: boolean = false;

  /** The basis allows refusing but not requires it (offl. §§ 14, 15): meroffentlighet applies */
  @Property({ type: 'boolean' })
  discretionary: boolean = false;

  /**
   * Taushetsplikt (e.g. offl. § 13): while the screening is in force the document may not be
   * released in full to an insight request, only its redacted public variant or nothing
   */
  @Property({ type: 'boolean' })
  dutyOfConfidentiality: boolean = false;

  /** XX: screens every screenable field until the record has been assessed */
  @Property({ type: 'boolean' })
  temporary: boolean = false;

  /**
   * Tjenstlig behov: every record screened with this code must carry an access group, so only
   * those who need it read it in full (docs/access-control.md, "Need to know")
   */
  @Property({ type: 'boolean' })
  requiresAccessGroup: boolean = false;

  @Property({ type: 'date' })
  validFrom!: string;

  @Property({ type: 'date', nullable: true })
  validTo?: string | null;
}

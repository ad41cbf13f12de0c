import { randomUUID } from 'node:crypto';
import {
  Entity,
  Index,
  ManyToOne,
  OptionalProps,
  PrimaryKey,
  Property,
  type Rel,
} from '@mikro-orm/core';
import { Case } from './Case';

/**
 * Part (sakspart, Noark 5 `part` of a mappe): a person or an organisation the case is about or who
 * takes part in it, such as the pupil of a pupil folder and their guardians. The identifiers and
 * the address are never public (docs/security.md, "Identifiers"); the name follows the case's
 * screening (skjerming av navn på parter).
 */
@Entity({ tableName: 'case_party' })
@Index({ properties: ['case', 'position'] })
export class CaseParty {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Case, { deleteRule: 'cascade' })
  case!: Rel<Case>;

  /** Order of the parties within the case, from 0 */
  @Property({ type: 'integer' })
  position!: number;

  /** partNavn */
  @Property({ type: 'text' })
  name!: string;

  /** partRolle: free text; the metadatakatalog suggests Klient, Pårørende, Formynder, Advokat */
  @Property({ type: 'text' })
  role!: string;

  /** partID of a person: fødselsnummer or D-nummer */
  @Property({ type: 'text', nullable: true, index: true })
  nationalId?: string | null;

  /** partID of an organisation: organisasjonsnummer */
  @Property({ type: 'text', nullable: true, index: true })
  organizationNumber?: string | null;

  /** postadresse */
  @Property({ type: 'text', nullable: true })
  postalAddress?: string | null;

  /** postnummer */
  @Property({ type: 'text', nullable: true })
  postalCode?: string | null;

  /** poststed */
  @Property({ type: 'text', nullable: true })
  postalTown?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

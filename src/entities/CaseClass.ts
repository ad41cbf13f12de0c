import { Entity, Enum, ManyToOne, PrimaryKey, type Rel, Unique } from '@mikro-orm/core';
import { Case } from './Case';
import { Class } from './Class';
import { CaseClassRole } from './enums';

/**
 * A class of a case: its primærklassifikasjon (role PRIMARY, position 0, at most one) or one of
 * its ordered sekundærklassifikasjoner (SECONDARY, positions 1…).
 */
@Entity({ tableName: 'case_class' })
@Unique({ properties: ['case', 'class'] })
export class CaseClass {
  @ManyToOne(() => Case, { primary: true, deleteRule: 'cascade' })
  case!: Rel<Case>;

  @PrimaryKey({ type: 'integer' })
  position!: number;

  @ManyToOne(() => Class, { index: true, deleteRule: 'restrict' })
  class!: Rel<Class>;

  @Enum({ items: () => CaseClassRole })
  role!: CaseClassRole;
}

import {
  Entity,
  ManyToOne,
  OptionalProps,
  PrimaryKeyProp,
  Property,
  type Rel,
} from '@mikro-orm/core';
import { Case } from './Case';
import { User } from './User';

/** Intern kontakt: a user added to a case, who may then read it in full. */
@Entity({ tableName: 'case_internal_contact' })
export class CaseInternalContact {
  [OptionalProps]?: 'addedAt';

  @ManyToOne(() => Case, { primary: true, deleteRule: 'cascade' })
  case!: Rel<Case>;

  @ManyToOne(() => User, { primary: true, index: true })
  user!: Rel<User>;

  [PrimaryKeyProp]?: ['case', 'user'];

  @ManyToOne(() => User, { nullable: true })
  addedBy?: Rel<User> | null;

  @Property({ type: 'timestamptz' })
  addedAt: Date = new Date();
}

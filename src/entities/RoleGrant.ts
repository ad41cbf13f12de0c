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
} from '@mikro-orm/core';
import { Role } from './enums';
import { Unit } from './Unit';
import { User } from './User';

/**
 * Rolletildeling: a role held by a user, optionally for one unit, over a period. Grants are ended
 * (validTo), never deleted, so the history of who held what stays on record (Noark 5 krav 4.5.29).
 */
@Entity({ tableName: 'role_grant' })
@Index({ properties: ['user', 'validTo'] })
export class RoleGrant {
  [OptionalProps]?: 'validFrom';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'restrict' })
  user!: Rel<User>;

  @Enum({ items: () => Role })
  role!: Role;

  /** null: the whole organisation */
  @ManyToOne(() => Unit, { nullable: true, index: true })
  unit?: Rel<Unit> | null;

  @Property({ type: 'timestamptz' })
  validFrom: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  validTo?: Date | null;

  @ManyToOne(() => User, { nullable: true })
  grantedBy?: Rel<User> | null;

  @ManyToOne(() => User, { nullable: true })
  revokedBy?: Rel<User> | null;
}

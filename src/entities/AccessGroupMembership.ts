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
import { AccessGroup } from './AccessGroup';
import { User } from './User';

/** Medlemskap i tilgangsgruppe, over a period; ended, never deleted (Noark 5 krav 4.5.30). */
@Entity({ tableName: 'access_group_membership' })
@Index({ properties: ['user', 'validTo'] })
@Index({ properties: ['group', 'validFrom'] })
export class AccessGroupMembership {
  [OptionalProps]?: 'validFrom';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => AccessGroup, { deleteRule: 'restrict' })
  group!: Rel<AccessGroup>;

  @ManyToOne(() => User, { deleteRule: 'restrict' })
  user!: Rel<User>;

  @Property({ type: 'timestamptz' })
  validFrom: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  validTo?: Date | null;

  @ManyToOne(() => User, { nullable: true })
  addedBy?: Rel<User> | null;

  @ManyToOne(() => User, { nullable: true })
  removedBy?: Rel<User> | null;
}

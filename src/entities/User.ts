import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Unit } from './Unit';

/** Bruker: an employee who signs in. Users are deactivated, never deleted. */
@Entity({ tableName: 'app_user' })
export class User {
  [OptionalProps]?: 'createdAt' | 'active';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true })
  username!: string;

  @Property({ type: 'text' })
  displayName!: string;

  @ManyToOne(() => Unit, { nullable: true, index: true })
  unit?: Rel<Unit> | null;

  /** E-postadresse for notices (docs/notices.md); none: the user gets no mail */
  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  deactivatedAt?: Date | null;
}

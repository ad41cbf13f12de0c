import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';

/** Administrativ enhet. */
@Entity({ tableName: 'unit' })
export class Unit {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true })
  name!: string;

  @ManyToOne(() => Unit, { nullable: true, index: true, deleteRule: 'restrict' })
  parent?: Rel<Unit> | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

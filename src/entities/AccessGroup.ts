import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Tilgangsgruppe: an internal group whose members may read restricted records in full. Groups are
 * ended, never deleted; an ended group takes no new records and no new members.
 */
@Entity({ tableName: 'access_group' })
export class AccessGroup {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date | null;
}

import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** Arkiv: the archive of one records creator (arkivskaper); one for now. */
@Entity({ tableName: 'archive' })
export class Archive {
  [OptionalProps]?: 'description' | 'status' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Tittel */
  @Property({ type: 'text' })
  title!: string;

  /** Beskrivelse */
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** Arkivstatus: OPEN (opprettet) or CLOSED (avsluttet) */
  @Property({ type: 'text' })
  status: 'OPEN' | 'CLOSED' = 'OPEN';

  /** Arkivskapernavn: the records creator's name */
  @Property({ type: 'text' })
  recordsCreatorName!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

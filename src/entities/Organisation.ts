import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Arkivskaper: an organisation of the installation (a municipality), the top of its structure. Its
 * row is public (the directory has no row-level security); every record belongs to one.
 */
@Entity({ tableName: 'organisation' })
export class Organisation {
  [OptionalProps]?: 'organisationNumber' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Arkivskapernavn */
  @Property({ type: 'text' })
  name!: string;

  /** Kortnavn: for URLs and the X-Organisation header, never changed once given */
  @Property({ type: 'text', unique: true })
  shortName!: string;

  /** Organisasjonsnummer (Enhetsregisteret), nine digits */
  @Property({ type: 'text', nullable: true, unique: true })
  organisationNumber?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { User } from './User';

/**
 * Fagsystem: a specialist system that delivers records through the Noark 5 service interface
 * (e.g. Visma Flyt Skole). It signs in as its own user, with a bearer token like anybody, and
 * holds only the roles an administrator grants that user. Its owner (systemansvarlig) reads its
 * archive log (arkivlogg).
 */
@Entity({ tableName: 'specialist_system' })
export class SpecialistSystem {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The user the system signs in as: one system per user */
  @ManyToOne(() => User, { deleteRule: 'restrict' })
  user!: Rel<User>;

  /** The system's name, e.g. "Visma Flyt Skole" */
  @Property({ type: 'text' })
  name!: string;

  /** Systemansvarlig: the person who follows the system's deliveries */
  @ManyToOne(() => User, { deleteRule: 'restrict' })
  owner!: Rel<User>;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

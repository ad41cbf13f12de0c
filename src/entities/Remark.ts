import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Case } from './Case';
import { JournalPost } from './JournalPost';
import { User } from './User';

/**
 * Merknadstype (M084, a code list the organisation defines). CLOSING is the remark saying why a
 * case was closed (the seeds: "avslutter saken med en merknad om hvorfor"); CORRECTION corrects
 * an earlier remark, which itself is never changed.
 */
export enum RemarkType {
  /** Merknad: a general remark */
  GENERAL = 'GENERAL',
  /** Saksbehandlingsmerknad: a leader's or handler's note on how the matter is to be handled */
  CASE_HANDLING = 'CASE_HANDLING',
  /** Avslutningsmerknad: why the case was closed */
  CLOSING = 'CLOSING',
  /** Rettelse: corrects an earlier remark of the same record (`corrects`) */
  CORRECTION = 'CORRECTION',
}

/**
 * Merknad (Noark 5 arkivstruktur `merknad`) on a case (saksmappe) or a journal post
 * (registrering): exactly one of the two. Append-only: a remark is never changed or deleted; a
 * correction is a new remark of type CORRECTION pointing at the one it corrects. Never public: only
 * a viewer who reads its record in full sees it (policies/remarks.ts).
 */
@Entity({ tableName: 'remark' })
@Index({ properties: ['case', 'registeredAt'] })
@Index({ properties: ['journalPost', 'registeredAt'] })
export class Remark {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The case (saksmappe) the remark is on, or null for a remark on a journal post */
  @ManyToOne(() => Case, { nullable: true, deleteRule: 'restrict' })
  case?: Rel<Case> | null;

  /** The journal post (registrering) the remark is on, or null for a remark on a case */
  @ManyToOne(() => JournalPost, { nullable: true, deleteRule: 'restrict' })
  journalPost?: Rel<JournalPost> | null;

  /** Merknadstype (M084) */
  @Enum({ items: () => RemarkType })
  type!: RemarkType;

  /** Merknadstekst (M310) */
  @Property({ type: 'text' })
  text!: string;

  /** Merknadsdato (M611) */
  @Property({ type: 'timestamptz' })
  registeredAt: Date = new Date();

  /** Merknad registrert av (M612) */
  @ManyToOne(() => User)
  registeredBy!: Rel<User>;

  /** The earlier remark of the same record that a CORRECTION corrects */
  @ManyToOne(() => Remark, { nullable: true, deleteRule: 'restrict' })
  corrects?: Rel<Remark> | null;
}

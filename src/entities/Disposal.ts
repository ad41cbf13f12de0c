import { randomUUID } from 'node:crypto';
import {
  Entity,
  Enum,
  ManyToOne,
  type Opt,
  OptionalProps,
  PrimaryKey,
  Property,
  type Rel,
} from '@mikro-orm/core';
import { Case } from './Case';
import { DocumentDescription } from './DocumentDescription';
import { Remark } from './Remark';
import { User } from './User';

/** Kassasjonsvedtak (M450), the metadatakatalog's codes. */
export enum DisposalDecision {
  /** Bevares: kept for ever */
  PRESERVE = 'PRESERVE',
  /** Kasseres: destroyed once the retention period (bevaringstid) has run */
  DISPOSE = 'DISPOSE',
  /** Vurderes senere: decided later */
  REVIEW_LATER = 'REVIEW_LATER',
}

/** Where a disposal (kassasjon) stands in its four-eyes flow. */
export enum DisposalStatus {
  /** Proposed by one archivist, waiting for another's confirmation */
  PROPOSED = 'PROPOSED',
  /** Confirmed by a second archivist: carried out (utført kassasjon), the bytes are gone */
  CONFIRMED = 'CONFIRMED',
  /** Cancelled before it was confirmed: nothing was destroyed */
  CANCELLED = 'CANCELLED',
}

/**
 * Kassasjon: one disposal, proposed by an archivist and carried out only when a DIFFERENT
 * archivist confirms it (the database refuses the same person too). Its items are cases, whose
 * documents all go, or single document descriptions (domain/disposal.ts).
 */
@Entity({ tableName: 'disposal' })
export class Disposal {
  [OptionalProps]?:
    'status' | 'proposedAt' | 'confirmedBy' | 'confirmedAt' | 'cancelledBy' | 'cancelledAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: () => DisposalStatus, index: true })
  status: DisposalStatus = DisposalStatus.PROPOSED;

  /** Kassasjonshjemmel: the legal basis the destruction rests on */
  @Property({ type: 'text' })
  basis!: string;

  @ManyToOne(() => User)
  proposedBy!: Rel<User>;

  @Property({ type: 'timestamptz' })
  proposedAt: Date = new Date();

  /** Kassert av (M631), with the proposer: the second archivist */
  @ManyToOne(() => User, { nullable: true })
  confirmedBy?: Rel<User> | null;

  /** Kassert dato (M630) */
  @Property({ type: 'timestamptz', nullable: true })
  confirmedAt?: Date | null;

  @ManyToOne(() => User, { nullable: true })
  cancelledBy?: Rel<User> | null;

  @Property({ type: 'timestamptz', nullable: true })
  cancelledAt?: Date | null;

  @Property({ version: true, type: 'integer' })
  version!: Opt<number>;
}

/** One thing a disposal destroys: a case (all its documents) or one document description. */
@Entity({ tableName: 'disposal_item' })
export class DisposalItem {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Disposal, { index: true, deleteRule: 'restrict' })
  disposal!: Rel<Disposal>;

  @ManyToOne(() => Case, { nullable: true, index: true, deleteRule: 'restrict' })
  case?: Rel<Case> | null;

  @ManyToOne(() => DocumentDescription, {
    fieldName: 'document_description_id',
    nullable: true,
    index: true,
    deleteRule: 'restrict',
  })
  description?: Rel<DocumentDescription> | null;

  /** The remark on the case or post that records the check a single document served */
  @ManyToOne(() => Remark, { nullable: true, deleteRule: 'restrict' })
  remark?: Rel<Remark> | null;
}

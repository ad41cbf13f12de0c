import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DisposalDecision, DisposalStatus } from '../../entities/Disposal';
import {
  type CaseDisposalRow,
  type DisposalListRow,
  type DisposalRow,
  type DisposalSource,
} from '../../queries/disposal';
import { toGlobalId } from '../globalId';
import { NodeInterface } from '../node';
import { DateScalar } from '../scalars';
import { connectionType } from './connection';

registerEnumType(DisposalDecision, {
  name: 'DisposalDecision',
  description: 'Disposal decision (kassasjonsvedtak, M450)',
  valuesConfig: {
    PRESERVE: { description: 'Bevares: kept for ever' },
    DISPOSE: { description: 'Kasseres: destroyed once the retention period has run' },
    REVIEW_LATER: { description: 'Vurderes senere: to be decided later' },
  },
});

registerEnumType(DisposalStatus, {
  name: 'DisposalStatus',
  description: 'Where a disposal (kassasjon) stands in its four-eyes flow',
  valuesConfig: {
    PROPOSED: { description: 'Proposed by one archivist, waiting for another to confirm it' },
    CONFIRMED: {
      description:
        'Confirmed by a second archivist and carried out (utført kassasjon): the bytes are gone',
    },
    CANCELLED: { description: 'Cancelled before it was confirmed: nothing was destroyed' },
  },
});

export enum DisposalSourceEnum {
  CLASS = 'CLASS',
  ARCHIVE_PART = 'ARCHIVE_PART',
}

registerEnumType(DisposalSourceEnum, {
  name: 'DisposalSource',
  description: "Where a case's disposal decision comes from",
  valuesConfig: {
    CLASS: { description: "The case's primary class (primærklassifikasjon)" },
    ARCHIVE_PART: {
      description: "The case's archive part (arkivdel), its primary class having none",
    },
  },
});

@ObjectType('DisposalRule', {
  description:
    'Disposal (kassasjon) as set on a class or archive part: decision, legal basis and retention period',
})
export class DisposalRuleType {
  @Field(() => DisposalDecision, { description: 'Disposal decision (kassasjonsvedtak)' })
  decision!: DisposalDecision;

  @Field(() => String, { nullable: true, description: 'Legal basis (kassasjonshjemmel)' })
  authority!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "Retention period (bevaringstid) in years, counted from a case's closing",
  })
  retentionYears!: number | null;

  static of(
    decision: string | null | undefined,
    authority: string | null | undefined,
    retentionYears: number | null | undefined,
  ): DisposalRuleType | null {
    if (!decision) return null;
    return Object.assign(new DisposalRuleType(), {
      decision: decision as DisposalDecision,
      authority: authority ?? null,
      retentionYears: retentionYears ?? null,
    });
  }
}

@ObjectType('CaseDisposal', {
  description:
    "A case's effective disposal (kassasjon): inherited from its primary class, else from its archive part",
})
export class CaseDisposalType extends DisposalRuleType {
  classRawId!: string | null;
  archivePartRawId!: string | null;

  @Field(() => DisposalSourceEnum, { description: 'Where the decision comes from' })
  source!: DisposalSource;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'Disposal date (kassasjonsdato): the closing day plus the retention period; null while the case is open or no period is set',
  })
  disposalDate!: string | null;

  static from(row: CaseDisposalRow): CaseDisposalType {
    return Object.assign(new CaseDisposalType(), {
      decision: row.decision,
      authority: row.authority,
      retentionYears: row.retention_years === null ? null : Number(row.retention_years),
      source: row.source,
      classRawId: row.class_id,
      archivePartRawId: row.archive_part_id,
      disposalDate: row.disposal_date,
    });
  }
}

@ObjectType('DisposalListEntry', {
  description:
    'A case on the disposal list (kassasjonsliste): due for disposal, not yet disposed of',
})
export class DisposalListEntry extends CaseDisposalType {
  caseRawId!: string;

  static fromRow(row: DisposalListRow): DisposalListEntry {
    return Object.assign(new DisposalListEntry(), CaseDisposalType.from(row), {
      caseRawId: row.id,
    });
  }
}

@ObjectType('DocumentDisposal', {
  description:
    'Disposal carried out (utført kassasjon) of a document: its files keep name, size and SHA-256, their bytes are gone',
})
export class DocumentDisposalType {
  disposedByRawId!: string;
  disposalRawId!: string;

  @Field(() => Date, { description: 'Disposed on (kassertDato, M630)' })
  disposedAt!: Date;
}

@ObjectType('Disposal', {
  implements: NodeInterface,
  description:
    'Disposal (kassasjon): proposed by one archivist, carried out only when a different archivist confirms it',
})
export class DisposalType implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the disposal' })
  id!: string;

  rawId!: string;
  proposedByRawId!: string;
  confirmedByRawId!: string | null;
  cancelledByRawId!: string | null;

  @Field(() => DisposalStatus, { description: 'Where it stands' })
  status!: DisposalStatus;

  @Field({ description: 'The basis the destruction rests on (kassasjonshjemmel)' })
  basis!: string;

  @Field(() => Date, { description: 'When it was proposed' })
  proposedAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was confirmed and carried out (kassertDato)',
  })
  confirmedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was cancelled' })
  cancelledAt!: Date | null;

  @Field(() => Int, { description: 'Version, for expectedVersion (optimistic concurrency)' })
  version!: number;

  static from(row: DisposalRow): DisposalType {
    const date = (v: string | Date | null) => (v === null ? null : new Date(v));
    return Object.assign(new DisposalType(), {
      id: toGlobalId('Disposal', row.id),
      rawId: row.id,
      proposedByRawId: row.proposed_by_id,
      confirmedByRawId: row.confirmed_by_id,
      cancelledByRawId: row.cancelled_by_id,
      status: row.status,
      basis: row.basis,
      proposedAt: new Date(row.proposed_at),
      confirmedAt: date(row.confirmed_at),
      cancelledAt: date(row.cancelled_at),
      version: Number(row.version),
    });
  }
}

@ObjectType('DisposalViewerCan', {
  description:
    'What you may do with this disposal (kassasjon) now; each flag is the check its mutation makes as far as your role and its state decide',
})
export class DisposalViewerCan {
  @Field({
    description:
      'Confirm and carry it out (confirmDisposal): you are an archivist other than its proposer, and it is PROPOSED',
  })
  confirm!: boolean;

  @Field({ description: 'Cancel it (cancelDisposal): you are an archivist, and it is PROPOSED' })
  cancel!: boolean;
}

export const DisposalListConnection = connectionType(
  'DisposalListEntry',
  DisposalListEntry,
  'Cases due for disposal (kassasjonsliste), earliest disposal date first',
);
export type DisposalListConnection = InstanceType<typeof DisposalListConnection>;

export const DisposalConnection = connectionType(
  'Disposal',
  DisposalType,
  'Disposals (kassasjoner), newest proposal first',
);
export type DisposalConnection = InstanceType<typeof DisposalConnection>;

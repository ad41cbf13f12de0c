import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DocumentVariant } from '../../entities/Document';
import { InsightOutcome, InsightRequestStatus } from '../../entities/InsightRequest';
import { appealInformation } from '../../domain/insightRequests/appeal';
import {
  type PublicItemStatus,
  type PublicStatus,
} from '../../domain/insightRequests/publicStatus';
import { type InsightItemRow, type InsightRequestRow } from '../../queries/insightRequests';
import { type InsightItemWrites, type InsightRequestWrites } from '../../services/viewerCan';
import { toGlobalId } from '../globalId';
import { NodeInterface } from '../node';
import { DateScalar } from '../scalars';
import { connectionType } from './connection';

registerEnumType(InsightOutcome, {
  name: 'InsightOutcome',
  description: 'Outcome (utfall) of one requested document',
  valuesConfig: {
    FULL: { description: 'Access granted (innsyn): the document as it is' },
    PARTIAL: {
      description:
        'Partial access (delvis innsyn): the redacted public variant; legal basis required',
    },
    DENIED: { description: 'Refused (avslag); legal basis required' },
  },
});

registerEnumType(InsightRequestStatus, {
  name: 'InsightRequestStatus',
  description: 'Status of an insight request (innsynskrav)',
  valuesConfig: {
    RECEIVED: { description: 'Received (mottatt): not yet taken up' },
    IN_PROGRESS: {
      description: 'In progress (under behandling): taken up, or some items decided',
    },
    DECIDED: { description: 'Decided (avgjort): every item has an outcome' },
    APPEALED: { description: 'Appealed (påklaget): the appealed items await a new decision' },
    CLOSED: {
      description: 'Closed (avsluttet); an appeal within the time limit still reopens it',
    },
  },
});

@ObjectType('InsightRequestViewerCan', {
  description:
    'What you may do to the insight request (innsynskrav) now, decided by the same rules as the mutations',
})
export class InsightRequestViewerCan implements InsightRequestWrites {
  @Field({
    description:
      'You are one the request (innsynskrav) is routed to, who may take it up and close it, in whatever state it is now',
  })
  process!: boolean;

  @Field({
    description:
      'You may take the request up now (behandling påbegynt): startInsightRequest; only while it is RECEIVED',
  })
  start!: boolean;

  @Field({
    description:
      'You may close the request now (avslutte innsynskrav): closeInsightRequest; only once it is DECIDED',
  })
  close!: boolean;
}

@ObjectType('InsightRequestItemViewerCan', {
  description: 'What you may do to the item now, decided by the same rules as the mutations',
})
export class InsightRequestItemViewerCan implements InsightItemWrites {
  @Field({
    description:
      'You may decide it now (avgjøre innsynskrav), any outcome: decideInsightRequest. A decider who reads the journal post in full, while the item has no outcome (or was appealed, klage) and the request is not closed',
  })
  decide!: boolean;

  @Field({
    description:
      'You may hand it to another assignee now (omfordeling): reassignInsightRequestItem, also when you see the post REDACTED; while the item has no outcome (or was appealed) and the request is not closed',
  })
  reassign!: boolean;
}

@ObjectType('InsightRequestItem', {
  description:
    'One requested journal post of an insight request (innsynskrav), and its decision (avgjørelse)',
})
export class InsightRequestItemView {
  rawId!: string;
  requestRawId!: string;
  journalPostRawId!: string;
  assigneeRawId!: string | null;
  unitRawId!: string;
  decidedByRawId!: string | null;

  @Field(() => InsightOutcome, {
    nullable: true,
    description: 'Outcome (utfall); null until decided',
  })
  outcome!: InsightOutcome | null;

  @Field(() => String, {
    nullable: true,
    description: 'Legal basis (hjemmel); required for PARTIAL and DENIED',
  })
  legalBasis!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the item was decided; null until then' })
  decidedAt!: Date | null;

  @Field({ description: 'Additional access (meroffentlighet, offl. § 11) was considered' })
  additionalAccessConsidered!: boolean;

  @Field(() => String, { nullable: true, description: "The decider's note" })
  note!: string | null;

  @Field({ description: 'Appealed and awaiting a new decision' })
  appealPending!: boolean;

  @Field(() => DocumentVariant, {
    nullable: true,
    description:
      'The variant released to the requester: PUBLIC for PARTIAL, ARCHIVE or PRODUCTION for FULL',
  })
  releasedVariant!: DocumentVariant | null;

  static from(row: InsightItemRow): InsightRequestItemView {
    return Object.assign(new InsightRequestItemView(), {
      rawId: row.id,
      requestRawId: row.request_id,
      journalPostRawId: row.journal_post_id,
      assigneeRawId: row.assignee_id,
      unitRawId: row.unit_id,
      decidedByRawId: row.decided_by_id,
      outcome: row.outcome,
      legalBasis: row.legal_basis,
      decidedAt: row.decided_at ? new Date(row.decided_at) : null,
      additionalAccessConsidered: row.additional_access_considered,
      note: row.note,
      appealPending: row.appeal_pending,
      releasedVariant: row.released_variant,
    });
  }
}

@ObjectType('InsightRequest', {
  implements: NodeInterface,
  description:
    'Insight request (innsynskrav): a request from anyone to see documents of the public journal, as its handlers see it',
})
export class InsightRequestView implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the insight request' })
  id!: string;

  rawId!: string;

  @Field(() => Date, { description: 'When the request was received (mottatt)' })
  receivedAt!: Date;

  @Field(() => DateScalar, { description: 'Due date (svarfrist): 3 working days after receipt' })
  dueDate!: string;

  @Field(() => DateScalar, {
    description:
      'Unanswered after this day the request counts as refused (offl. § 32): 5 working days',
  })
  answerDeadline!: string;

  @Field(() => InsightRequestStatus, { description: 'Where the request stands' })
  status!: InsightRequestStatus;

  @Field(() => String, { nullable: true, description: "The requester's name, if given" })
  requesterName!: string | null;

  @Field({ description: "The requester's email address: where the answer goes" })
  requesterEmail!: string;

  @Field(() => String, { nullable: true, description: "The requester's message" })
  message!: string | null;

  @Field({ description: 'Past the due date and not yet decided' })
  overdue!: boolean;

  @Field({
    description:
      'Not decided within 5 working days: counts as refused and may be appealed (offl. § 32)',
  })
  deemedRefused!: boolean;

  @Field(() => Date, { nullable: true, description: 'When every item last had an outcome' })
  decidedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the requester appealed (klage)' })
  appealedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The requester's reason for the appeal" })
  appealReason!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the request was closed' })
  closedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The text on the right to appeal (offl. § 32), when something is refused',
  })
  appealInformation!: string | null;

  @Field(() => Int, {
    description:
      'Changes with every change of the insight request (innsynskrav); send it back as expectedVersion',
  })
  version!: number;

  static from(row: InsightRequestRow, today: string, appealDays: number): InsightRequestView {
    return Object.assign(new InsightRequestView(), {
      id: toGlobalId('InsightRequest', row.id),
      rawId: row.id,
      receivedAt: new Date(row.received_at),
      dueDate: row.due_date,
      answerDeadline: row.answer_deadline,
      status: row.status,
      requesterName: row.requester_name,
      requesterEmail: row.requester_email,
      message: row.message,
      overdue: row.overdue,
      deemedRefused: row.deemed_refused,
      decidedAt: row.decided_at ? new Date(row.decided_at) : null,
      appealedAt: row.appealed_at ? new Date(row.appealed_at) : null,
      appealReason: row.appeal_reason,
      closedAt: row.closed_at ? new Date(row.closed_at) : null,
      version: row.version,
      appealInformation: appealInformation(
        {
          status: row.status,
          answerDeadline: row.answer_deadline,
          decidedOn: row.decided_on,
          appealedAt: row.appealed_at ? new Date(row.appealed_at) : null,
        },
        row.any_refused,
        today,
        appealDays,
      ),
    });
  }
}

export const InsightRequestConnection = connectionType(
  'InsightRequest',
  InsightRequestView,
  'All matching requests you may see',
);
export type InsightRequestConnection = InstanceType<typeof InsightRequestConnection>;

@ObjectType('InsightRequestReceipt', {
  description: 'Receipt for an insight request (kvittering for innsynskrav)',
})
export class InsightRequestReceipt {
  @Field({
    description:
      'Your reference: keep it. It is the only way to follow the status, download what is released and appeal (insightRequestStatus, appealInsightDecision).',
  })
  reference!: string;

  @Field(() => Date, { description: 'When the request was received (mottatt)' })
  receivedAt!: Date;

  @Field(() => DateScalar, { description: 'Due date (svarfrist): 3 working days after receipt' })
  dueDate!: string;

  @Field({
    description:
      'Short name of the organisation (arkivskaper) the request went to: the one whose public journal has its entries. Name it with the reference (insightRequestStatus, appealInsightDecision).',
  })
  organisation!: string;

  @Field({ description: 'Name of the organisation (arkivskaper) the request went to' })
  organisationName!: string;

  @Field(() => [InsightRequestReceipt], {
    description:
      'Entries of other organisations go to them as requests of their own: their receipts, one each, each with its own reference (empty when every entry is of this one)',
  })
  otherReceipts!: InsightRequestReceipt[];
}

@ObjectType('PublicInsightItemStatus', {
  description: 'One requested document, as the requester sees it',
})
export class PublicInsightItemStatusView {
  @Field({ description: 'Registry id (registreringsID) "2026/123-8"' })
  registryId!: string;

  @Field({ description: 'The title in its public form (offentlig tittel)' })
  title!: string;

  @Field(() => InsightOutcome, {
    nullable: true,
    description: 'Outcome (utfall); null until decided',
  })
  outcome!: InsightOutcome | null;

  @Field(() => String, {
    nullable: true,
    description: 'Legal basis (hjemmel) of the decision; given for PARTIAL and DENIED',
  })
  legalBasis!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Time-limited link (path) to the released file, once released: the public variant for PARTIAL, the document for FULL',
  })
  downloadUrl!: string | null;

  @Field(() => Date, { nullable: true, description: 'When downloadUrl stops working' })
  downloadExpiresAt!: Date | null;

  @Field({ description: 'Appealed and awaiting a new decision' })
  appealPending!: boolean;

  static from(item: PublicItemStatus): PublicInsightItemStatusView {
    return Object.assign(new PublicInsightItemStatusView(), {
      registryId: item.registryId,
      title: item.title,
      outcome: item.outcome,
      legalBasis: item.legalBasis,
      downloadUrl: item.downloadUrl,
      downloadExpiresAt: item.downloadExpiresAt,
      appealPending: item.appealPending,
    });
  }
}

@ObjectType('PublicInsightRequestStatus', {
  description: 'An insight request (innsynskrav) as its requester sees it, by reference',
})
export class PublicInsightRequestStatusView {
  @Field({ description: "The requester's reference, as on the receipt" })
  reference!: string;

  @Field(() => InsightRequestStatus, { description: 'Where the request stands' })
  status!: InsightRequestStatus;

  @Field(() => Date, { description: 'When the request was received (mottatt)' })
  receivedAt!: Date;

  @Field(() => DateScalar, { description: 'Due date (svarfrist)' })
  dueDate!: string;

  @Field({ description: 'Unanswered after 5 working days: counts as refused and may be appealed' })
  deemedRefused!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The right to appeal (offl. § 32), when something is refused',
  })
  appealInformation!: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Appeal deadline (klagefrist): the last day to appeal',
  })
  appealDeadline!: string | null;

  @Field({ description: 'appealInsightDecision would be accepted now' })
  canAppeal!: boolean;

  @Field(() => [PublicInsightItemStatusView], {
    description: 'The requested documents, in the order asked for',
  })
  items!: PublicInsightItemStatusView[];

  static from(s: PublicStatus): PublicInsightRequestStatusView {
    return Object.assign(new PublicInsightRequestStatusView(), {
      reference: s.reference,
      status: s.status,
      receivedAt: s.receivedAt,
      dueDate: s.dueDate,
      deemedRefused: s.deemedRefused,
      appealInformation: s.appealInformation,
      appealDeadline: s.appealDeadline,
      canAppeal: s.canAppeal,
      items: s.items.map(PublicInsightItemStatusView.from),
    });
  }
}

@InputType('InsightDecisionInput', {
  description: 'The decision (avgjørelse) on one requested journal post (journalpost)',
})
export class InsightDecisionInput {
  @Field(() => ID, { description: 'The item, by its journal post (journalpost)' })
  journalPostId!: string;

  @Field(() => InsightOutcome, { description: 'The outcome (utfall)' })
  outcome!: InsightOutcome;

  @Field(() => String, {
    nullable: true,
    description: 'Legal basis (hjemmel); required for PARTIAL and DENIED',
  })
  legalBasis?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Additional access (meroffentlighet, offl. § 11) assessed; required where the basis is discretionary',
  })
  additionalAccessConsidered?: boolean | null;

  @Field(() => String, { nullable: true, description: "The decider's note (merknad)" })
  note?: string | null;
}

@InputType('SubmitInsightRequestInput', {
  description: 'An insight request (innsynskrav): what you ask to see, and who asks',
})
export class SubmitInsightRequestInput {
  @Field(() => [ID], {
    description:
      'Public journal entries (journalposter i offentlig journal) asked for, by PublicJournalEntry.id: 1 to 50; duplicates count once. A JournalPost id is refused (INVALID_ID)',
  })
  entryIds!: string[];

  @Field(() => String, { nullable: true, description: 'At most 200 characters' })
  requesterName?: string | null;

  @Field({ description: 'Where the answer goes; at most 254 characters' })
  requesterEmail!: string;

  @Field(() => String, { nullable: true, description: 'At most 4000 characters' })
  message?: string | null;
}

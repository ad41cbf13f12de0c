import { Field, ID, InputType, Int } from 'type-graphql';
import { InsightDecisionInput } from '../types/insightRequests';

const EXPECTED_VERSION =
  'The version of the insight request (innsynskrav) you loaded; a change by someone else since then is refused';

@InputType('AppealInsightDecisionInput', {
  description: 'An appeal (klage) against the decision on an insight request (innsynskrav)',
})
export class AppealInsightDecisionInput {
  @Field({ description: 'The reference on the receipt (kvittering) of the insight request' })
  reference!: string;

  @Field({ description: 'Why the decision should be reconsidered (begrunnelse for klagen)' })
  reason!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The organisation (arkivskaper) on the receipt, its short name or id; optional where the installation has one or the request names it (X-Organisation)',
  })
  organisation?: string | null;
}

@InputType('StartInsightRequestInput', {
  description: 'The insight request (innsynskrav) to take up',
})
export class StartInsightRequestInput {
  @Field(() => ID, { description: 'The insight request (innsynskrav)' })
  id!: string;

  @Field(() => Int, { nullable: true, description: EXPECTED_VERSION })
  expectedVersion?: number | null;
}

@InputType('DecideInsightRequestInput', {
  description: 'Decisions (avgjørelser) on items of an insight request (innsynskrav)',
})
export class DecideInsightRequestInput {
  @Field(() => ID, { description: 'The insight request (innsynskrav)' })
  id!: string;

  @Field(() => Int, { nullable: true, description: EXPECTED_VERSION })
  expectedVersion?: number | null;

  @Field(() => [InsightDecisionInput], {
    description: 'One decision (avgjørelse) per requested journal post (journalpost) decided now',
  })
  decisions!: InsightDecisionInput[];
}

@InputType('ReassignInsightRequestItemInput', {
  description: 'An item of an insight request (innsynskrav) to hand to another assignee',
})
export class ReassignInsightRequestItemInput {
  @Field(() => ID, { description: 'The insight request (innsynskrav)' })
  id!: string;

  @Field(() => ID, { description: 'The item, by its journal post (journalpost)' })
  journalPostId!: string;

  @Field(() => ID, {
    description: 'The new assignee (saksbehandler), who must read the journal post in full',
  })
  assigneeId!: string;

  @Field(() => Int, { nullable: true, description: EXPECTED_VERSION })
  expectedVersion?: number | null;
}

@InputType('CloseInsightRequestInput', {
  description: 'The decided insight request (innsynskrav) to close',
})
export class CloseInsightRequestInput {
  @Field(() => ID, { description: 'The insight request (innsynskrav)' })
  id!: string;

  @Field(() => Int, { nullable: true, description: EXPECTED_VERSION })
  expectedVersion?: number | null;
}

import { Field, ID, InputType, Int } from 'type-graphql';
import { DisposalDecision, DisposalStatus } from '../../entities/Disposal';
import { DateScalar } from '../scalars';

/** Kassasjon's basis and period, the same on a class and an archive part. */
@InputType()
abstract class DisposalRuleFields {
  @Field(() => String, {
    nullable: true,
    description: 'Legal basis (kassasjonshjemmel); required with DISPOSE',
  })
  authority?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Retention period (bevaringstid) in years after a case is closed; required with DISPOSE',
  })
  retentionYears?: number | null;
}

@InputType('SetClassDisposalRuleInput', {
  description: 'The disposal decision (kassasjonsvedtak) of a class (klasse)',
})
export class SetClassDisposalRuleInput extends DisposalRuleFields {
  @Field(() => ID, { description: 'The class (klasse)' })
  id!: string;

  @Field(() => DisposalDecision, {
    nullable: true,
    description:
      'Disposal decision (kassasjonsvedtak); null clears it, and its cases inherit their archive part’s',
  })
  decision?: DisposalDecision | null;
}

@InputType('SetArchivePartDisposalRuleInput', {
  description: 'The disposal decision (kassasjonsvedtak) of an archive part (arkivdel)',
})
export class SetArchivePartDisposalRuleInput extends DisposalRuleFields {
  @Field(() => ID, { description: 'The archive part (arkivdel)' })
  id!: string;

  @Field(() => DisposalDecision, {
    nullable: true,
    description: 'Disposal decision (kassasjonsvedtak); null clears it',
  })
  decision?: DisposalDecision | null;
}

@InputType('DisposalListFilter', {
  description: 'Which cases of the disposal list (kassasjonsliste)',
})
export class DisposalListFilter {
  @Field(() => ID, { nullable: true, description: 'Only cases of this archive part (arkivdel)' })
  archivePartId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only cases with this primary class (klasse)' })
  classId?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Cases whose disposal date (kassasjonsdato) comes by this day; default today',
  })
  dueBy?: string | null;
}

@InputType('DisposalFilter', { description: 'Which disposals (kassasjoner)' })
export class DisposalFilter {
  @Field(() => [DisposalStatus], { nullable: true, description: 'Only these statuses' })
  status?: DisposalStatus[] | null;
}

@InputType('DisposalDocumentInput', {
  description:
    'A single document to dispose of, with the remark (merknad) on its case or post that records the check it served',
})
export class DisposalDocumentInput {
  @Field(() => ID, { description: 'The document description (dokumentbeskrivelse)' })
  id!: string;

  @Field(() => ID, {
    description: 'A remark (merknad) registered on the case or journal post of the document',
  })
  remarkId!: string;
}

@InputType('ProposeDisposalInput', {
  description: 'A disposal (kassasjon) to propose: cases due for disposal and/or single documents',
})
export class ProposeDisposalInput {
  @Field({ description: 'The basis the destruction rests on (kassasjonshjemmel)' })
  basis!: string;

  @Field(() => [ID], {
    defaultValue: [],
    description: 'Cases due for disposal (on the disposal list): all their documents go',
  })
  caseIds!: string[];

  @Field(() => [DisposalDocumentInput], {
    defaultValue: [],
    description: 'Single documents (e.g. a police certificate, politiattest)',
  })
  documents!: DisposalDocumentInput[];
}

@InputType('ConfirmDisposalInput', {
  description:
    'A proposed disposal to confirm and carry out: by an archivist other than its proposer',
})
export class ConfirmDisposalInput {
  @Field(() => ID, { description: 'The disposal (kassasjon)' })
  id!: string;

  @Field(() => Int, { nullable: true, description: 'The version you loaded' })
  expectedVersion?: number | null;
}

@InputType('CancelDisposalInput', { description: 'A proposed disposal to cancel' })
export class CancelDisposalInput {
  @Field(() => ID, { description: 'The disposal (kassasjon)' })
  id!: string;

  @Field(() => Int, { nullable: true, description: 'The version you loaded' })
  expectedVersion?: number | null;
}

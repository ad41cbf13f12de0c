import { Field, ID, InputType } from 'type-graphql';
import { CaseTargetInput } from './targets';

/** The inputs of the case life cycle's mutations (CaseMutationResolver), one per mutation. */

@InputType('ApproveCaseInput', {
  description: "The archive's check of a reserved case (godkjenne sak)",
})
export class ApproveCaseInput extends CaseTargetInput {}

@InputType('CloseCaseInput', { description: 'The closing of a case (avslutte sak)' })
export class CloseCaseInput extends CaseTargetInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Closing remark (avslutningsmerknad): why the case is closed; stored as a CLOSING remark (merknad) of the case, seen only by those who read the case in full',
  })
  remark?: string | null;
}

@InputType('ReopenCaseInput', { description: 'The reopening of a closed case (gjenåpne sak)' })
export class ReopenCaseInput extends CaseTargetInput {
  @Field({ description: 'Reason (begrunnelse): why the case is reopened; kept in the audit trail' })
  reason!: string;
}

@InputType('CancelCaseInput', { description: 'The cancelling of a case (sak utgår)' })
export class CancelCaseInput extends CaseTargetInput {
  @Field({
    description: 'Reason (begrunnelse): why the case is cancelled; kept in the audit trail',
  })
  reason!: string;
}

@InputType('AssignCaseResponsibleInput', {
  description: 'A new case responsible (tildele saksansvarlig, omfordeling)',
})
export class AssignCaseResponsibleInput extends CaseTargetInput {
  @Field(() => ID, { description: 'The new case responsible (saksansvarlig)' })
  userId!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'A new responsible unit (ansvarlig enhet), e.g. when a pupil changes school: the case and its journal posts of the old unit move there, and the new case responsible must belong to it. Omitted: the unit stays',
  })
  responsibleUnitId?: string | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      'Carry the open journal posts along (fordeling): posts not written off, cancelled or archived whose case handler (saksbehandler) was the previous case responsible, or nobody, get the new one; each is audited and the new case responsible is told by mail',
  })
  carryOpenPosts!: boolean;
}

@InputType('AddInternalContactInput', {
  description: 'A user added as internal contact of a case (legge til intern kontakt)',
})
export class AddInternalContactInput extends CaseTargetInput {
  @Field(() => ID, { description: 'The user who becomes internal contact (intern kontakt)' })
  userId!: string;
}

@InputType('RemoveInternalContactInput', {
  description: 'An internal contact removed from a case (fjerne intern kontakt)',
})
export class RemoveInternalContactInput extends CaseTargetInput {
  @Field(() => ID, { description: 'The internal contact (intern kontakt) to remove' })
  userId!: string;
}

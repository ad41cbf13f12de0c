import { Field, ID, InputType } from 'type-graphql';
import { RemarkType } from '../../entities/Remark';
import { CaseTargetInput, JournalPostTargetInput } from './targets';

/** The inputs of remarks (merknader) and moves, one per mutation. */

@InputType('AddCaseRemarkInput', { description: 'A remark (merknad) added to a case' })
export class AddCaseRemarkInput extends CaseTargetInput {
  @Field(() => RemarkType, {
    description: 'Remark type (merknadstype); CLOSING is given by closeCase',
  })
  type!: RemarkType;

  @Field({ description: 'Remark text (merknadstekst), at most 4000 characters' })
  text!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'For a CORRECTION: the remark of this case it corrects',
  })
  correctsId?: string | null;
}

@InputType('AddJournalPostRemarkInput', {
  description: 'A remark (merknad) added to a journal post',
})
export class AddJournalPostRemarkInput extends JournalPostTargetInput {
  @Field(() => RemarkType, {
    description: 'Remark type (merknadstype); CLOSING is for cases only',
  })
  type!: RemarkType;

  @Field({ description: 'Remark text (merknadstekst), at most 4000 characters' })
  text!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'For a CORRECTION: the remark of this journal post it corrects',
  })
  correctsId?: string | null;
}

@InputType('MoveJournalPostInput', {
  description: 'A journal post moved to another case (flytte journalpost)',
})
export class MoveJournalPostInput extends JournalPostTargetInput {
  @Field(() => ID, {
    description:
      'The case (sak) the journal post moves to; it must be open and read by you in full',
  })
  caseId!: string;
}

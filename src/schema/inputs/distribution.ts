import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '../scalars';
import { JournalPostTargetInput } from './targets';

@InputType('DistributeJournalPostInput', {
  description:
    'The distribution of an incoming journal post (fordeling): its case handler and due date',
})
export class DistributeJournalPostInput extends JournalPostTargetInput {
  @Field(() => ID, {
    description:
      "The case handler (saksbehandler): an active case handler or leader of the post's units, or an archivist, who reads the post in full",
  })
  responsibleId!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'Due date (forfallsdato), today or later. When omitted: two working days for urgent mail, else three weeks (21 days) from today; a post handed on to another handler keeps its due date',
  })
  dueDate?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Urgent mail (brev som haster): a due date two working days ahead when none is given',
  })
  urgent?: boolean | null;
}

import { Field, ID, InputType, Int } from 'type-graphql';
import { DEFAULT_BACKLOG_AGE_DAYS, MAX_BACKLOG_AGE_DAYS } from '../../domain/followUp';
import { DateRange } from './paging';

@InputType('BacklogFilter', {
  description: 'What the backlog (restanseliste) holds; every field narrows it',
})
export class BacklogFilter {
  @Field(() => Int, {
    nullable: true,
    description:
      `Age (alder): only posts registered at least this many days before today; default ` +
      `${DEFAULT_BACKLOG_AGE_DAYS} (the last three weeks are left out), 0 = all, at most ` +
      `${MAX_BACKLOG_AGE_DAYS}`,
  })
  olderThanDays?: number | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Case handler (saksbehandler): matches only posts where you may see who the handler is',
  })
  responsibleId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Responsible unit (ansvarlig enhet)' })
  unitId?: string | null;
}

@InputType('DueListFilter', {
  description: 'What the due list (forfallsliste) holds; every field narrows it',
})
export class DueListFilter {
  @Field(() => DateRange, {
    nullable: true,
    description:
      'Due date (forfallsdato) range, both days included; without it, the posts past their due date (before today)',
  })
  dueDate?: DateRange | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Include posts already written off (avskrevet); default false',
  })
  includeWrittenOff?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Responsible unit (ansvarlig enhet)' })
  unitId?: string | null;
}

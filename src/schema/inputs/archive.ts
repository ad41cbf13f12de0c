import { Field, ID, InputType } from 'type-graphql';
import { ArchivePartStatus } from '../../entities/enums';
import { DateScalar } from '../scalars';

@InputType('ArchivePartFilter', { description: 'Which archive parts (arkivdeler)' })
export class ArchivePartFilter {
  @Field(() => ID, { nullable: true, description: 'Only the parts of this archive (arkiv)' })
  archiveId?: string | null;

  @Field(() => [ArchivePartStatus], {
    nullable: true,
    description: 'Only parts with one of these statuses (arkivdelstatus)',
  })
  status?: ArchivePartStatus[] | null;
}

@InputType('CreateArchivePartInput', {
  description: 'A new active archive part (arkivdel), when no part is active',
})
export class CreateArchivePartInput {
  @Field({ description: 'Title (tittel) of the archive part' })
  title!: string;

  @Field(() => DateScalar, { description: 'First day of its period (arkivperiodeStartDato)' })
  periodStart!: string;
}

@InputType('StartNewPeriodInput', {
  description:
    'A new period (periodisering): the active archive part (arkivdel) ends, a new one becomes active',
})
export class StartNewPeriodInput {
  @Field(() => ID, { description: 'The active archive part (arkivdel) whose period ends' })
  id!: string;

  @Field({ description: 'Title (tittel) of the new archive part' })
  title!: string;

  @Field(() => DateScalar, {
    description:
      'First day of the new period (arkivperiodeStartDato); the old one ends the day before',
  })
  periodStart!: string;

  @Field(() => ArchivePartStatus, {
    description:
      'What the old part becomes: OVERLAP (overlappingsperiode; its open cases keep working there) or CLOSED_PERIOD (avsluttet periode; its open cases move to the new part)',
  })
  endAs!: ArchivePartStatus;
}

@InputType('CloseArchivePartInput', {
  description: 'The archive part (arkivdel) to close (avslutte)',
})
export class CloseArchivePartInput {
  @Field(() => ID, { description: 'The ended archive part (arkivdel) with no open case left' })
  id!: string;
}

import { Field, InputType } from 'type-graphql';
import { JournalPostTargetInput } from './targets';

/** The inputs of the archive's publication controls (publiseringskontroll), one per mutation. */

@InputType('PublishNowInput', {
  description:
    'A journal post published in the public journal before its delay has passed (publiser nå)',
})
export class PublishNowInput extends JournalPostTargetInput {}

@InputType('HoldFromPublicJournalInput', {
  description:
    'A journal post held back from the public journal (holde tilbake fra offentlig journal)',
})
export class HoldFromPublicJournalInput extends JournalPostTargetInput {
  @Field({ description: 'Reason (begrunnelse) for holding the post back; required' })
  reason!: string;
}

@InputType('ResetPublicationInput', {
  description: 'A journal post returned to the ordinary publication rules (ordinær publisering)',
})
export class ResetPublicationInput extends JournalPostTargetInput {}

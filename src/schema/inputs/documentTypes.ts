import { Field, ID, InputType } from 'type-graphql';
import { DateScalar } from '../scalars';

@InputType('CreateDocumentTypeInput', { description: 'A new document type (dokumenttype)' })
export class CreateDocumentTypeInput {
  @Field({ description: 'Name (navn), unique in the organisation' })
  name!: string;

  @Field({
    description:
      'Requires approval (krever godkjenning) by a leader before a journal post of the type is dispatched',
  })
  requiresApproval!: boolean;

  @Field(() => String, { nullable: true, description: 'What the type is for (beskrivelse)' })
  description?: string | null;
}

@InputType('UpdateDocumentTypeInput', {
  description: 'Changes to a document type (dokumenttype); only the given fields change',
})
export class UpdateDocumentTypeInput {
  @Field(() => ID, { description: 'The document type (dokumenttype)' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'New name (navn)' })
  name?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Requires approval (krever godkjenning); applies to every later dispatch of posts of the type',
  })
  requiresApproval?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'New description (beskrivelse); an empty text clears it',
  })
  description?: string | null;
}

@InputType('EndDocumentTypeInput', { description: 'The document type (dokumenttype) to end' })
export class EndDocumentTypeInput {
  @Field(() => ID, { description: 'The document type (dokumenttype)' })
  id!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day of use (gyldig til); default today',
  })
  validTo?: string | null;
}

@InputType('DocumentTypeFilter', { description: 'Which document types (dokumenttyper)' })
export class DocumentTypeFilter {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Include document types past their last day of use (validTo); default false',
  })
  includeEnded?: boolean | null;
}

import { Field, ID, InputType, Int } from 'type-graphql';
import { DocumentStatus } from '../../entities/DocumentDescription';

@InputType('AddDocumentAttachmentInput', {
  description: 'A new attachment (vedlegg) of a journal post, numbered after the last document',
})
export class AddDocumentAttachmentInput {
  @Field(() => ID, { description: 'The journal post (journalpost) the attachment belongs to' })
  journalPostId!: string;

  @Field({ description: 'Title (tittel) of the attachment' })
  title!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "Its own screening (tilgangskode), on top of the post's: its title's public form is `*****` and only those who read it in full get its files",
  })
  screeningCodeId?: string | null;
}

@InputType('UpdateDocumentDescriptionInput', {
  description:
    'Changes to a document description (dokumentbeskrivelse); fields left out stay as they are',
})
export class UpdateDocumentDescriptionInput {
  @Field(() => ID, { description: 'The document description' })
  id!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The version you loaded (optimistic concurrency)',
  })
  expectedVersion?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'New title (tittel); allowed also when finalised',
  })
  title?: string | null;

  @Field(() => DocumentStatus, {
    nullable: true,
    description: 'New status (dokumentstatus): only forwards, to FINALISED',
  })
  status?: DocumentStatus | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "Its own screening code (tilgangskode): set or replaced, never lifted on its own (it only adds to the post's)",
  })
  screeningCodeId?: string | null;
}

@InputType('RemoveDocumentAttachmentInput', {
  description: 'An attachment (vedlegg) under editing to remove, with its files',
})
export class RemoveDocumentAttachmentInput {
  @Field(() => ID, { description: 'The attachment’s document description' })
  id!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The version you loaded (optimistic concurrency)',
  })
  expectedVersion?: number | null;
}

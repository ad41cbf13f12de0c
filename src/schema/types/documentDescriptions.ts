import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DocumentRole, DocumentStatus } from '../../entities/DocumentDescription';
import { type DescriptionRow } from '../../queries/documents';
import { toGlobalId } from '../globalId';
import { NodeInterface } from '../node';
import { Visibility } from './records';

registerEnumType(DocumentRole, {
  name: 'DocumentRole',
  description:
    'How a document belongs to its journal post (tilknyttetRegistreringSom): main document or attachment',
  valuesConfig: {
    MAIN: { description: 'H: main document (hoveddokument), always document number 1' },
    ATTACHMENT: { description: 'V: attachment (vedlegg)' },
  },
});

registerEnumType(DocumentStatus, {
  name: 'DocumentStatus',
  description: 'Document status (dokumentstatus)',
  valuesConfig: {
    UNDER_EDITING: { description: 'B: under editing (dokumentet er under redigering)' },
    FINALISED: {
      description:
        'F: finalised (dokumentet er ferdigstilt); never set back, its files are replaced only by correction',
    },
  },
});

/** The path of a file of a description: GET or PUT /documents/descriptions/{id}/{variant}. */
export const descriptionDocumentPath = (descriptionId: string, variant: string): string =>
  `/documents/descriptions/${toGlobalId('DocumentDescription', descriptionId)}/${variant}`;

@ObjectType('DocumentDescription', {
  implements: NodeInterface,
  description:
    "Document description (dokumentbeskrivelse): the post's main document or one attachment, with its files. Its own screening only adds to the post's: where you do not read it in full you get its public form (title `*****` while screened, no screened files).",
})
export class DocumentDescriptionView implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the document description' })
  id!: string;

  rawId!: string;
  journalPostRawId!: string;
  createdByRawId!: string | null;
  screeningCodeRawId!: string | null;

  @Field(() => Int, {
    description: 'Document number (dokumentnummer) within the post: 1 is the main document',
  })
  documentNumber!: number;

  @Field(() => DocumentRole, {
    description: 'Main document or attachment (tilknyttetRegistreringSom)',
  })
  role!: DocumentRole;

  @Field({
    description:
      'Title (tittel); its public form (`*****`) while the document or the post title is screened and you do not read it in full',
  })
  title!: string;

  @Field(() => DocumentStatus, { description: 'Document status (dokumentstatus)' })
  status!: DocumentStatus;

  @Field({
    description:
      "The document has its own screening (skjerming) on top of the post's; its code only where you read it in full",
  })
  screened!: boolean;

  @Field(() => Visibility, { description: 'How much of the document you see' })
  visibility!: Visibility;

  @Field(() => Date, { description: 'Created (opprettetDato)' })
  createdAt!: Date;

  @Field(() => Int, { description: 'Version, for expectedVersion (optimistic concurrency)' })
  version!: number;

  static from(row: DescriptionRow): DocumentDescriptionView {
    return Object.assign(new DocumentDescriptionView(), {
      id: toGlobalId('DocumentDescription', row.id),
      rawId: row.id,
      journalPostRawId: row.journal_post_id,
      createdByRawId: row.created_by_id,
      screeningCodeRawId: row.screening_code_id,
      documentNumber: Number(row.document_number),
      role: row.role,
      title: row.title,
      status: row.status,
      screened: row.screened,
      visibility: row.is_full ? Visibility.FULL : Visibility.REDACTED,
      createdAt: new Date(row.created_at),
      version: Number(row.version),
    });
  }
}

@ObjectType('DocumentDescriptionViewerCan', {
  description:
    'What you may do with this document description now; each flag is the check its mutation makes',
})
export class DocumentDescriptionViewerCan {
  @Field({
    description:
      'Change its title, status or screening (updateDocumentDescription); you read the post and the document in full',
  })
  update!: boolean;

  @Field({
    description:
      'Remove it (removeDocumentAttachment): an attachment under editing of a post that is still open',
  })
  remove!: boolean;
}

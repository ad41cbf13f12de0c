import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DocumentVariant } from '../../entities/Document';
import { type DocumentRow } from '../../queries/documents';
import { toGlobalId } from '../globalId';
import { descriptionDocumentPath } from './documentDescriptions';

registerEnumType(DocumentVariant, {
  name: 'DocumentVariant',
  description: 'Variant format (variantformat): which form of the document a file is',
  valuesConfig: {
    PRODUCTION: { description: 'Production format (produksjonsformat): as written or received' },
    ARCHIVE: {
      description: 'Archival format (arkivformat): the long-term archival form (e.g. PDF/A)',
    },
    PUBLIC: {
      description: 'Public variant (offentlig variant): the redacted copy the public may see',
    },
  },
});

/** The path of a file of a post's main document (with the bearer token): /documents/{post id}/{variant}. */
export const documentPath = (journalPostId: string, variant: DocumentVariant): string =>
  `/documents/${toGlobalId('JournalPost', journalPostId)}/${variant}`;

@ObjectType('Document', {
  description:
    'Document object (dokumentobjekt): the current file of one variant of a document description (dokumentbeskrivelse). Listed only where you may fetch it.',
})
export class DocumentView {
  rawId!: string;
  journalPostRawId!: string;
  descriptionRawId!: string;
  uploadedByRawId!: string | null;

  @Field(() => DocumentVariant, {
    description: 'Which form of the document this is (variantformat)',
  })
  variant!: DocumentVariant;

  @Field(() => Int, {
    description: 'Version number (versjonsnummer): 1, and +1 with each replacement',
  })
  version!: number;

  @Field({ description: 'File name (filnavn)' })
  fileName!: string;

  @Field({ description: 'Media type, e.g. application/pdf' })
  mediaType!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'File format (format), e.g. PDF/A-2b: the PDF/A level the file declares, identified from the file, not validated. ARCHIVE files must declare one (those uploaded before this rule may be null); null for a file that declares none.',
  })
  format!: string | null;

  @Field(() => Int, { description: 'Size in bytes' })
  size!: number;

  @Field({ description: 'SHA-256 of the content, hex (also the ETag of the download)' })
  sha256!: string;

  @Field(() => Date, { description: 'When this version was uploaded' })
  uploadedAt!: Date;

  @Field({
    description:
      'Path of the download (send your bearer token): GET /documents/{post id}/{variant} for the main document, GET /documents/descriptions/{document description id}/{variant} for an attachment',
  })
  downloadUrl!: string;

  static from(row: DocumentRow): DocumentView {
    return Object.assign(new DocumentView(), {
      rawId: row.id,
      journalPostRawId: row.journal_post_id,
      descriptionRawId: row.document_description_id,
      uploadedByRawId: row.uploaded_by_id,
      variant: row.variant,
      version: row.version,
      fileName: row.file_name,
      mediaType: row.media_type,
      format: row.format,
      size: Number(row.size),
      sha256: row.sha256,
      uploadedAt: new Date(row.uploaded_at),
      downloadUrl:
        Number(row.document_number) === 1
          ? documentPath(row.journal_post_id, row.variant)
          : descriptionDocumentPath(row.document_description_id, row.variant),
    });
  }
}

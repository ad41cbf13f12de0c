import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { listDocumentTypes } from '../queries/administration';
import {
  CreateDocumentTypeInput,
  DocumentTypeFilter,
  EndDocumentTypeInput,
  UpdateDocumentTypeInput,
} from '../schema/inputs/documentTypes';
import { PageArgs } from '../schema/inputs/paging';
import { DocumentTypeConnection, DocumentTypeType } from '../schema/types/documentTypes';
import { JournalPostView } from '../schema/types/records';
import * as documentTypes from '../services/documentTypes';
import { argId } from './args';
import { type Context } from './context';

/** Document types (dokumenttyper): the list, the administrators' changes. */
@Resolver(() => DocumentTypeType)
export class DocumentTypeResolver {
  @Query(() => DocumentTypeConnection, {
    description:
      'Document types (dokumenttyper) of the organisation, by name in Norwegian order; every internal user reads them',
  })
  async documentTypes(
    @Ctx() { em, ability, today }: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => DocumentTypeFilter, {
      nullable: true,
      description: 'Which document types (dokumenttyper)',
    })
    filter?: DocumentTypeFilter | null,
  ): Promise<DocumentTypeConnection> {
    const list = await listDocumentTypes(em, ability, today, {
      filter: { includeEnded: filter?.includeEnded },
      page,
    });
    return DocumentTypeConnection.from(list, (row) =>
      DocumentTypeType.from({
        id: row.id,
        name: row.name,
        description: row.description,
        requiresApproval: row.requires_approval,
        validFrom: row.valid_from,
        validTo: row.valid_to,
      }),
    );
  }

  @Mutation(() => DocumentTypeType, {
    description: 'Create a document type (dokumenttype); administrators (ADMIN) only',
  })
  async createDocumentType(
    @Arg('input', () => CreateDocumentTypeInput, {
      description: 'The new document type (dokumenttype)',
    })
    input: CreateDocumentTypeInput,
    @Ctx() ctx: Context,
  ): Promise<DocumentTypeType> {
    return DocumentTypeType.from(
      await documentTypes.createDocumentType(ctx, {
        name: input.name,
        requiresApproval: input.requiresApproval,
        description: input.description ?? null,
      }),
    );
  }

  @Mutation(() => DocumentTypeType, {
    description:
      'Change a document type (dokumenttype); administrators (ADMIN) only. A change of requiresApproval applies to every later dispatch',
  })
  async updateDocumentType(
    @Arg('input', () => UpdateDocumentTypeInput, {
      description: 'The document type (dokumenttype) and its changes',
    })
    input: UpdateDocumentTypeInput,
    @Ctx() ctx: Context,
  ): Promise<DocumentTypeType> {
    return DocumentTypeType.from(
      await documentTypes.updateDocumentType(ctx, {
        id: argId('DocumentType', 'id', input.id)!,
        name: input.name,
        requiresApproval: input.requiresApproval,
        description: input.description,
      }),
    );
  }

  @Mutation(() => DocumentTypeType, {
    description:
      'End a document type (dokumenttype); administrators (ADMIN) only: not given to journal posts after validTo; never deleted, posts keep it',
  })
  async endDocumentType(
    @Arg('input', () => EndDocumentTypeInput, {
      description: 'The document type (dokumenttype) to end, and its last day',
    })
    input: EndDocumentTypeInput,
    @Ctx() ctx: Context,
  ): Promise<DocumentTypeType> {
    return DocumentTypeType.from(
      await documentTypes.endDocumentType(ctx, {
        id: argId('DocumentType', 'id', input.id)!,
        validTo: input.validTo ?? null,
      }),
    );
  }
}

@Resolver(() => JournalPostView)
export class JournalPostDocumentTypeResolver {
  @FieldResolver(() => DocumentTypeType, {
    nullable: true,
    description:
      'Document type (dokumenttype); null when none is chosen. Whether it requires approval before dispatch is on the type',
  })
  documentType(
    @Root() post: JournalPostView,
    @Ctx() { loaders }: Context,
  ): Promise<DocumentTypeType | null> | null {
    return post.documentTypeRawId ? loaders.documentType.load(post.documentTypeRawId) : null;
  }
}

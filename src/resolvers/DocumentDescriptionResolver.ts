import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { mayRemove } from '../domain/documents/descriptions';
import { DocumentRole, DocumentStatus } from '../entities';
import { refuseDescriptionWrite } from '../policies/documents';
import { asSubject } from '../policies/subjects';
import {
  AddDocumentAttachmentInput,
  RemoveDocumentAttachmentInput,
  UpdateDocumentDescriptionInput,
} from '../schema/inputs/documentDescriptions';
import { UserType } from '../schema/types/admin';
import {
  DocumentDescriptionView,
  DocumentDescriptionViewerCan,
} from '../schema/types/documentDescriptions';
import { DocumentView } from '../schema/types/documents';
import { JournalPostView } from '../schema/types/records';
import * as descriptions from '../services/documentDescriptions';
import { argId, argIds } from './args';
import { type Context } from './context';

/** A change's result, read back as the viewer sees it now. */
async function readBack(ctx: Context, id: string): Promise<DocumentDescriptionView> {
  return (await ctx.loaders.documentDescription.load(id))!;
}

@Resolver(() => JournalPostView)
export class JournalPostDescriptionsResolver {
  @FieldResolver(() => [DocumentDescriptionView], {
    description:
      'Document descriptions (dokumentbeskrivelser): the main document (number 1) and its attachments, by document number; public forms where you do not read them in full',
  })
  documentDescriptions(
    @Root() p: JournalPostView,
    @Ctx() { loaders }: Context,
  ): Promise<DocumentDescriptionView[]> {
    return loaders.descriptionsOfPost.load(p.rawId);
  }
}

@Resolver(() => DocumentDescriptionView)
export class DocumentDescriptionResolver {
  @FieldResolver(() => [DocumentView], {
    description:
      'Document objects (dokumentobjekter): the current file of each variant you may fetch (a screened document you do not read in full: none)',
  })
  documents(
    @Root() d: DocumentDescriptionView,
    @Ctx() { loaders }: Context,
  ): Promise<DocumentView[]> {
    return loaders.documentsOfDescription.load(d.rawId);
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Created by (opprettetAv); null unless you read it in full',
  })
  createdBy(
    @Root() d: DocumentDescriptionView,
    @Ctx() { loaders }: Context,
  ): Promise<UserType | null> | null {
    return d.createdByRawId ? loaders.user.load(d.createdByRawId) : null;
  }

  @FieldResolver(() => JournalPostView, {
    nullable: true,
    description: 'The journal post (journalpost) it belongs to',
  })
  journalPost(
    @Root() d: DocumentDescriptionView,
    @Ctx() { loaders }: Context,
  ): Promise<JournalPostView | null> {
    return loaders.journalPost.load(d.journalPostRawId);
  }

  @FieldResolver(() => DocumentDescriptionViewerCan, {
    description: 'What you may do with the document description now',
  })
  async viewerCan(
    @Root() d: DocumentDescriptionView,
    @Ctx() { ability, loaders }: Context,
  ): Promise<DocumentDescriptionViewerCan> {
    const post = await loaders.journalPostFacts.load(d.journalPostRawId);
    const subject = post
      ? asSubject('DocumentDescription', { ...post, descriptionScreened: d.screened })
      : undefined;
    const allowed = !!post && refuseDescriptionWrite(ability, post, subject) === null;
    const open = !!post && post.status !== 'CANCELLED';
    return Object.assign(new DocumentDescriptionViewerCan(), {
      update: allowed && open,
      remove:
        allowed &&
        mayRemove(
          { type: post!.type, status: post!.status },
          { role: d.role as DocumentRole, status: d.status as DocumentStatus },
        ),
    });
  }

  @Mutation(() => DocumentDescriptionView, {
    description:
      "Add an attachment (vedlegg) to a journal post while its content is open; the post's responsible or creator, leaders of the case's unit, archivists (reading the post in full). Upload its files with PUT /documents/descriptions/{id}/{variant}.",
  })
  async addDocumentAttachment(
    @Arg('input', () => AddDocumentAttachmentInput, { description: 'The new attachment' })
    input: AddDocumentAttachmentInput,
    @Ctx() ctx: Context,
  ): Promise<DocumentDescriptionView> {
    const ids = argIds({
      journalPostId: ['JournalPost', input.journalPostId],
      screeningCodeId: ['ScreeningCode', input.screeningCodeId],
    });
    const made = await descriptions.addAttachment(ctx, {
      postId: ids.journalPostId!,
      title: input.title,
      screeningCodeId: ids.screeningCodeId,
    });
    return readBack(ctx, made.id);
  }

  @Mutation(() => DocumentDescriptionView, {
    description:
      'Change the title, status (only to FINALISED) or own screening (only set or replaced) of a document description; the same people, reading the post and the document in full',
  })
  async updateDocumentDescription(
    @Arg('input', () => UpdateDocumentDescriptionInput, { description: 'The changes' })
    input: UpdateDocumentDescriptionInput,
    @Ctx() ctx: Context,
  ): Promise<DocumentDescriptionView> {
    const id = argId('DocumentDescription', 'id', input.id)!;
    const screeningCodeId =
      input.screeningCodeId === undefined
        ? undefined
        : argId('ScreeningCode', 'screeningCodeId', input.screeningCodeId);
    await descriptions.changeDescription(ctx, {
      id,
      expectedVersion: input.expectedVersion ?? null,
      title: input.title,
      status: input.status,
      screeningCodeId,
    });
    return readBack(ctx, id);
  }

  @Mutation(() => JournalPostView, {
    description:
      'Remove an attachment (vedlegg) under editing, with its files, while the post is open; returns the post',
  })
  async removeDocumentAttachment(
    @Arg('input', () => RemoveDocumentAttachmentInput, { description: 'The attachment' })
    input: RemoveDocumentAttachmentInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const postId = await descriptions.removeAttachment(ctx, {
      id: argId('DocumentDescription', 'id', input.id)!,
      expectedVersion: input.expectedVersion ?? null,
    });
    return (await ctx.loaders.journalPost.load(postId))!;
  }
}

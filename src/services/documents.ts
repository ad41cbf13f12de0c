import { type EntityManager } from '@mikro-orm/postgresql';
import { storeDocument, type UploadResult } from '../domain/documents';
import { type DocumentVariant } from '../entities/Document';
import { type DocumentWriteAction, refuseDocumentWrite } from '../policies/documents';
import { documentFacts, postOfDescription } from '../queries/facts';
import { type ServiceContext } from './context';
import { actorOf, enforce, inTransaction } from './funnel';

/**
 * Files of journal posts (policies/documents.ts says who, domain/documents when): an upload, or an
 * archivist's correction of a locked post's file, needs the actor to read the post FULL.
 */
export interface Upload {
  /** null: not the id of a journal post (NOT_FOUND, as an unknown one), or given by the description */
  postId: string | null;
  /** The document description (dokumentbeskrivelse); null: the post's main document */
  descriptionId: string | null;
  variant: DocumentVariant;
  mediaType: string;
  /** Made safe by the adapter (domain/documents/files.ts); null: made from the registry id */
  fileName: string | null;
  /** An archivist's correction of a locked post's file, with its reason */
  correctionReason: string | null;
  /** The file's bytes, read only once the upload is allowed */
  content: () => Promise<Buffer>;
}

async function authorizeDocumentWrite(
  ctx: ServiceContext,
  em: EntityManager,
  action: DocumentWriteAction,
  upload: Upload,
): Promise<void> {
  const facts = upload.postId
    ? await documentFacts(em, upload.postId, upload.variant, upload.descriptionId)
    : null;
  enforce(
    refuseDocumentWrite(ctx.ability, action, facts?.post, facts?.document, facts?.description),
  );
}

/**
 * Stores the file of one variant of a post. Refused before the body is read, so a refusal says
 * nothing of the file stored (not whether the same bytes are there, not its name), and checked
 * again on the transaction, as the post may have changed while the body arrived.
 */
export async function uploadDocument(ctx: ServiceContext, request: Upload): Promise<UploadResult> {
  const actor = actorOf(ctx);
  const upload =
    request.descriptionId && !request.postId
      ? { ...request, postId: await postOfDescription(ctx.em, request.descriptionId) }
      : request;
  const action = upload.correctionReason === null ? 'upload' : 'correct';
  await authorizeDocumentWrite(ctx, ctx.em, action, upload);
  const content = await upload.content();
  return inTransaction(ctx, async (em) => {
    await authorizeDocumentWrite(ctx, em, action, upload);
    return storeDocument(em, actor, {
      postId: upload.postId!,
      descriptionId: upload.descriptionId,
      variant: upload.variant,
      mediaType: upload.mediaType,
      fileName: upload.fileName,
      content,
      correctionReason: upload.correctionReason,
    });
  });
}

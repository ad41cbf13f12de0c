import { type EntityManager } from '@mikro-orm/postgresql';
import * as descriptions from '../domain/documents/descriptions';
import { DocumentVariant, type DocumentDescription } from '../entities';
import { refuseDescriptionWrite } from '../policies/documents';
import { asSubject } from '../policies/subjects';
import { documentFacts, postOfDescription } from '../queries/facts';
import { type ServiceContext } from './context';
import { actorOf, enforce, inTransaction } from './funnel';

/**
 * Document descriptions (dokumentbeskrivelse): policies/documents.ts says who,
 * domain/documents/descriptions.ts when. The writer reads the post and the description in full;
 * each change is authorized on its transaction and made with its audit event.
 */

/** The policy fields of the description `id` (null: the post's main document) of a post. */
async function authorize(
  ctx: ServiceContext,
  em: EntityManager,
  postId: string | null,
  id: string | null,
  screenedNew = false,
): Promise<string> {
  const facts = postId ? await documentFacts(em, postId, DocumentVariant.PRODUCTION, id) : null;
  const description =
    facts && id === null
      ? asSubject('DocumentDescription', {
          ...facts.description,
          descriptionScreened: screenedNew,
        })
      : facts?.description;
  enforce(refuseDescriptionWrite(ctx.ability, facts?.post, description));
  return postId!;
}

export function addAttachment(
  ctx: ServiceContext,
  input: descriptions.NewAttachment,
): Promise<DocumentDescription> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    await authorize(ctx, em, input.postId, null, input.screeningCodeId !== null);
    return descriptions.addAttachment(em, actor, input);
  });
}

export function changeDescription(
  ctx: ServiceContext,
  input: descriptions.DescriptionChange,
): Promise<DocumentDescription> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    await authorize(ctx, em, await postOfDescription(em, input.id), input.id);
    return descriptions.changeDescription(em, actor, input);
  });
}

/** Removes an unfinished attachment; answers the post it belonged to. */
export function removeAttachment(
  ctx: ServiceContext,
  input: { id: string; expectedVersion: number | null },
): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const postId = await authorize(ctx, em, await postOfDescription(em, input.id), input.id);
    await descriptions.removeAttachment(em, actor, input);
    return postId;
  });
}

/** The post's main document (hoveddokument) before its first file, by the rule of attachments. */
export function addMainDocument(
  ctx: ServiceContext,
  input: descriptions.NewMainDocument,
): Promise<DocumentDescription> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    await authorize(ctx, em, input.postId, null);
    return descriptions.addMainDocument(em, actor, input);
  });
}

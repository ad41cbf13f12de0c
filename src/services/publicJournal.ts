import { PublicationOverride } from '../entities';
import { overridePublication } from '../domain/publication';
import { type ServiceContext } from './context';
import { actorOf, authorizeWrite, inTransaction } from './funnel';

/**
 * The archive's publication controls (policies/journalPosts.ts: `managePublicJournal`, archivists
 * who read the post in full).
 */
async function setPublication(
  ctx: ServiceContext,
  postId: string,
  override: PublicationOverride | null,
  reason: string | null,
): Promise<void> {
  const actor = actorOf(ctx);
  await inTransaction(ctx, async (em) => {
    await authorizeWrite(ctx, em, 'JournalPost', 'managePublicJournal', postId);
    await overridePublication(em, actor, postId, override, reason);
  });
}

/** Publiser nå: in the public journal before its delay has passed. */
export const publishNow = (ctx: ServiceContext, postId: string) =>
  setPublication(ctx, postId, PublicationOverride.PUBLISH_NOW, null);

/** Hold tilbake: out of the public journal, with a reason. */
export const holdFromPublicJournal = (ctx: ServiceContext, postId: string, reason: string) =>
  setPublication(ctx, postId, PublicationOverride.HOLD, reason);

/** Back to the ordinary publication rules. */
export const resetPublication = (ctx: ServiceContext, postId: string) =>
  setPublication(ctx, postId, null, null);

import { PublicationOverride } from '../entities';
import { loadPost } from '../domain/journalPosts';
import { overridePublication } from '../domain/publication';
import { assertExpectedVersion } from '../domain/versions';
import { type ServiceContext } from './context';
import { actorOf, authorizeWrite, inTransaction, type Target } from './funnel';

/**
 * The archive's publication controls (policies/journalPosts.ts: `managePublicJournal`, archivists
 * who read the post in full), at the version of the post the client loaded.
 */
async function setPublication(
  ctx: ServiceContext,
  target: Target,
  override: PublicationOverride | null,
  reason: string | null,
): Promise<void> {
  const actor = actorOf(ctx);
  await inTransaction(ctx, async (em) => {
    await authorizeWrite(ctx, em, 'JournalPost', 'managePublicJournal', target.id);
    const post = await loadPost(em, target.id);
    assertExpectedVersion(post, target.expectedVersion, 'The journal post');
    await overridePublication(em, actor, target.id, override, reason);
  });
}

/** Publiser nå: in the public journal before its delay has passed. */
export const publishNow = (ctx: ServiceContext, target: Target) =>
  setPublication(ctx, target, PublicationOverride.PUBLISH_NOW, null);

/** Hold tilbake: out of the public journal, with a reason. */
export const holdFromPublicJournal = (ctx: ServiceContext, target: Target, reason: string) =>
  setPublication(ctx, target, PublicationOverride.HOLD, reason);

/** Back to the ordinary publication rules. */
export const resetPublication = (ctx: ServiceContext, target: Target) =>
  setPublication(ctx, target, null, null);

import { moveJournalPost as movePost } from '../domain/moves';
import { assertExpectedVersion } from '../domain/versions';
import { JournalPost } from '../entities';
import { POSTS_NOT_READ_IN_FULL, refuseMovePost } from '../policies/moves';
import { caseFacts, journalPostFacts } from '../queries/facts';
import { holdsPostsNotReadInFull } from '../queries/moves';
import { type ServiceContext } from './context';
import { actorOf, enforce, inTransaction, type Target } from './funnel';

/**
 * Flytte journalpost (docs/noark5.md, "Moves"): an archivist moves a post to another case, in one
 * transaction with its audit event. The policies decide on the post, its case and the target case
 * together (policies/moves.ts: NOT_FOUND for a post or target the archivist does not see); the
 * domain (domain/moves.ts) the states and the numbers. Returns the post's id.
 */
export function moveJournalPost(
  ctx: ServiceContext,
  target: Target,
  caseId: string,
): Promise<string> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const post = (await journalPostFacts(em, [target.id])).get(target.id);
    const cases = await caseFacts(em, post ? [post.caseId as string, caseId] : [caseId]);
    enforce(
      refuseMovePost(
        ctx.ability,
        post,
        post ? cases.get(post.caseId as string) : undefined,
        cases.get(caseId),
      ),
    );
    const loaded = await em.findOneOrFail(JournalPost, { id: target.id });
    assertExpectedVersion(loaded, target.expectedVersion, 'The journal post');
    await movePost(em, actor, { id: target.id, caseId });
    return target.id;
  });
}

/**
 * The mover of a case to another unit must read every journal post of the case in full: the
 * posts follow the case to the new unit (policies/moves.ts).
 */
export async function ensureReadsEveryPost(
  ctx: ServiceContext,
  em: Parameters<typeof holdsPostsNotReadInFull>[0],
  caseId: string,
): Promise<void> {
  if (await holdsPostsNotReadInFull(em, ctx.ability, caseId)) enforce(POSTS_NOT_READ_IN_FULL);
}

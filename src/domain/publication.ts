import { type EntityManager } from '@mikro-orm/postgresql';
import { JournalPost, PublicationOverride } from '../entities';
import { type Actor } from './administration';
import { recordAudit } from './audit';
import { badInput, invalidState } from './errors';

/**
 * A post's publication may be set to `next` unless it is so already: the state rule of
 * publishNow, holdFromPublicJournal and resetPublication, shared with `viewerCan`.
 */
export function mayOverridePublication(
  current: PublicationOverride | null,
  next: PublicationOverride | null,
): boolean {
  return current !== next;
}

/**
 * The archive's publication controls (publiseringskontroll): a post may be published in the
 * public journal before its delay has passed (PUBLISH_NOW), held back with a reason (HOLD), or
 * returned to the ordinary rules (null). Runs inside the caller's transaction with its audit event.
 */
/** `extensions.state` of a post that follows the ordinary publication rules. */
const ORDINARY = 'ORDINARY';

export async function overridePublication(
  em: EntityManager,
  actor: Actor,
  postId: string,
  override: PublicationOverride | null,
  reason: string | null,
): Promise<JournalPost> {
  const why = reason?.trim() ?? null;
  if (override === PublicationOverride.HOLD && !why) {
    throw badInput('reason', 'REQUIRED', 'Give a reason for holding the post back');
  }
  const post = await em.findOneOrFail(JournalPost, { id: postId });
  if (!mayOverridePublication(post.publicationOverride ?? null, override)) {
    throw invalidState(
      post.publicationOverride ?? ORDINARY,
      override
        ? `The post is already marked ${override}`
        : 'The post follows the ordinary rules already',
    );
  }
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action:
      override === PublicationOverride.HOLD
        ? 'journalPost.hold'
        : override
          ? 'journalPost.publishNow'
          : 'journalPost.resetPublication',
    targetType: 'JournalPost',
    targetId: post.id,
    changes: { publicationOverride: { old: post.publicationOverride ?? null, new: override } },
    reason: why,
  });
  post.publicationOverride = override;
  post.publicationOverrideReason = why;
  return post;
}

import { type EntityManager } from '@mikro-orm/postgresql';
import { JournalPost, PublicationOverride } from '../entities';
import { type Actor } from './administration';
import { recordAudit } from './audit';
import { badInput, invalidState } from './errors';
import { publicationDate } from './publicJournal';
import { todayInOslo } from './workingDays';

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
  post.publicationOverrideAt = new Date();
  return post;
}

/** 00:00 in Norway on `date`: 22:00 or 23:00 UTC the day before (CEST or CET). */
function startOfDayInOslo(date: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const summer = new Date(utcMidnight - 2 * 3_600_000);
  return todayInOslo(summer) === date ? summer : new Date(utcMidnight - 3_600_000);
}

/** What `publicationMoment` reads of a post. */
export interface PublicationFacts {
  journalDate: string;
  override: PublicationOverride | null;
  /** when the archive last set the override (publicationOverrideAt) */
  overrideAt: Date | null;
}

/**
 * The moment an entry became public (publiseringstidspunkt), as the Atom feed dates it: the start
 * of its publication day in Norway (the journal date plus the delay in working days), or the moment
 * the archive published it now, or released it after a hold (back to the ordinary rules after
 * that day). Never before the entry could be read; later only where the archive acted on an entry
 * that was public already, which a feed reader then sees once more.
 */
export function publicationMoment(post: PublicationFacts, delayWorkdays: number): Date {
  const ordinary = startOfDayInOslo(publicationDate(post.journalDate, delayWorkdays));
  if (!post.overrideAt) return ordinary;
  if (post.override === PublicationOverride.PUBLISH_NOW) return post.overrideAt;
  return post.overrideAt > ordinary ? post.overrideAt : ordinary;
}

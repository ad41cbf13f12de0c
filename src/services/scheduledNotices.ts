import { type EntityManager } from '@mikro-orm/postgresql';
import { queueInsightReminders } from './insightNotices';

/**
 * The notices that are due by the calendar rather than by a change (docs/notices.md): queued by
 * the mail sender's clock, once a minute, in each organisation's transaction. Each is queued once
 * (`queueMailOnce`), however many processes look. Returns how many were queued.
 */
export async function queueScheduledNotices(em: EntityManager, today: string): Promise<number> {
  return queueInsightReminders(em, today);
}

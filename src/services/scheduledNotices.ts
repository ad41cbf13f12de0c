import { type EntityManager } from '@mikro-orm/postgresql';
import { queueInsightReminders } from './insightNotices';
import { queueSearchAlertDigests, type SearchAlertSettings } from './searchAlerts';

/**
 * The notices that are due by the calendar rather than by a change (docs/notices.md): queued by
 * the mail sender's clock, once a minute, in each organisation's transaction. Each is queued once
 * (`queueMailOnce`), however many processes look. Returns how many were queued.
 *
 * - the insight requests' reminders;
 * - the public journal's alert digests, once a day per alert (needs `alerts`: the public
 *   journal's settings and the public base URL; a caller without them queues no digests).
 */
export async function queueScheduledNotices(
  em: EntityManager,
  today: string,
  alerts?: SearchAlertSettings,
): Promise<number> {
  const reminders = await queueInsightReminders(em, today);
  const digests = alerts ? await queueSearchAlertDigests(em, today, alerts) : 0;
  return reminders + digests;
}

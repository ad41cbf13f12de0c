import { type EntityManager } from '@mikro-orm/postgresql';
import { type UserViewer } from '../auth/viewer';
import { inOrganisation } from '../db/organisationScope';
import { recordAudit } from '../domain/audit';
import { type JournalDates } from '../exports/journals';

/** The audit action of an archivist's løpende journal (a full read of every post of a period). */
export const LOEPENDE_JOURNAL_READ = 'journal.readFull';

/**
 * Records that `viewer` read the løpende journal of `dates` in full: ONE audit event for the
 * export, with the period and the number of posts in its reason, not one per post (the access
 * log's per-record events are for reads of single records, services/accessLog.ts). Its own
 * transaction in the viewer's organisation: the journal itself is read through a cursor of its own.
 */
export async function recordLoependeJournalRead(
  em: EntityManager,
  viewer: UserViewer,
  requestId: string,
  dates: JournalDates,
  posts: number,
): Promise<void> {
  await inOrganisation(em, viewer.organisationId, async (work) => {
    recordAudit(work, {
      actorId: viewer.userId,
      action: LOEPENDE_JOURNAL_READ,
      targetType: 'Organisation',
      targetId: viewer.organisationId,
      reason: `Løpende journal ${dates.from}–${dates.to}: ${posts} journalposter`,
      requestId,
    });
    await work.flush();
  });
}

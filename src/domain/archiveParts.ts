import { LockMode } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';
import { Archive, ArchivePart, ArchivePartStatus, Case } from '../entities';
import { type Actor } from './administration';
import { recordAudit } from './audit';
import { OPEN_CASE_STATUSES } from './caseStates';
import { sql } from '../db/sqlTemplate';
import { badInput, invalidState, notFound } from './errors';
import { addCalendarDays } from './journalPosts';

/**
 * Periodisering (docs/noark5.md, "Arkiv and arkivdel"): an archive is divided into parts
 * (arkivdeler), one per period. New cases go into the one ACTIVE part. When a new period starts,
 * the old part becomes OVERLAP (its cases that are still open keep working there until they are
 * closed) or CLOSED_PERIOD (its open cases follow into the new part, so the old one holds only
 * finished cases); a part is CLOSED once none of its cases is open, and then takes nothing new.
 */

/** Only the ACTIVE part takes new cases. */
export const takesNewCases = (status: ArchivePartStatus): boolean =>
  status === ArchivePartStatus.ACTIVE;

/** A CLOSED part's cases are read-only for new posts; every other part's open cases take them. */
export const takesNewPosts = (status: ArchivePartStatus): boolean =>
  status !== ArchivePartStatus.CLOSED;

/** A new period starts from the ACTIVE part only. */
export const mayStartNewPeriod = (status: ArchivePartStatus): boolean =>
  status === ArchivePartStatus.ACTIVE;

/** A part is closed after its period has ended (the ACTIVE one would leave no part for new cases). */
export const mayClosePart = (status: ArchivePartStatus): boolean =>
  status === ArchivePartStatus.OVERLAP || status === ArchivePartStatus.CLOSED_PERIOD;

/** How the ending period's part goes on. */
export type PeriodEnd = ArchivePartStatus.OVERLAP | ArchivePartStatus.CLOSED_PERIOD;

const TITLE_MAX = 200;

function partTitle(title: string): string {
  const t = title.trim();
  if (!t) throw badInput('title', 'REQUIRED', 'Give the archive part a title');
  if (t.length > TITLE_MAX) {
    throw badInput('title', 'TOO_LONG', `The title must be at most ${TITLE_MAX} characters`, {
      max: TITLE_MAX,
    });
  }
  return t;
}

function audit(actor: Actor, action: string, part: ArchivePart) {
  return {
    actorId: actor.userId,
    requestId: actor.requestId,
    action,
    targetType: 'ArchivePart',
    targetId: part.id,
  };
}

/**
 * The part a new case goes into: the ACTIVE one, locked FOR SHARE so that a period cannot end
 * while the case is being created in it.
 */
export async function activePart(em: EntityManager): Promise<ArchivePart> {
  const part = await em.findOne(
    ArchivePart,
    { status: ArchivePartStatus.ACTIVE },
    { lockMode: LockMode.PESSIMISTIC_READ },
  );
  if (!part) {
    throw invalidState(
      'NO_ACTIVE_ARCHIVE_PART',
      'No archive part (arkivdel) is active, so no case can be created; an archivist must start one',
    );
  }
  return part;
}

/** New posts in a case: refused when its part is CLOSED. */
export async function assertPartTakesPosts(em: EntityManager, c: Case): Promise<void> {
  const part = await em.findOneOrFail(ArchivePart, { id: c.archivePart.id });
  if (!takesNewPosts(part.status)) {
    throw invalidState(
      part.status,
      `The case ${c.caseNumber} is in the closed archive part "${part.title}"; no documents can be registered in it`,
    );
  }
}

async function loadPart(em: EntityManager, id: string): Promise<ArchivePart> {
  const part = await em.findOne(
    ArchivePart,
    { id },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  );
  if (!part) throw notFound('The archive part');
  return part;
}

function checkPeriodStart(periodStart: string, after: string | null): void {
  if (after && periodStart <= after) {
    throw badInput(
      'periodStart',
      'OUT_OF_RANGE',
      `The new period must start after ${after}, when the current one started`,
      { min: addCalendarDays(after, 1) },
    );
  }
}

/**
 * Opprett arkivdel: a new ACTIVE part, for when no part is active (every earlier one has ended).
 * While one is active, a new period is started from it instead (startNewPeriod).
 */
export async function createArchivePart(
  em: EntityManager,
  actor: Actor,
  input: { title: string; periodStart: string },
): Promise<ArchivePart> {
  const title = partTitle(input.title);
  const current = await em.findOne(ArchivePart, { status: ArchivePartStatus.ACTIVE });
  if (current) {
    throw invalidState(
      current.status,
      `The archive part "${current.title}" is active; start a new period from it instead`,
    );
  }
  const archive = await em.findOne(Archive, {}, { orderBy: { createdAt: 'asc' } });
  if (!archive) throw notFound('The archive');
  return newActivePart(em, actor, archive, title, input.periodStart);
}

/** A new ACTIVE part of the archive, with its audit event. */
function newActivePart(
  em: EntityManager,
  actor: Actor,
  archive: Archive,
  title: string,
  periodStart: string,
): ArchivePart {
  const part = em.create(ArchivePart, {
    archive,
    title,
    status: ArchivePartStatus.ACTIVE,
    periodStart,
  });
  recordAudit(em, {
    ...audit(actor, 'archivePart.create', part),
    changes: {
      title: { old: null, new: title },
      status: { old: null, new: part.status },
      periodStart: { old: null, new: part.periodStart },
    },
  });
  return part;
}

/**
 * Ny periode: the ACTIVE part `id` ends the day before `periodStart` and becomes OVERLAP or
 * CLOSED_PERIOD; a new ACTIVE part (its successor, arvtaker) starts that day. With CLOSED_PERIOD
 * the cases still open move into the new part.
 */
export async function startNewPeriod(
  em: EntityManager,
  actor: Actor,
  input: { id: string; title: string; periodStart: string; endAs: PeriodEnd },
): Promise<ArchivePart> {
  const old = await loadPart(em, input.id);
  if (!mayStartNewPeriod(old.status)) {
    throw invalidState(
      old.status,
      `The archive part "${old.title}" is not the active one; a new period starts from the active part`,
    );
  }
  const title = partTitle(input.title);
  checkPeriodStart(input.periodStart, old.periodStart);
  const before = old.status;
  old.status = input.endAs;
  old.periodEnd = addCalendarDays(input.periodStart, -1);
  // The old part leaves ACTIVE before the new one enters it (one ACTIVE part per archive).
  await em.flush();
  const part = newActivePart(em, actor, old.archive, title, input.periodStart);
  old.successor = part;
  await em.flush();
  const moved =
    input.endAs === ArchivePartStatus.CLOSED_PERIOD ? await moveOpenCases(em, actor, old, part) : 0;
  recordAudit(em, {
    ...audit(actor, 'archivePart.endPeriod', old),
    changes: {
      status: { old: before, new: old.status },
      periodEnd: { old: null, new: old.periodEnd },
      successorId: { old: null, new: part.id },
      movedOpenCases: { old: 0, new: moved },
    },
  });
  return part;
}

/**
 * The open cases of a part ending as CLOSED_PERIOD follow into the new part in one statement,
 * however many they are. Each moved case is a change of that case: its version goes up (an edit
 * made against the old version is stale) and its own audit trail gets `case.changeArchivePart`.
 */
async function moveOpenCases(
  em: EntityManager,
  actor: Actor,
  from: ArchivePart,
  to: ArchivePart,
): Promise<number> {
  const changes = { archivePartId: { old: from.id, new: to.id } };
  const statement = sql`with moved as (
      update case_file set archive_part_id = ${to.id}, version = version + 1, updated_at = now()
      where archive_part_id = ${from.id} and status in (${OPEN_CASE_STATUSES})
      returning id)
    insert into audit_event (actor_id, action, target_type, target_id, changes, request_id)
    select ${actor.userId}::uuid, 'case.changeArchivePart', 'Case', id, ${JSON.stringify(changes)}::jsonb,
      ${actor.requestId}
    from moved`;
  const result = await em.execute<{ affectedRows: number }>(statement.sql, statement.params, 'run');
  return result.affectedRows;
}

/** Avslutt arkivdel: an ended part becomes CLOSED once none of its cases is open. */
export async function closeArchivePart(
  em: EntityManager,
  actor: Actor,
  input: { id: string; today: string },
): Promise<ArchivePart> {
  const part = await loadPart(em, input.id);
  if (!mayClosePart(part.status)) {
    throw invalidState(
      part.status,
      part.status === ArchivePartStatus.CLOSED
        ? `The archive part "${part.title}" is already closed`
        : `The archive part "${part.title}" is active; start a new period before closing it`,
    );
  }
  // FOR UPDATE on the part above makes a case created or moved meanwhile wait or be seen.
  const open = await em.count(Case, { archivePart: part.id, status: { $in: OPEN_CASE_STATUSES } });
  if (open > 0) {
    throw invalidState(
      part.status,
      `The archive part "${part.title}" still holds ${open} open ${open === 1 ? 'case' : 'cases'}; close them first`,
    );
  }
  const before = part.status;
  part.status = ArchivePartStatus.CLOSED;
  part.periodEnd ??= input.today;
  recordAudit(em, {
    ...audit(actor, 'archivePart.close', part),
    changes: { status: { old: before, new: part.status } },
  });
  return part;
}

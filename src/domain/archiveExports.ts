import { type EntityManager } from '@mikro-orm/postgresql';
import { type Actor } from './administration';
import { recordAudit } from './audit';
import { conflict, invalidState } from './errors';
import {
  ArchiveExport,
  ArchiveExportState,
  ArchivePart,
  ArchivePartStatus,
  User,
} from '../entities';

/**
 * Arkivuttrekk (docs/noark5.md, "Arkivuttrekk (deposit package)"): the rules of an export job.
 * A deposit is made of a CLOSED archive part only (nothing may change in it any more), one export
 * of a part at a time, and every document description must carry its ARCHIVE (PDF/A) file: a
 * deposit holds every document in arkivformat, so a part where one lacks it fails without a
 * package.
 */

/** A job whose heartbeat is older than this was left by a process that is gone. */
export const ABANDONED_AFTER_SECONDS = 60;

/** The message of a job left by a process that stopped. */
export const ABANDONED_MESSAGE =
  'The server stopped while the export was queued or running; start the export again';

/** A failure the requester can act on: its messages go to the job's errors as they are. */
export class ExportFailure extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
  }
}

/** Only a CLOSED part is exported. */
export function assertExportable(part: ArchivePart): void {
  if (part.status !== ArchivePartStatus.CLOSED) {
    throw invalidState(
      part.status,
      'Only a closed archive part (arkivdel with status avsluttet) can be exported as a deposit package; close it first',
    );
  }
}

/** One export of a part at a time. */
export function assertNoneRunning(running: { id: string } | null): void {
  if (running) {
    throw conflict(
      'An export of this archive part is already queued or running; wait for it to finish',
    );
  }
}

/** The messages of descriptions without an ARCHIVE file: registry id and document number only. */
export function missingArchiveFiles(missing: {
  total: number;
  named: { registryId: string; documentNumber: number }[];
}): string[] {
  const lines = missing.named.map(
    (m) =>
      `Journal post ${m.registryId}, document ${m.documentNumber}: no file in arkivformat (ARCHIVE variant, PDF/A)`,
  );
  if (missing.total > missing.named.length) {
    lines.push(
      `… and ${missing.total - missing.named.length} more documents without an ARCHIVE file`,
    );
  }
  return lines;
}

/** Queues an export of `part` with its audit event (archivePart.export) in the caller's transaction. */
export function queueExport(
  em: EntityManager,
  actor: Actor,
  part: ArchivePart,
  counts: {
    cases: number;
    journalPosts: number;
    documentDescriptions: number;
    documentFiles: number;
  },
): ArchiveExport {
  const job = em.create(ArchiveExport, {
    archivePart: part,
    requestedBy: em.getReference(User, actor.userId),
    state: ArchiveExportState.QUEUED,
  });
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: 'archivePart.export',
    targetType: 'ArchivePart',
    targetId: part.id,
    changes: { export: { old: null, new: { id: job.id, ...counts } } },
  });
  return job;
}

/** The download of a package, audited: it hands on the whole part (archiveExport.download). */
export function recordDownload(em: EntityManager, actor: Actor, job: { id: string }): void {
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: 'archiveExport.download',
    targetType: 'ArchiveExport',
    targetId: job.id,
  });
}

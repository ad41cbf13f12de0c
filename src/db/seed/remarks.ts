// Remarks (merknader) of the demo data: a few, laid on cases and posts the stories already have.
import { createHash } from 'node:crypto';
import { CaseStatus, RemarkType } from '../../entities';
import { type DemoData } from './model';

export interface RemarkRow {
  id: string;
  caseId: string | null;
  journalPostId: string | null;
  type: RemarkType;
  text: string;
  registeredAt: Date;
  registeredById: string;
}

/** A uuid derived from a name, so the demo's remarks have the same ids on every run. */
function derivedId(name: string): string {
  const h = createHash('sha256').update(`remark:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Closing remarks on the first cases closed by their handler (the seeds' routine: the case
 * handler closes the case with a remark on why), and a handling remark on the first pupil folder
 * and its first post. The texts name nobody, so they are no screened words.
 */
export function demoRemarks(data: DemoData): RemarkRow[] {
  const out: RemarkRow[] = [];
  const closed = data.cases.filter((c) => c.status === CaseStatus.CLOSED_BY_HANDLER).slice(0, 3);
  for (const c of closed) {
    out.push({
      id: derivedId(`closing:${c.id}`),
      caseId: c.id,
      journalPostId: null,
      type: RemarkType.CLOSING,
      text: 'Saken er ferdig behandlet; vedtaket er sendt og ingen frister gjenstår.',
      registeredAt: c.closedAt ?? c.updatedAt,
      registeredById: c.caseResponsibleId,
    });
  }
  const folder = data.cases.find((c) => c.title.startsWith('Elevmappe'));
  const post = folder && data.journalPosts.find((p) => p.caseId === folder.id);
  if (folder && post) {
    out.push({
      id: derivedId(`handling:${folder.id}`),
      caseId: folder.id,
      journalPostId: null,
      type: RemarkType.CASE_HANDLING,
      text: 'Samtykke til overføring av opplysninger må innhentes før eleven bytter skole.',
      registeredAt: folder.createdAt,
      registeredById: folder.caseResponsibleId,
    });
    out.push({
      id: derivedId(`post:${post.id}`),
      caseId: null,
      journalPostId: post.id,
      type: RemarkType.GENERAL,
      text: 'Originalen med underskrift ligger i papirarkivet.',
      registeredAt: post.createdAt,
      registeredById: post.createdById,
    });
  }
  return out;
}

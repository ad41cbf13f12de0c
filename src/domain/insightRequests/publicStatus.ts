import { DocumentVariant, InsightOutcome, InsightRequestStatus } from '../../entities';
import { appealDeadline, appealInformation, isDeemedRefused, isRefused } from './appeal';
import { downloadPath } from './links';
import { type InsightRuntime } from './runtime';

/**
 * What the requester sees of their request, by reference: the status, and per item the registry
 * id, the title in its public form, the outcome with its legal basis and, once released, a fresh
 * time-limited download link. Nothing about people, and nothing screened: the released file is
 * the only content, and it is exactly the one the decision released.
 */
export interface PublicStatus {
  reference: string;
  status: InsightRequestStatus;
  receivedAt: Date;
  dueDate: string;
  /** The day an unanswered request counts as refused (five working days), for the receipt page */
  answerDeadline: string;
  deemedRefused: boolean;
  appealInformation: string | null;
  /** The last day to appeal, when something was refused */
  appealDeadline: string | null;
  canAppeal: boolean;
  items: PublicItemStatus[];
}

export interface PublicItemStatus {
  registryId: string;
  title: string;
  outcome: InsightOutcome | null;
  legalBasis: string | null;
  downloadUrl: string | null;
  downloadExpiresAt: Date | null;
  releasedVariant: DocumentVariant | null;
  appealPending: boolean;
}

/** The file an outcome may release: PARTIAL the PUBLIC variant, FULL the ARCHIVE or PRODUCTION. */
export function releasable(
  outcome: InsightOutcome | null,
  variant: DocumentVariant | null,
): boolean {
  if (outcome === InsightOutcome.PARTIAL) return variant === DocumentVariant.PUBLIC;
  if (outcome === InsightOutcome.FULL) {
    return variant === DocumentVariant.ARCHIVE || variant === DocumentVariant.PRODUCTION;
  }
  return false;
}

export function toPublicStatus(
  reference: string,
  rows: {
    request: {
      id: string;
      organisation_id: string;
      status: InsightRequestStatus;
      received_at: string;
      due_date: string;
      answer_deadline: string;
      decided_on: string | null;
      appealed_at: string | null;
    };
    items: {
      id: string;
      registry_id: string;
      title: string;
      outcome: InsightOutcome | null;
      legal_basis: string | null;
      released_document_id: string | null;
      released_variant: DocumentVariant | null;
      appeal_pending: boolean;
    }[];
  },
  runtime: InsightRuntime,
  today: string,
): PublicStatus {
  const { request: r, items } = rows;
  const now = runtime.now();
  const anyRefused = items.some((i) => isRefused(i.outcome));
  const state = {
    status: r.status,
    answerDeadline: r.answer_deadline,
    decidedOn: r.decided_on,
    appealedAt: r.appealed_at ? new Date(r.appealed_at) : null,
  };
  const deemedRefused = isDeemedRefused(state, today);
  const decided =
    r.status === InsightRequestStatus.DECIDED || r.status === InsightRequestStatus.CLOSED;
  const deadline =
    decided && anyRefused && r.decided_on
      ? appealDeadline(r.decided_on, runtime.settings.appealDays)
      : null;
  return {
    reference,
    status: r.status,
    receivedAt: new Date(r.received_at),
    dueDate: r.due_date,
    answerDeadline: r.answer_deadline,
    deemedRefused,
    appealInformation: appealInformation(state, anyRefused, today, runtime.settings.appealDays),
    appealDeadline: deadline,
    canAppeal: !r.appealed_at && (deemedRefused || (deadline !== null && today <= deadline)),
    items: items.map((i) => {
      const link =
        i.released_document_id && releasable(i.outcome, i.released_variant)
          ? downloadPath(
              runtime.linkKey,
              {
                organisationId: r.organisation_id,
                requestId: r.id,
                itemId: i.id,
                documentId: i.released_document_id,
              },
              now,
              runtime.settings.linkTtlHours,
            )
          : null;
      return {
        registryId: i.registry_id,
        title: i.title,
        outcome: i.outcome,
        legalBasis: i.legal_basis,
        downloadUrl: link?.path ?? null,
        downloadExpiresAt: link?.expiresAt ?? null,
        releasedVariant: link ? i.released_variant : null,
        appealPending: i.appeal_pending,
      };
    }),
  };
}

import { CaseStatus } from '../entities/enums';

/**
 * Which status of a case allows which action (domain.md, "Life cycle"): pure rules used both by
 * the domain functions of cases.ts and by `viewerCan`, so a button shown is a button that works.
 * Rules that need more than the status (a case's unfinished posts) stay in the domain functions.
 */

/** Metadata may change until the case is closed by the archive or cancelled. */
export const isCaseChangeable = (status: CaseStatus): boolean =>
  status !== CaseStatus.CLOSED && status !== CaseStatus.CANCELLED;

/** The statuses of a case that is still open: neither closed by the archive nor cancelled. */
export const OPEN_CASE_STATUSES: CaseStatus[] = Object.values(CaseStatus).filter((status) =>
  isCaseChangeable(status),
);

/** New documents are registered in open cases only. */
export const acceptsPosts = (status: CaseStatus): boolean =>
  status === CaseStatus.RESERVED || status === CaseStatus.IN_PROGRESS;

/** The archive's check is of reserved cases. */
export const awaitsArchiveCheck = (status: CaseStatus): boolean => status === CaseStatus.RESERVED;

/** The statuses a case is closed from: by the archive (for good), or by its handler. */
export const closableFrom = (byArchive: boolean): CaseStatus[] =>
  byArchive ? [CaseStatus.IN_PROGRESS, CaseStatus.CLOSED_BY_HANDLER] : [CaseStatus.IN_PROGRESS];

export const isClosed = (status: CaseStatus): boolean =>
  status === CaseStatus.CLOSED || status === CaseStatus.CLOSED_BY_HANDLER;

/** Sak utgår: only an open case (and only while its posts are all cancelled, checked on change). */
export const mayCancelCase = (status: CaseStatus): boolean => acceptsPosts(status);

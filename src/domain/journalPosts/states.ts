import { JournalPostType, JournalStatus } from '../../entities/enums';

/**
 * Which state of a journal post allows which action (domain.md, "Life cycle", "Approval",
 * "Write-off"): pure rules over the post's type and status, used both by the domain functions
 * that make each change and by `viewerCan`, so a button shown is a button that works. Rules that
 * need more than the post itself (the case's other posts, the reply of a write-off) stay in the
 * domain functions.
 */
export interface PostState {
  type: JournalPostType;
  status: JournalStatus;
  /** The leader asked to approve it now (godkjenner), if any */
  approverId: string | null;
  /** Avskrevet: how, if it has been written off */
  writeOffMethod: string | null;
  /** The screening code is temporary (XX, midlertidig sperret) */
  screeningTemporary: boolean;
  /** Offentlighetsvurdert: when the screening was assessed */
  screeningAssessedOn: string | null;
  /** Its document type (dokumenttype) must be approved by a leader before dispatch */
  requiresApproval: boolean;
}

const isIncoming = (s: Pick<PostState, 'type'>) => s.type === JournalPostType.INCOMING;

/** Cancelled and archived posts are done with: no cancel, write-off or assessment. */
export const isClosedForGood = (s: Pick<PostState, 'status'>): boolean =>
  s.status === JournalStatus.CANCELLED || s.status === JournalStatus.ARCHIVED;

/** I and N posts must be written off (avskrives); the others need no follow-up. */
export const needsFollowUp = (type: JournalPostType): boolean =>
  type === JournalPostType.INCOMING || type === JournalPostType.INTERNAL_FOLLOW_UP;

/**
 * The content is locked from FINALIZED on for U, N, X and S, and from REGISTERED on for I
 * (domain.md): an incoming post is open while TEMPORARY or REGISTERED_BY_HANDLER, any other post
 * only while RESERVED. Cancelled, approved, dispatched and archived posts are locked too.
 */
export function isContentLocked(s: Pick<PostState, 'type' | 'status'>): boolean {
  if (isIncoming(s)) {
    return s.status !== JournalStatus.TEMPORARY && s.status !== JournalStatus.REGISTERED_BY_HANDLER;
  }
  return s.status !== JournalStatus.RESERVED;
}

/** Ferdigstille: an outgoing document or note while RESERVED. */
export const mayFinalize = (s: Pick<PostState, 'type' | 'status'>): boolean =>
  !isIncoming(s) && s.status === JournalStatus.RESERVED;

/** Send til godkjenning: an outgoing document or note, RESERVED or FINALIZED, no leader asked yet. */
export const maySendForApproval = (s: Pick<PostState, 'type' | 'status' | 'approverId'>): boolean =>
  !isIncoming(s) &&
  (s.status === JournalStatus.RESERVED || s.status === JournalStatus.FINALIZED) &&
  !s.approverId;

/** A leader is asked to approve it: approve, reject or forward. */
export const awaitsApproval = (s: Pick<PostState, 'status' | 'approverId'>): boolean =>
  s.status === JournalStatus.FINALIZED && !!s.approverId;

/**
 * Ekspedere: APPROVED, or FINALIZED with no approval pending when its document type does not
 * require approval (docs/daily-routines.md, "Approval by document type").
 */
export const mayDispatch = (
  s: Pick<PostState, 'type' | 'status' | 'approverId' | 'requiresApproval'>,
): boolean =>
  !isIncoming(s) &&
  ((s.status === JournalStatus.FINALIZED && !s.approverId && !s.requiresApproval) ||
    s.status === JournalStatus.APPROVED);

/** The statuses the archive's check (journalføring) starts from. */
export const confirmableFrom = (type: JournalPostType): JournalStatus[] =>
  type === JournalPostType.INCOMING
    ? [JournalStatus.REGISTERED_BY_HANDLER, JournalStatus.TEMPORARY]
    : [JournalStatus.DISPATCHED];

/** The screening still waits for its assessment (offentlighetsvurdering). */
export const screeningUnassessed = (
  s: Pick<PostState, 'status' | 'screeningTemporary' | 'screeningAssessedOn'>,
): boolean =>
  (s.status === JournalStatus.TEMPORARY && !s.screeningAssessedOn) || s.screeningTemporary;

/** Journalføre: from the right status, once the screening is assessed. */
export const mayConfirm = (s: PostState): boolean =>
  confirmableFrom(s.type).includes(s.status) && !screeningUnassessed(s);

export const mayCancel = (s: Pick<PostState, 'status'>): boolean => !isClosedForGood(s);

/** Avskrive: an I or N post not yet written off, cancelled or archived. */
export const mayWriteOff = (s: Pick<PostState, 'type' | 'status' | 'writeOffMethod'>): boolean =>
  needsFollowUp(s.type) && !s.writeOffMethod && !isClosedForGood(s);

/**
 * A post that may be the reply of a write-off (docs/daily-routines.md, "Write-off"): at least
 * finalised (FINALIZED, APPROVED, DISPATCHED, REGISTERED, ARCHIVED). A reserved draft may still
 * change or be thrown away, and a cancelled post answers nothing.
 */
export const mayBeReply = (s: Pick<PostState, 'status'>): boolean =>
  s.status !== JournalStatus.RESERVED && s.status !== JournalStatus.CANCELLED;

/** Offentlighetsvurdering: a temporary screening of a post still in use. */
export const mayAssessScreening = (s: Pick<PostState, 'status' | 'screeningTemporary'>): boolean =>
  !isClosedForGood(s) && s.screeningTemporary;

/**
 * Fordele (give a handler and a due date): an incoming post still to be dealt with, not written
 * off, cancelled or archived. A post that has a handler may be distributed again (redistribution).
 */
export const mayDistribute = (s: Pick<PostState, 'type' | 'status' | 'writeOffMethod'>): boolean =>
  isIncoming(s) && !s.writeOffMethod && !isClosedForGood(s);

/**
 * Journal posts (journalposter): registration, the life cycle, write-off, the archive's
 * correction and the screening assessment (domain.md, "Journal post types", "Life cycle",
 * "Public titles"). Each function runs inside the caller's transaction, checks the STATE the post
 * must be in (the pure rules of journalPosts/states.ts), changes it and adds its audit event
 * `journalPost.<action>` with the changed fields' old and new values. WHO may act, and who may be
 * named, is decided before, by the services (src/services/journalPosts.ts) asking the policies.
 */
export { type ActorToday, correspondentsOf, loadPost, registryId } from './journalPosts/common';
export * from './journalPosts/states';
export {
  assessScreening,
  correctJournalPost,
  type CorrectInput,
  updateJournalPost,
  type UpdateInput,
} from './journalPosts/content';
export {
  approveJournalPost,
  cancelJournalPost,
  confirmJournalPost,
  dispatchJournalPost,
  finalizeJournalPost,
  forwardForApproval,
  rejectJournalPost,
  sendForApproval,
} from './journalPosts/lifecycle';
export {
  addCalendarDays,
  DEFAULT_DUE_DAYS,
  registerJournalPost,
  type RegisterInput,
  type RegisterOptions,
} from './journalPosts/register';
export { writeOffJournalPosts, type WriteOffInput } from './journalPosts/writeOff';
export {
  carryOpenPosts,
  type Distribution,
  distributeJournalPost,
  distributionDueDate,
  URGENT_DUE_WORKING_DAYS,
} from './journalPosts/distribution';

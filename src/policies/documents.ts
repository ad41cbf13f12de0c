import { hasRole, unitsWithRole, type Viewer } from '../auth/viewer';
import { DocumentVariant } from '../entities/Document';
import { Role } from '../entities/enums';
import { type AppAbility, type RuleBuilder } from './subjects';
import { fullAccessConditions } from './records';
import { type Tagged } from './subjects';
import { isInternal } from './viewerFacts';
import { type Refusal, refuseUnlessFull } from './writes';

/**
 * Documents (dokumenter) of a journal post, in three variants: PRODUCTION (produksjonsformat),
 * ARCHIVE (arkivformat) and PUBLIC (offentlig variant: the redacted copy the public may see).
 * Fields: `variant`, `postUnitId` (the post's own responsible unit) and the post's fields as
 * journalPosts.ts names them (accessGroupId, responsibleId, createdById, approverId,
 * caseCreatedById, caseResponsibleId, caseResponsibleUnitId, caseInternalContactIds).
 *
 * | action  | variant             | who                                                            |
 * |---------|---------------------|----------------------------------------------------------------|
 * | read    | PUBLIC              | every internal user: the public variant is public-safe by definition |
 * | read    | ARCHIVE, PRODUCTION | whoever reads the post in full (the journal posts' readFull rule) |
 * | upload  | any                 | the post's responsible or creator, leaders of the case's unit, archivists |
 * | upload  | PUBLIC              | insight handlers of the post's unit (they make the redacted copy) |
 * | correct | any                 | archivists: replace a file of a locked post, with a reason     |
 *
 * `upload` and `correct` are given only on top of reading the post FULL (refuseDocumentWrite, the
 * write rule of writes.ts): a creator who sees the post REDACTED, or an insight handler making the
 * public variant of a post they see REDACTED, is refused before anything about the post's files is
 * looked at, so a refused upload tells nothing of the stored file (not its name, hash or bytes).
 *
 * So a REDACTED viewer of a post (only posts with an access group have them) gets the PUBLIC
 * variant and nothing else, whether or not the post's screening covers DOCUMENT: the access group
 * keeps the document itself inside the group, and what the public may have of an unscreened
 * document is decided by an insight request, not by the absence of a screening field. NONE on the
 * post is NONE on its documents.
 *
 * When a file may be added or replaced (a locked post's files only by correction) is a domain rule
 * (domain/documents), not a policy.
 */
export function documentRules(viewer: Viewer, { can }: RuleBuilder): void {
  if (!isInternal(viewer)) return;
  const me = viewer.userId;

  can('read', 'Document', { variant: DocumentVariant.PUBLIC });
  // The same conditions as readFull in journalPosts.ts, over the same field names.
  const full = fullAccessConditions(viewer, {
    createdById: 'caseCreatedById',
    caseResponsibleId: 'caseResponsibleId',
    internalContactIds: 'caseInternalContactIds',
    responsibleUnitId: 'caseResponsibleUnitId',
    postResponsibleId: 'responsibleId',
  });
  if (full === true) can('read', 'Document');
  else for (const condition of full) can('read', 'Document', condition);
  can('read', 'Document', { approverId: me });

  if (hasRole(viewer, Role.CASE_HANDLER) || hasRole(viewer, Role.LEADER)) {
    can('upload', 'Document', { responsibleId: me });
    can('upload', 'Document', { createdById: me });
  }
  const leaderUnits = unitsWithRole(viewer, Role.LEADER);
  if (leaderUnits.length) {
    can('upload', 'Document', { caseResponsibleUnitId: { $in: leaderUnits } });
  }
  const insightEverywhere = viewer.grants.some(
    (g) => g.role === Role.INSIGHT_HANDLER && g.unitId === null,
  );
  const insightUnits = unitsWithRole(viewer, Role.INSIGHT_HANDLER);
  if (insightEverywhere) can('upload', 'Document', { variant: DocumentVariant.PUBLIC });
  else if (insightUnits.length) {
    can('upload', 'Document', {
      variant: DocumentVariant.PUBLIC,
      postUnitId: { $in: insightUnits },
    });
  }
  if (hasRole(viewer, Role.ARCHIVIST)) can(['upload', 'correct'], 'Document');
}

export type DocumentWriteAction = 'upload' | 'correct';

/** Why each write is refused to a viewer who reads the post in full but has no rule for it. */
export const documentRefusals = {
  upload:
    "Only the post's responsible handler or its creator, a leader of the case's unit or an archivist may upload its documents",
  uploadPublic:
    "Only the post's responsible handler or its creator, a leader of the case's unit, an insight handler of the post's unit or an archivist may upload its public variant",
  correct: "Only an archivist may correct a locked post's documents",
} as const;

/**
 * May the ability's viewer upload (or, as an archivist's correction, replace) this variant of the
 * post's documents? The write rule's order: NOT_FOUND when the post does not exist for them (or
 * `post` is undefined: unknown), FORBIDDEN when they read it only REDACTED, FORBIDDEN with the
 * action's text when no rule above gives it; null when allowed.
 */
export function refuseDocumentWrite(
  ability: AppAbility,
  action: DocumentWriteAction,
  post: Tagged<'JournalPost'> | undefined,
  document: Tagged<'Document'> | undefined,
): Refusal | null {
  const notFull = refuseUnlessFull(ability, 'JournalPost', post);
  if (notFull) return notFull;
  if (document && ability.can(action, document)) return null;
  const message =
    action === 'correct'
      ? documentRefusals.correct
      : document?.variant === DocumentVariant.PUBLIC
        ? documentRefusals.uploadPublic
        : documentRefusals.upload;
  return { code: 'FORBIDDEN', message };
}

import { hasRole, unitsWithRole, type Viewer } from '../auth/viewer';
import { DocumentVariant } from '../entities/Document';
import { Role } from '../entities/enums';
import { type AppAbility, type RuleBuilder } from './subjects';
import { fullAccessConditions } from './records';
import { type Tagged } from './subjects';
import { isInternal } from './viewerFacts';
import { type Refusal, refuseUnlessFull } from './writes';

/**
 * Document descriptions (dokumentbeskrivelse: the main document and attachments of a journal
 * post) and their documents (dokumentobjekt) in three variants: PRODUCTION (produksjonsformat),
 * ARCHIVE (arkivformat) and PUBLIC (offentlig variant: the redacted copy the public may see).
 * Fields: `variant`, `postUnitId` (the post's own responsible unit), `descriptionScreened` (the
 * description has its own screening code) and the post's fields as journalPosts.ts names them
 * (accessGroupId, responsibleId, createdById, approverId, caseCreatedById, caseResponsibleId,
 * caseResponsibleUnitId, caseInternalContactIds).
 *
 * A description's own screening only adds to the post's. Whoever reads the post sees that the
 * description exists (`read`, its public form: title `*****` while screened). It is read in full
 * (`readFull`) by whoever reads the post in full, except that a screened description does not
 * count the "no access group: every internal user" clause: it is read in full as a post WITH an
 * access group is (members of the post's group, archivists, the case's creator, responsible and
 * internal contacts, leaders of the case's unit, the post's responsible and its approver).
 *
 * | action  | subject / variant   | who                                                            |
 * |---------|---------------------|----------------------------------------------------------------|
 * | read    | DocumentDescription | every internal user who reads the post                         |
 * | readFull| DocumentDescription | as above: the post's readFull, narrowed when the description is screened |
 * | update  | DocumentDescription | the post's responsible or creator, leaders of the case's unit, archivists |
 * | read    | PUBLIC              | every internal user, unless the description is screened: the public variant is public-safe by definition |
 * | read    | any variant         | whoever reads the description in full                          |
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

  can('read', 'DocumentDescription');
  can('read', 'Document', { variant: DocumentVariant.PUBLIC, descriptionScreened: false });
  // The same conditions as readFull in journalPosts.ts, over the same field names; the clause of
  // records without an access group does not reach a screened description.
  const full = fullAccessConditions(viewer, {
    createdById: 'caseCreatedById',
    caseResponsibleId: 'caseResponsibleId',
    internalContactIds: 'caseInternalContactIds',
    responsibleUnitId: 'caseResponsibleUnitId',
    postResponsibleId: 'responsibleId',
  });
  const descriptionFull =
    full === true
      ? [{}]
      : [
          ...full.map((c) =>
            'accessGroupId' in c && c.accessGroupId === null
              ? { ...c, descriptionScreened: false }
              : c,
          ),
          { approverId: me },
        ];
  for (const condition of descriptionFull) {
    can('readFull', 'DocumentDescription', condition);
    can('read', 'Document', condition);
  }

  if (hasRole(viewer, Role.CASE_HANDLER) || hasRole(viewer, Role.LEADER)) {
    can('upload', 'Document', { responsibleId: me });
    can('upload', 'Document', { createdById: me });
    can('update', 'DocumentDescription', { responsibleId: me });
    can('update', 'DocumentDescription', { createdById: me });
  }
  const leaderUnits = unitsWithRole(viewer, Role.LEADER);
  if (leaderUnits.length) {
    can('upload', 'Document', { caseResponsibleUnitId: { $in: leaderUnits } });
    can('update', 'DocumentDescription', { caseResponsibleUnitId: { $in: leaderUnits } });
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
  if (hasRole(viewer, Role.ARCHIVIST)) {
    can(['upload', 'correct'], 'Document');
    can('update', 'DocumentDescription');
  }
}

export type DocumentWriteAction = 'upload' | 'correct';

/** Why each write is refused to a viewer who reads the post in full but has no rule for it. */
export const documentRefusals = {
  upload:
    "Only the post's responsible handler or its creator, a leader of the case's unit or an archivist may upload its documents",
  uploadPublic:
    "Only the post's responsible handler or its creator, a leader of the case's unit, an insight handler of the post's unit or an archivist may upload its public variant",
  correct: "Only an archivist may correct a locked post's documents",
  notFullDescription:
    'This document has its own screening: only those who read it in full may change it or its files',
  update:
    "Only the post's responsible handler or its creator, a leader of the case's unit or an archivist may change its documents",
} as const;

/** A description the viewer does not read in full is changed by nobody (write ≤ read). */
function refuseUnlessDescriptionFull(
  ability: AppAbility,
  description: Tagged<'DocumentDescription'> | undefined,
): Refusal | null {
  if (!description || ability.can('readFull', description)) return null;
  return { code: 'FORBIDDEN', message: documentRefusals.notFullDescription };
}

/**
 * May the viewer change a description of the post (add an attachment, change its title, status
 * or screening, remove it)? NOT_FOUND when the post (or description) does not exist for them,
 * FORBIDDEN unless they read the post and the description in full and a rule gives `update`.
 * `description` is the one changed, or for a new attachment one of the post not yet screened.
 */
export function refuseDescriptionWrite(
  ability: AppAbility,
  post: Tagged<'JournalPost'> | undefined,
  description: Tagged<'DocumentDescription'> | undefined,
): Refusal | null {
  const notFull =
    refuseUnlessFull(ability, 'JournalPost', post) ??
    refuseUnlessDescriptionFull(ability, description);
  if (notFull) return notFull;
  if (description && ability.can('update', description)) return null;
  return { code: 'FORBIDDEN', message: documentRefusals.update };
}

/**
 * May the ability's viewer upload (or, as an archivist's correction, replace) this variant of a
 * document of the post? The write rule's order: NOT_FOUND when the post does not exist for them
 * (or `post` is undefined: unknown), FORBIDDEN when they read it (or the description, when given)
 * only REDACTED, FORBIDDEN with the action's text when no rule above gives it; null when allowed.
 */
export function refuseDocumentWrite(
  ability: AppAbility,
  action: DocumentWriteAction,
  post: Tagged<'JournalPost'> | undefined,
  document: Tagged<'Document'> | undefined,
  description?: Tagged<'DocumentDescription'>,
): Refusal | null {
  const notFull =
    refuseUnlessFull(ability, 'JournalPost', post) ??
    refuseUnlessDescriptionFull(ability, description);
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

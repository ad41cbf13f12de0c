import { hasRole, unitsWithRole, type Viewer } from '../auth/viewer';
import { Role } from '../entities/enums';
import { type RuleBuilder } from './subjects';
import { type Refusals } from './writes';
import { fullAccessConditions } from './records';
import { isInternal } from './viewerFacts';

/**
 * Journal posts (journalposter). The post's own access group counts (inherited from the case at
 * registration unless set), with the case's relations and the post's responsible person. Fields:
 * accessGroupId, responsibleId, createdById, approverId, type, status, caseCreatedById,
 * caseResponsibleId, caseResponsibleUnitId, caseInternalContactIds (list); in memory only,
 * postUnitPath (list: the post's own unit and every unit above it).
 *
 * | action                  | who                                                               |
 * |-------------------------|-------------------------------------------------------------------|
 * | read                    | every internal user (REDACTED unless readFull)                    |
 * | readFull                | the internal-access rule (records.ts), and the leader asked to approve the post |
 * | update, finalize, sendForApproval | the post's responsible or creator, leaders of the unit, archivists |
 * | dispatch, cancel        | the same                                                          |
 * | writeOff, assessScreening | the same, and the case responsible                              |
 * | approve, reject, forward| the leader the post was sent to                                   |
 * | changeAccessGroup       | leaders of the case's unit, archivists                            |
 * | confirm, correct        | archivists                                                        |
 * | managePublicJournal     | archivists: publish now, or hold back from the public journal     |
 * | addRemark               | every internal user (who reads it in full: writes.ts)             |
 * | move                    | archivists, who must also read both cases in full (policies/moves.ts) |
 * | distribute              | leaders of the post's unit or of a unit above it, archivists      |
 *
 * Every action but `read` and `readFull` is also refused to whoever does not read the post in
 * full (writes.ts): being its creator or responsible gives these actions only on top of FULL.
 * Which state a post must be in (unfinished, finalised, approved …) is a domain rule
 * (domain/journalPosts.ts), not a policy.
 */
export function journalPostRules(viewer: Viewer, { can }: RuleBuilder): void {
  if (!isInternal(viewer)) return;
  const me = viewer.userId;
  can('read', 'JournalPost');
  // A remark (merknad) is for whoever reads the post in full; writes.ts adds that condition.
  can('addRemark', 'JournalPost');
  const full = fullAccessConditions(viewer, {
    createdById: 'caseCreatedById',
    caseResponsibleId: 'caseResponsibleId',
    internalContactIds: 'caseInternalContactIds',
    responsibleUnitId: 'caseResponsibleUnitId',
    postResponsibleId: 'responsibleId',
  });
  if (full === true) can('readFull', 'JournalPost');
  else for (const condition of full) can('readFull', 'JournalPost', condition);
  // A leader asked to approve a document must be able to read it.
  can('readFull', 'JournalPost', { approverId: me });

  const ownWork = [
    'update',
    'finalize',
    'sendForApproval',
    'dispatch',
    'cancel',
    'writeOff',
    'assessScreening',
  ] as const;
  if (hasRole(viewer, Role.CASE_HANDLER) || hasRole(viewer, Role.LEADER)) {
    for (const relation of [{ responsibleId: me }, { createdById: me }])
      can([...ownWork], 'JournalPost', relation);
    can(['writeOff', 'assessScreening'], 'JournalPost', { caseResponsibleId: me });
  }
  const leaderUnits = unitsWithRole(viewer, Role.LEADER);
  if (leaderUnits.length) {
    can([...ownWork, 'changeAccessGroup'], 'JournalPost', {
      caseResponsibleUnitId: { $in: leaderUnits },
    });
  }
  if (hasRole(viewer, Role.LEADER)) {
    can(['approve', 'reject', 'forward'], 'JournalPost', { approverId: me });
  }
  // Fordeling: the leaders of the unit whose queue the post is in, or of a unit above it.
  if (viewer.grants.some((g) => g.role === Role.LEADER && g.unitId === null)) {
    can('distribute', 'JournalPost');
  } else if (leaderUnits.length) {
    can('distribute', 'JournalPost', { postUnitPath: { $in: leaderUnits } });
  }
  if (hasRole(viewer, Role.ARCHIVIST)) {
    can(
      [
        ...ownWork,
        'changeAccessGroup',
        'confirm',
        'correct',
        'managePublicJournal',
        'move',
        'distribute',
      ],
      'JournalPost',
    );
  }
}

const OWN_WORK =
  "the post's responsible handler or its creator, a leader of the case's unit or an archivist";

/** Why each action is refused to a viewer who reads the post in full but has no rule for it. */
export const journalPostRefusals: Refusals<'JournalPost'> = {
  update: `Only ${OWN_WORK} may change it`,
  changeAccessGroup:
    "Only a leader of the case's unit or an archivist may change the access group of a journal post",
  finalize: `Only ${OWN_WORK} may finalise it`,
  sendForApproval: `Only ${OWN_WORK} may send it for approval`,
  approve: 'Only the leader the document was sent to may approve it',
  reject: 'Only the leader the document was sent to may reject it',
  forward: 'Only the leader the document was sent to may forward it',
  dispatch: `Only ${OWN_WORK} may dispatch it`,
  confirm: 'Only the archive (ARCHIVIST) confirms journal posts',
  cancel: `Only ${OWN_WORK} may cancel it`,
  writeOff: `Only ${OWN_WORK}, or the case responsible, may write it off`,
  correct: 'Only an archivist (ARCHIVIST) may correct a journal post',
  assessScreening: `Only ${OWN_WORK}, or the case responsible, may assess its screening`,
  managePublicJournal:
    'Only the archive (ARCHIVIST) decides when a post appears in the public journal',
  addRemark: 'You may not add remarks (merknader) to this journal post',
  move: 'Only an archivist (ARCHIVIST) may move a journal post to another case',
  distribute:
    "Only a leader of the post's unit or of a unit above it, or an archivist, may distribute it (fordele)",
};

/**
 * May the viewer read a unit's distribution queue (fordeling)? Its leaders, the leaders of a unit
 * above it and archivists. `unitPath`: the unit and every unit above it.
 */
export function mayReadDistributionQueue(viewer: Viewer, unitPath: readonly string[]): boolean {
  if (viewer.kind !== 'user') return false;
  return viewer.grants.some(
    (g) =>
      g.role === Role.ARCHIVIST ||
      (g.role === Role.LEADER && (g.unitId === null || unitPath.includes(g.unitId))),
  );
}

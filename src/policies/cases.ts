import { hasRole, unitsWithRole, type Viewer } from '../auth/viewer';
import { Role } from '../entities/enums';
import { type RuleBuilder } from './subjects';
import { type Refusals } from './writes';
import { fullAccessConditions } from './records';
import { isInternal } from './viewerFacts';

/**
 * Cases (saker). Fields: accessGroupId, createdById, caseResponsibleId, responsibleUnitId,
 * internalContactIds (list), status.
 *
 * | action            | who                                                                 |
 * |-------------------|---------------------------------------------------------------------|
 * | read              | every internal user (REDACTED unless readFull)                      |
 * | readFull          | the internal-access rule (records.ts)                               |
 * | create            | case handlers and leaders for their units; archivists anywhere      |
 * | update            | creator, case responsible, leaders of the unit, archivists          |
 * | registerPost      | creator, case responsible, internal contacts, leaders of the unit   |
 * | registerIncoming  | archivists, in any case (the archive registers incoming post)       |
 * | manageContacts    | creator, case responsible, leaders of the unit, archivists          |
 * | assignResponsible | leaders of the unit, archivists                                     |
 * | changeAccessGroup | leaders of the unit, archivists                                     |
 * | closeByHandler    | case responsible, leaders of the unit                               |
 * | cancel            | creator, case responsible, leaders of the unit, archivists          |
 * | approve, close, reopen | archivists                                                     |
 * | addRemark         | every internal user (who reads it in full: writes.ts)               |
 *
 * Every action but `read` and `readFull` is also refused to whoever does not read the case in
 * full (writes.ts). The state a case must be in for each action is a domain rule
 * (domain/cases.ts), not a policy.
 */
export function caseRules(viewer: Viewer, { can }: RuleBuilder): void {
  if (!isInternal(viewer)) return;
  const me = viewer.userId;
  can('read', 'Case');
  // A remark (merknad) is for whoever reads the case in full; writes.ts adds that condition.
  can('addRemark', 'Case');
  const full = fullAccessConditions(viewer, {
    createdById: 'createdById',
    caseResponsibleId: 'caseResponsibleId',
    internalContactIds: 'internalContactIds',
    responsibleUnitId: 'responsibleUnitId',
  });
  if (full === true) can('readFull', 'Case');
  else for (const condition of full) can('readFull', 'Case', condition);

  const handlerUnits = unitsWithRole(viewer, Role.CASE_HANDLER);
  const leaderUnits = unitsWithRole(viewer, Role.LEADER);
  const ownUnits = [...new Set([...handlerUnits, ...leaderUnits])];
  if (ownUnits.length) can('create', 'Case', { responsibleUnitId: { $in: ownUnits } });

  const handler = hasRole(viewer, Role.CASE_HANDLER) || hasRole(viewer, Role.LEADER);
  if (handler) {
    for (const relation of [{ createdById: me }, { caseResponsibleId: me }]) {
      can(['update', 'registerPost', 'manageContacts', 'cancel'], 'Case', relation);
    }
    can('registerPost', 'Case', { internalContactIds: me });
    can('closeByHandler', 'Case', { caseResponsibleId: me });
  }
  if (leaderUnits.length) {
    const inUnit = { responsibleUnitId: { $in: leaderUnits } };
    can(
      [
        'update',
        'registerPost',
        'manageContacts',
        'assignResponsible',
        'changeAccessGroup',
        'closeByHandler',
        'cancel',
      ],
      'Case',
      inUnit,
    );
  }
  if (hasRole(viewer, Role.ARCHIVIST)) {
    can(
      [
        'create',
        'update',
        'registerIncoming',
        'manageContacts',
        'assignResponsible',
        'changeAccessGroup',
        'cancel',
        'approve',
        'close',
        'reopen',
      ],
      'Case',
    );
  }
}

const OWNERS = 'its creator, its case responsible, leaders of its unit and the archive';

/** Why each action is refused to a viewer who reads the case in full but has no rule for it. */
export const caseRefusals: Refusals<'Case'> = {
  create: 'You may create cases only for units where you are a case handler or leader',
  update: `You may not change this case: ${OWNERS} may`,
  registerPost:
    "You may register documents only in cases you created, are responsible for or are an internal contact on, or as a leader of the case's unit",
  registerIncoming: 'Only the archive registers incoming letters in any case',
  manageContacts: `You may not change the internal contacts of this case: ${OWNERS} may`,
  assignResponsible:
    'You may not assign the case responsible of this case: leaders of its unit and the archive may',
  changeAccessGroup:
    'You may not change the access group of this case: leaders of its unit and the archive may',
  closeByHandler:
    'You may not close this case: its case responsible, leaders of its unit and the archive may',
  cancel: `You may not cancel this case: ${OWNERS} may`,
  approve: "You may not approve this case: the check of new cases is the archive's",
  close: 'You may not close this case for good: only the archive may',
  reopen: 'You may not reopen this case: only the archive reopens closed cases',
  addRemark: 'You may not add remarks (merknader) to this case',
};

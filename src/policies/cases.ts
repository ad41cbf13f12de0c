import { hasRole, unitsWithRole, type Viewer } from '../auth/viewer';
import { Role } from '../entities/enums';
import { type RuleBuilder } from './ability';
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
 * | closeByHandler    | case responsible, leaders of the unit                               |
 * | cancel            | creator, case responsible, leaders of the unit, archivists          |
 * | approve, close, reopen | archivists                                                     |
 *
 * The state a case must be in for each action is a domain rule (domain/cases.ts), not a policy.
 */
export function caseRules(viewer: Viewer, { can }: RuleBuilder): void {
  if (!isInternal(viewer)) return;
  const me = viewer.userId;
  can('read', 'Case');
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
      ['update', 'registerPost', 'manageContacts', 'assignResponsible', 'closeByHandler', 'cancel'],
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
        'cancel',
        'approve',
        'close',
        'reopen',
      ],
      'Case',
    );
  }
}

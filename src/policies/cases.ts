import { type Viewer } from '../auth/viewer';
import { type RuleBuilder } from './ability';
import { fullAccessConditions } from './records';
import { isInternal } from './viewerFacts';

/**
 * Cases (saker).
 *
 * | viewer                         | read (at least REDACTED) | readFull                       |
 * |--------------------------------|--------------------------|--------------------------------|
 * | public, or no current role     | none                     | none                           |
 * | internal user                  | every case               | by the internal-access rule    |
 *
 * Case fields: accessGroupId, createdById, caseResponsibleId, responsibleUnitId,
 * internalContactIds (list).
 */
export function caseRules(viewer: Viewer, { can }: RuleBuilder): void {
  if (!isInternal(viewer)) return;
  can('read', 'Case');
  const full = fullAccessConditions(viewer, {
    createdById: 'createdById',
    caseResponsibleId: 'caseResponsibleId',
    internalContactIds: 'internalContactIds',
    responsibleUnitId: 'responsibleUnitId',
  });
  if (full === true) can('readFull', 'Case');
  else for (const condition of full) can('readFull', 'Case', condition);
}

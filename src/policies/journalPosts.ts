import { type Viewer } from '../auth/viewer';
import { type RuleBuilder } from './ability';
import { fullAccessConditions } from './records';
import { isInternal } from './viewerFacts';

/**
 * Journal posts (journalposter). The post's own access group counts (inherited from the case at
 * registration unless set), with the case's relations and the post's responsible person.
 *
 * | viewer                         | read (at least REDACTED) | readFull                       |
 * |--------------------------------|--------------------------|--------------------------------|
 * | public, or no current role     | none (public journal only)| none                          |
 * | internal user                  | every post               | by the internal-access rule    |
 *
 * Journal post fields: accessGroupId, responsibleId, caseCreatedById, caseResponsibleId,
 * caseResponsibleUnitId, caseInternalContactIds (list).
 */
export function journalPostRules(viewer: Viewer, { can }: RuleBuilder): void {
  if (!isInternal(viewer)) return;
  can('read', 'JournalPost');
  const full = fullAccessConditions(viewer, {
    createdById: 'caseCreatedById',
    caseResponsibleId: 'caseResponsibleId',
    internalContactIds: 'caseInternalContactIds',
    responsibleUnitId: 'caseResponsibleUnitId',
    postResponsibleId: 'responsibleId',
  });
  if (full === true) can('readFull', 'JournalPost');
  else for (const condition of full) can('readFull', 'JournalPost', condition);
}

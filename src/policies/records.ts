import { hasRole, unitsWithRole, type UserViewer } from '../auth/viewer';
import { Role } from '../entities/enums';

/**
 * The internal-access rule of domain.md, for a record that may carry an access group. Returns the
 * conditions under which the viewer reads the record in full, each over the record's policy fields
 * (see fields.ts); `true` means every record.
 *
 * A record with an access group (tilgangsgruppe) is readable in full only by:
 *   - members of that access group,
 *   - archivists,
 *   - the user who created the case,
 *   - the case responsible (saksansvarlig),
 *   - internal contacts added to the case,
 *   - leaders of the case's responsible unit,
 *   - the user responsible for the journal post (only for journal posts).
 * A record without an access group is readable in full by every internal user.
 */
export function fullAccessConditions(
  viewer: UserViewer,
  names: {
    createdById: string;
    caseResponsibleId: string;
    internalContactIds: string;
    responsibleUnitId: string;
    postResponsibleId?: string;
  },
): true | Record<string, unknown>[] {
  if (hasRole(viewer, Role.ARCHIVIST)) return true;
  const leaderEverywhere = viewer.grants.some((g) => g.role === Role.LEADER && g.unitId === null);
  if (leaderEverywhere) return true;
  const leaderUnits = unitsWithRole(viewer, Role.LEADER);
  const me = viewer.userId;
  return [
    { accessGroupId: null },
    ...(viewer.accessGroupIds.length ? [{ accessGroupId: { $in: viewer.accessGroupIds } }] : []),
    { [names.createdById]: me },
    { [names.caseResponsibleId]: me },
    { [names.internalContactIds]: me },
    ...(leaderUnits.length ? [{ [names.responsibleUnitId]: { $in: leaderUnits } }] : []),
    ...(names.postResponsibleId ? [{ [names.postResponsibleId]: me }] : []),
  ];
}

import { hasRole, type Viewer } from '../auth/viewer';
import { Role } from '../entities/enums';
import { type Refusal } from './writes';

/**
 * Who follows up a unit's documents as a whole (docs/daily-routines.md, "Approval by document
 * type", "Restanseliste as a download"): the list of posts awaiting approval in a unit and the
 * unit's backlog download are for leaders (LEADER) of the unit or of a unit above it (or of the
 * whole organisation), and for archivists. Which rows they then get is the visible relation's
 * business (queries/journalPosts.ts), as for every list.
 */
export function refuseUnitFollowUp(
  viewer: Viewer,
  unitAndAbove: readonly string[],
): Refusal | null {
  if (viewer.kind !== 'user') return { code: 'FORBIDDEN', message: UNIT_FOLLOW_UP_REFUSAL };
  if (hasRole(viewer, Role.ARCHIVIST)) return null;
  const leads = viewer.grants.some(
    (g) => g.role === Role.LEADER && (g.unitId === null || unitAndAbove.includes(g.unitId)),
  );
  return leads ? null : { code: 'FORBIDDEN', message: UNIT_FOLLOW_UP_REFUSAL };
}

export const UNIT_FOLLOW_UP_REFUSAL =
  "Only leaders of the unit or of a unit above it, and archivists, follow up a unit's documents";

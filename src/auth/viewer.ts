import { Role } from '../entities/enums';

/** A role held now, for one unit or (unitId null) the whole organisation. */
export interface Grant {
  role: Role;
  unitId: string | null;
}

/**
 * Who is asking: loaded once per request from the bearer token. Only grants and memberships valid
 * at the moment of the request are here, so a change of grants takes effect on the next request.
 */
export type Viewer =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      /** The organisation the request acts in: the user's grants and records are of it alone */
      organisationId: string;
      userId: string;
      username: string;
      displayName: string;
      unitId: string | null;
      grants: Grant[];
      /** Access groups (tilgangsgrupper) the user is a current member of */
      accessGroupIds: string[];
      /**
       * An installation admin (installasjonsadministrator, table installation_admin): may create
       * and rename organisations. Gives nothing within an organisation. Absent: not one.
       */
      installationAdmin?: boolean;
    };

/** An organisation (arkivskaper) as a request names it */
export interface OrganisationRef {
  id: string;
  /** Short name for URLs and headers (kortnavn) */
  shortName: string;
  name: string;
}

export type UserViewer = Extract<Viewer, { kind: 'user' }>;

export const anonymousViewer: Viewer = { kind: 'anonymous' };

export function hasRole(viewer: Viewer, role: Role, unitId?: string | null): boolean {
  if (viewer.kind !== 'user') return false;
  return viewer.grants.some(
    (g) => g.role === role && (unitId === undefined || g.unitId === null || g.unitId === unitId),
  );
}

/** Units in which the viewer holds `role` (a grant without a unit is not counted here). */
export function unitsWithRole(viewer: Viewer, role: Role): string[] {
  if (viewer.kind !== 'user') return [];
  return viewer.grants.filter((g) => g.role === role && g.unitId !== null).map((g) => g.unitId!);
}

/** May the viewer create and rename organisations (installasjonsadministrator)? */
export function isInstallationAdmin(viewer: Viewer): boolean {
  return viewer.kind === 'user' && viewer.installationAdmin === true;
}

/**
 * Who a token was issued to: the username, and the organisation it acts in when the token names
 * one (docs/access-control.md, "Organisations").
 */
export interface Identity {
  username: string;
  /** The organisation claim: a short name or an id */
  organisation?: string;
}

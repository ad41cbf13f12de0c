import { type EntityManager } from '@mikro-orm/postgresql';
import { loadViewer } from '../auth/loadViewer';
import { anonymousViewer, type Identity, type OrganisationRef, type Viewer } from '../auth/viewer';
import {
  beginInOrganisation,
  endInOrganisation,
  onReplicaLane,
  type ReadLane,
} from '../db/organisationScope';
import { AppError, notFound, unauthenticated } from '../domain/errors';
import { findOrganisation, listOrganisations, organisationsOfUser } from '../queries/organisations';

export type { ReadLane };

/** The header by which a request names the organisation it acts in (short name or id). */
export const ORGANISATION_HEADER = 'x-organisation';

export interface RequestScope {
  viewer: Viewer;
  /** The organisation the request acts in; none for an anonymous request of several */
  organisation: OrganisationRef | null;
}

const refOf = (o: OrganisationRef): OrganisationRef => ({
  id: o.id,
  shortName: o.shortName,
  name: o.name,
});

const names = (o: OrganisationRef, ref: string) =>
  o.id === ref.toLowerCase() || o.shortName === ref.toLowerCase();

/**
 * Which organisation a signed-in person acts in (docs/access-control.md, "Organisations"): the one
 * the token's claim names, else the one the X-Organisation header names, else the only one they
 * work for. A token bound to one organisation is never used in another.
 */
async function organisationOfUser(
  em: EntityManager,
  identity: Identity,
  requested: string | undefined,
): Promise<OrganisationRef> {
  if (identity.organisation && requested && !(await sameOrganisation(em, identity, requested))) {
    throw unauthenticated('The access token was issued for another organisation');
  }
  const ref = identity.organisation ?? requested;
  const theirs = await organisationsOfUser(em, identity.username);
  if (ref) {
    const chosen = theirs.find((o) => names(o, ref));
    if (!chosen) throw unauthenticated('The user is unknown or deactivated in that organisation');
    return refOf(chosen);
  }
  if (theirs.length === 1) return refOf(theirs[0]!);
  if (theirs.length === 0) throw unauthenticated('The user is unknown or deactivated');
  throw new AppError(
    'BAD_USER_INPUT',
    `You work for several organisations: name one in the X-Organisation header (${theirs
      .map((o) => o.shortName)
      .join(', ')})`,
  );
}

async function sameOrganisation(em: EntityManager, identity: Identity, requested: string) {
  const [a, b] = await Promise.all([
    findOrganisation(em, identity.organisation!),
    findOrganisation(em, requested),
  ]);
  return a !== null && a.id === b?.id;
}

/** An anonymous request acts in the organisation it names, or in the only one there is. */
async function organisationOfPublic(
  em: EntityManager,
  requested: string | undefined,
): Promise<OrganisationRef | null> {
  if (requested) {
    const named = await findOrganisation(em, requested);
    if (!named) throw notFound('The organisation');
    return refOf(named);
  }
  const all = await listOrganisations(em);
  return all.length === 1 ? refOf(all[0]!) : null;
}

/**
 * Opens a request: decides its organisation, begins the one transaction its reads and changes run
 * in, set to that organisation (row-level security), and loads the viewer in it. End it with
 * `endRequest`. On failure nothing stays open. `lane`: `replica` for a request that only reads and
 * may read data up to REPLICA_MAX_LAG_MS old (docs/scaling.md, "Read replicas"); its transaction is
 * read-only.
 */
export async function beginRequest(
  em: EntityManager,
  identity: Identity | null,
  requested: string | undefined,
  lane: ReadLane = 'primary',
): Promise<RequestScope> {
  const organisation = identity
    ? await organisationOfUser(em, identity, requested)
    : await organisationOfPublic(em, requested);
  await beginInOrganisation(em, organisation?.id ?? null, { lane });
  if (!identity) return { viewer: anonymousViewer, organisation };
  const viewer = await loadViewer(em, { username: identity.username }).catch(async (err) => {
    await endInOrganisation(em, false);
    throw err;
  });
  if (!viewer) {
    await endInOrganisation(em, false);
    throw unauthenticated('The user is unknown or deactivated');
  }
  return { viewer, organisation };
}

/**
 * Sends the transactions of a request that only reads, and may read data up to REPLICA_MAX_LAG_MS
 * old, to a read replica (docs/scaling.md, "Read replicas"): `em` is the request's fresh fork.
 */
export function readFromReplica(em: EntityManager): void {
  onReplicaLane(em);
}

/** Ends the request's transaction: commits what it changed, or rolls back after a failure. */
export function endRequest(em: EntityManager, succeeded: boolean): Promise<void> {
  return endInOrganisation(em, succeeded);
}

/**
 * Commits what the request did so far and goes on in a new transaction of the same organisation:
 * for a note that must stay whatever happens next (the archive log's RECEIVED row,
 * services/deliveries.ts). The connection goes back to the pool before the next is taken, so a
 * request never holds two.
 */
export async function continueRequest(em: EntityManager, organisationId: string): Promise<void> {
  await endInOrganisation(em, true);
  await beginInOrganisation(em, organisationId);
}

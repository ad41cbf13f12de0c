import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';
import { inOrganisation } from '../db/organisationScope';
import { conflict, unauthenticated } from '../domain/errors';
import * as organisations from '../domain/organisations';
import { refuseOrganisationAdministration } from '../policies/organisations';
import { findOrganisation, type OrganisationRow } from '../queries/organisations';
import { type ServiceContext } from './context';
import { enforce } from './funnel';

/**
 * Creating and renaming organisations (arkivskapere), for installation admins only
 * (policies/organisations.ts). Each change runs in ONE transaction of its own set to the
 * organisation it is about, not to the one the request acts in: the rows it writes (the first
 * admin, the archive, the audit events) belong to that organisation, and row-level security lets
 * a transaction write only the rows of the organisation it has set.
 */

function installationActor(ctx: ServiceContext): organisations.InstallationActor {
  if (ctx.viewer.kind !== 'user') throw unauthenticated('Sign in to change organisations');
  enforce(refuseOrganisationAdministration(ctx.viewer));
  return { username: ctx.viewer.username, requestId: ctx.requestId, today: ctx.today };
}

async function inTheOrganisation<T>(
  ctx: ServiceContext,
  id: string,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await inOrganisation(ctx.em, id, async (em) => {
      const result = await work(em);
      await em.flush();
      return result;
    });
  } catch (err) {
    // Two organisations created at once with the same short name or number.
    if (err instanceof UniqueConstraintViolationException) {
      throw conflict('The short name or organisation number was taken at the same time; try again');
    }
    throw err;
  }
}

/** The directory row as the request's own transaction reads it, after the change committed. */
async function directoryRow(ctx: ServiceContext, id: string): Promise<OrganisationRow> {
  const row = await findOrganisation(ctx.em, id);
  if (!row) throw new Error(`The organisation ${id} was committed but cannot be read`);
  return row;
}

export async function createOrganisation(
  ctx: ServiceContext,
  input: organisations.NewOrganisation,
): Promise<OrganisationRow> {
  const actor = installationActor(ctx);
  const id = randomUUID();
  await inTheOrganisation(ctx, id, (em) => organisations.createOrganisation(em, actor, id, input));
  return directoryRow(ctx, id);
}

export async function updateOrganisation(
  ctx: ServiceContext,
  id: string,
  input: { name?: string | null; organisationNumber?: string | null },
): Promise<OrganisationRow> {
  const actor = installationActor(ctx);
  await inTheOrganisation(ctx, id, (em) => organisations.updateOrganisation(em, actor, id, input));
  return directoryRow(ctx, id);
}

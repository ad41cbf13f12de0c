import { type EntityManager } from '@mikro-orm/postgresql';
import {
  Archive,
  ArchivePart,
  ArchivePartStatus,
  Organisation,
  Role,
  RoleGrant,
  User,
} from '../entities';
import { USERNAME } from './administration';
import { recordAudit } from './audit';
import { conflict, notFound } from './errors';
import { InputErrors } from './inputErrors';

/**
 * Organisations (arkivskapere) of the installation: created and renamed by an installation admin,
 * never deleted. A new organisation starts with what its own people need to work: its first user
 * with the ADMIN grant, who creates the rest (units, users, grants), and an archive (arkiv) with an
 * ACTIVE part (arkivdel), without which no case can be registered. Nothing else is copied from
 * any other organisation.
 */

/** Who acts: an installation admin, who has no user row in the organisation created or changed. */
export interface InstallationActor {
  username: string;
  requestId: string;
  /** The calendar date in Norway: the first archive part's period starts on it */
  today: string;
}

/** Kortnavn: lower-case letters, digits and dashes, as the table's check has it. */
export const SHORT_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

const NAME_MAX = 200;

/** The weights of the MOD11 check digit of an organisation number (Brønnøysundregistrene). */
const MOD11_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

/** Is this nine digits whose last is the MOD11 check digit of the first eight? */
export function isOrganisationNumber(value: string): boolean {
  if (!/^[0-9]{9}$/.test(value)) return false;
  const sum = MOD11_WEIGHTS.reduce((s, w, i) => s + w * Number(value[i]), 0);
  const check = (11 - (sum % 11)) % 11;
  // A remainder of 1 would need the check digit 10: no number is given out with it.
  return check !== 10 && check === Number(value[8]);
}

function checkName(errors: InputErrors, path: string, value: string): string | undefined {
  const v = value.trim();
  if (!v) errors.add(path, 'REQUIRED', `${path} must not be empty`);
  else if (v.length > NAME_MAX) {
    errors.add(path, 'TOO_LONG', `${path} must be at most ${NAME_MAX} characters`, {
      max: NAME_MAX,
    });
  } else return v;
  return undefined;
}

function checkOrganisationNumber(
  errors: InputErrors,
  value: string | null | undefined,
): string | null | undefined {
  const v = value?.replace(/\s/g, '') ?? '';
  if (!v) return null;
  if (isOrganisationNumber(v)) return v;
  errors.add(
    'organisationNumber',
    'INVALID_FORMAT',
    'organisationNumber must be nine digits with a valid check digit (MOD11)',
  );
  return undefined;
}

async function assertUnique(
  em: EntityManager,
  fields: { shortName?: string; organisationNumber?: string | null },
  exceptId?: string,
): Promise<void> {
  const others = exceptId ? { id: { $ne: exceptId } } : {};
  if (
    fields.shortName &&
    (await em.count(Organisation, { ...others, shortName: fields.shortName }))
  ) {
    throw conflict(`An organisation with the short name "${fields.shortName}" already exists`);
  }
  const number = fields.organisationNumber;
  if (number && (await em.count(Organisation, { ...others, organisationNumber: number }))) {
    throw conflict(`An organisation with the organisation number ${number} already exists`);
  }
}

export interface NewOrganisation {
  name: string;
  shortName: string;
  organisationNumber?: string | null;
  firstAdmin: { username: string; displayName: string };
}

/**
 * Oppretting av arkivskaper. `em`'s transaction must be set to `id` (the organisation being
 * created): the rows of its first user, grant and archive take their organisation from it.
 */
export async function createOrganisation(
  em: EntityManager,
  actor: InstallationActor,
  id: string,
  input: NewOrganisation,
): Promise<Organisation> {
  const errors = new InputErrors();
  const name = checkName(errors, 'name', input.name);
  const shortName = input.shortName.trim();
  if (!SHORT_NAME.test(shortName)) {
    errors.add(
      'shortName',
      'INVALID_FORMAT',
      'shortName must be 1–40 characters: lower-case letters, digits or dashes, not starting with a dash',
    );
  }
  const organisationNumber = checkOrganisationNumber(errors, input.organisationNumber);
  const username = input.firstAdmin.username.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    errors.add(
      'firstAdmin.username',
      'INVALID_FORMAT',
      'username must be 2–64 characters: lower-case letters, digits, dot, dash or underscore',
    );
  }
  const displayName = checkName(errors, 'firstAdmin.displayName', input.firstAdmin.displayName);
  errors.throwIfAny();
  await assertUnique(em, { shortName, organisationNumber });

  const organisation = em.create(Organisation, {
    id,
    name: name!,
    shortName,
    organisationNumber: organisationNumber ?? null,
  });
  // Every other row refers to the organisation (organisation_id): it is written first.
  await em.flush();

  const admin = em.create(User, { username, displayName: displayName! });
  const grant = em.create(RoleGrant, { user: admin, role: Role.ADMIN, unit: null });
  const archive = em.create(Archive, { title: `Arkiv for ${name!}`, recordsCreatorName: name! });
  const part = em.create(ArchivePart, {
    archive,
    title: 'Sakarkiv',
    status: ArchivePartStatus.ACTIVE,
    periodStart: actor.today,
  });
  const by = { actorId: null, requestId: actor.requestId };
  const reason = `Created by the installation admin ${actor.username}`;
  recordAudit(em, {
    ...by,
    action: 'organisation.create',
    targetType: 'Organisation',
    targetId: id,
    reason,
    changes: {
      name: { old: null, new: organisation.name },
      shortName: { old: null, new: shortName },
      organisationNumber: { old: null, new: organisation.organisationNumber ?? null },
    },
  });
  recordAudit(em, {
    ...by,
    action: 'user.create',
    targetType: 'User',
    targetId: admin.id,
    reason,
    changes: {
      username: { old: null, new: username },
      displayName: { old: null, new: admin.displayName },
      unitId: { old: null, new: null },
    },
  });
  recordAudit(em, {
    ...by,
    action: 'user.assignRole',
    targetType: 'User',
    targetId: admin.id,
    reason,
    changes: { grant: { old: null, new: { id: grant.id, role: Role.ADMIN, unitId: null } } },
  });
  recordAudit(em, {
    ...by,
    action: 'archivePart.create',
    targetType: 'ArchivePart',
    targetId: part.id,
    reason,
    changes: {
      title: { old: null, new: part.title },
      status: { old: null, new: part.status },
      periodStart: { old: null, new: part.periodStart },
    },
  });
  return organisation;
}

/**
 * A new name or organisation number (ny arkivskapernavn / nytt organisasjonsnummer). The short
 * name stays: it is in URLs, headers and tokens. `em`'s transaction is set to `id`.
 */
export async function updateOrganisation(
  em: EntityManager,
  actor: InstallationActor,
  id: string,
  input: { name?: string | null; organisationNumber?: string | null },
): Promise<Organisation> {
  const errors = new InputErrors();
  const name = input.name == null ? undefined : checkName(errors, 'name', input.name);
  const organisationNumber =
    input.organisationNumber === undefined
      ? undefined
      : checkOrganisationNumber(errors, input.organisationNumber);
  errors.throwIfAny();
  const organisation = await em.findOne(Organisation, { id });
  if (!organisation) throw notFound('The organisation');
  if (organisationNumber) await assertUnique(em, { organisationNumber }, id);
  const before = { name: organisation.name, organisationNumber: organisation.organisationNumber };
  if (name !== undefined) organisation.name = name;
  if (organisationNumber !== undefined) organisation.organisationNumber = organisationNumber;
  const changes = Object.fromEntries(
    (['name', 'organisationNumber'] as const)
      .filter((k) => (before[k] ?? null) !== (organisation[k] ?? null))
      .map((k) => [k, { old: before[k] ?? null, new: organisation[k] ?? null }]),
  );
  recordAudit(em, {
    actorId: null,
    requestId: actor.requestId,
    action: 'organisation.update',
    targetType: 'Organisation',
    targetId: id,
    reason: `Changed by the installation admin ${actor.username}`,
    changes,
  });
  return organisation;
}

import { type EntityManager } from '@mikro-orm/postgresql';
import { CaseParty } from '../entities';
import { type Actor } from './administration';
import { recordAudit } from './audit';
import { assertChangeable, loadCase } from './cases';
import { type FieldPath, notFound } from './errors';
import { checkIdentifier, maskIdentifier } from './identifiers';
import { InputErrors } from './inputErrors';
import { containsNationalId } from './nationalId';

/**
 * Parties of a case (sakspart, Noark 5 `part`): the rules of what a party holds and the changes,
 * each in the caller's transaction with its audit event. WHO may change them is decided before
 * (services/cases.ts: the `update` rule of the case, so only those who read the case in full).
 */

const NAME_MAX = 500;
const ROLE_MAX = 100;
const ADDRESS_MAX = 500;
const POSTAL_CODE_MAX = 20;
const POSTAL_TOWN_MAX = 200;

/** A party as stored, identifiers as digits only. */
export interface PartyData {
  name: string;
  role: string;
  nationalId: string | null;
  organizationNumber: string | null;
  postalAddress: string | null;
  postalCode: string | null;
  postalTown: string | null;
}

/** A party's fields as the input gives them: undefined = not given (keep, on an update). */
export type PartyInput = { [K in keyof PartyData]?: string | null };

function text(
  errors: InputErrors,
  path: FieldPath,
  value: string | null | undefined,
  max: number,
  required?: string,
): string | null {
  const t = value?.trim() || null;
  if (!t && required) errors.add(path, 'REQUIRED', `${required} is required`);
  else if (t && t.length > max) {
    errors.add(path, 'TOO_LONG', `At most ${max} characters`, { max });
  }
  return t;
}

/**
 * Checks a whole party: a name and a role (partNavn, partRolle), at most one identifier (a
 * person's national id or an organisation's number, each with valid check digits), and no
 * national identity number written into the name or the address, where it would be shown to
 * viewers who may not see identifiers. Every mistake at once; no message repeats a number.
 */
export function checkParty(input: PartyInput, position?: number | null): PartyData {
  const errors = new InputErrors();
  if (position !== undefined && position !== null && position < 0) {
    errors.add(['position'], 'OUT_OF_RANGE', 'The position is 0 or more', { min: 0 });
  }
  const name = text(errors, ['name'], input.name, NAME_MAX, 'The name of the party (partNavn)');
  const role = text(errors, ['role'], input.role, ROLE_MAX, 'The role of the party (partRolle)');
  const nationalId = checkIdentifier(errors, ['nationalId'], 'nationalId', input.nationalId);
  const organizationNumber = checkIdentifier(
    errors,
    ['organizationNumber'],
    'organizationNumber',
    input.organizationNumber,
  );
  if (nationalId && organizationNumber) {
    errors.add(
      ['organizationNumber'],
      'NOT_ALLOWED',
      'A party is a person (national identity number) or an organisation (organisation number), not both',
    );
  }
  const postalAddress = text(errors, ['postalAddress'], input.postalAddress, ADDRESS_MAX);
  const postalCode = text(errors, ['postalCode'], input.postalCode, POSTAL_CODE_MAX);
  const postalTown = text(errors, ['postalTown'], input.postalTown, POSTAL_TOWN_MAX);
  for (const [field, value] of [
    ['name', name],
    ['postalAddress', postalAddress],
  ] as const) {
    if (value && containsNationalId(value)) {
      errors.add(
        [field],
        'NOT_ALLOWED',
        'Contains a national identity number; give it as nationalId, which only those who read the case in full see',
      );
    }
  }
  errors.throwIfAny();
  return {
    name: name!,
    role: role!,
    nationalId: nationalId ?? null,
    organizationNumber: organizationNumber ?? null,
    postalAddress,
    postalCode,
    postalTown,
  };
}

/** What the audit trail keeps of a party: identifiers masked (never the number). */
export const partySnapshot = (p: PartyData) => ({
  name: p.name,
  role: p.role,
  nationalId: maskIdentifier(p.nationalId),
  organizationNumber: maskIdentifier(p.organizationNumber),
  postalAddress: p.postalAddress,
  postalCode: p.postalCode,
  postalTown: p.postalTown,
});

const dataOf = (p: CaseParty): PartyData => ({
  name: p.name,
  role: p.role,
  nationalId: p.nationalId ?? null,
  organizationNumber: p.organizationNumber ?? null,
  postalAddress: p.postalAddress ?? null,
  postalCode: p.postalCode ?? null,
  postalTown: p.postalTown ?? null,
});

const partiesOf = (em: EntityManager, caseId: string) =>
  em.find(CaseParty, { case: caseId }, { orderBy: { position: 'asc' } });

/**
 * Places `party` at `position` (last when not given or past the end) and numbers the parties
 * 0..n in their order. A negative position was refused by checkParty.
 */
function reorder(parties: CaseParty[], party: CaseParty, position: number | null | undefined) {
  const others = parties.filter((p) => p !== party);
  const at = Math.min(position ?? others.length, others.length);
  others.splice(at, 0, party);
  others.forEach((p, i) => {
    p.position = i;
  });
}

function auditParty(
  em: EntityManager,
  actor: Actor,
  action: string,
  caseId: string,
  partyId: string,
  old: (PartyData & { position: number }) | null,
  next: (PartyData & { position: number }) | null,
) {
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: `case.${action}`,
    targetType: 'Case',
    targetId: caseId,
    changes: {
      party: {
        old: old && { id: partyId, position: old.position, ...partySnapshot(old) },
        new: next && { id: partyId, position: next.position, ...partySnapshot(next) },
      },
    },
  });
}

/** Legg til sakspart, at `position` or last. Returns the new party's id. */
export async function addCaseParty(
  em: EntityManager,
  actor: Actor,
  caseId: string,
  input: PartyInput & { position?: number | null },
): Promise<string> {
  const c = await loadCase(em, caseId);
  assertChangeable(c);
  const data = checkParty(input, input.position);
  const parties = await partiesOf(em, caseId);
  const party = em.create(CaseParty, { case: c, position: parties.length, ...data });
  reorder(parties, party, input.position);
  c.updatedAt = new Date();
  auditParty(em, actor, 'addParty', caseId, party.id, null, { ...data, position: party.position });
  return party.id;
}

async function partyOfCase(em: EntityManager, caseId: string, partyId: string) {
  const parties = await partiesOf(em, caseId);
  const party = parties.find((p) => p.id === partyId);
  if (!party) throw notFound('The party (sakspart)');
  return { parties, party };
}

/** Endre sakspart: the fields given change (null clears an optional one). */
export async function updateCaseParty(
  em: EntityManager,
  actor: Actor,
  caseId: string,
  partyId: string,
  input: PartyInput & { position?: number | null },
): Promise<void> {
  const c = await loadCase(em, caseId);
  assertChangeable(c);
  const { parties, party } = await partyOfCase(em, caseId, partyId);
  const old = dataOf(party);
  const merged = Object.fromEntries(
    Object.entries(old).map(([k, v]) => {
      const given = input[k as keyof PartyData];
      return [k, given === undefined ? v : given];
    }),
  ) as PartyInput;
  const data = checkParty(merged, input.position);
  Object.assign(party, data);
  const oldPosition = party.position;
  if (input.position !== undefined && input.position !== null) {
    reorder(parties, party, input.position);
  }
  const same = JSON.stringify(old) === JSON.stringify(data) && party.position === oldPosition;
  if (same) return;
  c.updatedAt = new Date();
  auditParty(
    em,
    actor,
    'updateParty',
    caseId,
    party.id,
    { ...old, position: oldPosition },
    { ...data, position: party.position },
  );
}

/** Fjern sakspart; the others close up. */
export async function removeCaseParty(
  em: EntityManager,
  actor: Actor,
  caseId: string,
  partyId: string,
): Promise<void> {
  const c = await loadCase(em, caseId);
  assertChangeable(c);
  const { parties, party } = await partyOfCase(em, caseId, partyId);
  em.remove(party);
  parties
    .filter((p) => p !== party)
    .forEach((p, i) => {
      p.position = i;
    });
  c.updatedAt = new Date();
  auditParty(
    em,
    actor,
    'removeParty',
    caseId,
    party.id,
    { ...dataOf(party), position: party.position },
    null,
  );
}

import { type EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../domain/errors';
import { type Candidate, ELIGIBILITY_REFUSALS } from '../policies/eligibility';
import { candidateFacts, unitWithParents } from '../queries/facts';

/**
 * Who a write may name (docs/access-control.md, "Who may be named"): the services ask the
 * eligibility rules here before the domain makes the change. A refusal is BAD_USER_INPUT on the
 * argument that named the user, and reads the same whether the user is unknown or not eligible.
 */
export async function ensureEligible(
  em: EntityManager,
  field: string,
  userId: string,
  rule: (candidate: Candidate) => boolean,
  refusal: keyof typeof ELIGIBILITY_REFUSALS,
): Promise<void> {
  const candidate = await candidateFacts(em, userId);
  if (!candidate || !rule(candidate)) {
    throw badInput(field, 'NOT_ALLOWED', `${field} ${ELIGIBILITY_REFUSALS[refusal]}`);
  }
}

/** The given units and every unit above them, without repeats (an approver's reach). */
export async function unitsAndParents(
  em: EntityManager,
  unitIds: readonly string[],
): Promise<string[]> {
  const out = new Set<string>();
  for (const id of new Set(unitIds)) for (const u of await unitWithParents(em, id)) out.add(u);
  return [...out];
}

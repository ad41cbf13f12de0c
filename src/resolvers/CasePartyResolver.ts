import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { type PartyInput } from '../domain/caseParties';
import * as cases from '../services/cases';
import {
  AddCasePartyInput,
  RemoveCasePartyInput,
  UpdateCasePartyInput,
} from '../schema/inputs/caseParties';
import { CaseView } from '../schema/types/records';
import { argId } from './args';
import { caseTarget, caseView } from './CaseMutationResolver';
import { type Context } from './context';

/** The fields of a party the input gives; left out stays undefined (keep, on a change). */
function partyFields(input: AddCasePartyInput | UpdateCasePartyInput): PartyInput {
  const fields: PartyInput = {};
  for (const key of [
    'name',
    'role',
    'nationalId',
    'organizationNumber',
    'postalAddress',
    'postalCode',
    'postalTown',
  ] as const) {
    if (input[key] !== undefined) fields[key] = input[key];
  }
  return fields;
}

/**
 * Parties of a case (sakspart) as GraphQL: each mutation changes the case (the write rule of
 * `updateCase`) and answers with the case as the viewer sees it now.
 */
@Resolver()
export class CasePartyResolver {
  @Mutation(() => CaseView, {
    description:
      'Add a party (legge til sakspart) to a case: a person with a national identity number or an organisation with an organisation number, or neither. For those who may change the case; not on closed or cancelled cases',
  })
  async addCaseParty(
    @Arg('input', () => AddCasePartyInput, { description: 'The case (sak) and the new party' })
    input: AddCasePartyInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const id = await cases.addCaseParty(ctx, caseTarget(input), {
      ...partyFields(input),
      position: input.position,
    });
    return caseView(ctx, id);
  }

  @Mutation(() => CaseView, {
    description:
      'Change a party (endre sakspart) of a case: only the fields given change; null clears an optional one',
  })
  async updateCaseParty(
    @Arg('input', () => UpdateCasePartyInput, {
      description: 'The case (sak), the party and its changes',
    })
    input: UpdateCasePartyInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const partyId = argId('CaseParty', 'partyId', input.partyId)!;
    const id = await cases.updateCaseParty(ctx, caseTarget(input), partyId, {
      ...partyFields(input),
      position: input.position,
    });
    return caseView(ctx, id);
  }

  @Mutation(() => CaseView, {
    description: 'Remove a party (fjerne sakspart) from a case; the others close up',
  })
  async removeCaseParty(
    @Arg('input', () => RemoveCasePartyInput, {
      description: 'The case (sak) and the party to remove',
    })
    input: RemoveCasePartyInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const partyId = argId('CaseParty', 'partyId', input.partyId)!;
    return caseView(ctx, await cases.removeCaseParty(ctx, caseTarget(input), partyId));
  }
}

import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { notFound } from '../domain/errors';
import * as cases from '../services/cases';
import { type Target } from '../services/funnel';
import {
  AddInternalContactInput,
  ApproveCaseInput,
  AssignCaseResponsibleInput,
  CancelCaseInput,
  CloseCaseInput,
  RemoveInternalContactInput,
  ReopenCaseInput,
} from '../schema/inputs/caseActions';
import { CreateCaseInput, UpdateCaseInput } from '../schema/inputs/records';
import { type CaseTargetInput } from '../schema/inputs/targets';
import { CaseView } from '../schema/types/records';
import { argId, argIds } from './args';
import { type Context } from './context';

/**
 * The case life cycle (domain.md, "Life cycle"), as GraphQL: each mutation takes one input,
 * resolves its ids, asks one function of services/cases.ts, and answers with the case as the
 * viewer sees it now. Field errors name fields of the input.
 */

/** The case an input is about, with the version the client loaded. */
export const caseTarget = (input: CaseTargetInput): Target => ({
  id: argId('Case', 'id', input.id)!,
  expectedVersion: input.expectedVersion,
});

const userIdOf = (input: { userId: string }): string => argId('User', 'userId', input.userId)!;

/** The case as the viewer sees it after the change. */
export async function caseView(ctx: Context, id: string): Promise<CaseView> {
  ctx.loaders.caseFacts.clear(id);
  const view = await ctx.loaders.case.clear(id).load(id);
  if (!view) throw notFound('The case');
  return view;
}

@Resolver()
export class CaseMutationResolver {
  @Mutation(() => CaseView, {
    description:
      'Create a case (opprette sak): it gets the next case number (saksnummer) of the year. RESERVED until the archive has checked it; IN_PROGRESS at once when the archive creates it',
  })
  async createCase(
    @Arg('input', () => CreateCaseInput, { description: 'The new case (ny sak)' })
    input: CreateCaseInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const ids = argIds({
      responsibleUnitId: ['Unit', input.responsibleUnitId],
      caseResponsibleId: ['User', input.caseResponsibleId],
      accessGroupId: ['AccessGroup', input.accessGroupId],
      screeningCodeId: ['ScreeningCode', input.screeningCodeId],
    });
    const id = await cases.createCase(ctx, {
      title: input.title,
      publicTitle: input.publicTitle ?? null,
      ...ids,
      responsibleUnitId: ids.responsibleUnitId!,
      screenedFields: input.screenedFields ?? null,
      legalBasis: input.legalBasis ?? null,
    });
    return caseView(ctx, id);
  }

  @Mutation(() => CaseView, {
    description:
      "Change a case (endre sak): only the fields given change (null clears a field, or returns it to the default of the screening code). Not on closed or cancelled cases. A new access group (tilgangsgruppe) is for leaders of the case's unit and the archive",
  })
  async updateCase(
    @Arg('input', () => UpdateCaseInput, { description: 'The case (sak) and its changes' })
    input: UpdateCaseInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const target = caseTarget(input);
    const changes: cases.CaseChanges = {};
    if (input.title !== undefined) changes.title = input.title;
    if (input.publicTitle !== undefined) changes.publicTitle = input.publicTitle;
    if (input.accessGroupId !== undefined) {
      changes.accessGroupId = argId('AccessGroup', 'accessGroupId', input.accessGroupId);
    }
    if (input.screeningCodeId !== undefined) {
      changes.screeningCodeId = argId('ScreeningCode', 'screeningCodeId', input.screeningCodeId);
    }
    if (input.screenedFields !== undefined) changes.screenedFields = input.screenedFields;
    if (input.legalBasis !== undefined) changes.legalBasis = input.legalBasis;
    return caseView(ctx, await cases.updateCase(ctx, target, changes));
  }

  @Mutation(() => CaseView, {
    description:
      "Approve a case (godkjenne sak, the archive's check): the archive's check, RESERVED → IN_PROGRESS",
  })
  async approveCase(
    @Arg('input', () => ApproveCaseInput, { description: 'The case (sak) to approve' })
    input: ApproveCaseInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    return caseView(ctx, await cases.approveCase(ctx, caseTarget(input)));
  }

  @Mutation(() => CaseView, {
    description:
      'Close a case (avslutte sak): the archive closes for good (CLOSED; every journal post not cancelled becomes ARCHIVED); the case responsible or a leader of the unit closes as handler (CLOSED_BY_HANDLER). Open I and N posts are written off with CASE_CLOSED (SA). Refused while any journal post is unfinished. An optional remark saying why is kept as a CLOSING remark (merknad)',
  })
  async closeCase(
    @Arg('input', () => CloseCaseInput, { description: 'The case (sak) to close' })
    input: CloseCaseInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    return caseView(ctx, await cases.closeCase(ctx, caseTarget(input), input.remark ?? null));
  }

  @Mutation(() => CaseView, {
    description:
      'Reopen a case (gjenåpne sak, the archive): a closed case is IN_PROGRESS again; a reason is required',
  })
  async reopenCase(
    @Arg('input', () => ReopenCaseInput, { description: 'The case (sak) to reopen, and why' })
    input: ReopenCaseInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    return caseView(ctx, await cases.reopenCase(ctx, caseTarget(input), input.reason));
  }

  @Mutation(() => CaseView, {
    description:
      'Cancel a case (sak utgår), e.g. a duplicate: it stays on record as CANCELLED. Only an open case whose journal posts are all cancelled',
  })
  async cancelCase(
    @Arg('input', () => CancelCaseInput, { description: 'The case (sak) to cancel, and why' })
    input: CancelCaseInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    return caseView(ctx, await cases.cancelCase(ctx, caseTarget(input), input.reason));
  }

  @Mutation(() => CaseView, {
    description:
      'Add an internal contact (legge til intern kontakt): the user (any active user holding a role) may then read the case in full, also when it has an access group',
  })
  async addInternalContact(
    @Arg('input', () => AddInternalContactInput, {
      description: 'The case (sak) and the new internal contact (intern kontakt)',
    })
    input: AddInternalContactInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const target = caseTarget(input);
    return caseView(ctx, await cases.addInternalContact(ctx, target, userIdOf(input)));
  }

  @Mutation(() => CaseView, {
    description: 'Remove an internal contact (fjerne intern kontakt) from a case',
  })
  async removeInternalContact(
    @Arg('input', () => RemoveInternalContactInput, {
      description: 'The case (sak) and the internal contact (intern kontakt) to remove',
    })
    input: RemoveInternalContactInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const target = caseTarget(input);
    return caseView(ctx, await cases.removeInternalContact(ctx, target, userIdOf(input)));
  }

  @Mutation(() => CaseView, {
    description:
      "Assign the case responsible (tildele saksansvarlig, omfordeling): a leader of the case's unit or the archive gives the case to a case handler or leader of that unit, or an archivist. With responsibleUnitId the case moves to another unit (ny ansvarlig enhet, a pupil changes school) and its journal posts of the old unit follow; the actor must read every post of the case in full. With carryOpenPosts the open posts of the previous case responsible (or of nobody) go to the new one",
  })
  async assignCaseResponsible(
    @Arg('input', () => AssignCaseResponsibleInput, {
      description: 'The case (sak) and its new case responsible (saksansvarlig)',
    })
    input: AssignCaseResponsibleInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const target = caseTarget(input);
    const unitId = argId('Unit', 'responsibleUnitId', input.responsibleUnitId);
    return caseView(
      ctx,
      await cases.assignCaseResponsible(
        ctx,
        target,
        userIdOf(input),
        unitId ?? null,
        input.carryOpenPosts,
      ),
    );
  }
}

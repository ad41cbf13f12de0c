import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { notFound } from '../domain/errors';
import * as cases from '../services/cases';
import { CreateCaseInput, UpdateCaseInput } from '../schema/inputs/records';
import { CaseView } from '../schema/types/records';
import { argId } from './args';
import { type Context } from './context';

/**
 * The case life cycle (domain.md, "Life cycle"), as GraphQL: each mutation resolves its ids, asks
 * one function of services/cases.ts, and answers with the case as the viewer sees it now.
 */

/** A case id argument; a malformed one is BAD_USER_INPUT, an unknown one NOT_FOUND later. */
const caseIdArg = (field: string, value: string) => argId('Case', field, value)!;

/** The case and the user of the mutations that name one. */
const caseAndUser = (caseId: string, userId: string) => ({
  caseId: caseIdArg('caseId', caseId),
  userId: argId('User', 'userId', userId)!,
});

/** The case as the viewer sees it after the change. */
async function caseView(ctx: Context, id: string): Promise<CaseView> {
  ctx.loaders.caseFacts.clear(id);
  const view = await ctx.loaders.case.clear(id).load(id);
  if (!view) throw notFound('The case');
  return view;
}

@Resolver()
export class CaseMutationResolver {
  @Mutation(() => CaseView, {
    description:
      'Opprett sak: gets the next case number (saksnummer) of the year. RESERVED until the archive has checked it; IN_PROGRESS at once when the archive creates it',
  })
  async createCase(
    @Arg('input', () => CreateCaseInput, { description: 'Ny sak' }) input: CreateCaseInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const id = await cases.createCase(ctx, {
      title: input.title,
      publicTitle: input.publicTitle ?? null,
      responsibleUnitId: argId('Unit', 'responsibleUnitId', input.responsibleUnitId)!,
      caseResponsibleId: argId('User', 'caseResponsibleId', input.caseResponsibleId),
      accessGroupId: argId('AccessGroup', 'accessGroupId', input.accessGroupId),
      screeningCodeId: argId('ScreeningCode', 'screeningCodeId', input.screeningCodeId),
      screenedFields: input.screenedFields ?? null,
      legalBasis: input.legalBasis ?? null,
    });
    return caseView(ctx, id);
  }

  @Mutation(() => CaseView, {
    description:
      "Endre sak: only the fields given change (null clears a field, or returns it to the default of the screening code). Not on closed or cancelled cases. A new access group (tilgangsgruppe) is for leaders of the case's unit and the archive",
  })
  async updateCase(
    @Arg('id', () => ID, { description: 'Saken' }) id: string,
    @Arg('input', () => UpdateCaseInput, { description: 'Endringene' }) input: UpdateCaseInput,
    @Ctx() ctx: Context,
    @Arg('expectedVersion', () => Int, {
      nullable: true,
      description: 'The version you loaded; a change by someone else since then is CONFLICT',
    })
    expectedVersion?: number | null,
  ): Promise<CaseView> {
    const caseId = caseIdArg('id', id);
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
    return caseView(ctx, await cases.updateCase(ctx, caseId, changes, expectedVersion));
  }

  @Mutation(() => CaseView, {
    description: "Godkjenn sak (arkivets kontroll): the archive's check, RESERVED → IN_PROGRESS",
  })
  async approveCase(
    @Arg('id', () => ID, { description: 'Saken' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    return caseView(ctx, await cases.approveCase(ctx, caseIdArg('id', id)));
  }

  @Mutation(() => CaseView, {
    description:
      'Avslutt sak: the archive closes for good (CLOSED; every journal post not cancelled becomes ARCHIVED); the case responsible or a leader of the unit closes as handler (CLOSED_BY_HANDLER). Open I and N posts are written off with CASE_CLOSED (SA). Refused while any journal post is unfinished',
  })
  async closeCase(
    @Arg('id', () => ID, { description: 'Saken' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    return caseView(ctx, await cases.closeCase(ctx, caseIdArg('id', id)));
  }

  @Mutation(() => CaseView, {
    description: 'Gjenåpne sak (arkivet): a closed case is IN_PROGRESS again; a reason is required',
  })
  async reopenCase(
    @Arg('id', () => ID, { description: 'Saken' }) id: string,
    @Arg('reason', {
      description: 'Begrunnelse: why the case is reopened (kept in the audit trail)',
    })
    reason: string,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    return caseView(ctx, await cases.reopenCase(ctx, caseIdArg('id', id), reason));
  }

  @Mutation(() => CaseView, {
    description:
      'Sak utgår (cancel a case), e.g. a duplicate: it stays on record as CANCELLED. Only an open case whose journal posts are all cancelled',
  })
  async cancelCase(
    @Arg('id', () => ID, { description: 'Saken' }) id: string,
    @Arg('reason', {
      description: 'Begrunnelse: why the case is cancelled (kept in the audit trail)',
    })
    reason: string,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    return caseView(ctx, await cases.cancelCase(ctx, caseIdArg('id', id), reason));
  }

  @Mutation(() => CaseView, {
    description:
      'Legg til intern kontakt: the user (any active user holding a role) may then read the case in full, also when it has an access group',
  })
  async addInternalContact(
    @Arg('caseId', () => ID, { description: 'Saken' }) caseId: string,
    @Arg('userId', () => ID, { description: 'Brukeren som blir intern kontakt' }) userId: string,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    return caseView(ctx, await cases.addInternalContact(ctx, caseAndUser(caseId, userId)));
  }

  @Mutation(() => CaseView, { description: 'Fjern intern kontakt' })
  async removeInternalContact(
    @Arg('caseId', () => ID, { description: 'Saken' }) caseId: string,
    @Arg('userId', () => ID, { description: 'Den interne kontakten som fjernes' }) userId: string,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    return caseView(ctx, await cases.removeInternalContact(ctx, caseAndUser(caseId, userId)));
  }

  @Mutation(() => CaseView, {
    description:
      "Tildel saksansvarlig (omfordeling): a leader of the case's unit or the archive gives the case to a case handler or leader of that unit, or an archivist",
  })
  async assignCaseResponsible(
    @Arg('caseId', () => ID, { description: 'Saken' }) caseId: string,
    @Arg('userId', () => ID, { description: 'Ny saksansvarlig' }) userId: string,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    return caseView(ctx, await cases.assignCaseResponsible(ctx, caseAndUser(caseId, userId)));
  }
}

import { type EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import * as cases from '../domain/cases';
import { forbidden, notFound } from '../domain/errors';
import { assertExpectedVersion } from '../domain/versions';
import { asSubject } from '../policies/ability';
import { type WriteAction } from '../policies/writes';
import { caseFacts } from '../queries/facts';
import { CreateCaseInput, UpdateCaseInput } from '../schema/inputs/records';
import { CaseView } from '../schema/types/records';
import { argId } from './args';
import { type Context } from './context';
import { actorOf, authorize, mutate } from './mutation';

/**
 * The case life cycle (domain.md, "Life cycle"). Each mutation: check the input, ask the
 * policies (policies/cases.ts) whether the viewer may, let the domain (domain/cases.ts) check the
 * case's state and make the change with its audit event in one transaction, then answer with the
 * case as the viewer sees it now.
 */

/** A case id argument; a malformed one is BAD_USER_INPUT, an unknown one NOT_FOUND later. */
const caseIdArg = (field: string, value: string) => argId('Case', field, value)!;

/**
 * NOT_FOUND when the case does not exist for the viewer, FORBIDDEN (naming the case by its
 * number, which every internal user may see) when they see it but may not `action` it.
 */
async function authorizeCase(
  ctx: Context,
  em: EntityManager,
  action: WriteAction<'Case'>,
  id: string,
  refusal: (caseNumber: string) => string,
): Promise<void> {
  const found = await cases.findCase(em, id);
  await authorize(ctx, em, action, 'Case', found?.id ?? null, refusal(found?.caseNumber ?? ''));
}

/**
 * One case mutation: in one transaction, check that the viewer may `action` the case, let the
 * domain make the change with its audit event; then answer with the case as the viewer sees it.
 */
async function onCase(
  ctx: Context,
  id: string,
  action: WriteAction<'Case'>,
  refusal: (caseNumber: string) => string,
  change: (em: EntityManager) => Promise<unknown>,
): Promise<CaseView> {
  await mutate(ctx, async (em) => {
    await authorizeCase(ctx, em, action, id, refusal);
    await change(em);
  });
  return caseView(ctx, id);
}

/** The case as the viewer sees it after the change. */
async function caseView(ctx: Context, id: string): Promise<CaseView> {
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
    const actor = actorOf(ctx);
    const unitId = argId('Unit', 'responsibleUnitId', input.responsibleUnitId)!;
    const data = {
      title: input.title,
      publicTitle: input.publicTitle ?? null,
      responsibleUnitId: unitId,
      caseResponsibleId: argId('User', 'caseResponsibleId', input.caseResponsibleId),
      accessGroupId: argId('AccessGroup', 'accessGroupId', input.accessGroupId),
      screeningCodeId: argId('ScreeningCode', 'screeningCodeId', input.screeningCodeId),
      screenedFields: input.screenedFields ?? null,
      legalBasis: input.legalBasis ?? null,
      today: ctx.today,
    };
    const created = await mutate(ctx, async (em) => {
      const unit = await cases.responsibleUnit(em, unitId);
      const subject = asSubject('Case', { responsibleUnitId: unit.id });
      if (!ctx.ability.can('create', subject)) {
        throw forbidden(`You may not create cases for ${unit.name}`);
      }
      // Whoever may do the archive's check creates a case that needs none.
      const checkedByArchive = ctx.ability.can('approve', subject);
      return cases.createCase(em, actor, { ...data, checkedByArchive });
    });
    return caseView(ctx, created.id);
  }

  @Mutation(() => CaseView, {
    description:
      'Endre sak: only the fields given change (null clears a field, or returns it to the default of the screening code). Not on closed or cancelled cases',
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
    const actor = actorOf(ctx);
    const caseId = caseIdArg('id', id);
    const data: cases.UpdateCaseData = { today: ctx.today };
    if (input.title !== undefined) data.title = input.title;
    if (input.publicTitle !== undefined) data.publicTitle = input.publicTitle;
    if (input.accessGroupId !== undefined) {
      data.accessGroupId = argId('AccessGroup', 'accessGroupId', input.accessGroupId);
    }
    if (input.screeningCodeId !== undefined) {
      data.screeningCodeId = argId('ScreeningCode', 'screeningCodeId', input.screeningCodeId);
    }
    if (input.screenedFields !== undefined) data.screenedFields = input.screenedFields;
    if (input.legalBasis !== undefined) data.legalBasis = input.legalBasis;
    return onCase(
      ctx,
      caseId,
      'update',
      (n) =>
        `You may not change the case ${n}: its creator, its case responsible, leaders of its unit and the archive may`,
      async (em) => {
        const current = await cases.findCase(em, caseId);
        if (current)
          assertExpectedVersion(current, expectedVersion, `The case ${current.caseNumber}`);
        return cases.updateCase(em, actor, caseId, data);
      },
    );
  }

  @Mutation(() => CaseView, {
    description: "Godkjenn sak (arkivets kontroll): the archive's check, RESERVED → IN_PROGRESS",
  })
  async approveCase(
    @Arg('id', () => ID, { description: 'Saken' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const actor = actorOf(ctx);
    const caseId = caseIdArg('id', id);
    return onCase(
      ctx,
      caseId,
      'approve',
      (n) => `You may not approve the case ${n}: the check of new cases is the archive's`,
      (em) => cases.approveCase(em, actor, caseId),
    );
  }

  @Mutation(() => CaseView, {
    description:
      'Avslutt sak: the archive closes for good (CLOSED; every journal post not cancelled becomes ARCHIVED); the case responsible or a leader of the unit closes as handler (CLOSED_BY_HANDLER). Open I and N posts are written off with CASE_CLOSED (SA). Refused while any journal post is unfinished',
  })
  async closeCase(
    @Arg('id', () => ID, { description: 'Saken' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const actor = actorOf(ctx);
    const caseId = caseIdArg('id', id);
    await mutate(ctx, async (em) => {
      const facts = (await caseFacts(em, [caseId])).get(caseId);
      const byArchive = !!facts && ctx.ability.can('close', facts);
      await authorizeCase(
        ctx,
        em,
        byArchive ? 'close' : 'closeByHandler',
        caseId,
        (n) =>
          `You may not close the case ${n}: its case responsible, leaders of its unit and the archive may`,
      );
      return cases.closeCase(em, actor, caseId, { byArchive, today: ctx.today });
    });
    return caseView(ctx, caseId);
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
    const actor = actorOf(ctx);
    const caseId = caseIdArg('id', id);
    cases.requiredReason(reason, 'reopening the case');
    return onCase(
      ctx,
      caseId,
      'reopen',
      (n) => `You may not reopen the case ${n}: only the archive reopens closed cases`,
      (em) => cases.reopenCase(em, actor, caseId, reason),
    );
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
    const actor = actorOf(ctx);
    const caseId = caseIdArg('id', id);
    cases.requiredReason(reason, 'cancelling the case');
    return onCase(
      ctx,
      caseId,
      'cancel',
      (n) =>
        `You may not cancel the case ${n}: its creator, its case responsible, leaders of its unit and the archive may`,
      (em) => cases.cancelCase(em, actor, caseId, reason),
    );
  }

  @Mutation(() => CaseView, {
    description:
      'Legg til intern kontakt: the user may then read the case in full, also when it has an access group',
  })
  async addInternalContact(
    @Arg('caseId', () => ID, { description: 'Saken' }) caseId: string,
    @Arg('userId', () => ID, { description: 'Brukeren som blir intern kontakt' }) userId: string,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const actor = actorOf(ctx);
    const ids = { caseId: caseIdArg('caseId', caseId), userId: argId('User', 'userId', userId)! };
    return onCase(
      ctx,
      ids.caseId,
      'manageContacts',
      (n) =>
        `You may not change the internal contacts of the case ${n}: its creator, its case responsible, leaders of its unit and the archive may`,
      (em) => cases.addInternalContact(em, actor, ids),
    );
  }

  @Mutation(() => CaseView, { description: 'Fjern intern kontakt' })
  async removeInternalContact(
    @Arg('caseId', () => ID, { description: 'Saken' }) caseId: string,
    @Arg('userId', () => ID, { description: 'Den interne kontakten som fjernes' }) userId: string,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const actor = actorOf(ctx);
    const ids = { caseId: caseIdArg('caseId', caseId), userId: argId('User', 'userId', userId)! };
    return onCase(
      ctx,
      ids.caseId,
      'manageContacts',
      (n) =>
        `You may not change the internal contacts of the case ${n}: its creator, its case responsible, leaders of its unit and the archive may`,
      (em) => cases.removeInternalContact(em, actor, ids),
    );
  }

  @Mutation(() => CaseView, {
    description:
      "Tildel saksansvarlig (omfordeling): a leader of the case's unit or the archive gives the case to a case handler or leader of that unit",
  })
  async assignCaseResponsible(
    @Arg('caseId', () => ID, { description: 'Saken' }) caseId: string,
    @Arg('userId', () => ID, { description: 'Ny saksansvarlig' }) userId: string,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const actor = actorOf(ctx);
    const ids = { caseId: caseIdArg('caseId', caseId), userId: argId('User', 'userId', userId)! };
    return onCase(
      ctx,
      ids.caseId,
      'assignResponsible',
      (n) =>
        `You may not assign the case responsible of ${n}: leaders of its unit and the archive may`,
      (em) => cases.assignCaseResponsible(em, actor, ids),
    );
  }
}

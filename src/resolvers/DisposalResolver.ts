import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { type DisposalRule } from '../domain/disposal';
import { notFound } from '../domain/errors';
import { type DisposalDecision, DisposalStatus } from '../entities/Disposal';
import { refuseDisposal } from '../policies/disposal';
import { listDisposals, listDueCases } from '../queries/disposal';
import { DocumentDescriptionView } from '../schema/types/documentDescriptions';
import {
  CancelDisposalInput,
  ConfirmDisposalInput,
  DisposalFilter,
  DisposalListFilter,
  ProposeDisposalInput,
  SetArchivePartDisposalRuleInput,
  SetClassDisposalRuleInput,
} from '../schema/inputs/disposal';
import { PageArgs } from '../schema/inputs/paging';
import { UserType } from '../schema/types/admin';
import { ArchivePartType } from '../schema/types/archive';
import { ClassType } from '../schema/types/classification';
import {
  CaseDisposalType,
  DisposalConnection,
  DisposalListConnection,
  DisposalListEntry,
  DisposalRuleType,
  DisposalType,
  DisposalViewerCan,
  DocumentDisposalType,
} from '../schema/types/disposal';
import { CaseView } from '../schema/types/records';
import * as disposal from '../services/disposal';
import { enforce } from '../services/funnel';
import { argId, argIds, pageRequest } from './args';
import { type Context } from './context';

/** The rule of an input: null clears it. */
function ruleOf(input: {
  decision?: DisposalDecision | null;
  authority?: string | null;
  retentionYears?: number | null;
}): DisposalRule | null {
  return input.decision
    ? {
        decision: input.decision,
        authority: input.authority ?? null,
        retentionYears: input.retentionYears ?? null,
      }
    : null;
}

async function disposalView(ctx: Context, id: string): Promise<DisposalType> {
  const view = await ctx.loaders.disposal.clear(id).load(id);
  if (!view) throw notFound('The disposal');
  return view;
}

async function descriptions(ctx: Context, ids: string[]): Promise<DocumentDescriptionView[]> {
  const views = await ctx.loaders.documentDescription.loadMany(ids);
  return views.filter((v): v is DocumentDescriptionView => v instanceof DocumentDescriptionView);
}

async function cases(ctx: Context, ids: string[]): Promise<CaseView[]> {
  const views = await ctx.loaders.case.loadMany(ids);
  return views.filter((v): v is CaseView => v instanceof CaseView);
}

@Resolver(() => DisposalType)
export class DisposalResolver {
  @Query(() => DisposalListConnection, {
    description:
      'The disposal list (kassasjonsliste): closed cases whose decision is DISPOSE (kasseres) and whose disposal date has come, not yet disposed of; archivists only (ARCHIVIST)',
  })
  async disposalList(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => DisposalListFilter, { nullable: true, description: 'Which cases' })
    filter?: DisposalListFilter | null,
  ): Promise<DisposalListConnection> {
    enforce(refuseDisposal(ctx.ability, 'read'));
    const ids = argIds({
      'filter.archivePartId': ['ArchivePart', filter?.archivePartId],
      'filter.classId': ['Class', filter?.classId],
    });
    const list = await listDueCases(ctx.em, ctx.ability, {
      today: ctx.today,
      filter: {
        archivePartId: ids['filter.archivePartId'],
        classId: ids['filter.classId'],
        dueBy: filter?.dueBy,
      },
      page: pageRequest(page),
    });
    return DisposalListConnection.from(list, DisposalListEntry.fromRow);
  }

  @Query(() => DisposalConnection, {
    description: 'Disposals (kassasjoner), newest proposal first; archivists only (ARCHIVIST)',
  })
  async disposals(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => DisposalFilter, { nullable: true, description: 'Which disposals' })
    filter?: DisposalFilter | null,
  ): Promise<DisposalConnection> {
    enforce(refuseDisposal(ctx.ability, 'read'));
    const list = await listDisposals(ctx.em, { status: filter?.status, page: pageRequest(page) });
    return DisposalConnection.from(list, DisposalType.from);
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'The archivist who proposed it' })
  proposedBy(@Root() d: DisposalType, @Ctx() { loaders }: Context) {
    return loaders.user.load(d.proposedByRawId);
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'The second archivist, who confirmed and carried it out (kassertAv)',
  })
  confirmedBy(@Root() d: DisposalType, @Ctx() { loaders }: Context) {
    return d.confirmedByRawId ? loaders.user.load(d.confirmedByRawId) : null;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'The archivist who cancelled it' })
  cancelledBy(@Root() d: DisposalType, @Ctx() { loaders }: Context) {
    return d.cancelledByRawId ? loaders.user.load(d.cancelledByRawId) : null;
  }

  @FieldResolver(() => DisposalViewerCan, {
    description: 'What you may do with the disposal now: confirm it, cancel it',
  })
  viewerCan(@Root() d: DisposalType, @Ctx() { ability, viewer }: Context): DisposalViewerCan {
    const open = d.status === DisposalStatus.PROPOSED && ability.can('carryOut', 'Disposal');
    const me = viewer.kind === 'user' ? viewer.userId : null;
    return Object.assign(new DisposalViewerCan(), {
      confirm: open && d.proposedByRawId !== me,
      cancel: open,
    });
  }

  @FieldResolver(() => [CaseView], {
    description: 'The cases it disposes of (all their documents), as you see them',
  })
  async cases(@Root() d: DisposalType, @Ctx() ctx: Context): Promise<CaseView[]> {
    return cases(ctx, (await ctx.loaders.disposalItems.load(d.rawId)).caseIds);
  }

  @FieldResolver(() => [DocumentDescriptionView], {
    description: 'The single documents (dokumentbeskrivelser) it disposes of, as you see them',
  })
  async documents(
    @Root() d: DisposalType,
    @Ctx() ctx: Context,
  ): Promise<DocumentDescriptionView[]> {
    return descriptions(ctx, (await ctx.loaders.disposalItems.load(d.rawId)).descriptionIds);
  }

  @Mutation(() => DisposalType, {
    description:
      'Propose a disposal (kassasjon) of cases due for disposal and/or single documents; nothing is destroyed until another archivist confirms it. Archivists only (ARCHIVIST), reading everything concerned in full',
  })
  async proposeDisposal(
    @Arg('input', () => ProposeDisposalInput, { description: 'What to dispose of, and why' })
    input: ProposeDisposalInput,
    @Ctx() ctx: Context,
  ): Promise<DisposalType> {
    const d = await disposal.proposeDisposal(ctx, {
      basis: input.basis,
      caseIds: input.caseIds.map((id, i) => argId('Case', ['caseIds', i], id)!),
      documents: input.documents.map((doc, i) => ({
        id: argId('DocumentDescription', ['documents', i, 'id'], doc.id)!,
        remarkId: argId('Remark', ['documents', i, 'remarkId'], doc.remarkId)!,
      })),
    });
    return disposalView(ctx, d.id);
  }

  @Mutation(() => DisposalType, {
    description:
      'Confirm and carry out a proposed disposal (utført kassasjon): the bytes of every file concerned are destroyed, the trace remains. An archivist other than the proposer (FORBIDDEN to the proposer)',
  })
  async confirmDisposal(
    @Arg('input', () => ConfirmDisposalInput, { description: 'The disposal to confirm' })
    input: ConfirmDisposalInput,
    @Ctx() ctx: Context,
  ): Promise<DisposalType> {
    const id = argId('Disposal', 'id', input.id)!;
    await disposal.confirmDisposal(ctx, { id, expectedVersion: input.expectedVersion });
    return disposalView(ctx, id);
  }

  @Mutation(() => DisposalType, {
    description: 'Cancel a proposed disposal; nothing is destroyed. Archivists only (ARCHIVIST)',
  })
  async cancelDisposal(
    @Arg('input', () => CancelDisposalInput, { description: 'The disposal to cancel' })
    input: CancelDisposalInput,
    @Ctx() ctx: Context,
  ): Promise<DisposalType> {
    const id = argId('Disposal', 'id', input.id)!;
    await disposal.cancelDisposal(ctx, { id, expectedVersion: input.expectedVersion });
    return disposalView(ctx, id);
  }

  @Mutation(() => ClassType, {
    description:
      'Set or clear the disposal decision (kassasjonsvedtak) of a class; administrators and archivists (ADMIN, ARCHIVIST), in a person-number scheme archivists only',
  })
  async setClassDisposalRule(
    @Arg('input', () => SetClassDisposalRuleInput, { description: 'The class and its decision' })
    input: SetClassDisposalRuleInput,
    @Ctx() ctx: Context,
  ): Promise<ClassType> {
    const k = await disposal.setClassDisposalRule(
      ctx,
      argId('Class', 'id', input.id)!,
      ruleOf(input),
    );
    const view = await ctx.loaders.class.clear(k.id).load(k.id);
    if (!view) throw notFound('The class');
    return view;
  }

  @Mutation(() => ArchivePartType, {
    description:
      'Set or clear the disposal decision (kassasjonsvedtak) of an archive part; administrators and archivists (ADMIN, ARCHIVIST)',
  })
  async setArchivePartDisposalRule(
    @Arg('input', () => SetArchivePartDisposalRuleInput, {
      description: 'The archive part and its decision',
    })
    input: SetArchivePartDisposalRuleInput,
    @Ctx() ctx: Context,
  ): Promise<ArchivePartType> {
    const id = argId('ArchivePart', 'id', input.id)!;
    await disposal.setArchivePartDisposalRule(ctx, id, ruleOf(input));
    const view = await ctx.loaders.archivePart.clear(id).load(id);
    if (!view) throw notFound('The archive part');
    return view;
  }
}

@Resolver(() => DisposalListEntry)
export class DisposalListEntryResolver {
  @FieldResolver(() => CaseView, { nullable: true, description: 'The case (saksmappe)' })
  case(@Root() e: DisposalListEntry, @Ctx() { loaders }: Context) {
    return loaders.case.load(e.caseRawId);
  }

  @FieldResolver(() => Int, {
    description:
      'How many of its documents (dokumentbeskrivelser) are not yet disposed of; the case lists them (Case.journalPosts → documentDescriptions)',
  })
  async documentCount(@Root() e: DisposalListEntry, @Ctx() { loaders }: Context) {
    return loaders.undisposedDocumentCount.load(e.caseRawId);
  }
}

@Resolver(() => CaseDisposalType)
export class CaseDisposalResolver {
  @FieldResolver(() => ClassType, {
    nullable: true,
    description:
      'The class the decision comes from, as you read it; null when from the archive part',
  })
  sourceClass(@Root() d: CaseDisposalType, @Ctx() { loaders }: Context) {
    return d.classRawId ? loaders.class.load(d.classRawId) : null;
  }

  @FieldResolver(() => ArchivePartType, {
    nullable: true,
    description: 'The archive part the decision comes from; null when from the class',
  })
  sourceArchivePart(@Root() d: CaseDisposalType, @Ctx() { loaders }: Context) {
    return d.archivePartRawId ? loaders.archivePart.load(d.archivePartRawId) : null;
  }
}

@Resolver(() => DocumentDisposalType)
export class DocumentDisposalResolver {
  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Disposed by (kassertAv, M631): the archivist who confirmed the disposal',
  })
  disposedBy(@Root() d: DocumentDisposalType, @Ctx() { ability, loaders }: Context) {
    return ability.can('read', 'User') ? loaders.user.load(d.disposedByRawId) : null;
  }

  @FieldResolver(() => DisposalType, {
    nullable: true,
    description: 'The disposal, with its basis and both archivists; for archivists only',
  })
  disposal(@Root() d: DocumentDisposalType, @Ctx() { ability, loaders }: Context) {
    return ability.can('read', 'Disposal') ? loaders.disposal.load(d.disposalRawId) : null;
  }
}

/** The disposal fields of classes, archive parts, cases and document descriptions. */
@Resolver(() => ClassType)
export class ClassDisposalResolver {
  @FieldResolver(() => DisposalRuleType, {
    nullable: true,
    description:
      'Disposal (kassasjon) set on the class: inherited by cases with it as primary class',
  })
  disposalRule(@Root() k: ClassType, @Ctx() { loaders }: Context) {
    return loaders.classDisposalRule.load(k.rawId);
  }
}

@Resolver(() => ArchivePartType)
export class ArchivePartDisposalResolver {
  @FieldResolver(() => DisposalRuleType, {
    nullable: true,
    description:
      'Disposal (kassasjon) set on the archive part: inherited by its cases whose primary class has none',
  })
  disposalRule(@Root() p: ArchivePartType, @Ctx() { loaders }: Context) {
    return loaders.archivePartDisposalRule.load(p.rawId);
  }
}

@Resolver(() => CaseView)
export class CaseDisposalFieldResolver {
  @FieldResolver(() => CaseDisposalType, {
    nullable: true,
    description:
      "The case's effective disposal (kassasjon), inherited from its primary class, else its archive part; null when neither has one, and for viewers outside the organisation",
  })
  disposal(@Root() c: CaseView, @Ctx() { ability, loaders }: Context) {
    return ability.can('read', 'ArchivePart') ? loaders.caseDisposal.load(c.rawId) : null;
  }
}

@Resolver(() => DocumentDescriptionView)
export class DescriptionDisposalResolver {
  @FieldResolver(() => DocumentDisposalType, {
    nullable: true,
    description:
      'The disposal carried out (utført kassasjon) of this document: its files keep name, size and SHA-256, but their bytes are gone; null while not disposed of',
  })
  disposal(@Root() d: DocumentDescriptionView, @Ctx() { loaders }: Context) {
    return loaders.descriptionDisposal.load(d.rawId);
  }
}

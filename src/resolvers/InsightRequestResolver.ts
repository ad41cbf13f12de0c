import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { notFound } from '../domain/errors';
import { InsightRequestStatus } from '../entities';
import { asSubject } from '../policies/subjects';
import { listInsightRequests } from '../queries/insightRequests';
import { idOf, requestedEntry } from '../schema/globalId';
import {
  AppealInsightDecisionInput,
  CloseInsightRequestInput,
  DecideInsightRequestInput,
  ReassignInsightRequestItemInput,
  StartInsightRequestInput,
} from '../schema/inputs/insightRequests';
import {
  InsightRequestFilterInput,
  InsightRequestOrderField,
  InsightRequestOrderInput,
} from '../schema/inputs/lists';
import { PageArgs } from '../schema/inputs/paging';
import { UnitType, UserType } from '../schema/types/admin';
import {
  InsightRequestConnection,
  InsightRequestItemView,
  InsightRequestItemViewerCan,
  InsightRequestReceipt,
  InsightRequestView,
  InsightRequestViewerCan,
  PublicInsightRequestStatusView,
  SubmitInsightRequestInput,
} from '../schema/types/insightRequests';
import { JournalPostView, Visibility } from '../schema/types/records';
import * as service from '../services/insightRequests';
import { publicJournalOrganisation } from '../services/publicJournal';
import { insightItemWrites, insightRequestWrites } from '../services/viewerCan';
import { argId, pageRequest } from './args';
import { type Context } from './context';

const viewOf = (ctx: Context) => (row: Parameters<typeof InsightRequestView.from>[0]) =>
  InsightRequestView.from(row, ctx.today, ctx.insight.settings.appealDays);

/** The request as the viewer sees it now (after a change: read again). */
async function requestView(ctx: Context, id: string): Promise<InsightRequestView> {
  ctx.loaders.insightItems.clear(id);
  ctx.loaders.insightRequestFacts.clear(id);
  const row = await ctx.loaders.insightRequest.clear(id).load(id);
  if (!row) throw notFound('The insight request');
  return viewOf(ctx)(row);
}

const requestId = (id: string) => argId('InsightRequest', 'id', id);

/** One request's receipt, without the others of its submission. */
const receiptOf = ({ organisation, request, reference }: service.InsightReceipt) =>
  Object.assign(new InsightRequestReceipt(), {
    reference,
    receivedAt: request.receivedAt,
    dueDate: request.dueDate,
    organisation: organisation.shortName,
    organisationName: organisation.name,
    otherReceipts: [],
  });

const DECIDERS =
  'the assignee, a leader or insight handler of the unit of the journal post, or an archivist, ' +
  'who reads the journal post in full';

@Resolver(() => InsightRequestView)
export class InsightRequestResolver {
  @Query(() => InsightRequestConnection, {
    description:
      'Insight requests (innsynskrav) routed to you: as assignee, as LEADER or INSIGHT_HANDLER of ' +
      'the unit of one of its journal posts, or as ARCHIVIST. Nobody else sees a request. ' +
      'Filtered, ordered and keyset-paged both ways.',
  })
  async insightRequests(
    @Ctx() ctx: Context,
    @Arg('filter', () => InsightRequestFilterInput, {
      nullable: true,
      description: 'Which insight requests (innsynskrav): every field given narrows the list',
    })
    filter: InsightRequestFilterInput | null | undefined,
    @Arg('orderBy', () => InsightRequestOrderInput, {
      nullable: true,
      description: 'The order; default received (mottatt), the newest first',
    })
    orderBy: InsightRequestOrderInput | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<InsightRequestConnection> {
    const viewerId = ctx.viewer.kind === 'user' ? ctx.viewer.userId : null;
    const list = await listInsightRequests(ctx.em, ctx.ability, viewerId, ctx.today, {
      filter: {
        status: filter?.status,
        overdue: filter?.overdue,
        deemedRefused: filter?.deemedRefused,
        unitId: argId('Unit', 'filter.unitId', filter?.unitId),
        assigneeId: argId('User', 'filter.assigneeId', filter?.assigneeId),
      },
      order: {
        field: orderBy?.field ?? InsightRequestOrderField.RECEIVED_AT,
        direction: orderBy?.direction,
      },
      page: pageRequest(page),
    });
    return InsightRequestConnection.from(list, viewOf(ctx));
  }

  @Query(() => InsightRequestView, {
    nullable: true,
    description: 'One insight request; a NOT_FOUND error when it does not exist for you',
  })
  async insightRequest(
    @Arg('id', () => ID, { description: 'Global id of the insight request (innsynskrav)' })
    id: string,
    @Ctx() ctx: Context,
  ): Promise<InsightRequestView> {
    const rawId = idOf('InsightRequest', id);
    const row = rawId ? await ctx.loaders.insightRequest.load(rawId) : null;
    if (!row) throw notFound('The insight request');
    return viewOf(ctx)(row);
  }

  @Query(() => PublicInsightRequestStatusView, {
    nullable: true,
    description:
      'The status of your insight request, by the reference on your receipt (anyone may ask); ' +
      'null for an unknown reference. Released documents come with a time-limited downloadUrl.',
  })
  async insightRequestStatus(
    @Arg('reference', { description: 'The reference on your receipt (kvittering)' })
    reference: string,
    @Arg('organisation', () => String, {
      nullable: true,
      description:
        'The organisation (arkivskaper) on your receipt, its short name or id; optional where the installation has one or the request names it (X-Organisation)',
    })
    organisation: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<PublicInsightRequestStatusView | null> {
    const of = await publicJournalOrganisation(ctx, organisation);
    const status = await service.publicInsightStatus(ctx, of, reference);
    return status && PublicInsightRequestStatusView.from(status);
  }

  @Mutation(() => InsightRequestReceipt, {
    description:
      'Submit an insight request (innsynskrav), by anyone (no sign-in needed): 1 to 50 entries of the public journal as it is ' +
      'today, an e-mail address, optionally a name and a message. Rate-limited per client ' +
      '(RATE_LIMITED, HTTP 429). Keep the reference of the receipt.',
  })
  async submitInsightRequest(
    @Arg('input', () => SubmitInsightRequestInput, {
      description: 'The public journal entries you ask to see and where the answer goes',
    })
    input: SubmitInsightRequestInput,
    @Ctx() ctx: Context,
  ): Promise<InsightRequestReceipt> {
    // The submission budget was spent for the whole operation before it ran (http/limits/plugin.ts).
    const [first, ...others] = await service.submitInsightRequest(ctx, {
      entries: input.entryIds.map(requestedEntry),
      requesterName: input.requesterName,
      requesterEmail: input.requesterEmail,
      message: input.message,
    });
    return { ...receiptOf(first!), otherReceipts: others.map(receiptOf) };
  }

  @Mutation(() => InsightRequestView, {
    description:
      'Take up an insight request (innsynskrav; behandling påbegynt): RECEIVED → IN_PROGRESS (whoever it is routed to)',
  })
  async startInsightRequest(
    @Arg('input', () => StartInsightRequestInput, {
      description: 'The insight request (innsynskrav) to take up',
    })
    input: StartInsightRequestInput,
    @Ctx() ctx: Context,
  ): Promise<InsightRequestView> {
    return requestView(
      ctx,
      await service.startInsightRequest(ctx, requestId(input.id), input.expectedVersion),
    );
  }

  @Mutation(() => InsightRequestView, {
    description:
      'Decide (avgjøre) some or all items of an insight request (innsynskrav): FULL (releases the ' +
      'archive, else production, variant; refused while a screening under a duty of ' +
      'confidentiality is in force), PARTIAL (releases the uploaded public variant; legal basis ' +
      'required) or DENIED (legal basis required). A discretionary basis (offl. §§ 14, 15 …) needs ' +
      `additionalAccessConsidered. Each item by ${DECIDERS}.`,
  })
  async decideInsightRequest(
    @Arg('input', () => DecideInsightRequestInput, {
      description: 'The insight request (innsynskrav) and the decisions (avgjørelser)',
    })
    input: DecideInsightRequestInput,
    @Ctx() ctx: Context,
  ): Promise<InsightRequestView> {
    const parsed = input.decisions.map((d) => ({
      ...d,
      journalPostId: idOf('JournalPost', d.journalPostId),
    }));
    return requestView(
      ctx,
      await service.decideInsightRequest(ctx, requestId(input.id), parsed, input.expectedVersion),
    );
  }

  @Mutation(() => InsightRequestView, {
    description:
      'Close (avslutte) a decided insight request (innsynskrav): DECIDED → CLOSED (an appeal in time reopens it)',
  })
  async closeInsightRequest(
    @Arg('input', () => CloseInsightRequestInput, {
      description: 'The insight request (innsynskrav) to close',
    })
    input: CloseInsightRequestInput,
    @Ctx() ctx: Context,
  ): Promise<InsightRequestView> {
    return requestView(
      ctx,
      await service.closeInsightRequest(ctx, requestId(input.id), input.expectedVersion),
    );
  }

  @Mutation(() => PublicInsightRequestStatusView, {
    description:
      'Appeal (klage, offl. § 32) by the requester, with the reference and a reason: reopens the ' +
      'refused items (or, when no answer came within 5 working days, the undecided ones) as ' +
      'APPEALED. Once per insight request (innsynskrav), within INSIGHT_APPEAL_DAYS (21) of the ' +
      'decision.',
  })
  async appealInsightDecision(
    @Arg('input', () => AppealInsightDecisionInput, {
      description:
        'The reference on the receipt (kvittering) and the reason for the appeal (klage)',
    })
    input: AppealInsightDecisionInput,
    @Ctx() ctx: Context,
  ): Promise<PublicInsightRequestStatusView> {
    return PublicInsightRequestStatusView.from(
      await service.appealInsightDecision(
        ctx,
        await publicJournalOrganisation(ctx, input.organisation, 'input.organisation'),
        input.reference,
        input.reason,
      ),
    );
  }

  @Mutation(() => InsightRequestView, {
    description:
      'Reassign (omfordeling): hand an undecided (or appealed) item of an insight request ' +
      '(innsynskrav) to another assignee, by whoever may decide it, also one who sees the journal ' +
      "post REDACTED. The new assignee must hold a role for the post's unit (or be an archivist) " +
      'and read the post in full (BAD_USER_INPUT on assigneeId).',
  })
  async reassignInsightRequestItem(
    @Arg('input', () => ReassignInsightRequestItemInput, {
      description: 'The item of the insight request (innsynskrav) and its new assignee',
    })
    input: ReassignInsightRequestItemInput,
    @Ctx() ctx: Context,
  ): Promise<InsightRequestView> {
    return requestView(
      ctx,
      await service.reassignInsightRequestItem(
        ctx,
        requestId(input.id),
        argId('JournalPost', 'journalPostId', input.journalPostId),
        argId('User', 'assigneeId', input.assigneeId),
        input.expectedVersion,
      ),
    );
  }

  @FieldResolver(() => InsightRequestViewerCan, {
    description: 'What you may do to the request now (docs/access-control.md)',
  })
  async viewerCan(
    @Root() r: InsightRequestView,
    @Ctx() { loaders, ability }: Context,
  ): Promise<InsightRequestViewerCan> {
    const facts = (await loaders.insightRequestFacts.load(r.rawId)) ?? undefined;
    return Object.assign(new InsightRequestViewerCan(), insightRequestWrites(ability, facts));
  }

  @FieldResolver(() => [InsightRequestItemView], {
    description: 'The requested journal posts, in the order asked for',
  })
  async items(
    @Root() r: InsightRequestView,
    @Ctx() { loaders }: Context,
  ): Promise<InsightRequestItemView[]> {
    return (await loaders.insightItems.load(r.rawId)).map(InsightRequestItemView.from);
  }
}

@Resolver(() => InsightRequestItemView)
export class InsightRequestItemResolver {
  @FieldResolver(() => JournalPostView, {
    description: 'The journal post as you may see it (FULL or REDACTED)',
  })
  async journalPost(
    @Root() item: InsightRequestItemView,
    @Ctx() { loaders }: Context,
  ): Promise<JournalPostView> {
    const post = await loaders.journalPost.load(item.journalPostRawId);
    if (!post) throw notFound('The journal post');
    return post;
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description:
      "The post's responsible person at submission; null unless you read the post in full (or it is you)",
  })
  async assignee(
    @Root() item: InsightRequestItemView,
    @Ctx() { loaders, viewer }: Context,
  ): Promise<UserType | null> {
    if (!item.assigneeRawId) return null;
    const mine = viewer.kind === 'user' && viewer.userId === item.assigneeRawId;
    const post = await loaders.journalPost.load(item.journalPostRawId);
    if (!mine && post?.visibility !== Visibility.FULL) return null;
    return loaders.user.load(item.assigneeRawId);
  }

  @FieldResolver(() => InsightRequestItemViewerCan, {
    description: 'What you may do to the item now: decide it, hand it on',
  })
  async viewerCan(
    @Root() item: InsightRequestItemView,
    @Ctx() { loaders, ability }: Context,
  ): Promise<InsightRequestItemViewerCan> {
    const [post, request] = await Promise.all([
      loaders.journalPost.load(item.journalPostRawId),
      loaders.insightRequestFacts.load(item.requestRawId),
    ]);
    const facts = asSubject('InsightRequestItem', {
      id: item.rawId,
      assigneeId: item.assigneeRawId,
      unitId: item.unitRawId,
    });
    return Object.assign(
      new InsightRequestItemViewerCan(),
      insightItemWrites(ability, facts, post?.visibility === Visibility.FULL, {
        requestStatus: request!.status as InsightRequestStatus,
        outcome: item.outcome,
        appealPending: item.appealPending,
      }),
    );
  }

  @FieldResolver(() => UnitType, { description: "The post's responsible unit at submission" })
  async unit(@Root() item: InsightRequestItemView, @Ctx() { loaders }: Context): Promise<UnitType> {
    return (await loaders.unit.load(item.unitRawId))!;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Who decided the item' })
  decidedBy(
    @Root() item: InsightRequestItemView,
    @Ctx() { loaders }: Context,
  ): Promise<UserType | null> | null {
    return item.decidedByRawId ? loaders.user.load(item.decidedByRawId) : null;
  }
}

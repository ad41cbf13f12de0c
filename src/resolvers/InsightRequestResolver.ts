import { type EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badInput, forbidden, notFound, rateLimited } from '../domain/errors';
import * as insight from '../domain/insightRequests';
import { InsightRequestStatus } from '../entities';
import { insightItemFacts, insightRequestFacts } from '../queries/facts';
import {
  type InsightRequestOrder,
  listInsightRequests,
  publicStatusByHash,
} from '../queries/insightRequests';
import { idOf } from '../schema/globalId';
import { UnitType, UserType } from '../schema/types/admin';
import {
  InsightDecisionInput,
  InsightRequestConnection,
  InsightRequestItemView,
  InsightRequestOrderBy,
  InsightRequestReceipt,
  InsightRequestView,
  PublicInsightRequestStatusView,
  SubmitInsightRequestInput,
} from '../schema/types/insightRequests';
import { JournalPostView, Visibility } from '../schema/types/records';
import { argId } from './args';
import { type Context } from './context';
import { actorOf, mutate } from './mutation';

const viewOf = (ctx: Context) => (row: Parameters<typeof InsightRequestView.from>[0]) =>
  InsightRequestView.from(row, ctx.today, ctx.insight.settings.appealDays);

/** The request as the viewer sees it now (after a change: read again). */
async function requestView(ctx: Context, id: string): Promise<InsightRequestView> {
  ctx.loaders.insightItems.clear(id);
  const row = await ctx.loaders.insightRequest.clear(id).load(id);
  if (!row) throw notFound('The insight request');
  return viewOf(ctx)(row);
}

/**
 * NOT_FOUND when the request does not exist for the viewer (never confirming it exists),
 * FORBIDDEN when they see it but may not do this (policies/insightRequests.ts).
 */
async function authorizeRequest(
  ctx: Context,
  em: EntityManager,
  action: 'read' | 'process',
  id: string | null,
  refusal: string,
): Promise<void> {
  const facts = id ? (await insightRequestFacts(em, [id])).get(id) : undefined;
  if (!facts || !ctx.ability.can('read', facts)) throw notFound('The insight request');
  if (!ctx.ability.can(action, facts)) throw forbidden(refusal);
}

const requestId = (id: string) => argId('InsightRequest', 'id', id);

/** The public status of a reference; null for anything that is not a known reference. */
async function publicStatus(
  ctx: Context,
  em: EntityManager,
  reference: string,
): Promise<PublicInsightRequestStatusView | null> {
  const normal = insight.normaliseReference(reference);
  if (!normal) return null;
  const rows = await publicStatusByHash(em, insight.referenceHash(normal), ctx.today);
  if (!rows) return null;
  return PublicInsightRequestStatusView.from(
    insight.toPublicStatus(normal, rows, ctx.insight, ctx.today),
  );
}

const DECIDERS =
  'the assignee, a leader or insight handler of the unit of the journal post, or an archivist';

@Resolver(() => InsightRequestView)
export class InsightRequestResolver {
  @Query(() => InsightRequestConnection, {
    description:
      'Innsynskrav routed to you: as assignee, as LEADER or INSIGHT_HANDLER of the unit of one of ' +
      'its journal posts, or as ARCHIVIST. Nobody else sees a request.',
  })
  async insightRequests(
    @Ctx() ctx: Context,
    @Arg('status', () => InsightRequestStatus, { nullable: true })
    status?: InsightRequestStatus | null,
    @Arg('overdue', () => Boolean, {
      nullable: true,
      description: 'Past the due date and not decided (true), or not (false)',
    })
    overdue?: boolean | null,
    @Arg('deemedRefused', () => Boolean, {
      nullable: true,
      description: 'Not decided within 5 working days (offl. § 32)',
    })
    deemedRefused?: boolean | null,
    @Arg('unitId', () => ID, { nullable: true, description: 'Requests with a post of this unit' })
    unitId?: string | null,
    @Arg('assigneeId', () => ID, {
      nullable: true,
      description: 'Requests with a post assigned to this user',
    })
    assigneeId?: string | null,
    @Arg('orderBy', () => InsightRequestOrderBy, { nullable: true })
    orderBy?: InsightRequestOrderBy | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 25, at most 100' })
    first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<InsightRequestConnection> {
    const list = await listInsightRequests(ctx.em, ctx.ability, ctx.today, {
      filter: {
        status,
        overdue,
        deemedRefused,
        unitId: argId('Unit', 'unitId', unitId),
        assigneeId: argId('User', 'assigneeId', assigneeId),
      },
      order: (orderBy ?? InsightRequestOrderBy.RECEIVED_AT) as InsightRequestOrder,
      first,
      after,
    });
    return InsightRequestConnection.from(list, viewOf(ctx));
  }

  @Query(() => InsightRequestView, {
    nullable: true,
    description: 'One insight request; a NOT_FOUND error when it does not exist for you',
  })
  async insightRequest(
    @Arg('id', () => ID) id: string,
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
  insightRequestStatus(
    @Arg('reference') reference: string,
    @Ctx() ctx: Context,
  ): Promise<PublicInsightRequestStatusView | null> {
    return publicStatus(ctx, ctx.em, reference);
  }

  @Mutation(() => InsightRequestReceipt, {
    description:
      'Innsynskrav, by anyone (no sign-in needed): 1 to 50 entries of the public journal as it is ' +
      'today, an e-mail address, optionally a name and a message. Rate-limited per client ' +
      '(RATE_LIMITED, HTTP 429). Keep the reference of the receipt.',
  })
  async submitInsightRequest(
    @Arg('input', () => SubmitInsightRequestInput) input: SubmitInsightRequestInput,
    @Ctx() ctx: Context,
  ): Promise<InsightRequestReceipt> {
    const { viewer } = ctx;
    if (ctx.insight.submissions) {
      const decision = await ctx.insight.submissions.consume(
        viewer.kind === 'user'
          ? { kind: 'user', userId: viewer.userId }
          : { kind: 'anonymous', address: ctx.clientAddress },
        1,
      );
      if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
    }
    const { request, reference } = await mutate(ctx, (em) =>
      insight.submitInsightRequest(
        em,
        {
          actorId: viewer.kind === 'user' ? viewer.userId : null,
          requestId: ctx.requestId,
          today: ctx.today,
          publicJournal: ctx.publicJournal,
        },
        {
          entries: input.journalPostIds.map((given, position) => ({
            position,
            given,
            journalPostId: idOf('JournalPost', given),
          })),
          requesterName: input.requesterName,
          requesterEmail: input.requesterEmail,
          message: input.message,
        },
      ),
    );
    return Object.assign(new InsightRequestReceipt(), {
      reference,
      receivedAt: request.receivedAt,
      dueDate: request.dueDate,
    });
  }

  @Mutation(() => InsightRequestView, {
    description: 'Take up an insight request: RECEIVED → IN_PROGRESS (whoever it is routed to)',
  })
  async startInsightRequest(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<InsightRequestView> {
    const actor = { ...actorOf(ctx), today: ctx.today };
    const rawId = requestId(id);
    await mutate(ctx, async (em) => {
      await authorizeRequest(ctx, em, 'process', rawId, 'You may not take up this request');
      await insight.startInsightRequest(em, actor, rawId!);
    });
    return requestView(ctx, rawId!);
  }

  @Mutation(() => InsightRequestView, {
    description:
      'Decide some or all items: FULL (releases the archive, else production, variant), PARTIAL ' +
      '(releases the uploaded public variant; legal basis required) or DENIED (legal basis ' +
      'required). A discretionary basis (offl. §§ 14, 15 …) needs additionalAccessConsidered. ' +
      `Each item by ${DECIDERS}.`,
  })
  async decideInsightRequest(
    @Arg('id', () => ID) id: string,
    @Arg('decisions', () => [InsightDecisionInput]) decisions: InsightDecisionInput[],
    @Ctx() ctx: Context,
  ): Promise<InsightRequestView> {
    const actor = { ...actorOf(ctx), today: ctx.today };
    const rawId = requestId(id);
    await mutate(ctx, async (em) => {
      await authorizeRequest(ctx, em, 'read', rawId, 'You may not decide this request');
      const items = await insightItemFacts(em, rawId!);
      const parsed = decisions.map((d, i) => {
        const postId = idOf('JournalPost', d.journalPostId);
        const facts = postId ? items.get(postId) : undefined;
        if (!facts) {
          throw badInput(
            `decisions[${i}].journalPostId`,
            `decisions[${i}].journalPostId is not a journal post of this request`,
          );
        }
        if (!ctx.ability.can('decide', facts)) {
          throw forbidden(
            `You may not decide decisions[${i}]: each item is decided by ${DECIDERS}`,
          );
        }
        return { ...d, journalPostId: postId };
      });
      await insight.decideInsightRequest(em, actor, rawId!, parsed);
    });
    return requestView(ctx, rawId!);
  }

  @Mutation(() => InsightRequestView, {
    description: 'Close a decided insight request: DECIDED → CLOSED (an appeal in time reopens it)',
  })
  async closeInsightRequest(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<InsightRequestView> {
    const actor = { ...actorOf(ctx), today: ctx.today };
    const rawId = requestId(id);
    await mutate(ctx, async (em) => {
      await authorizeRequest(ctx, em, 'process', rawId, 'You may not close this request');
      await insight.closeInsightRequest(em, actor, rawId!);
    });
    return requestView(ctx, rawId!);
  }

  @Mutation(() => PublicInsightRequestStatusView, {
    description:
      'Klage (offl. § 32), by the requester with the reference and a reason: reopens the refused ' +
      'items (or, when no answer came within 5 working days, the undecided ones) as APPEALED. ' +
      'Once per request, within INSIGHT_APPEAL_DAYS (21) of the decision.',
  })
  async appealInsightDecision(
    @Arg('reference') reference: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: Context,
  ): Promise<PublicInsightRequestStatusView> {
    await mutate(ctx, (em) =>
      insight.appealInsightDecision(
        em,
        {
          actorId: ctx.viewer.kind === 'user' ? ctx.viewer.userId : null,
          requestId: ctx.requestId,
          today: ctx.today,
          appealDays: ctx.insight.settings.appealDays,
        },
        reference,
        reason,
      ),
    );
    const status = await publicStatus(ctx, ctx.em.fork(), reference);
    if (!status) throw notFound('An insight request with this reference');
    return status;
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

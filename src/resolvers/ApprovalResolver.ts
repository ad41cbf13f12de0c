import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { notFound } from '../domain/errors';
import { refuseUnitFollowUp } from '../policies/approval';
import { awaitingApproval, awaitingMyApproval, unitAndAbove } from '../queries/approval';
import { emptyList } from '../queries/list';
import { PageArgs } from '../schema/inputs/paging';
import { JournalPostConnection, JournalPostView } from '../schema/types/records';
import { enforce } from '../services/funnel';
import { argId } from './args';
import { type Context } from './context';

/** The approval lists (godkjenning): what awaits a leader's approval. */
@Resolver()
export class ApprovalResolver {
  @Query(() => JournalPostConnection, {
    description:
      'Awaiting my approval (venter på min godkjenning): journal posts (journalposter) sent or forwarded to you for approval, oldest journal date first, keyset-paged',
  })
  async awaitingMyApproval(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
  ): Promise<JournalPostConnection> {
    const list =
      ctx.viewer.kind === 'user'
        ? await awaitingMyApproval(ctx.em, ctx.ability, ctx.today, ctx.viewer.userId, page)
        : emptyList<never>();
    ctx.accessLog.noteRows('JournalPost', list.nodes);
    return JournalPostConnection.from(list, JournalPostView.from);
  }

  @Query(() => JournalPostConnection, {
    description:
      'Awaiting approval (til godkjenning) in a unit: journal posts (journalposter) of the unit or a unit below it that a leader is asked to approve, among those you read in full; oldest journal date first, keyset-paged. For leaders of the unit or a unit above it, and archivists',
  })
  async awaitingApproval(
    @Ctx() ctx: Context,
    @Arg('unitId', () => ID, { description: 'The unit (administrativ enhet)' }) unitId: string,
    @Args() page: PageArgs,
  ): Promise<JournalPostConnection> {
    const id = argId('Unit', 'unitId', unitId)!;
    // Who may not even read units learns nothing of which exist.
    if (!ctx.ability.can('read', 'Unit')) enforce(refuseUnitFollowUp(ctx.viewer, []));
    const reach = await unitAndAbove(ctx.em, id);
    if (!reach) throw notFound('The unit');
    enforce(refuseUnitFollowUp(ctx.viewer, reach));
    const list = await awaitingApproval(ctx.em, ctx.ability, ctx.today, reach[0]!, page);
    ctx.accessLog.noteRows('JournalPost', list.nodes);
    return JournalPostConnection.from(list, JournalPostView.from);
  }
}

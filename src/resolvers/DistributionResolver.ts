import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { unauthenticated } from '../domain/errors';
import { distributionQueue } from '../queries/distribution';
import { distributeJournalPost } from '../services/distribution';
import { DistributeJournalPostInput } from '../schema/inputs/distribution';
import { PageArgs } from '../schema/inputs/paging';
import { JournalPostConnection, JournalPostView } from '../schema/types/records';
import { argId } from './args';
import { type Context } from './context';
import { postTarget, viewOf } from './JournalPostMutationResolver';

/** Fordeling (docs/daily-routines.md, "Distribution"): a unit's queue, and distributing a post. */
@Resolver()
export class DistributionResolver {
  @Query(() => JournalPostConnection, {
    description:
      'Distribution queue (til fordeling) of a unit: incoming journal posts (I) of that ' +
      'responsible unit with no case handler, not written off and not cancelled, oldest first, ' +
      'keyset-paged; as you see them. For the leaders (LEADER) of the unit or of a unit above ' +
      'it, and archivists; others get FORBIDDEN.',
  })
  async distribution(
    @Ctx() ctx: Context,
    @Arg('unitId', () => ID, { description: 'The unit (enhet) whose queue to list' })
    unitId: string,
    @Args() page: PageArgs,
  ): Promise<JournalPostConnection> {
    if (ctx.viewer.kind !== 'user') throw unauthenticated('Sign in to see a distribution queue');
    const list = await distributionQueue(
      ctx.em,
      ctx.viewer,
      ctx.ability,
      ctx.today,
      argId('Unit', 'unitId', unitId)!,
      page,
    );
    ctx.accessLog.noteRows('JournalPost', list.nodes);
    return JournalPostConnection.from(list, JournalPostView.from);
  }

  @Mutation(() => JournalPostView, {
    description:
      'Distribute an incoming journal post (fordele journalpost): a leader of its unit or of a ' +
      'unit above it, or an archivist, gives it a case handler (saksbehandler) and a due date ' +
      '(forfallsdato); also to hand it on to another handler (omfordeling). The handler is told ' +
      'by mail; audited with the old and new values.',
  })
  async distributeJournalPost(
    @Arg('input', () => DistributeJournalPostInput, {
      description: 'The journal post (journalpost), its case handler and due date',
    })
    input: DistributeJournalPostInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const id = await distributeJournalPost(ctx, postTarget(input), {
      responsibleId: argId('User', 'responsibleId', input.responsibleId)!,
      dueDate: input.dueDate,
      urgent: input.urgent,
    });
    return viewOf(ctx, id);
  }
}

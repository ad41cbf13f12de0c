import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import { backlog, dueList } from '../queries/reports';
import { type JournalPostRow } from '../queries/journalPosts';
import { type ListResult } from '../queries/list';
import { PageArgs } from '../schema/inputs/paging';
import { BacklogFilter, DueListFilter } from '../schema/inputs/reports';
import { JournalPostConnection, JournalPostView } from '../schema/types/records';
import { argId } from './args';
import { type Context } from './context';

function connection(ctx: Context, list: ListResult<JournalPostRow>): JournalPostConnection {
  ctx.accessLog.noteRows('JournalPost', list.nodes);
  return JournalPostConnection.from(list, JournalPostView.from);
}

/** Follow-up reports over the journal posts you may see (restanseliste, forfallsliste). */
@Resolver()
export class ReportResolver {
  @Query(() => JournalPostConnection, {
    description:
      'Backlog (restanseliste): incoming letters (I) and internal notes with follow-up (N) not yet ' +
      'written off (avskrevet) and not cancelled, oldest journal date (journaldato) first, ' +
      'keyset-paged. Only journal posts (journalposter) you may see, as you see them.',
  })
  async backlog(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => BacklogFilter, {
      nullable: true,
      description: 'What the backlog (restanseliste) holds',
    })
    filter?: BacklogFilter | null,
  ): Promise<JournalPostConnection> {
    const list = await backlog(
      ctx.em,
      ctx.ability,
      ctx.today,
      {
        unitId: argId('Unit', ['filter', 'unitId'], filter?.unitId),
        responsibleId: argId('User', ['filter', 'responsibleId'], filter?.responsibleId),
        olderThanDays: filter?.olderThanDays,
      },
      page,
    );
    return connection(ctx, list);
  }

  @Query(() => JournalPostConnection, {
    description:
      'Due list (forfallsliste): journal posts whose due date (forfallsdato) is in `dueDate`; ' +
      'without it, the posts past their due date (before today). Written-off posts are left out ' +
      'unless includeWrittenOff, cancelled posts always. Earliest due date first, keyset-paged; ' +
      'only journal posts (journalposter) you may see, as you see them.',
  })
  async dueList(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => DueListFilter, {
      nullable: true,
      description: 'What the due list (forfallsliste) holds',
    })
    filter?: DueListFilter | null,
  ): Promise<JournalPostConnection> {
    const list = await dueList(
      ctx.em,
      ctx.ability,
      ctx.today,
      {
        from: filter?.dueDate?.from,
        to: filter?.dueDate?.to,
        unitId: argId('Unit', ['filter', 'unitId'], filter?.unitId),
        includeWrittenOff: filter?.includeWrittenOff,
      },
      page,
    );
    return connection(ctx, list);
  }
}

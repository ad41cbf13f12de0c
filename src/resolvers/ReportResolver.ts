import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import {
  backlog,
  DEFAULT_BACKLOG_AGE_DAYS,
  dueList,
  MAX_BACKLOG_AGE_DAYS,
  REPORT_LIMIT,
  type ReportResult,
} from '../queries/reports';
import { DateScalar } from '../schema/scalars';
import { JournalPostView } from '../schema/types/records';
import { argId } from './args';
import { type Context } from './context';

function views(ctx: Context, report: string, result: ReportResult): JournalPostView[] {
  if (result.truncated) {
    ctx.log.warn({ report, limit: REPORT_LIMIT }, 'Report cut at its limit');
  }
  ctx.accessLog.noteRows('JournalPost', result.rows);
  return result.rows.map(JournalPostView.from);
}

/** Follow-up reports over the journal posts you may see (restanseliste, forfallsliste). */
@Resolver()
export class ReportResolver {
  @Query(() => [JournalPostView], {
    description:
      'Restanseliste (backlog): incoming letters (I) and internal notes with follow-up (N) not yet ' +
      'written off (avskrevet) and not cancelled, oldest journaldato first. Only posts you may ' +
      `see, as you see them. At most ${REPORT_LIMIT} posts: narrow by unit, handler or age for more.`,
  })
  async backlog(
    @Ctx() ctx: Context,
    @Arg('unitId', () => ID, { nullable: true, description: 'Ansvarlig enhet' })
    unitId?: string | null,
    @Arg('olderThanDays', () => Int, {
      nullable: true,
      description:
        `Only posts registered at least this many days before today; default ` +
        `${DEFAULT_BACKLOG_AGE_DAYS} (the last three weeks are left out), 0 = all, at most ` +
        `${MAX_BACKLOG_AGE_DAYS}`,
    })
    olderThanDays?: number | null,
    @Arg('responsibleId', () => ID, {
      nullable: true,
      description: 'Saksbehandler; matches only posts where you may see who it is',
    })
    responsibleId?: string | null,
  ): Promise<JournalPostView[]> {
    const result = await backlog(ctx.em, ctx.ability, ctx.today, {
      unitId: argId('Unit', 'unitId', unitId),
      responsibleId: argId('User', 'responsibleId', responsibleId),
      olderThanDays,
    });
    return views(ctx, 'backlog', result);
  }

  @Query(() => [JournalPostView], {
    description:
      'Forfallsliste (due list): posts whose forfallsdato is in [from, to]; without from and to, ' +
      'the posts past their due date (before today). Written-off posts are left out unless ' +
      'includeWrittenOff, cancelled posts always. Earliest due date first; only posts you may ' +
      `see, as you see them, at most ${REPORT_LIMIT}.`,
  })
  async dueList(
    @Ctx() ctx: Context,
    @Arg('from', () => DateScalar, { nullable: true, description: 'First due date, inclusive' })
    from?: string | null,
    @Arg('to', () => DateScalar, { nullable: true, description: 'Last due date, inclusive' })
    to?: string | null,
    @Arg('unitId', () => ID, { nullable: true, description: 'Ansvarlig enhet' })
    unitId?: string | null,
    @Arg('includeWrittenOff', () => Boolean, {
      nullable: true,
      description: 'Include posts already written off (avskrevet); default false',
    })
    includeWrittenOff?: boolean | null,
  ): Promise<JournalPostView[]> {
    const result = await dueList(ctx.em, ctx.ability, ctx.today, {
      from,
      to,
      unitId: argId('Unit', 'unitId', unitId),
      includeWrittenOff,
    });
    return views(ctx, 'dueList', result);
  }
}

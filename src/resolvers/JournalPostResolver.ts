import {
  Arg,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Query,
  Resolver,
  Root,
  registerEnumType,
} from 'type-graphql';
import { notFound } from '../domain/errors';
import { JournalPostType, JournalStatus } from '../entities/enums';
import { idOf } from '../schema/globalId';
import { listJournalPosts, type JournalPostOrder } from '../queries/journalPosts';
import { DateScalar } from '../schema/scalars';
import { AccessGroupType, UnitType, UserType } from '../schema/types/admin';
import {
  CaseView,
  CorrespondentView,
  JournalPostConnection,
  JournalPostView,
  JournalPostViewerCan,
} from '../schema/types/records';
import { journalPostWrites } from '../services/viewerCan';
import { argId } from './args';
import { type Context } from './context';

enum JournalPostOrderBy {
  JOURNAL_DATE = 'JOURNAL_DATE',
  CASE_NUMBER = 'CASE_NUMBER',
  TITLE = 'TITLE',
  DUE_DATE = 'DUE_DATE',
}
registerEnumType(JournalPostOrderBy, {
  name: 'JournalPostOrderBy',
  description: 'Order of journal post lists; title order uses the title as you see it',
  valuesConfig: {
    JOURNAL_DATE: {
      description:
        'Newest journal date (journaldato) first, then newest sequence number (løpenummer)',
    },
    CASE_NUMBER: { description: 'Newest case first, then document number' },
    TITLE: { description: 'Title A–Å' },
    DUE_DATE: { description: 'Earliest due date (forfallsdato) first; posts without one last' },
  },
});

@Resolver(() => JournalPostView)
export class JournalPostResolver {
  @Query(() => JournalPostView, {
    nullable: true,
    description: 'One journal post; a NOT_FOUND error when it does not exist for you',
  })
  async journalPost(
    @Arg('id', () => ID, { description: 'Global id of the journal post (journalpost)' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const rawId = idOf('JournalPost', id);
    const found = rawId ? await ctx.loaders.journalPost.load(rawId) : null;
    if (!found) throw notFound('The journal post');
    return found;
  }

  @Query(() => JournalPostConnection, {
    description: 'Journalposter you may see, filtered and keyset-paged',
  })
  async journalPosts(
    @Ctx() { em, ability, today, accessLog }: Context,
    @Arg('query', () => String, {
      nullable: true,
      description: 'Text in the title, registry id or correspondents, at least three characters',
    })
    query?: string | null,
    @Arg('caseId', () => ID, { nullable: true }) caseId?: string | null,
    @Arg('type', () => JournalPostType, { nullable: true }) type?: JournalPostType | null,
    @Arg('status', () => JournalStatus, { nullable: true }) status?: JournalStatus | null,
    @Arg('unitId', () => ID, { nullable: true, description: 'Ansvarlig enhet' })
    unitId?: string | null,
    @Arg('responsibleId', () => ID, { nullable: true, description: 'Saksbehandler' })
    responsibleId?: string | null,
    @Arg('accessGroupId', () => ID, { nullable: true }) accessGroupId?: string | null,
    @Arg('journalDateFrom', () => DateScalar, { nullable: true }) journalDateFrom?: string | null,
    @Arg('journalDateTo', () => DateScalar, { nullable: true }) journalDateTo?: string | null,
    @Arg('dueDateFrom', () => DateScalar, { nullable: true }) dueDateFrom?: string | null,
    @Arg('dueDateTo', () => DateScalar, { nullable: true }) dueDateTo?: string | null,
    @Arg('orderBy', () => JournalPostOrderBy, { nullable: true })
    orderBy?: JournalPostOrderBy | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 25, at most 100' })
    first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<JournalPostConnection> {
    const list = await listJournalPosts(em, ability, today, {
      filter: {
        query,
        caseId: argId('Case', 'caseId', caseId),
        type,
        status,
        unitId: argId('Unit', 'unitId', unitId),
        responsibleId: argId('User', 'responsibleId', responsibleId),
        accessGroupId: argId('AccessGroup', 'accessGroupId', accessGroupId),
        journalDateFrom,
        journalDateTo,
        dueDateFrom,
        dueDateTo,
      },
      order: (orderBy ?? JournalPostOrderBy.JOURNAL_DATE) as JournalPostOrder,
      page: { first, after },
    });
    accessLog.noteRows('JournalPost', list.nodes);
    return JournalPostConnection.from(list, JournalPostView.from);
  }

  @FieldResolver(() => CaseView, { description: 'The case (sak) the post belongs to' })
  async case(@Root() p: JournalPostView, @Ctx() { loaders }: Context): Promise<CaseView> {
    // Every internal viewer who sees a post sees its case (both are read by every internal user).
    return (await loaders.case.load(p.caseRawId))!;
  }

  @FieldResolver(() => [CorrespondentView], {
    description: 'Correspondents (korrespondanseparter): senders and recipients',
  })
  correspondents(
    @Root() p: JournalPostView,
    @Ctx() { loaders }: Context,
  ): Promise<CorrespondentView[]> {
    return loaders.correspondents.load(p.rawId);
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Responsible case handler (saksbehandler); null when redacted',
  })
  responsible(
    @Root() p: JournalPostView,
    @Ctx() { loaders }: Context,
  ): Promise<UserType | null> | null {
    return p.responsibleRawId ? loaders.user.load(p.responsibleRawId) : null;
  }

  @FieldResolver(() => UnitType, { description: 'Responsible unit (ansvarlig enhet)' })
  async responsibleUnit(
    @Root() p: JournalPostView,
    @Ctx() { loaders }: Context,
  ): Promise<UnitType> {
    return (await loaders.unit.load(p.responsibleUnitRawId))!;
  }

  @FieldResolver(() => AccessGroupType, {
    nullable: true,
    description: 'Access group (tilgangsgruppe); null when redacted',
  })
  accessGroup(
    @Root() p: JournalPostView,
    @Ctx() { loaders }: Context,
  ): Promise<AccessGroupType | null> | null {
    return p.accessGroupRawId ? loaders.accessGroup.load(p.accessGroupRawId) : null;
  }

  @FieldResolver(() => JournalPostViewerCan, {
    description:
      'What you may do (viewer can): per action, whether you may do it now (the same rules as the mutations)',
  })
  async viewerCan(
    @Root() p: JournalPostView,
    @Ctx() { ability, loaders }: Context,
  ): Promise<JournalPostViewerCan> {
    const facts = await loaders.journalPostFacts.load(p.rawId);
    if (!facts) throw notFound('The record');
    return JournalPostViewerCan.from(journalPostWrites(ability, facts));
  }
}

import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { notFound } from '../domain/errors';
import { idOf } from '../schema/globalId';
import { listJournalPosts } from '../queries/journalPosts';
import {
  JournalPostFilterInput,
  JournalPostOrderField,
  JournalPostOrderInput,
} from '../schema/inputs/lists';
import { PageArgs } from '../schema/inputs/paging';
import { AccessGroupType, UnitType, UserType } from '../schema/types/admin';
import {
  CaseView,
  CorrespondentView,
  JournalPostConnection,
  JournalPostView,
  JournalPostViewerCan,
} from '../schema/types/records';
import { journalPostWrites } from '../services/viewerCan';
import { argId, checkedRange, pageRequest } from './args';
import { type Context } from './context';

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
    description:
      'Journal posts (journalposter) you may see, filtered, ordered and keyset-paged both ways',
  })
  async journalPosts(
    @Ctx() { em, ability, today, accessLog }: Context,
    @Arg('filter', () => JournalPostFilterInput, {
      nullable: true,
      description: 'Which journal posts (journalposter): every field given narrows the list',
    })
    filter: JournalPostFilterInput | null | undefined,
    @Arg('orderBy', () => JournalPostOrderInput, {
      nullable: true,
      description: 'The order; default the journal date (journaldato), the newest first',
    })
    orderBy: JournalPostOrderInput | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<JournalPostConnection> {
    const list = await listJournalPosts(em, ability, today, {
      filter: {
        query: filter?.query,
        caseId: argId('Case', 'filter.caseId', filter?.caseId),
        type: filter?.type,
        status: filter?.status,
        unitId: argId('Unit', 'filter.unitId', filter?.unitId),
        responsibleId: argId('User', 'filter.responsibleId', filter?.responsibleId),
        accessGroupId: argId('AccessGroup', 'filter.accessGroupId', filter?.accessGroupId),
        journalDate: checkedRange('filter.journalDate', filter?.journalDate),
        dueDate: checkedRange('filter.dueDate', filter?.dueDate),
      },
      order: {
        field: orderBy?.field ?? JournalPostOrderField.JOURNAL_DATE,
        direction: orderBy?.direction,
      },
      page: pageRequest(page),
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

import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { notFound } from '../domain/errors';
import { idOf } from '../schema/globalId';
import { listCases } from '../queries/cases';
import { CaseFilterInput, CaseOrderField, CaseOrderInput } from '../schema/inputs/lists';
import { PageArgs } from '../schema/inputs/paging';
import { AccessGroupType, UnitType, UserType } from '../schema/types/admin';
import { CasePartyView } from '../schema/types/caseParties';
import {
  CaseConnection,
  CaseView,
  CaseViewerCan,
  JournalPostConnection,
  JournalPostView,
} from '../schema/types/records';
import { caseWrites } from '../services/viewerCan';
import { argId, pageRequest } from './args';
import { type Context } from './context';

@Resolver(() => CaseView)
export class CaseResolver {
  @Query(() => CaseView, {
    nullable: true,
    description: 'One case; a NOT_FOUND error when it does not exist for you',
  })
  async case(
    @Arg('id', () => ID, { description: 'Global id of the case (sak)' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const rawId = idOf('Case', id);
    const found = rawId ? await ctx.loaders.case.load(rawId) : null;
    if (!found) throw notFound('The case');
    return found;
  }

  @Query(() => CaseConnection, {
    description: 'Cases (saker) you may see, filtered, ordered and keyset-paged both ways',
  })
  async cases(
    @Ctx() { em, ability, today, accessLog }: Context,
    @Arg('filter', () => CaseFilterInput, {
      nullable: true,
      description: 'Which cases (saker): every field given narrows the list',
    })
    filter: CaseFilterInput | null | undefined,
    @Arg('orderBy', () => CaseOrderInput, {
      nullable: true,
      description: 'The order; default the case number (saksnummer), the newest case first',
    })
    orderBy: CaseOrderInput | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<CaseConnection> {
    const list = await listCases(em, ability, today, {
      filter: {
        query: filter?.query,
        status: filter?.status,
        unitId: argId('Unit', 'filter.unitId', filter?.unitId),
        caseResponsibleId: argId('User', 'filter.caseResponsibleId', filter?.caseResponsibleId),
        accessGroupId: argId('AccessGroup', 'filter.accessGroupId', filter?.accessGroupId),
        partyIdentifier: filter?.partyIdentifier,
        classId: argId('Class', 'filter.classId', filter?.classId),
        classificationSystemId: argId(
          'ClassificationSystem',
          'filter.classificationSystemId',
          filter?.classificationSystemId,
        ),
      },
      order: { field: orderBy?.field ?? CaseOrderField.CASE_NUMBER, direction: orderBy?.direction },
      page: pageRequest(page),
    });
    accessLog.noteRows('Case', list.nodes);
    return CaseConnection.from(list, CaseView.from);
  }

  @FieldResolver(() => UnitType, { description: 'Responsible unit (ansvarlig enhet)' })
  async responsibleUnit(@Root() c: CaseView, @Ctx() { loaders }: Context): Promise<UnitType> {
    return (await loaders.unit.load(c.responsibleUnitRawId))!;
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Case responsible (saksansvarlig); null when redacted',
  })
  caseResponsible(
    @Root() c: CaseView,
    @Ctx() { loaders }: Context,
  ): Promise<UserType | null> | null {
    return c.caseResponsibleRawId ? loaders.user.load(c.caseResponsibleRawId) : null;
  }

  @FieldResolver(() => AccessGroupType, {
    nullable: true,
    description: 'Access group (tilgangsgruppe); null when redacted',
  })
  accessGroup(
    @Root() c: CaseView,
    @Ctx() { loaders }: Context,
  ): Promise<AccessGroupType | null> | null {
    return c.accessGroupRawId ? loaders.accessGroup.load(c.accessGroupRawId) : null;
  }

  @FieldResolver(() => [CasePartyView], {
    description:
      'Parties (sakspart) of the case, in their order; identifiers and addresses only when you read the case in full',
  })
  parties(@Root() c: CaseView, @Ctx() { loaders }: Context): Promise<CasePartyView[]> {
    return loaders.partiesOfCase.load(c.rawId);
  }

  @FieldResolver(() => JournalPostConnection, {
    description: 'Journal posts (journalposter) of the case, in document order',
  })
  async journalPosts(
    @Root() c: CaseView,
    @Ctx() { loaders }: Context,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<JournalPostConnection> {
    const posts = await loaders.postsOfCase.load(JSON.stringify([c.rawId, pageRequest(page)]));
    return JournalPostConnection.from(posts, JournalPostView.from);
  }

  @FieldResolver(() => CaseViewerCan, {
    description:
      'What you may do (viewer can): per action, whether you may do it now (the same rules as the mutations)',
  })
  async viewerCan(
    @Root() c: CaseView,
    @Ctx() { ability, loaders }: Context,
  ): Promise<CaseViewerCan> {
    const facts = await loaders.caseFacts.load(c.rawId);
    if (!facts) throw notFound('The record');
    return CaseViewerCan.from(caseWrites(ability, facts));
  }
}

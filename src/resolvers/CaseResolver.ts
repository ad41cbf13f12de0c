import {
  Arg,
  Args,
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
import { CaseStatus } from '../entities/enums';
import { idOf } from '../schema/globalId';
import { listCases, type CaseOrder } from '../queries/cases';
import { type PageRequest } from '../queries/pagination';
import { PageArgs } from '../schema/inputs/paging';
import { AccessGroupType, UnitType, UserType } from '../schema/types/admin';
import {
  CaseConnection,
  CaseView,
  CaseViewerCan,
  JournalPostConnection,
  JournalPostView,
} from '../schema/types/records';
import { caseWrites } from '../services/viewerCan';
import { argId } from './args';
import { type Context } from './context';

enum CaseOrderBy {
  CASE_NUMBER = 'CASE_NUMBER',
  TITLE = 'TITLE',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(CaseOrderBy, {
  name: 'CaseOrderBy',
  description: 'Order of case lists; title order uses the title as you see it',
  valuesConfig: {
    CASE_NUMBER: { description: 'Newest case number first' },
    TITLE: { description: 'Title A–Å' },
    CREATED_AT: { description: 'Newest first' },
  },
});

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

  @Query(() => CaseConnection, { description: 'Saker you may see, filtered and keyset-paged' })
  async cases(
    @Ctx() { em, ability, today, accessLog }: Context,
    @Arg('query', () => String, {
      nullable: true,
      description: 'Text in the title or case number, at least three characters',
    })
    query?: string | null,
    @Arg('status', () => CaseStatus, { nullable: true }) status?: CaseStatus | null,
    @Arg('unitId', () => ID, { nullable: true, description: 'Ansvarlig enhet' })
    unitId?: string | null,
    @Arg('caseResponsibleId', () => ID, { nullable: true, description: 'Saksansvarlig' })
    caseResponsibleId?: string | null,
    @Arg('accessGroupId', () => ID, { nullable: true, description: 'Tilgangsgruppe' })
    accessGroupId?: string | null,
    @Arg('orderBy', () => CaseOrderBy, { nullable: true }) orderBy?: CaseOrderBy | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 25, at most 100' })
    first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<CaseConnection> {
    const list = await listCases(em, ability, today, {
      filter: {
        query,
        status,
        unitId: argId('Unit', 'unitId', unitId),
        caseResponsibleId: argId('User', 'caseResponsibleId', caseResponsibleId),
        accessGroupId: argId('AccessGroup', 'accessGroupId', accessGroupId),
      },
      order: (orderBy ?? CaseOrderBy.CASE_NUMBER) as CaseOrder,
      page: { first, after },
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

  @FieldResolver(() => JournalPostConnection, {
    description: 'Journal posts (journalposter) of the case, in document order',
  })
  async journalPosts(
    @Root() c: CaseView,
    @Ctx() { loaders }: Context,
    @Args(() => PageArgs) { first, after, last, before }: PageArgs,
  ): Promise<JournalPostConnection> {
    const request: PageRequest = {
      first: first ?? null,
      after: after ?? null,
      last: last ?? null,
      before: before ?? null,
    };
    const page = await loaders.postsOfCase.load(JSON.stringify([c.rawId, request]));
    return JournalPostConnection.from(page, JournalPostView.from);
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

import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { NodeInterface } from '../schema/node';
import { fromGlobalId } from '../schema/globalId';
import { AccessGroup, ScreeningCode } from '../entities';
import { AccessGroupType, ScreeningCodeType } from '../schema/types/admin';
import { InsightRequestView } from '../schema/types/insightRequests';
import { type Context } from './context';

@Resolver()
export class NodeResolver {
  @Query(() => NodeInterface, {
    nullable: true,
    description: 'Any object by its id; null when it does not exist or is not visible to you',
  })
  async node(
    @Arg('id', () => ID, { description: 'Global id of any object that implements Node' })
    id: string,
    @Ctx() ctx: Context,
  ): Promise<NodeInterface | null> {
    const { em, ability, loaders } = ctx;
    const parsed = fromGlobalId(id);
    if (!parsed) return null;
    switch (parsed.type) {
      case 'Unit':
        return ability.can('read', 'Unit') ? loaders.unit.load(parsed.id) : null;
      case 'User':
        return ability.can('read', 'User') ? loaders.user.load(parsed.id) : null;
      case 'AccessGroup': {
        if (!ability.can('read', 'AccessGroup')) return null;
        const g = await em.findOne(AccessGroup, { id: parsed.id });
        return g ? AccessGroupType.from(g) : null;
      }
      case 'ScreeningCode': {
        if (!ability.can('read', 'ScreeningCode')) return null;
        const c = await em.findOne(ScreeningCode, { id: parsed.id });
        return c ? ScreeningCodeType.from(c) : null;
      }
      case 'Case':
        return loaders.case.load(parsed.id);
      case 'JournalPost':
        return loaders.journalPost.load(parsed.id);
      case 'AuditEvent':
        // Listed through auditEvents only (with its redaction rule); not fetched one by one.
        return null;
      case 'InsightRequest': {
        const row = await loaders.insightRequest.load(parsed.id);
        return row
          ? InsightRequestView.from(row, ctx.today, ctx.insight.settings.appealDays)
          : null;
      }
    }
  }
}

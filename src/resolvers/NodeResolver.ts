import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { badInput } from '../domain/errors';
import { NodeInterface } from '../schema/node';
import { fromGlobalId } from '../schema/globalId';
import { InsightRequestView } from '../schema/types/insightRequests';
import { type Context } from './context';

/** The most ids one `nodes` call takes (docs/api-conventions.md, "Lists"). */
export const MAX_NODE_IDS = 100;

/**
 * The object of a global id, or null where it does not exist or the viewer may not see it (the two
 * are never told apart). Every kind loads through the request's DataLoaders, each called before
 * anything is awaited, so the ids of one `nodes` call load in one statement per kind.
 */
async function resolveNode(id: string, ctx: Context): Promise<NodeInterface | null> {
  const { ability, loaders } = ctx;
  const parsed = fromGlobalId(id);
  if (!parsed) return null;
  switch (parsed.type) {
    case 'Unit':
      return ability.can('read', 'Unit') ? loaders.unit.load(parsed.id) : null;
    case 'User':
      return ability.can('read', 'User') ? loaders.user.load(parsed.id) : null;
    case 'AccessGroup':
      return ability.can('read', 'AccessGroup') ? loaders.accessGroup.load(parsed.id) : null;
    case 'ScreeningCode':
      return ability.can('read', 'ScreeningCode') ? loaders.screeningCode.load(parsed.id) : null;
    case 'DocumentType':
      return ability.can('read', 'DocumentType') ? loaders.documentType.load(parsed.id) : null;
    case 'Archive':
      return ability.can('read', 'Archive') ? loaders.archive.load(parsed.id) : null;
    case 'ArchivePart':
      return ability.can('read', 'ArchivePart') ? loaders.archivePart.load(parsed.id) : null;
    case 'ClassificationSystem':
      return loaders.classificationSystem.load(parsed.id);
    case 'Class':
      return loaders.class.load(parsed.id);
    case 'Case':
      return loaders.case.load(parsed.id);
    case 'CaseParty':
      return loaders.caseParty.load(parsed.id);
    case 'JournalPost':
      return loaders.journalPost.load(parsed.id);
    case 'DocumentDescription':
      return loaders.documentDescription.load(parsed.id);
    case 'PublicJournalEntry':
      // The public form, the same for everybody, while the post is in the public journal
      return loaders.publicJournalEntry.load(parsed.id);
    case 'AuditEvent':
      // Listed through auditEvents only (with its redaction rule); not fetched one by one.
      return null;
    case 'Remark':
      // Read with its record only (Case.remarks, JournalPost.remarks), where its screening is.
      return null;
    case 'Disposal':
      return ability.can('read', 'Disposal') ? loaders.disposal.load(parsed.id) : null;
    case 'ArchiveExport':
      // Read through archiveExport(id) by archivists only, where its refusal is.
      return null;
    case 'SpecialistSystem':
    case 'ArchiveLogEntry':
      // Read through specialistSystems and archiveLog, where who reads them is decided.
      return null;
    case 'Organisation':
      // The public directory, read through organisations and User.organisation(s); a handful of
      // rows that no client refetches one by one.
      return null;
    case 'InsightRequest': {
      const row = await loaders.insightRequest.load(parsed.id);
      return row ? InsightRequestView.from(row, ctx.today, ctx.insight.settings.appealDays) : null;
    }
  }
}

@Resolver()
export class NodeResolver {
  @Query(() => NodeInterface, {
    nullable: true,
    description: 'Any object by its id; null when it does not exist or is not visible to you',
  })
  node(
    @Arg('id', () => ID, { description: 'Global id of any object that implements Node' })
    id: string,
    @Ctx() ctx: Context,
  ): Promise<NodeInterface | null> {
    return resolveNode(id, ctx);
  }

  @Query(() => [NodeInterface], {
    nullable: 'items',
    description:
      `Batch refetch: the objects of up to ${MAX_NODE_IDS} ids, in the order asked; null where ` +
      'one does not exist or is not visible to you',
  })
  nodes(
    @Arg('ids', () => [ID], {
      description: `Global ids of any kind (Node), at most ${MAX_NODE_IDS}; repeats allowed`,
    })
    ids: string[],
    @Ctx() ctx: Context,
  ): Promise<(NodeInterface | null)[]> {
    if (ids.length > MAX_NODE_IDS) {
      throw badInput(
        'ids',
        'TOO_LONG',
        `Give at most ${MAX_NODE_IDS} ids; this call gives ${ids.length}`,
        {
          max: MAX_NODE_IDS,
        },
      );
    }
    return Promise.all(ids.map((id) => resolveNode(id, ctx)));
  }
}

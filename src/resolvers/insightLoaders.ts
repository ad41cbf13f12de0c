import { type EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { type AppAbility } from '../policies/ability';
import { type Tagged } from '../policies/subjects';
import { documentsOfPosts } from '../queries/documents';
import { insightRequestFacts } from '../queries/facts';
import {
  type InsightItemRow,
  type InsightRequestRow,
  insightRequestsById,
  itemsOfRequests,
} from '../queries/insightRequests';
import { DocumentView } from '../schema/types/documents';

/**
 * Batched lookups for documents and insight requests, bound to the viewer's ability like the
 * record loaders: one statement per kind per request, never more than the viewer may see.
 */
export function createInsightLoaders(em: EntityManager, ability: AppAbility, today: string) {
  return {
    /** The current files of a post that the viewer may fetch */
    documentsOfPost: new DataLoader<string, DocumentView[]>(async (postIds) => {
      const rows = await documentsOfPosts(em, ability, postIds);
      return postIds.map((id) =>
        rows.filter((r) => r.journal_post_id === id).map(DocumentView.from),
      );
    }),
    /** Requests the viewer may see, by id */
    insightRequest: new DataLoader<string, InsightRequestRow | null>(async (ids) => {
      const rows = await insightRequestsById(em, ability, today, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** The policy fields of requests already found visible, for `viewerCan` */
    insightRequestFacts: new DataLoader<string, Tagged<'InsightRequest'> | null>(async (ids) => {
      const facts = await insightRequestFacts(em, ids);
      return ids.map((id) => facts.get(id) ?? null);
    }),
    /** The items of requests already found visible, by request id */
    insightItems: new DataLoader<string, InsightItemRow[]>(async (requestIds) => {
      const rows = await itemsOfRequests(em, requestIds);
      return requestIds.map((id) => rows.filter((r) => r.request_id === id));
    }),
  };
}

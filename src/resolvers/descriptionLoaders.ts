import { type EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { type AppAbility } from '../policies/ability';
import {
  descriptionsById,
  descriptionsOfPosts,
  documentsOfDescriptions,
} from '../queries/documents';
import { DocumentDescriptionView } from '../schema/types/documentDescriptions';
import { DocumentView } from '../schema/types/documents';

/**
 * Document descriptions (dokumentbeskrivelse) and their files, bound to the viewer's ability: one
 * statement per kind per request, public forms decided in SQL.
 */
export function createDescriptionLoaders(em: EntityManager, ability: AppAbility, today: string) {
  return {
    /** The descriptions of a post, by document number */
    descriptionsOfPost: new DataLoader<string, DocumentDescriptionView[]>(async (postIds) => {
      const rows = await descriptionsOfPosts(em, ability, today, postIds);
      return postIds.map((id) =>
        rows.filter((r) => r.journal_post_id === id).map(DocumentDescriptionView.from),
      );
    }),
    /** Descriptions the viewer may see, by id */
    documentDescription: new DataLoader<string, DocumentDescriptionView | null>(async (ids) => {
      const rows = await descriptionsById(em, ability, today, ids);
      const byId = new Map(rows.map((r) => [r.id, DocumentDescriptionView.from(r)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** The current files of a description that the viewer may fetch */
    documentsOfDescription: new DataLoader<string, DocumentView[]>(async (ids) => {
      const rows = await documentsOfDescriptions(em, ability, ids);
      return ids.map((id) =>
        rows.filter((r) => r.document_description_id === id).map(DocumentView.from),
      );
    }),
  };
}

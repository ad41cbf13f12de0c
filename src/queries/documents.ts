import { type EntityManager } from '@mikro-orm/postgresql';
import { query, raw, sql } from '../db/sqlTemplate';
import { type DocumentVariant } from '../entities';
import { type AppAbility } from '../policies/ability';
import { documentFields, journalPostFields } from '../policies/fields';
import { accessibleWhere } from '../policies/sql';

/** A current file of a post, as one viewer may see it (never its bytes). */
export interface DocumentRow {
  id: string;
  journal_post_id: string;
  variant: DocumentVariant;
  version: number;
  file_name: string;
  media_type: string;
  format: string | null;
  size: number;
  sha256: string;
  uploaded_at: string;
  /** NULL unless the viewer reads the post in full: people are not part of the public form */
  uploaded_by_id: string | null;
}

/**
 * The current files of the given posts that the viewer may fetch (policies/documents.ts), in one
 * statement: PRODUCTION, ARCHIVE, PUBLIC.
 */
export async function documentsOfPosts(
  em: EntityManager,
  ability: AppAbility,
  postIds: readonly string[],
): Promise<DocumentRow[]> {
  const read = accessibleWhere(ability, 'read', 'Document', documentFields('d', 'jp', 'c'));
  const post = accessibleWhere(ability, 'read', 'JournalPost', journalPostFields('jp', 'c'));
  if (!read || !post || postIds.length === 0) return [];
  const full =
    accessibleWhere(ability, 'readFull', 'JournalPost', journalPostFields('jp', 'c')) ??
    raw('false');
  return query<DocumentRow>(
    em,
    sql`select d.id, d.journal_post_id, d.variant, d.version, d.file_name, d.media_type,
        d.format, d.size, d.sha256, d.uploaded_at,
        case when ${full} then d.uploaded_by_id end as uploaded_by_id
      from document d
      join journal_post jp on jp.id = d.journal_post_id
      join case_file c on c.id = jp.case_id
      where d.replaced_at is null and d.journal_post_id in (${[...postIds]})
        and (${post}) and (${read})
      order by d.journal_post_id,
        array_position(array['PRODUCTION', 'ARCHIVE', 'PUBLIC'], d.variant::text)`,
  );
}

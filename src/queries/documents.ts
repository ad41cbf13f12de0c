import { type EntityManager } from '@mikro-orm/postgresql';
import { query, raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { SCREENED_MARKER } from '../domain/publicTitle';
import { type DocumentRole, type DocumentStatus, type DocumentVariant } from '../entities';
import { type AppAbility } from '../policies/ability';
import { descriptionFields, documentFields, journalPostFields } from '../policies/fields';
import { fullAccessJoin, titleScreened } from '../policies/redaction';
import { accessibleWhere } from '../policies/sql';

/** A current file (dokumentobjekt) of a description, as one viewer may see it (never its bytes). */
export interface DocumentRow {
  id: string;
  journal_post_id: string;
  document_description_id: string;
  /** Dokumentnummer of its description: 1 is the main document */
  document_number: number;
  variant: DocumentVariant;
  version: number;
  file_name: string;
  media_type: string;
  format: string | null;
  size: number;
  sha256: string;
  uploaded_at: string;
  /** NULL unless the viewer reads the description in full: people are not part of the public form */
  uploaded_by_id: string | null;
}

/** The files the viewer may fetch among `where` (the current ones), in variant order. */
async function currentFiles(
  em: EntityManager,
  ability: AppAbility,
  where: SqlFragment,
): Promise<DocumentRow[]> {
  const read = accessibleWhere(ability, 'read', 'Document', documentFields('d', 'dd', 'jp', 'c'));
  const post = accessibleWhere(ability, 'read', 'JournalPost', journalPostFields('jp', 'c'));
  if (!read || !post) return [];
  const full =
    accessibleWhere(
      ability,
      'readFull',
      'DocumentDescription',
      descriptionFields('dd', 'jp', 'c'),
    ) ?? raw('false');
  return query<DocumentRow>(
    em,
    sql`select d.id, d.journal_post_id, d.document_description_id, dd.document_number, d.variant,
        d.version, d.file_name, d.media_type, d.format, d.size, d.sha256, d.uploaded_at,
        case when ${full} then d.uploaded_by_id end as uploaded_by_id
      from document d
      join document_description dd on dd.id = d.document_description_id
      join journal_post jp on jp.id = dd.journal_post_id
      join case_file c on c.id = jp.case_id
      where d.replaced_at is null and (${where}) and (${post}) and (${read})
      order by d.document_description_id,
        array_position(array['PRODUCTION', 'ARCHIVE', 'PUBLIC'], d.variant::text)`,
  );
}

/**
 * The current files of the main documents (hoveddokument) of the given posts that the viewer may
 * fetch (policies/documents.ts), in one statement: PRODUCTION, ARCHIVE, PUBLIC.
 */
export function documentsOfPosts(
  em: EntityManager,
  ability: AppAbility,
  postIds: readonly string[],
): Promise<DocumentRow[]> {
  if (postIds.length === 0) return Promise.resolve([]);
  return currentFiles(
    em,
    ability,
    sql`dd.document_number = 1 and dd.journal_post_id in (${[...postIds]})`,
  );
}

/** The current files of the given descriptions that the viewer may fetch, in one statement. */
export function documentsOfDescriptions(
  em: EntityManager,
  ability: AppAbility,
  descriptionIds: readonly string[],
): Promise<DocumentRow[]> {
  if (descriptionIds.length === 0) return Promise.resolve([]);
  return currentFiles(em, ability, sql`dd.id in (${[...descriptionIds]})`);
}

/** A document description as one viewer may see it: the public form unless `is_full`. */
export interface DescriptionRow {
  id: string;
  journal_post_id: string;
  document_number: number;
  role: DocumentRole;
  /** The stored title where FULL; else `*****` while the description or the post's title is screened */
  title: string;
  status: DocumentStatus;
  /** The description has its own screening (tilgangskode); its code only where FULL */
  screened: boolean;
  screening_code_id: string | null;
  created_at: string;
  /** NULL unless FULL */
  created_by_id: string | null;
  version: number;
  is_full: boolean;
}

/**
 * The document descriptions of the given posts (or the given descriptions) that the viewer may
 * see, by post and document number, in one statement. The title's public form is decided in SQL:
 * a REDACTED reader never receives a screened title.
 */
async function descriptions(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  where: SqlFragment,
): Promise<DescriptionRow[]> {
  const post = accessibleWhere(ability, 'read', 'JournalPost', journalPostFields('jp', 'c'));
  const read = accessibleWhere(
    ability,
    'read',
    'DocumentDescription',
    descriptionFields('dd', 'jp', 'c'),
  );
  if (!post || !read) return [];
  const full = accessibleWhere(
    ability,
    'readFull',
    'DocumentDescription',
    descriptionFields('dd', 'jp', 'c'),
  );
  const postTitleScreened = titleScreened('jp', today);
  return query<DescriptionRow>(
    em,
    sql`select dd.id, dd.journal_post_id, dd.document_number, dd.role, dd.status,
        case when f.is_full then dd.title
          when dd.screening_code_id is not null or ${postTitleScreened} then ${SCREENED_MARKER}
          else dd.title end as title,
        dd.screening_code_id is not null as screened,
        case when f.is_full then dd.screening_code_id end as screening_code_id,
        dd.created_at, case when f.is_full then dd.created_by_id end as created_by_id,
        dd.version, f.is_full
      from document_description dd
      join journal_post jp on jp.id = dd.journal_post_id
      join case_file c on c.id = jp.case_id
      ${fullAccessJoin(full)}
      where (${where}) and (${post}) and (${read})
      order by dd.journal_post_id, dd.document_number`,
  );
}

export function descriptionsOfPosts(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  postIds: readonly string[],
): Promise<DescriptionRow[]> {
  if (postIds.length === 0) return Promise.resolve([]);
  return descriptions(em, ability, today, sql`dd.journal_post_id in (${[...postIds]})`);
}

export function descriptionsById(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  ids: readonly string[],
): Promise<DescriptionRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return descriptions(em, ability, today, sql`dd.id in (${[...ids]})`);
}

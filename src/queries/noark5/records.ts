import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql, type SqlFragment } from '../../db/sqlTemplate';
import { type AppAbility } from '../../policies/ability';
import { organisationFields } from '../../policies/fields';
import { accessibleWhere } from '../../policies/sql';
import { type CaseRow, visibleCases } from '../cases';
import { visibleClasses } from '../classification';
import { type DocumentRow, documentsOfDescriptions } from '../documents';
import {
  correspondentColumns,
  type CorrespondentRow,
  type JournalPostRow,
  visibleJournalPosts,
} from '../journalPosts';

/**
 * The relations the service interface reads (docs/noark5-service-interface.md): each is the
 * visible relation of src/queries that GraphQL reads (the same policy, the same effective and
 * REDACTED columns), with the few columns the standard's JSON adds joined on: names of units and
 * people, codes of screening, closing dates. Every added column about a person or an access group
 * is one the visible relation already gives only to a FULL reader (NULL otherwise), so the join
 * adds nothing a REDACTED reader may not see.
 */

/** Saksmappe: a case as the viewer sees it, with the names the standard's JSON carries. */
export interface SaksmappeRow extends CaseRow {
  unit_name: string;
  case_responsible_name: string | null;
  access_group_name: string | null;
  screening_code: string | null;
  screening_code_name: string | null;
  /** The code's default skjermingshjemmel, for a record that names none of its own */
  screening_code_legal_basis: string | null;
  closed_at: string | null;
  /** NULL unless FULL: people are not part of the public form */
  created_by_id: string | null;
  created_by_name: string | null;
  primary_class_id: string | null;
}

/**
 * The names a saksmappe and a journalpost both add over their visible relation `v` and own table
 * `x`: access group and screening code, and the creator for a FULL reader only.
 */
const addedNames = sql`g.name as access_group_name, sc.code as screening_code,
      sc.name as screening_code_name, sc.legal_basis as screening_code_legal_basis,
      case when v.is_full then x.created_by_id end as created_by_id,
      case when v.is_full then cu.display_name end as created_by_name`;
const addedNamesJoins = sql`left join access_group g on g.id = v.access_group_id
    left join screening_code sc on sc.id = v.screening_code_id
    left join app_user cu on cu.id = x.created_by_id and v.is_full`;

/** The cases the viewer sees (queries/cases.ts) with the saksmappe's added columns; null: none. */
export function saksmapper(ability: AppAbility, today: string): SqlFragment | null {
  const cases = visibleCases(ability, today);
  if (!cases) return null;
  return sql`select v.*, u.name as unit_name, r.display_name as case_responsible_name,
      ${addedNames}, x.closed_at,
      (select cc.class_id from case_class cc where cc.case_id = v.id and cc.role = 'PRIMARY')
        as primary_class_id
    from (${cases}) v
    join case_file x on x.id = v.id
    join unit u on u.id = v.responsible_unit_id
    left join app_user r on r.id = v.case_responsible_id
    ${addedNamesJoins}`;
}

/** Journalpost: a post as the viewer sees it, with the names the standard's JSON carries. */
export interface JournalpostRow extends JournalPostRow {
  case_title: string;
  unit_name: string;
  responsible_name: string | null;
  access_group_name: string | null;
  screening_code: string | null;
  screening_code_name: string | null;
  screening_code_legal_basis: string | null;
  /** Vedlegg: the post's descriptions that are attachments (their existence is not screened) */
  attachment_count: number;
  created_by_id: string | null;
  created_by_name: string | null;
}

/** The posts the viewer sees (queries/journalPosts.ts) with the journalpost's added columns. */
export function journalposter(ability: AppAbility, today: string): SqlFragment | null {
  const posts = visibleJournalPosts(ability, today);
  if (!posts) return null;
  return sql`select v.*, u.name as unit_name, r.display_name as responsible_name, ${addedNames},
      (select count(*)::int from document_description dd
        where dd.journal_post_id = v.id and dd.role = 'ATTACHMENT') as attachment_count
    from (${posts}) v
    join journal_post x on x.id = v.id
    join unit u on u.id = v.responsible_unit_id
    left join app_user r on r.id = v.responsible_id
    ${addedNamesJoins}`;
}

/** Rows of `base` (aliased `t`) by id; invisible and unknown ids are simply absent. */
export function rowsById<T>(
  em: EntityManager,
  base: SqlFragment | null,
  ids: readonly string[],
): Promise<T[]> {
  if (!base || ids.length === 0) return Promise.resolve([]);
  return query<T>(em, sql`select * from (${base}) t where t.id in (${[...ids]})`);
}

/** Arkiv: the archives of the viewer's organisation (every internal user reads them). */
export function arkiver(ability: AppAbility): SqlFragment | null {
  const where = accessibleWhere(ability, 'read', 'Archive', organisationFields('a'));
  return where
    ? sql`select a.id, a.title, a.description, a.status, a.records_creator_name, a.created_at
        from archive a where ${where}`
    : null;
}

/** Arkivdel: the archive parts of the viewer's organisation. */
export function arkivdeler(ability: AppAbility): SqlFragment | null {
  const where = accessibleWhere(ability, 'read', 'ArchivePart', organisationFields('p'));
  return where
    ? sql`select p.id, p.archive_id, p.title, p.status, p.period_start::text as period_start,
          p.period_end::text as period_end, p.successor_id, p.created_at, p.version
        from archive_part p where ${where}`
    : null;
}

/** Klassifikasjonssystem */
export function klassifikasjonssystemer(ability: AppAbility): SqlFragment | null {
  const where = accessibleWhere(ability, 'read', 'ClassificationSystem', organisationFields('s'));
  return where
    ? sql`select s.id, s.title, s.description, s.type, s.created_at, s.version
        from classification_system s where ${where}`
    : null;
}

/** Klasse: the classes as the viewer sees them (queries/classification.ts). */
export function klasser(ability: AppAbility): SqlFragment | null {
  return visibleClasses(ability);
}

/** Korrespondansepart: a correspondent of a visible post, its name NULL where screened for this viewer. */
export interface KorrespondansepartRow extends CorrespondentRow {
  id: string;
  position: number;
  is_person: boolean;
}

/**
 * Correspondents of visible posts (`where` over `co`), in their order: the same effective
 * columns as queries/journalPosts.ts `correspondentsOf`, with the correspondent's own id.
 */
async function correspondents(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  where: SqlFragment,
): Promise<KorrespondansepartRow[]> {
  const base = visibleJournalPosts(ability, today);
  if (!base) return [];
  return query<KorrespondansepartRow>(
    em,
    sql`select co.id, co.journal_post_id, co.position, co.role, co.is_person, ${correspondentColumns}
      from (${base}) t
      join correspondent co on co.journal_post_id = t.id
      where ${where}
      order by co.journal_post_id, co.position`,
  );
}

export function correspondentsOfPosts(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  postIds: readonly string[],
): Promise<KorrespondansepartRow[]> {
  if (postIds.length === 0) return Promise.resolve([]);
  return correspondents(em, ability, today, sql`co.journal_post_id in (${[...postIds]})`);
}

export function correspondentsById(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  ids: readonly string[],
): Promise<KorrespondansepartRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return correspondents(em, ability, today, sql`co.id in (${[...ids]})`);
}

/**
 * The current files (dokumentobjekt) by id that the viewer may fetch: the description of each is
 * looked up by id only, and the files come from queries/documents.ts, whose policy decides.
 */
export async function documentObjectsById(
  em: EntityManager,
  ability: AppAbility,
  ids: readonly string[],
): Promise<DocumentRow[]> {
  if (ids.length === 0) return [];
  const owners = await query<{ document_description_id: string }>(
    em,
    sql`select distinct document_description_id from document where id in (${[...ids]})`,
  );
  const files = await documentsOfDescriptions(
    em,
    ability,
    owners.map((o) => o.document_description_id),
  );
  const wanted = new Set(ids);
  return files.filter((f) => wanted.has(f.id));
}

/** The names of users by id (the uploader of a file the viewer reads in full). */
export async function userNames(
  em: EntityManager,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await query<{ id: string; display_name: string }>(
    em,
    sql`select id, display_name from app_user where id in (${[...ids]})`,
  );
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** The arkivdel of the active period that new cases go to (the newest such), or null. */
export async function activeArkivdel(
  em: EntityManager,
  ability: AppAbility,
): Promise<string | null> {
  const parts = arkivdeler(ability);
  if (!parts) return null;
  const [row] = await query<{ id: string }>(
    em,
    sql`select t.id from (${parts}) t where t.status = 'ACTIVE'
      order by t.period_start desc, t.id limit 1`,
  );
  return row?.id ?? null;
}

/**
 * The SQL of arkivstruktur.xml: the head of the document (archive, part, organisation), the
 * classification skeleton of the part (the classes its cases use, with their ancestors), and the
 * cases in document order, a page of at most CASE_PAGE cases per statement with everything below
 * them read per page (`= any(…)`), never per record.
 */
import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql, type SqlFragment } from '../../db/sqlTemplate';
import { type ArchivePartScope } from '../scope';

export const CASE_PAGE = 1000;

/** A PostgreSQL array literal of uuids: one parameter however many ids (they are uuids only). */
export const uuidArray = (ids: readonly string[]): string => `{${ids.join(',')}}`;

export interface HeadRow {
  part_id: string;
  part_title: string;
  part_status: string;
  period_start: string;
  period_end: string | null;
  successor_id: string | null;
  predecessor_id: string | null;
  part_disposal_decision: string | null;
  part_disposal_authority: string | null;
  part_retention_years: number | null;
  part_created_at: Date;
  archive_id: string;
  archive_title: string;
  archive_description: string | null;
  archive_status: 'OPEN' | 'CLOSED';
  records_creator_name: string;
  archive_created_at: Date;
  organisation_number: string | null;
  short_name: string;
}

export async function readHead(em: EntityManager, scope: ArchivePartScope): Promise<HeadRow> {
  const [row] = await query<HeadRow>(
    em,
    sql`select p.id as part_id, p.title as part_title, p.status as part_status,
          p.period_start::text as period_start, p.period_end::text as period_end, p.successor_id,
          (select f.id from archive_part f where f.successor_id = p.id order by f.period_start, f.id limit 1) as predecessor_id,
          p.disposal_decision as part_disposal_decision, p.disposal_authority as part_disposal_authority,
          p.retention_years as part_retention_years, p.created_at as part_created_at,
          a.id as archive_id, a.title as archive_title, a.description as archive_description,
          a.status as archive_status, a.records_creator_name, a.created_at as archive_created_at,
          o.organisation_number, o.short_name
        from archive_part p join archive a on a.id = p.archive_id
        join organisation o on o.id = ${scope.organisationId}
        where p.id = ${scope.archivePartId} and p.organisation_id = ${scope.organisationId}`,
  );
  if (!row) throw new Error(`No archive part ${scope.archivePartId} in this organisation`);
  return row;
}

export interface SystemRow {
  id: string;
  title: string;
  description: string | null;
  type: string;
  created_at: Date;
}

export interface ClassRow {
  id: string;
  system_id: string;
  class_id: string;
  title: string;
  screened: boolean;
  parent_id: string | null;
  disposal_decision: string | null;
  disposal_authority: string | null;
  retention_years: number | null;
  created_at: Date;
  /** Some case of the part has it as its primary class */
  has_cases: boolean;
}

/** The systems and classes the part's cases use (primary or secondary), with every ancestor. */
export async function readSkeleton(
  em: EntityManager,
  scope: ArchivePartScope,
): Promise<{ systems: SystemRow[]; classes: ClassRow[] }> {
  const classes = await query<ClassRow>(
    em,
    sql`with recursive used as (
          select cc.class_id, bool_or(cc.role = 'PRIMARY') as primary_use
          from case_class cc join case_file c on c.id = cc.case_id
          where c.archive_part_id = ${scope.archivePartId}
          group by cc.class_id
        ), tree as (
          select k.id, k.parent_id from class k where k.id in (select class_id from used)
          union
          select p.id, p.parent_id from class p join tree t on t.parent_id = p.id
        )
        select k.id, k.system_id, k.class_id, k.title, k.screened, k.parent_id,
          k.disposal_decision, k.disposal_authority, k.retention_years, k.created_at,
          coalesce(u.primary_use, false) as has_cases
        from class k join (select distinct id from tree) t on t.id = k.id
        left join used u on u.class_id = k.id
        order by k.class_id, k.id`,
  );
  const systemIds = [...new Set(classes.map((c) => c.system_id))];
  const systems =
    systemIds.length === 0
      ? []
      : await query<SystemRow>(
          em,
          sql`select id, title, description, type, created_at from classification_system
              where id = any(${uuidArray(systemIds)}::uuid[]) order by title, id`,
        );
  return { systems, classes };
}

export interface CaseRow {
  id: string;
  case_year: number;
  case_sequence: number;
  case_number: string;
  title: string;
  public_title: string;
  status: string;
  responsible_unit_id: string;
  case_responsible_id: string | null;
  created_by_id: string;
  screening_code_id: string | null;
  legal_basis: string | null;
  screened_fields: string[];
  screening_expires_on: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

const CASE_COLUMNS = sql`c.id, c.case_year, c.case_sequence, c.case_number, c.title,
  c.public_title, c.status, c.responsible_unit_id, c.case_responsible_id, c.created_by_id,
  c.screening_code_id, c.legal_basis, c.screened_fields,
  c.screening_expires_on::text as screening_expires_on, c.created_at, c.updated_at, c.closed_at`;

/**
 * The cases filed under one class (primary), or under none when `classId` is null. A class's
 * cases are found from the class (its index), not by testing every case of the part: a
 * person-number scheme has a class per person.
 */
export function casesOf(scope: ArchivePartScope, classId: string | null, pageSize = CASE_PAGE) {
  return (after: { year: number; sequence: number } | null): SqlFragment => {
    const from =
      classId === null
        ? sql`from case_file c where c.archive_part_id = ${scope.archivePartId}
            and not exists (select 1 from case_class p where p.case_id = c.id and p.role = 'PRIMARY')`
        : sql`from case_class p join case_file c on c.id = p.case_id
            where p.class_id = ${classId} and p.role = 'PRIMARY'
              and c.archive_part_id = ${scope.archivePartId}`;
    return sql`select ${CASE_COLUMNS} ${from}
      ${after ? sql`and (c.case_year, c.case_sequence) > (${after.year}, ${after.sequence})` : sql``}
      order by c.case_year, c.case_sequence
      limit ${pageSize}`;
  };
}

export interface PostRow {
  id: string;
  case_id: string;
  document_number: number;
  journal_year: number;
  journal_sequence_number: number;
  type: string;
  status: string;
  title: string;
  public_title: string;
  journal_date: string;
  document_date: string | null;
  /** Mottatt dato as the moment its day starts in Norway (mottattDato is an xs:dateTime) */
  received_at: Date | string | null;
  due_date: string | null;
  responsible_id: string | null;
  responsible_unit_id: string;
  created_by_id: string;
  screening_code_id: string | null;
  legal_basis: string | null;
  screened_fields: string[];
  screening_expires_on: string | null;
  screening_assessed_on: string | null;
  write_off_method: string | null;
  write_off_date: string | null;
  written_off_by_id: string | null;
  write_off_reply_id: string | null;
  dispatched_at: Date | null;
  created_at: Date;
  case_number: string;
}

export interface CorrespondentRow {
  journal_post_id: string;
  role: string;
  name: string;
  address: string | null;
  email: string | null;
}

export interface DescriptionRow {
  id: string;
  journal_post_id: string;
  document_number: number;
  role: string;
  title: string;
  status: string;
  screening_code_id: string | null;
  created_by_id: string;
  created_at: Date;
  disposed_at: Date | null;
  disposed_by_id: string | null;
}

export interface FileRow {
  id: string;
  document_description_id: string;
  version: number;
  format: string | null;
  media_type: string;
  size: number;
  sha256: string;
  uploaded_by_id: string;
  uploaded_at: Date;
}

export interface PartyRow {
  case_id: string;
  name: string;
  role: string;
  national_id: string | null;
  organization_number: string | null;
  postal_address: string | null;
  postal_code: string | null;
  postal_town: string | null;
}

export interface RemarkRow {
  case_id: string | null;
  journal_post_id: string | null;
  type: string;
  text: string;
  registered_at: Date;
  registered_by_id: string;
}

export interface SecondaryRow {
  case_id: string;
  class_id: string;
}

/** Everything below one page of cases, each list in document order. */
export interface CasePage {
  cases: CaseRow[];
  posts: PostRow[];
  correspondents: CorrespondentRow[];
  descriptions: DescriptionRow[];
  files: FileRow[];
  parties: PartyRow[];
  remarks: RemarkRow[];
  secondary: SecondaryRow[];
  userNames: Map<string, string>;
}

/** The current ARCHIVE file (not disposed) of each description of the posts of these cases. */
export function archiveFilesOf(caseIds: readonly string[]): SqlFragment {
  return sql`select d.id, d.document_description_id, d.version, d.format, d.media_type, d.size,
      d.sha256, d.uploaded_by_id, d.uploaded_at
    from document d join journal_post p on p.id = d.journal_post_id
    join case_file c on c.id = p.case_id
    join document_description dd on dd.id = d.document_description_id
    where p.case_id = any(${uuidArray(caseIds)}::uuid[]) and d.variant = 'ARCHIVE'
      and d.replaced_at is null and d.disposed_at is null
    order by c.case_year, c.case_sequence, p.document_number, dd.document_number`;
}

export async function readPage(em: EntityManager, cases: CaseRow[]): Promise<CasePage> {
  const ids = uuidArray(cases.map((c) => c.id));
  // One statement at a time: they share the transaction's connection.
  const posts = await query<PostRow>(
    em,
    sql`select p.id, p.case_id, p.document_number, p.journal_year, p.journal_sequence_number,
            p.type, p.status, p.title, p.public_title, p.journal_date::text as journal_date,
            p.document_date::text as document_date, (p.received_date::timestamp at time zone 'Europe/Oslo') as received_at,
            p.due_date::text as due_date, p.responsible_id,
            p.responsible_unit_id, p.created_by_id, p.screening_code_id, p.legal_basis,
            p.screened_fields, p.screening_expires_on::text as screening_expires_on,
            p.screening_assessed_on::text as screening_assessed_on, p.write_off_method,
            p.write_off_date::text as write_off_date, p.written_off_by_id, p.write_off_reply_id,
            p.dispatched_at, p.created_at, c.case_number
          from journal_post p join case_file c on c.id = p.case_id
          where p.case_id = any(${ids}::uuid[]) order by p.case_id, p.document_number`,
  );
  const correspondents = await query<CorrespondentRow>(
    em,
    sql`select k.journal_post_id, k.role, k.name, k.address, k.email
          from correspondent k join journal_post p on p.id = k.journal_post_id
          where p.case_id = any(${ids}::uuid[]) order by k.journal_post_id, k.position`,
  );
  const descriptions = await query<DescriptionRow>(
    em,
    sql`select d.id, d.journal_post_id, d.document_number, d.role, d.title, d.status,
            d.screening_code_id, d.created_by_id, d.created_at, d.disposed_at, d.disposed_by_id
          from document_description d join journal_post p on p.id = d.journal_post_id
          where p.case_id = any(${ids}::uuid[]) order by d.journal_post_id, d.document_number`,
  );
  const files = await query<FileRow>(em, archiveFilesOf(cases.map((c) => c.id)));
  const parties = await query<PartyRow>(
    em,
    sql`select case_id, name, role, national_id, organization_number, postal_address,
            postal_code, postal_town
          from case_party where case_id = any(${ids}::uuid[]) order by case_id, position`,
  );
  const remarks = await query<RemarkRow>(
    em,
    sql`select r.case_id, r.journal_post_id, r.type, r.text, r.registered_at, r.registered_by_id
          from remark r left join journal_post p on p.id = r.journal_post_id
          where r.case_id = any(${ids}::uuid[]) or p.case_id = any(${ids}::uuid[])
          order by r.registered_at, r.id`,
  );
  const secondary = await query<SecondaryRow>(
    em,
    sql`select case_id, class_id from case_class
          where role = 'SECONDARY' and case_id = any(${ids}::uuid[]) order by case_id, position`,
  );
  const userIds = new Set<string>();
  const add = (id: string | null) => id && userIds.add(id);
  for (const c of cases) [c.case_responsible_id, c.created_by_id].forEach(add);
  for (const p of posts) [p.responsible_id, p.created_by_id, p.written_off_by_id].forEach(add);
  for (const d of descriptions) [d.created_by_id, d.disposed_by_id].forEach(add);
  for (const f of files) add(f.uploaded_by_id);
  for (const r of remarks) add(r.registered_by_id);
  const users =
    userIds.size === 0
      ? []
      : await query<{ id: string; display_name: string }>(
          em,
          sql`select id, display_name from app_user where id = any(${uuidArray([...userIds])}::uuid[])`,
        );
  return {
    cases,
    posts,
    correspondents,
    descriptions,
    files,
    parties,
    remarks,
    secondary,
    userNames: new Map(users.map((u) => [u.id, u.display_name])),
  };
}

export interface ScreeningCodeRow {
  id: string;
  legal_basis: string;
  whole_document: boolean;
}

export interface UnitRow {
  id: string;
  name: string;
}

/** The organisation's screening codes and units: short lists, read once per document. */
export async function readDirectory(em: EntityManager, organisationId: string) {
  const [codes, units] = await Promise.all([
    query<ScreeningCodeRow>(
      em,
      sql`select id, legal_basis, whole_document from screening_code
          where organisation_id = ${organisationId}`,
    ),
    query<UnitRow>(em, sql`select id, name from unit where organisation_id = ${organisationId}`),
  ]);
  return {
    codes: new Map(codes.map((c) => [c.id, c])),
    units: new Map(units.map((u) => [u.id, u.name])),
  };
}

import { type EntityManager } from '@mikro-orm/postgresql';
import { raw, sql, type SqlFragment, query } from '../db/sqlTemplate';
import { badInput } from '../domain/errors';
import { identifierOf } from '../domain/identifiers';
import { type CaseStatus, type ScreenedField } from '../entities/enums';
import { type AppAbility } from '../policies/ability';
import { caseFields } from '../policies/fields';
import {
  effectiveTitle,
  fullAccessJoin,
  onlyFull,
  publicTitle,
  screeningActive,
  titleScreened,
} from '../policies/redaction';
import { accessibleWhere } from '../policies/sql';
import { namingIdentifier } from './identifierSearch';
import {
  containsPattern,
  emptyList,
  listPage,
  type ListResult,
  searchPrefilter,
  substringSearch,
} from './list';
import {
  inDirection,
  type ListOrder,
  type PageRequest,
  type SortDirection,
  type SortKey,
  withIdTieBreak,
} from './pagination';

/** A case as one viewer may see it: effective values only, NULL where REDACTED hides a field. */
export interface CaseRow extends Record<string, unknown> {
  id: string;
  case_number: string;
  case_year: number;
  case_sequence: number;
  status: CaseStatus;
  responsible_unit_id: string;
  archive_part_id: string;
  screening_code_id: string | null;
  legal_basis: string | null;
  screened_fields: ScreenedField[];
  screening_expires_on: string | null;
  screening_active: boolean;
  /** timestamptz as PostgreSQL prints it (the driver returns timestamps as text) */
  created_at: string;
  is_full: boolean;
  title: string;
  public_title: string;
  title_screened: boolean;
  case_responsible_id: string | null;
  access_group_id: string | null;
  version: number;
}

/** The cases the viewer may see, with their level; null when the viewer may see none. */
export function visibleCases(ability: AppAbility, today: string): SqlFragment | null {
  const fields = caseFields('c');
  const read = accessibleWhere(ability, 'read', 'Case', fields);
  if (!read) return null;
  const full = accessibleWhere(ability, 'readFull', 'Case', fields);
  return sql`select c.id, c.case_number, c.case_year, c.case_sequence, c.status,
      c.responsible_unit_id, c.archive_part_id, c.screening_code_id, c.legal_basis,
      c.screened_fields, c.screening_expires_on, c.created_at, c.version, f.is_full,
      ${screeningActive('c', today)} as screening_active,
      ${effectiveTitle('c', 'f.is_full', today)} as title,
      ${publicTitle('c', today)} as public_title,
      (not f.is_full and ${titleScreened('c', today)}) as title_screened,
      ${raw(onlyFull('f.is_full', 'c.case_responsible_id'))} as case_responsible_id,
      ${raw(onlyFull('f.is_full', 'c.access_group_id'))} as access_group_id
    from case_file c
    ${fullAccessJoin(full)}
    where ${read}`;
}

export type CaseOrderField = 'CASE_NUMBER' | 'TITLE' | 'CREATED_AT';

export type CaseOrder = ListOrder<CaseOrderField>;

/** The direction each order runs in when the client names none: its keys as written below. */
const CASE_ORDER_DEFAULTS: Record<CaseOrderField, SortDirection> = {
  CASE_NUMBER: 'DESC',
  TITLE: 'ASC',
  CREATED_AT: 'DESC',
};

const ORDERS: Record<CaseOrderField, SortKey[]> = {
  CASE_NUMBER: [
    { expr: 't.case_year', column: 'case_year', desc: true, kind: 'integer' },
    { expr: 't.case_sequence', column: 'case_sequence', desc: true, kind: 'integer' },
  ],
  TITLE: [{ expr: 't.title', column: 'title', desc: false, kind: 'text', collation: 'norwegian' }],
  CREATED_AT: [{ expr: 't.created_at', column: 'created_at', desc: true, kind: 'timestamp' }],
};

/** An order no index serves: the effective title depends on the viewer (as for journal posts). */
export function unindexedCaseOrder({ field }: CaseOrder): boolean {
  return field === 'TITLE';
}

export interface CaseFilter {
  query?: string | null;
  status?: CaseStatus | null;
  unitId?: string | null;
  caseResponsibleId?: string | null;
  accessGroupId?: string | null;
  /**
   * A national id or organisation number: the cases naming that person or organisation as a party
   * or a correspondent, among those the viewer reads in full (queries/identifierSearch.ts)
   */
  partyIdentifier?: string | null;
  /** A class (klasse), primary or secondary */
  classId?: string | null;
  /** Any class of this classification system (klassifikasjonssystem) */
  classificationSystemId?: string | null;
}

/** The identifier of a filter, or a field error that does not repeat what was given. */
function searchedIdentifier(given: string) {
  const identifier = identifierOf(given);
  if (!identifier) {
    throw badInput(
      ['filter', 'partyIdentifier'],
      'INVALID_FORMAT',
      'Give a national identity number (11 digits) or an organisation number (9 digits) with valid check digits',
    );
  }
  return identifier;
}

/**
 * The case `t` has a class (primary or secondary) of which `where` (over `k`) holds, at what this
 * viewer sees: a screened class of a REDACTED case never matches, so a filter by it tells
 * nothing about cases whose class the viewer sees only as `*****`.
 */
function hasClass(where: SqlFragment): SqlFragment {
  return sql`exists (select 1 from case_class cc join class k on k.id = cc.class_id
    where cc.case_id = t.id and (t.is_full or not k.screened) and ${where})`;
}

/** The klasseID of a class of `t` as this viewer sees it: `*****` where screened and REDACTED. */
const effectiveClassId = raw(
  '(case when t.is_full or not k.screened then k.class_id else k.public_class_id end)',
);

/**
 * Filters on effective values: a REDACTED case never matches on what it hides. The search takes
 * its candidates from the trigram indexes over both title forms and the case number (a superset),
 * then tests what this viewer sees.
 */
async function caseFilters(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  f: CaseFilter,
): Promise<{ page: SqlFragment[]; count: SqlFragment[] }> {
  const page: SqlFragment[] = [];
  const count: SqlFragment[] = [];
  const rest: SqlFragment[] = [];
  const text = substringSearch(f.query);
  if (text) {
    const p = containsPattern(text);
    const prefilter = await searchPrefilter(
      em,
      sql`select c.id from case_file c
        where c.title ilike ${p} or c.public_title ilike ${p} or c.case_number ilike ${p}
        union all select cc.case_id from case_class cc join class k on k.id = cc.class_id
        where k.class_id ilike ${p} or k.public_class_id ilike ${p}`,
    );
    if (prefilter.page) page.push(prefilter.page);
    count.push(prefilter.count);
    rest.push(
      sql`(t.title ilike ${p} or t.case_number ilike ${p} or exists (select 1 from case_class cc
        join class k on k.id = cc.class_id where cc.case_id = t.id and ${effectiveClassId} ilike ${p}))`,
    );
  }
  if (f.status) rest.push(sql`t.status = ${f.status}`);
  if (f.unitId) rest.push(sql`t.responsible_unit_id = ${f.unitId}`);
  if (f.caseResponsibleId) rest.push(sql`t.case_responsible_id = ${f.caseResponsibleId}`);
  if (f.accessGroupId) rest.push(sql`t.access_group_id = ${f.accessGroupId}`);
  if (f.partyIdentifier) {
    rest.push(namingIdentifier(ability, today, searchedIdentifier(f.partyIdentifier)));
  }
  if (f.classId) rest.push(hasClass(sql`k.id = ${f.classId}`));
  if (f.classificationSystemId) rest.push(hasClass(sql`k.system_id = ${f.classificationSystemId}`));
  return { page: [...page, ...rest], count: [...count, ...rest] };
}

export async function listCases(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  args: { filter: CaseFilter; order: CaseOrder; page: PageRequest },
): Promise<ListResult<CaseRow>> {
  const base = visibleCases(ability, today);
  if (!base) return emptyList();
  const { field, direction } = args.order;
  const keys = withIdTieBreak(inDirection(ORDERS[field], CASE_ORDER_DEFAULTS[field], direction));
  const filters = await caseFilters(em, ability, today, args.filter);
  return listPage<CaseRow>(em, base, filters.page, keys, args.page, {
    expensive: substringSearch(args.filter.query) !== null || unindexedCaseOrder(args.order),
    count: { base, filters: filters.count },
  });
}

/** Cases by id, as this viewer sees them; invisible and unknown ids are simply absent. */
export async function casesById(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  ids: readonly string[],
): Promise<CaseRow[]> {
  const base = visibleCases(ability, today);
  if (!base || ids.length === 0) return [];
  return query<CaseRow>(em, sql`select * from (${base}) t where t.id in (${[...ids]})`);
}

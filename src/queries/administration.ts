import { type EntityManager } from '@mikro-orm/postgresql';
import { joinSql, raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { type Role } from '../entities/enums';
import { type AppAbility } from '../policies/ability';
import { organisationFields } from '../policies/fields';
import { accessibleWhere } from '../policies/sql';
import { type AdminSubject } from '../policies/subjects';
import { containsPattern, emptyList, listPage, type ListResult, substringSearch } from './list';
import { type PageRequest, type SortKey, withIdTieBreak } from './pagination';

/**
 * The directory lists (users, units, access groups, screening codes) and the history of role
 * grants and access-group memberships, as keyset pages. Each reads a relation of the rows the
 * viewer may read (the policy in SQL, policies/administration.ts); the history lists are for
 * administrators, which their adapters check before asking.
 */

/** A name as a person reads it, in Norwegian order (æ, ø, å after z). */
const byText = (column: string, desc = false): SortKey => ({
  expr: `t.${column}`,
  column,
  desc,
  kind: 'text',
  collation: 'norwegian',
});

/** The rows of `from` the policy lets the viewer read; null when it lets them read none. */
function readable(ability: AppAbility, subject: AdminSubject, from: SqlFragment) {
  const where = accessibleWhere(ability, 'read', subject, organisationFields());
  return where ? sql`${from} where ${where}` : null;
}

/** ILIKE on each column, for a search of at least three characters. */
function search(query: string | null | undefined, columns: string[]): SqlFragment[] {
  const text = substringSearch(query);
  if (!text) return [];
  const p = containsPattern(text);
  const tests = columns.map((c) => sql`${raw(`t.${c}`)} ilike ${p}`);
  return [sql`(${joinSql(tests, ' or ')})`];
}

export interface UserRow extends Record<string, unknown> {
  id: string;
  username: string;
  display_name: string;
  unit_id: string | null;
  active: boolean;
  email: string | null;
}

export type UserOrder = 'DISPLAY_NAME' | 'USERNAME';

export interface UserListFilter {
  query?: string | null;
  unitId?: string | null;
  active?: boolean | null;
}

/** Users (brukere) by name or username, ascending unless `desc`. */
export function listUsers(
  em: EntityManager,
  ability: AppAbility,
  args: { filter: UserListFilter; order: UserOrder; desc: boolean; page: PageRequest },
): Promise<ListResult<UserRow>> {
  const base = readable(
    ability,
    'User',
    raw('select id, username, display_name, unit_id, active, email from app_user'),
  );
  if (!base) return Promise.resolve(emptyList());
  const { filter } = args;
  const filters = [
    ...search(filter.query, ['display_name', 'username']),
    ...(filter.unitId ? [sql`t.unit_id = ${filter.unitId}`] : []),
    ...(typeof filter.active === 'boolean' ? [sql`t.active = ${filter.active}`] : []),
  ];
  const column = args.order === 'USERNAME' ? 'username' : 'display_name';
  const keys = withIdTieBreak([byText(column, args.desc)]);
  return listPage<UserRow>(em, base, filters, keys, args.page);
}

export interface UnitRow extends Record<string, unknown> {
  id: string;
  name: string;
  parent_id: string | null;
}

/** Administrative units (administrative enheter) by name. */
export function listUnits(
  em: EntityManager,
  ability: AppAbility,
  args: { filter: { query?: string | null; parentId?: string | null }; page: PageRequest },
): Promise<ListResult<UnitRow>> {
  const base = readable(ability, 'Unit', raw('select id, name, parent_id from unit'));
  if (!base) return Promise.resolve(emptyList());
  const filters = [
    ...search(args.filter.query, ['name']),
    ...(args.filter.parentId ? [sql`t.parent_id = ${args.filter.parentId}`] : []),
  ];
  return listPage<UnitRow>(em, base, filters, withIdTieBreak([byText('name')]), args.page);
}

export interface AccessGroupRow extends Record<string, unknown> {
  id: string;
  name: string;
  description: string | null;
  /** as PostgreSQL writes a timestamptz */
  ended_at: string | null;
}

/** Access groups (tilgangsgrupper) by name; ended ones only when asked for. */
export function listAccessGroups(
  em: EntityManager,
  ability: AppAbility,
  args: { filter: { query?: string | null; includeEnded?: boolean | null }; page: PageRequest },
): Promise<ListResult<AccessGroupRow>> {
  const base = readable(
    ability,
    'AccessGroup',
    raw('select id, name, description, ended_at from access_group'),
  );
  if (!base) return Promise.resolve(emptyList());
  const filters = [
    ...search(args.filter.query, ['name']),
    ...(args.filter.includeEnded ? [] : [raw('(t.ended_at is null or t.ended_at > now())')]),
  ];
  return listPage<AccessGroupRow>(em, base, filters, withIdTieBreak([byText('name')]), args.page);
}

export interface ScreeningCodeRow extends Record<string, unknown> {
  id: string;
  code: string;
  name: string;
  legal_basis: string;
  default_screened_fields: string[];
  default_duration_years: number | null;
  whole_document: boolean;
  discretionary: boolean;
  duty_of_confidentiality: boolean;
  temporary: boolean;
  requires_access_group: boolean;
  valid_from: string;
  valid_to: string | null;
}

/** Screening codes (tilgangskoder) by code; those past their last day only when asked for. */
export function listScreeningCodes(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  args: { filter: { includeEnded?: boolean | null }; page: PageRequest },
): Promise<ListResult<ScreeningCodeRow>> {
  const base = readable(
    ability,
    'ScreeningCode',
    raw(`select id, code, name, legal_basis, default_screened_fields, default_duration_years,
      whole_document, discretionary, duty_of_confidentiality, temporary, requires_access_group,
      to_char(valid_from, 'YYYY-MM-DD') as valid_from, to_char(valid_to, 'YYYY-MM-DD') as valid_to
      from screening_code`),
  );
  if (!base) return Promise.resolve(emptyList());
  const filters = args.filter.includeEnded
    ? []
    : [sql`(t.valid_to is null or t.valid_to::date >= ${today}::date)`];
  return listPage<ScreeningCodeRow>(em, base, filters, withIdTieBreak([byText('code')]), args.page);
}

/** Valid at a moment: started by then and not ended by then. */
const validAt = (at: Date) =>
  sql`t.valid_from <= ${at} and (t.valid_to is null or t.valid_to > ${at})`;

/** History lists run oldest first. */
const OLDEST_FIRST = withIdTieBreak([
  { expr: 't.valid_from', column: 'valid_from', desc: false, kind: 'timestamp' },
]);

export interface RoleGrantRow extends Record<string, unknown> {
  id: string;
  user_id: string;
  role: Role;
  unit_id: string | null;
  /** as PostgreSQL writes a timestamptz */
  valid_from: string;
  valid_to: string | null;
  granted_by_id: string | null;
  revoked_by_id: string | null;
}

/** Every role grant (rolletildeling), or a user's; only those held at `at` when given. */
export function roleGrantHistory(
  em: EntityManager,
  args: { filter: { userId: string | null; at: Date | null }; page: PageRequest },
): Promise<ListResult<RoleGrantRow>> {
  const { userId, at } = args.filter;
  const filters = [...(userId ? [sql`t.user_id = ${userId}`] : []), ...(at ? [validAt(at)] : [])];
  return listPage<RoleGrantRow>(
    em,
    raw(`select id, user_id, role, unit_id, valid_from, valid_to, granted_by_id, revoked_by_id
      from role_grant`),
    filters,
    OLDEST_FIRST,
    args.page,
  );
}

export interface MembershipRow extends Record<string, unknown> {
  id: string;
  group_id: string;
  user_id: string;
  /** as PostgreSQL writes a timestamptz */
  valid_from: string;
  valid_to: string | null;
  added_by_id: string | null;
  removed_by_id: string | null;
}

/** A group's memberships (medlemskap) held at `at`, or its whole history. */
export function accessGroupMemberships(
  em: EntityManager,
  args: { groupId: string; filter: { at: Date; includeEnded: boolean }; page: PageRequest },
): Promise<ListResult<MembershipRow>> {
  const filters = [
    sql`t.group_id = ${args.groupId}`,
    ...(args.filter.includeEnded ? [] : [validAt(args.filter.at)]),
  ];
  return listPage<MembershipRow>(
    em,
    raw(`select id, group_id, user_id, valid_from, valid_to, added_by_id, removed_by_id
      from access_group_membership`),
    filters,
    OLDEST_FIRST,
    args.page,
  );
}

export interface DocumentTypeRow extends Record<string, unknown> {
  id: string;
  name: string;
  description: string | null;
  requires_approval: boolean;
  valid_from: string;
  valid_to: string | null;
}

/** Document types (dokumenttyper) by name; those past their last day only when asked for. */
export function listDocumentTypes(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  args: { filter: { includeEnded?: boolean | null }; page: PageRequest },
): Promise<ListResult<DocumentTypeRow>> {
  const base = readable(
    ability,
    'DocumentType',
    raw(`select id, name, description, requires_approval,
      to_char(valid_from, 'YYYY-MM-DD') as valid_from, to_char(valid_to, 'YYYY-MM-DD') as valid_to
      from document_type`),
  );
  if (!base) return Promise.resolve(emptyList());
  const filters = args.filter.includeEnded
    ? []
    : [sql`(t.valid_to is null or t.valid_to::date >= ${today}::date)`];
  return listPage<DocumentTypeRow>(em, base, filters, withIdTieBreak([byText('name')]), args.page);
}

import { type EntityManager } from '@mikro-orm/postgresql';
import { query, raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { type CaseClassRole, type ClassificationType } from '../entities/enums';
import { type AppAbility } from '../policies/ability';
import { classReadFull } from '../policies/classification';
import { classFields, organisationFields } from '../policies/fields';
import { fullAccessJoin } from '../policies/redaction';
import { accessibleWhere } from '../policies/sql';
import { visibleCases } from './cases';
import { emptyList, listPage, type ListResult } from './list';
import { type PageRequest, type SortKey, withIdTieBreak } from './pagination';

/**
 * Classification systems (klassifikasjonssystemer) and classes (klasser) as this viewer may see
 * them. A screened class (a person-number scheme's) leaves the database in its public form
 * (`*****` for klasseID and title) unless the viewer reads it in full (policies/classification.ts);
 * its lists order, page and count on what the viewer sees.
 */

export interface ClassificationSystemRow extends Record<string, unknown> {
  id: string;
  title: string;
  description: string | null;
  type: ClassificationType;
  version: number;
}

const SYSTEM_COLUMNS = 'select id, title, description, type, version from classification_system';

const byTitle: SortKey = {
  expr: 't.title',
  column: 'title',
  desc: false,
  kind: 'text',
  collation: 'norwegian',
};

function visibleSystems(ability: AppAbility): SqlFragment | null {
  const where = accessibleWhere(ability, 'read', 'ClassificationSystem', organisationFields());
  return where ? sql`${raw(SYSTEM_COLUMNS)} where ${where}` : null;
}

/** Classification systems by title. */
export function listClassificationSystems(
  em: EntityManager,
  ability: AppAbility,
  page: PageRequest,
): Promise<ListResult<ClassificationSystemRow>> {
  const base = visibleSystems(ability);
  if (!base) return Promise.resolve(emptyList());
  return listPage<ClassificationSystemRow>(em, base, [], withIdTieBreak([byTitle]), page);
}

/** Classification systems by id; unknown ids are absent. */
export async function systemsById(
  em: EntityManager,
  ability: AppAbility,
  ids: readonly string[],
): Promise<ClassificationSystemRow[]> {
  const base = visibleSystems(ability);
  if (!base || ids.length === 0) return [];
  return query(em, sql`select * from (${base}) t where t.id in (${[...ids]})`);
}

/** A class as one viewer sees it: klasseID and title are the public form where not is_full. */
export interface ClassRow extends Record<string, unknown> {
  id: string;
  system_id: string;
  parent_id: string | null;
  class_id: string;
  title: string;
  screened: boolean;
  is_full: boolean;
  version: number;
}

/** The columns of a class `k` at the level `isFull` (SQL over the row). */
function classColumns(isFull: string): SqlFragment {
  return raw(`k.id, k.system_id, k.parent_id, k.screened, k.version, ${isFull} as is_full,
    case when ${isFull} then k.class_id else k.public_class_id end as class_id,
    case when ${isFull} then k.title else k.public_title end as title`);
}

/** The classes the viewer may see, with their level; null when none. */
export function visibleClasses(ability: AppAbility): SqlFragment | null {
  const read = accessibleWhere(ability, 'read', 'Class', classFields('k'));
  if (!read) return null;
  return sql`select ${classColumns('f.is_full')}
    from class k ${fullAccessJoin(classReadFull(ability, 'k'))}
    where ${read}`;
}

export interface ClassFilter {
  systemId?: string | null;
  /** Only the children of this class; `topLevel` for the classes without a parent */
  parentId?: string | null;
  topLevel?: boolean | null;
}

/** By klasseID as the viewer sees it (code point order: 033 before 210 before A20), then id. */
const byClassId: SortKey = { expr: 't.class_id', column: 'class_id', desc: false, kind: 'text' };

/** Classes (klasser), by klasseID. */
export function listClasses(
  em: EntityManager,
  ability: AppAbility,
  args: { filter: ClassFilter; page: PageRequest },
): Promise<ListResult<ClassRow>> {
  const base = visibleClasses(ability);
  if (!base) return Promise.resolve(emptyList());
  const { systemId, parentId, topLevel } = args.filter;
  const filters = [
    ...(systemId ? [sql`t.system_id = ${systemId}`] : []),
    ...(parentId ? [sql`t.parent_id = ${parentId}`] : []),
    ...(topLevel ? [sql`t.parent_id is null`] : []),
  ];
  return listPage<ClassRow>(em, base, filters, withIdTieBreak([byClassId]), args.page);
}

/** Classes by id, as this viewer sees them; unknown ids are absent. */
export async function classesById(
  em: EntityManager,
  ability: AppAbility,
  ids: readonly string[],
): Promise<ClassRow[]> {
  const base = visibleClasses(ability);
  if (!base || ids.length === 0) return [];
  return query(em, sql`select * from (${base}) t where t.id in (${[...ids]})`);
}

/** The ids, of those given, of screened classes the viewer does not read in full. */
export async function screenedClassesNotReadFull(
  em: EntityManager,
  ability: AppAbility,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const full = classReadFull(ability, 'k');
  const rows = await query<{ id: string }>(
    em,
    sql`select k.id from class k where k.id in (${[...ids]}) and k.screened
      and not coalesce(${full ?? raw('false')}, false)`,
  );
  return new Set(rows.map((r) => r.id));
}

export interface CaseClassRow extends ClassRow {
  case_id: string;
  role: CaseClassRole;
  position: number;
}

/**
 * The classes of visible cases, primary first, then the secondary ones in order: a screened class
 * in full where the viewer reads the case FULL, else in its public form, as a title would be.
 */
export async function classesOfCases(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  caseIds: readonly string[],
): Promise<CaseClassRow[]> {
  const cases = visibleCases(ability, today);
  if (!cases || caseIds.length === 0) return [];
  return query(
    em,
    sql`select cc.case_id, cc.role, cc.position, ${classColumns('(t.is_full or not k.screened)')}
      from (${cases}) t
      join case_class cc on cc.case_id = t.id
      join class k on k.id = cc.class_id
      where t.id in (${[...caseIds]})
      order by cc.case_id, cc.position`,
  );
}

import { rulesToAST } from '@casl/ability/extra';
import { CompoundCondition, type Condition, FieldCondition } from '@ucast/mongo2js';
import { type ActionOf, type AppAbility, type SubjectType } from './ability';

import { type SqlFragment } from '../db/sqlTemplate';

export { type SqlFragment };

/**
 * How a policy field maps to SQL. A `column` is a plain value; a `contains` field is a list (like
 * the internal contacts of a case) and compiles to `key in (select …)` over its table:
 * `{ field: value }` means "the list contains value", as it does for CASL in memory. Not a
 * correlated EXISTS: the subquery does not depend on the row, so PostgreSQL runs it once per
 * statement and tests each row against its hashed result. Key and selected column are NOT NULL,
 * so the test stays two-valued under NOT.
 */
export type FieldSql = { column: string } | { contains: (inList: string) => string };

export type FieldMap = Record<string, FieldSql>;

export class UntranslatableRuleError extends Error {}

const TRUE: SqlFragment = { sql: 'true', params: [] };
const FALSE: SqlFragment = { sql: 'false', params: [] };

const not = (f: SqlFragment): SqlFragment => ({ sql: `not (${f.sql})`, params: f.params });

function join(op: 'and' | 'or', parts: SqlFragment[]): SqlFragment {
  if (parts.length === 0) return op === 'and' ? TRUE : FALSE;
  if (parts.length === 1) return parts[0]!;
  return {
    sql: parts.map((p) => `(${p.sql})`).join(` ${op} `),
    params: parts.flatMap((p) => p.params),
  };
}

/** `col in (?)`: the query layer expands an array parameter to a list; empty lists never get here. */
function inList(column: string, values: unknown[]): SqlFragment {
  const present = values.filter((v) => v !== null && v !== undefined);
  const parts: SqlFragment[] = [];
  if (present.length) {
    parts.push({ sql: `${column} is not null and ${column} in (?)`, params: [present] });
  }
  if (present.length < values.length) parts.push({ sql: `${column} is null`, params: [] });
  return join('or', parts);
}

/**
 * Comparisons are two-valued (a NULL column gives false, never NULL), so that NOT and the in-memory
 * check of CASL agree on rows where the column is NULL.
 */
function compileField(cond: FieldCondition, fields: FieldMap): SqlFragment {
  const target = fields[cond.field];
  if (!target) throw new UntranslatableRuleError(`No SQL mapping for policy field "${cond.field}"`);
  const values = Array.isArray(cond.value) ? (cond.value as unknown[]) : [cond.value];
  if ('contains' in target) {
    const present = values.filter((v) => v !== null && v !== undefined);
    const exists: SqlFragment = present.length
      ? { sql: target.contains('?'), params: [present] }
      : FALSE;
    switch (cond.operator) {
      case 'eq':
      case 'in':
        return exists;
      case 'ne':
      case 'nin':
        return not(exists);
      default:
        throw new UntranslatableRuleError(`Operator ${cond.operator} on list field ${cond.field}`);
    }
  }
  const col = target.column;
  switch (cond.operator) {
    case 'eq':
      return cond.value === null
        ? { sql: `${col} is null`, params: [] }
        : { sql: `${col} is not null and ${col} = ?`, params: [cond.value] };
    case 'ne':
      return cond.value === null
        ? { sql: `${col} is not null`, params: [] }
        : { sql: `${col} is null or ${col} <> ?`, params: [cond.value] };
    case 'in':
      return values.length ? inList(col, values) : FALSE;
    case 'nin':
      return values.length ? not(inList(col, values)) : TRUE;
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const op = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[cond.operator];
      return { sql: `${col} is not null and ${col} ${op} ?`, params: [cond.value] };
    }
    default:
      throw new UntranslatableRuleError(`Operator ${cond.operator} on ${cond.field}`);
  }
}

export function compileCondition(cond: Condition, fields: FieldMap): SqlFragment {
  if (cond instanceof CompoundCondition) {
    const parts = (cond.value as Condition[]).map((c) => compileCondition(c, fields));
    switch (cond.operator) {
      case 'and':
        return join('and', parts);
      case 'or':
        return join('or', parts);
      case 'not':
        return not(join('and', parts));
      default:
        throw new UntranslatableRuleError(`Compound operator ${cond.operator}`);
    }
  }
  if (cond instanceof FieldCondition) return compileField(cond, fields);
  throw new UntranslatableRuleError(`Condition ${cond.operator}`);
}

/**
 * The rows of `subject` the viewer may `action`, as SQL over the given field map. null means no
 * rule permits anything: the caller returns an empty result without running a query (fail closed,
 * never "no filter").
 */
export function accessibleWhere<S extends SubjectType>(
  ability: AppAbility,
  action: ActionOf<S>,
  subject: S,
  fields: FieldMap,
): SqlFragment | null {
  const ast = rulesToAST(ability, action, subject);
  if (ast === null) return null;
  return compileCondition(ast, fields);
}

/**
 * The viewer may `action` every row of `subject` of their organisation: the rules compile to the
 * organisation's condition alone (as `read` on JournalPost does for every internal user,
 * journalPosts.ts, narrowed by ability.ts). The organisation's id then, else null. A count of such
 * rows may read the table, filtered by its `organisation_id`, without the policy's joins.
 */
export function everyRowOfOrganisation<S extends SubjectType>(
  ability: AppAbility,
  action: ActionOf<S>,
  subject: S,
): string | null {
  const ast = rulesToAST(ability, action, subject);
  return ast instanceof FieldCondition &&
    ast.field === 'organisationId' &&
    ast.operator === 'eq' &&
    typeof ast.value === 'string'
    ? ast.value
    : null;
}

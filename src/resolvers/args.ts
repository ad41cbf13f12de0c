import { badInput } from '../domain/errors';
import { type PageRequest } from '../queries/pagination';
import { idOf, type NodeType } from '../schema/globalId';
import { type PageArgs } from '../schema/inputs/paging';

/** The uuid behind a global id argument; a wrong kind of id is a mistake named by its field. */
export function argId(
  type: NodeType,
  field: string,
  value: string | null | undefined,
): string | null {
  if (value === null || value === undefined) return null;
  const id = idOf(type, value);
  if (!id) throw badInput(field, `${field} is not the id of a ${type}`);
  return id;
}

/**
 * A range of days (YYYY-MM-DD, which sort as text) or moments whose ends are the right way round;
 * else a mistake named by its `from` (`path` names the range, e.g. `filter.journalDate`).
 */
export function checkedRange<T extends string | Date>(
  path: string,
  range: { from?: T | null; to?: T | null } | null | undefined,
): { from: T | null; to: T | null } | null {
  if (!range) return null;
  const { from = null, to = null } = range;
  if (from !== null && to !== null && from > to) {
    throw badInput(`${path}.from`, `${path}.from must be on or before ${path}.to`);
  }
  return { from, to };
}

/** The paging arguments as the query layer takes them, absent ones as null. */
export function pageRequest({ first, after, last, before }: PageArgs): PageRequest {
  return {
    first: first ?? null,
    after: after ?? null,
    last: last ?? null,
    before: before ?? null,
  };
}

import { badInput, type FieldPath } from '../domain/errors';
import { InputErrors } from '../domain/inputErrors';
import { type PageRequest } from '../queries/pagination';
import { idOf, type NodeType } from '../schema/globalId';
import { type PageArgs } from '../schema/inputs/paging';

/** The uuid behind a global id argument; a wrong kind of id is INVALID_ID at its path. */
export function argId(
  type: NodeType,
  path: string | FieldPath,
  value: string | null | undefined,
): string | null {
  if (value === null || value === undefined) return null;
  const id = idOf(type, value);
  if (!id) {
    const name = typeof path === 'string' ? path : path.findLast((s) => typeof s === 'string');
    throw badInput(path, 'INVALID_ID', `${name} is not the id of a ${type}`, { type });
  }
  return id;
}

/**
 * Several global id fields of one input at once: every one of the wrong kind is named (each at
 * its field), not only the first. Absent ones are null.
 */
export function argIds<K extends string>(
  fields: Record<K, [type: NodeType, value: string | null | undefined]>,
): Record<K, string | null> {
  const errors = new InputErrors();
  const entries = (Object.entries(fields) as [K, [NodeType, string | null | undefined]][]).map(
    ([field, [type, value]]) => [field, errors.check(() => argId(type, field, value)) ?? null],
  );
  errors.throwIfAny();
  return Object.fromEntries(entries) as Record<K, string | null>;
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
    throw badInput(`${path}.from`, 'OUT_OF_RANGE', `${path}.from must be on or before ${path}.to`);
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

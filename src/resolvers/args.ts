import { badInput, type FieldPath } from '../domain/errors';
import { InputErrors } from '../domain/inputErrors';
import { idOf, type NodeType } from '../schema/globalId';

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

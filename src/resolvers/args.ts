import { badInput, type FieldPath } from '../domain/errors';
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

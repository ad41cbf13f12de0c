import { badInput } from '../domain/errors';
import { idOf, type NodeType } from '../schema/globalId';

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

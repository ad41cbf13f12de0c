import { raw } from '@mikro-orm/core';

/**
 * An `orderBy` key for `em.find`: the column (its SQL name) in Norwegian order, æ, ø, å after z
 * (the collation `norwegian`, see Migration20261202050000_norwegian_collation).
 */
export function inNorwegianOrder(column: string): string {
  return raw((alias: string) => `${alias}.${column} collate "norwegian"`);
}

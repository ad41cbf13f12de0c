import { type EntityManager } from '@mikro-orm/postgresql';
import { type PublicJournalSettings } from '../../config';
import { MAX_ITEMS } from '../../domain/insightRequests/input';
import { publicEntriesById } from '../../queries/publicJournal';
import { idOf, toGlobalId } from '../../schema/globalId';

/**
 * Innsynskurven (the request basket) without JavaScript: the entries chosen so far travel in the
 * URL of the journal page as `kurv=` (their public entry ids, comma-separated), in the paging links
 * and the search form, so that entries from several pages end up in one request. Nothing is stored
 * on the server until the request is sent.
 */
export const BASKET_PARAM = 'kurv';

/**
 * How many ids a basket link may carry: more than a request may name (MAX_ITEMS), so that a
 * basket over the limit is still shown and then refused in words when it is sent; the rest of
 * an even longer link is ignored.
 */
export const BASKET_MAX = MAX_ITEMS * 2;

/** An entry in the basket, in its public form. */
export interface BasketEntry {
  /** the public entry id, as the page and the form use it */
  id: string;
  registryId: string;
  /** the public title (`*****` where screened) */
  title: string;
}

/** Strings from a query parameter or form field, given once or repeated. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The public entry ids of a basket (`kurv=a,b` or repeated), in the order chosen, each once. Ids
 * that are no public entry id are left out: a basket is a link, not something typed.
 */
export function readBasket(value: unknown): string[] {
  const ids = strings(value)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => idOf('PublicJournalEntry', v) !== null);
  return [...new Set(ids)].slice(0, BASKET_MAX);
}

/** The `kurv` parameter's value for `ids`, or null for an empty basket (no parameter). */
export function basketParam(ids: readonly string[]): string | null {
  return ids.length > 0 ? ids.join(',') : null;
}

/**
 * The entries of `ids` that are in the public journal of the transaction's organisation today, in
 * their public form and in the order given; any other id is left out, whatever it names.
 */
export async function basketEntries(
  em: EntityManager,
  settings: PublicJournalSettings,
  today: string,
  ids: readonly string[],
): Promise<BasketEntry[]> {
  const postIds = ids.flatMap((id) => idOf('PublicJournalEntry', id) ?? []);
  const rows = await publicEntriesById(em, settings, today, postIds);
  const byId = new Map(rows.map((r) => [toGlobalId('PublicJournalEntry', r.id), r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ id, registryId: row.registry_id, title: row.title }] : [];
  });
}

import { type EntityManager } from '@mikro-orm/postgresql';

/** A piece of SQL with `?` placeholders and its values, in order. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

const isFragment = (v: unknown): v is SqlFragment =>
  typeof v === 'object' && v !== null && 'sql' in v && 'params' in v;

/**
 * Composes SQL: a fragment value is inlined with its parameters, any other value becomes a `?`
 * parameter. Values are never spliced into the text. An array parameter expands to a list, so write
 * `x in (${ids})` (never with an empty array).
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  let text = strings[0] ?? '';
  const params: unknown[] = [];
  values.forEach((v, i) => {
    if (isFragment(v)) {
      text += v.sql;
      params.push(...v.params);
    } else {
      text += '?';
      params.push(v);
    }
    text += strings[i + 1] ?? '';
  });
  return { sql: text, params };
}

/** Trusted SQL text (identifiers and keywords chosen by the code, never by input). */
export const raw = (text: string): SqlFragment => ({ sql: text, params: [] });

export function joinSql(parts: SqlFragment[], separator: string): SqlFragment {
  return {
    sql: parts.map((p) => p.sql).join(separator),
    params: parts.flatMap((p) => p.params),
  };
}

/**
 * Runs the fragment on `em`'s connection: inside `em.transactional(…)` on the transaction's own
 * connection (row locks such as the numbering counters' then last until it ends), otherwise on
 * the pool.
 */
export function query<T>(em: EntityManager, fragment: SqlFragment): Promise<T[]> {
  return em.execute<T[]>(fragment.sql, fragment.params, 'all');
}

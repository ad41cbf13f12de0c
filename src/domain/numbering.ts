import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sqlTemplate';

/**
 * The next number of a series ("case:2026", "journal:2026", "document:<case id>"). The counter row
 * is created or incremented in one statement and stays locked until the caller's transaction
 * ends, so concurrent registrations wait in line: numbers are unique, and a rolled-back
 * registration gives its number back (no gaps among committed records).
 *
 * Must run inside a transaction (the row lock is what makes numbering gapless).
 */
export async function nextNumber(em: EntityManager, series: string): Promise<number> {
  const rows = await query<{ value: number }>(
    em,
    sql`insert into number_counter (series, value) values (${series}, 1)
        on conflict (organisation_id, series) do update set value = number_counter.value + 1
        returning value`,
  );
  return rows[0]!.value;
}

export const caseSeries = (year: number) => `case:${year}`;
export const journalSeries = (year: number) => `journal:${year}`;
export const documentSeries = (caseId: string) => `document:${caseId}`;

import { type EntityManager } from '@mikro-orm/postgresql';
import { type PublicJournalSettings } from '../config';
import { query, sql } from '../db/sqlTemplate';
import { publishedPosts } from '../domain/publicJournal';
import { publicationMoment } from '../domain/publication';
import { type PublicationOverride } from '../entities';
import { listPage, type ListResult } from './list';
import { type PageRequest, type SortKey } from './pagination';
import { publicEntries, type PublicEntryRow } from './publicJournal';

/**
 * One entry and one case of the public journal, for their permalinks (http/publicJournal/
 * permalinks.tsx): the same public form as the journal's list (`publicEntries`), looked up by
 * number in the organisation the transaction is set to. A post that is not published is not
 * found, the same as one that does not exist.
 */

/** Saksnummer (`2026/30`) and dokumentnummer (`4`) of a registry id `2026/30-4`. */
export interface RegistryId {
  caseNumber: string;
  documentNumber: number;
}

/** The published entry with this registry id, or null. */
export async function publicEntryByRegistryId(
  em: EntityManager,
  settings: PublicJournalSettings,
  today: string,
  id: RegistryId,
): Promise<PublicEntryRow | null> {
  const rows = await query<PublicEntryRow>(
    em,
    publicEntries(
      settings,
      today,
      sql`c.case_number = ${id.caseNumber} and jp.document_number = ${id.documentNumber}`,
    ),
  );
  return rows[0] ?? null;
}

/** A case's entries in the order of the case: by document number (dokumentnummer). */
export const CASE_ORDER: SortKey[] = [
  { expr: 't.document_number', column: 'document_number', desc: false, kind: 'integer' },
  { expr: 't.id', column: 'id', desc: false, kind: 'uuid' },
];

/**
 * A keyset page of the published entries of the case with this number; a case without any is
 * an empty page, the same as one that does not exist.
 */
export function publicCaseEntries(
  em: EntityManager,
  settings: PublicJournalSettings,
  today: string,
  caseNumber: string,
  page: PageRequest,
): Promise<ListResult<PublicEntryRow>> {
  return listPage<PublicEntryRow>(
    em,
    publicEntries(settings, today, sql`c.case_number = ${caseNumber}`),
    [],
    CASE_ORDER,
    page,
  );
}

/**
 * When each of the published entries among `ids` became public (domain/publication.ts
 * `publicationMoment`), by id; an id that is not published is left out.
 */
export async function publicationMoments(
  em: EntityManager,
  settings: PublicJournalSettings,
  today: string,
  ids: readonly string[],
): Promise<Map<string, Date>> {
  if (ids.length === 0) return new Map();
  const rows = await query<{
    id: string;
    journal_date: string;
    publication_override: PublicationOverride | null;
    /** as the driver returns a timestamptz of a raw statement: text */
    publication_override_at: string | null;
  }>(
    em,
    sql`select jp.id, jp.journal_date, jp.publication_override, jp.publication_override_at
      from journal_post jp
      where jp.id in (${[...ids]}) and ${publishedPosts('jp', settings, today)}`,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      publicationMoment(
        {
          journalDate: r.journal_date,
          override: r.publication_override,
          overrideAt: r.publication_override_at ? new Date(r.publication_override_at) : null,
        },
        settings.delayWorkdays,
      ),
    ]),
  );
}

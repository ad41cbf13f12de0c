import { stringify } from 'csv-stringify/sync';
import { type PublicEntryRow } from '../../queries/publicJournal';
import { toGlobalId } from '../../schema/globalId';

/**
 * The CSV download (RFC 4180: comma-separated, CRLF between records, fields quoted when they hold
 * a comma, a quote or a line break).
 *
 * - Header: the GraphQL field names of PublicJournalEntry, in English, so a column means the same
 *   in the CSV, the JSON and the API whatever the reader's language. The entry id (the JournalPost
 *   global id, the one submitInsightRequest takes) comes last, after the fields people read.
 * - UTF-8 with a byte order mark: without it Excel reads the file as Windows-1252 and æøå come out
 *   garbled; every CSV parser that knows UTF-8 skips the BOM.
 * - Correspondents in one cell, joined by "; ".
 * - Formula guard: Excel and LibreOffice run a cell that starts with = + - @ (or tab / carriage
 *   return, or their full-width forms) as a formula, so such a cell gets a leading apostrophe
 *   (OWASP "CSV injection"). A title that really starts with "-" therefore reads "'-…" in the file;
 *   only text cells are touched, never numbers or dates.
 */
export const CSV_COLUMNS = [
  'registryId',
  'journalYear',
  'journalSequenceNumber',
  'caseNumber',
  'caseTitle',
  'title',
  'type',
  'journalDate',
  'documentDate',
  'correspondents',
  'unit',
  'screened',
  'legalBasis',
  'writeOffMethod',
  'writeOffDate',
  'id',
] as const;

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A text cell that a spreadsheet would not run as a formula. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type CsvRecord = Record<(typeof CSV_COLUMNS)[number], string>;

/** One entry as CSV cells; an absent value is an empty cell. */
export function csvRecord(row: PublicEntryRow): CsvRecord {
  const text = (value: string | null) => (value === null ? '' : guardFormula(value));
  return {
    registryId: row.registry_id,
    journalYear: String(row.journal_year),
    journalSequenceNumber: String(row.journal_sequence_number),
    caseNumber: row.case_number,
    caseTitle: text(row.case_title),
    title: text(row.title),
    type: row.type,
    journalDate: row.journal_date,
    documentDate: row.document_date ?? '',
    correspondents: text(row.correspondents.join('; ')),
    unit: text(row.unit),
    screened: row.screened ? 'true' : 'false',
    legalBasis: text(row.legal_basis),
    writeOffMethod: row.write_off_method ?? '',
    writeOffDate: row.write_off_date ?? '',
    id: toGlobalId('JournalPost', row.id),
  };
}

const FORMAT = {
  columns: [...CSV_COLUMNS],
  record_delimiter: 'windows',
  // csv-stringify quotes only fields holding the record delimiter itself (CRLF): a lone LF or CR
  // in a title must be quoted too, or the row would break in two.
  quoted_match: /[\r\n]/,
} as const;

/** The CSV text of a download, BOM and header first; one string per batch of entries. */
export async function* csvText(batches: AsyncIterable<PublicEntryRow[]>): AsyncGenerator<string> {
  yield stringify([], { ...FORMAT, bom: true, header: true });
  for await (const rows of batches) yield stringify(rows.map(csvRecord), FORMAT);
}

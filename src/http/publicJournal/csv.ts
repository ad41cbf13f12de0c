import { stringify } from 'csv-stringify/sync';
import { type PublicEntryRow } from '../../queries/publicJournal';
import { CSV_COLUMNS, FORMULA_STARTS } from '../../queries/publicJournalCsv';
import { toGlobalId } from '../../schema/globalId';

/**
 * The CSV download (RFC 4180: comma-separated, CRLF between records, fields quoted when they hold
 * a comma, a quote or a line break).
 *
 * - Header: the GraphQL field names of PublicJournalEntry, in English, so a column means the same
 *   in the CSV, the JSON and the API whatever the reader's language. The entry id (the
 *   PublicJournalEntry global id, the one submitInsightRequest takes) comes last, after the fields people read.
 * - UTF-8 with a byte order mark: without it Excel reads the file as Windows-1252 and æøå come out
 *   garbled; every CSV parser that knows UTF-8 skips the BOM.
 * - Correspondents in one cell, joined by "; ".
 * - Formula guard: Excel and LibreOffice run a cell that starts with = + - @ (or tab / carriage
 *   return, or their full-width forms) as a formula, so such a cell gets a leading apostrophe
 *   (OWASP "CSV injection"). A title that really starts with "-" therefore reads "'-…" in the file;
 *   only text cells are touched, never numbers or dates.
 *
 * Written two ways with the same bytes: by PostgreSQL (queries/publicJournalCsv.ts, csvFromCopy
 * below), and from rows (csvText) where a download pages instead of holding a connection.
 */

/** A text cell that a spreadsheet would not run as a formula. */
export function guardFormula(text: string): string {
  return text !== '' && FORMULA_STARTS.includes(text.charAt(0)) ? `'${text}` : text;
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
    classCode: text(row.class_code),
    title: text(row.title),
    type: row.type,
    journalDate: row.journal_date,
    documentDate: row.document_date ?? '',
    receivedDate: row.received_date ?? '',
    correspondents: text(row.correspondents.join('; ')),
    unit: text(row.unit),
    screened: row.screened ? 'true' : 'false',
    legalBasis: text(row.legal_basis),
    writeOffMethod: row.write_off_method ?? '',
    writeOffDate: row.write_off_date ?? '',
    id: toGlobalId('PublicJournalEntry', row.id),
  };
}

const FORMAT = {
  columns: [...CSV_COLUMNS],
  record_delimiter: 'windows',
  // csv-stringify quotes only fields holding the record delimiter itself (CRLF): a lone LF or CR
  // in a title must be quoted too, or the row would break in two.
  quoted_match: /[\r\n]/,
} as const;

const HEADER = stringify([], { ...FORMAT, bom: true, header: true });

/** The CSV text of a download, BOM and header first; one string per batch of entries. */
export async function* csvText(batches: AsyncIterable<PublicEntryRow[]>): AsyncGenerator<string> {
  yield HEADER;
  for await (const rows of batches) yield stringify(rows.map(csvRecord), FORMAT);
}

const QUOTE = 0x22;
const LF = 0x0a;
const CRLF = Buffer.from('\r\n');

/**
 * The CSV PostgreSQL writes (records ended by LF, no header) as the download: BOM and header
 * first, and each LF that ends a record turned into CRLF. An LF inside a quoted cell stays as it
 * is, as csv-stringify leaves it; whether a byte is inside quotes carries over from chunk to chunk
 * (a doubled quote inside a cell toggles twice, so it changes nothing).
 */
export async function* csvFromCopy(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield Buffer.from(HEADER);
  let quoted = false;
  for await (const chunk of chunks) {
    const parts: Buffer[] = [];
    let start = 0;
    // The next quote and LF, each looked for again only once passed: one pass over the chunk.
    let quote = chunk.indexOf(QUOTE);
    let lf = chunk.indexOf(LF);
    for (;;) {
      if (quoted) {
        if (quote < 0) break;
        quoted = false;
        if (lf >= 0 && lf < quote) lf = chunk.indexOf(LF, quote + 1);
        quote = chunk.indexOf(QUOTE, quote + 1);
      } else if (lf >= 0 && (quote < 0 || lf < quote)) {
        parts.push(chunk.subarray(start, lf), CRLF);
        start = lf + 1;
        lf = chunk.indexOf(LF, start);
      } else if (quote >= 0) {
        quoted = true;
        quote = chunk.indexOf(QUOTE, quote + 1);
      } else break;
    }
    parts.push(chunk.subarray(start));
    yield Buffer.concat(parts);
  }
}

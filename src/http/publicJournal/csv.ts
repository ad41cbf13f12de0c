import { stringify } from 'csv-stringify/sync';
import { type PublicEntryRow } from '../../queries/publicJournal';
import { badInput } from '../../domain/errors';
import {
  CSV_COLUMNS,
  CSV_DELIMITER,
  csvHeaders,
  type CsvFormat,
  FORMULA_STARTS,
  JOURNAL_POST_TYPE_CODES,
  WRITE_OFF_CODES,
} from '../../queries/publicJournalCsv';
import { toGlobalId } from '../../schema/globalId';

/**
 * The CSV download, in two forms (docs/public-journal.md, "Downloads"); both have CRLF between
 * records and quote a field that holds the separator, a quote or a line break (RFC 4180).
 *
 * - Norwegian, the default: `;` between cells (Excel and LibreOffice set to Norwegian split at
 *   `;`, since `,` is their decimal comma), Norwegian headers (Journalpost, Journaldato, …), the
 *   type as its Noark code (I, U, N, X, S), the write-off method as its code (BU, TE, …) and
 *   `ja`/`nei`.
 * - `?format=rfc4180`, for scripts: `,` between cells; the header is the GraphQL field names of
 *   PublicJournalEntry, in English, so a column means the same in the CSV, the JSON and the API,
 *   and the values are the API's (`OUTGOING`, `true`).
 * - In both, the entry id (the PublicJournalEntry global id, the one submitInsightRequest takes)
 *   comes last, after the fields people read; dates are YYYY-MM-DD, which both spreadsheets read
 *   as dates in every language setting and which sorts right even as text.
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

/** The `format` parameter: absent is the Norwegian form, `rfc4180` the machine form. */
export function parseCsvFormat(query: Record<string, unknown>): CsvFormat {
  const given = query.format;
  if (given === undefined || given === '') return 'norwegian';
  if (given === 'rfc4180') return 'rfc4180';
  throw badInput('format', 'INVALID_FORMAT', 'format must be rfc4180, or left out');
}

/** One entry as CSV cells in `format`; an absent value is an empty cell. */
export function csvRecord(row: PublicEntryRow, format: CsvFormat = 'rfc4180'): CsvRecord {
  const machine = rfc4180Record(row);
  if (format === 'rfc4180') return machine;
  return {
    ...machine,
    type: JOURNAL_POST_TYPE_CODES[row.type],
    screened: row.screened ? 'ja' : 'nei',
    writeOffMethod: row.write_off_method ? WRITE_OFF_CODES[row.write_off_method] : '',
  };
}

function rfc4180Record(row: PublicEntryRow): CsvRecord {
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

/** csv-stringify's options of a format. */
export function stringifyOptions(format: CsvFormat) {
  return {
    columns: CSV_COLUMNS.map((key, i) => ({ key, header: csvHeaders(format)[i]! })),
    delimiter: CSV_DELIMITER[format],
    record_delimiter: 'windows',
    // csv-stringify quotes only fields holding the record delimiter itself (CRLF): a lone LF or CR
    // in a title must be quoted too, or the row would break in two.
    quoted_match: /[\r\n]/,
  } as const;
}

const OPTIONS = {
  norwegian: stringifyOptions('norwegian'),
  rfc4180: stringifyOptions('rfc4180'),
};

const HEADER = {
  norwegian: stringify([], { ...OPTIONS.norwegian, bom: true, header: true }),
  rfc4180: stringify([], { ...OPTIONS.rfc4180, bom: true, header: true }),
};

/** The CSV text of a download, BOM and header first; one string per batch of entries. */
export async function* csvText(
  batches: AsyncIterable<PublicEntryRow[]>,
  format: CsvFormat = 'rfc4180',
): AsyncGenerator<string> {
  yield HEADER[format];
  for await (const rows of batches) {
    yield stringify(
      rows.map((row) => csvRecord(row, format)),
      OPTIONS[format],
    );
  }
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
export async function* csvFromCopy(
  chunks: AsyncIterable<Buffer>,
  format: CsvFormat = 'rfc4180',
): AsyncGenerator<Buffer> {
  yield Buffer.from(HEADER[format]);
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

import { type EntityManager } from '@mikro-orm/postgresql';
import { type PublicJournalSettings } from '../config';
import { copyCsv } from '../db/copyOut';
import { joinSql, raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { JournalPostType, WriteOffMethod } from '../entities/enums';
import { allPublicEntries, inJournalOf, type PublicJournalFilter } from './publicJournal';

/**
 * The columns of the CSV download (offentlig journal som CSV), in order: the GraphQL field names
 * of PublicJournalEntry, the entry id (the JournalPost global id) last. http/publicJournal/csv.ts
 * describes the format.
 */
export const CSV_COLUMNS = [
  'registryId',
  'journalYear',
  'journalSequenceNumber',
  'caseNumber',
  'caseTitle',
  'classCode',
  'title',
  'type',
  'journalDate',
  'documentDate',
  'receivedDate',
  'correspondents',
  'unit',
  'screened',
  'legalBasis',
  'writeOffMethod',
  'writeOffDate',
  'id',
] as const;

/**
 * The two forms of the CSV download (docs/public-journal.md, "Downloads"):
 *
 * - `norwegian`, the default: `;` between cells, Norwegian headers, Noark codes and ja/nei, for
 *   Excel and LibreOffice set to Norwegian, which split a line at `;` (`,` is their decimal comma);
 * - `rfc4180` (`?format=rfc4180`): `,` between cells, the GraphQL field names as headers and the
 *   API's values (`OUTGOING`, `true`), for scripts written against the download before.
 */
export type CsvFormat = 'norwegian' | 'rfc4180';

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** The Norwegian header of each column (offentlig journal), in the order of CSV_COLUMNS. */
export const NORWEGIAN_CSV_HEADERS: Record<CsvColumn, string> = {
  registryId: 'Journalpost',
  journalYear: 'Journalår',
  journalSequenceNumber: 'Løpenummer',
  caseNumber: 'Saksnummer',
  caseTitle: 'Sak',
  classCode: 'Arkivkode',
  title: 'Tittel',
  type: 'Type',
  journalDate: 'Journaldato',
  documentDate: 'Dokumentdato',
  receivedDate: 'Mottatt dato',
  correspondents: 'Avsender/mottaker',
  unit: 'Enhet',
  screened: 'Skjermet',
  legalBasis: 'Hjemmel',
  writeOffMethod: 'Avskrivningsmåte',
  writeOffDate: 'Avskrivningsdato',
  id: 'ID',
};

/** The header line's cells of a format. */
export function csvHeaders(format: CsvFormat): string[] {
  return format === 'norwegian'
    ? CSV_COLUMNS.map((name) => NORWEGIAN_CSV_HEADERS[name])
    : [...CSV_COLUMNS];
}

/** The cell separator of a format. */
export const CSV_DELIMITER: Record<CsvFormat, ',' | ';'> = { norwegian: ';', rfc4180: ',' };

/** Noark 5 journalposttype codes. */
export const JOURNAL_POST_TYPE_CODES: Record<JournalPostType, string> = {
  [JournalPostType.INCOMING]: 'I',
  [JournalPostType.OUTGOING]: 'U',
  [JournalPostType.INTERNAL_FOLLOW_UP]: 'N',
  [JournalPostType.INTERNAL_NO_FOLLOW_UP]: 'X',
  [JournalPostType.CASE_PRESENTATION]: 'S',
};

/** Noark 5 avskrivningsmåte codes. */
export const WRITE_OFF_CODES: Record<WriteOffMethod, string> = {
  [WriteOffMethod.REPLIED_BY_LETTER]: 'BU',
  [WriteOffMethod.REPLIED_BY_EMAIL]: 'BE',
  [WriteOffMethod.REPLIED_BY_PHONE]: 'TLF',
  [WriteOffMethod.REPLIED_BY_NOTE]: 'BN',
  [WriteOffMethod.NOTED]: 'TO',
  [WriteOffMethod.TAKEN_INTO_ACCOUNT]: 'TE',
  [WriteOffMethod.CASE_CLOSED]: 'SA',
};

/**
 * First characters that make a spreadsheet run a cell as a formula: = + - @, tab, carriage return
 * and their full-width forms (OWASP "CSV injection").
 */
export const FORMULA_STARTS = '=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20';

/**
 * An empty text as NULL: PostgreSQL's CSV writes NULL as an empty cell and an empty text as `""`,
 * the download has always written both as an empty cell.
 */
const cell = (value: SqlFragment) => sql`nullif(${value}, '')`;

/** A text cell with the formula guard: a leading apostrophe where the text starts a formula. */
const guarded = (value: SqlFragment) =>
  cell(sql`case when left(${value}, 1) in (${[...FORMULA_STARTS]}) then '''' || ${value}
    else ${value} end`);

const isoDate = (value: SqlFragment) => sql`to_char(${value}, 'YYYY-MM-DD')`;

/**
 * Each column as SQL over the public entries (`t` of allPublicEntries), so that PostgreSQL writes
 * the same cells the download writes from rows (http/publicJournal/csv.ts, csvRecord): guarded
 * texts, correspondents joined by "; ", dates as YYYY-MM-DD, booleans as true/false, and the id as
 * toGlobalId (schema/globalId.ts) makes it: base64url of "PublicJournalEntry:<uuid>", without
 * padding.
 */
const CELLS: Record<CsvColumn, SqlFragment> = {
  registryId: cell(raw('t.registry_id')),
  journalYear: raw('t.journal_year'),
  journalSequenceNumber: raw('t.journal_sequence_number'),
  caseNumber: cell(raw('t.case_number')),
  caseTitle: guarded(raw('t.case_title')),
  classCode: guarded(raw('t.class_code')),
  title: guarded(raw('t.title')),
  type: cell(raw('t.type')),
  journalDate: isoDate(raw('t.journal_date')),
  documentDate: isoDate(raw('t.document_date')),
  receivedDate: isoDate(raw('t.received_date')),
  correspondents: guarded(sql`array_to_string(t.correspondents, '; ')`),
  unit: guarded(raw('t.unit')),
  screened: raw(`case when t.screened then 'true' else 'false' end`),
  legalBasis: guarded(raw('t.legal_basis')),
  writeOffMethod: cell(raw('t.write_off_method')),
  writeOffDate: isoDate(raw('t.write_off_date')),
  id: sql`translate(encode(convert_to(${'PublicJournalEntry:'} || t.id, 'UTF8'), 'base64'), ${'+/=\n'}, ${'-_'})`,
};

/** `column` mapped through `codes` (an enum's value → its Noark code). */
function coded(column: string, codes: Record<string, string>): SqlFragment {
  const arms = joinSql(
    Object.entries(codes).map(([value, code]) => sql`when ${value} then ${code}`),
    ' ',
  );
  return sql`case ${raw(column)} ${arms} end`;
}

/** The Norwegian form's cells where they differ from the machine form's: codes and ja/nei. */
const NORWEGIAN_CELLS: Record<CsvColumn, SqlFragment> = {
  ...CELLS,
  type: coded('t.type', JOURNAL_POST_TYPE_CODES),
  screened: raw(`case when t.screened then 'ja' else 'nei' end`),
  writeOffMethod: coded('t.write_off_method', WRITE_OFF_CODES),
};

/**
 * Every matching entry of `organisationId`'s public journal as CSV records written by PostgreSQL
 * (db/copyOut.ts), in a transaction set to that organisation. Records end with LF and there is no
 * header: http/publicJournal/csv.ts adds both. Holds one pooled connection while the download
 * runs; `em` has no open transaction.
 */
export async function* copyPublicJournalCsv(
  em: EntityManager,
  organisationId: string,
  settings: PublicJournalSettings,
  today: string,
  filter: PublicJournalFilter,
  timeoutMs: number,
  format: CsvFormat = 'rfc4180',
): AsyncGenerator<Buffer> {
  const statement = await inJournalOf(em, organisationId, () =>
    publicJournalCsvStatement(em, settings, today, filter, format),
  );
  yield* copyCsv(em, organisationId, statement, timeoutMs, CSV_DELIMITER[format]);
}

/**
 * The CSV cells over the statement of the public journal (allPublicEntries: the same public forms,
 * filters and order). Over it, not inside it: PostgreSQL keeps an ordered subquery as it is, so
 * each entry column is computed once, where a flattened one would repeat a column's expression
 * (the correspondents' subquery among them) in every cell that names it. A scan of the ordered
 * subquery hands its rows on in that order.
 */
export async function publicJournalCsvStatement(
  em: EntityManager,
  settings: PublicJournalSettings,
  today: string,
  filter: PublicJournalFilter,
  format: CsvFormat = 'rfc4180',
): Promise<SqlFragment> {
  const cells = format === 'norwegian' ? NORWEGIAN_CELLS : CELLS;
  const columns = joinSql(
    CSV_COLUMNS.map((name) => cells[name]),
    ', ',
  );
  return sql`select ${columns} from (${await allPublicEntries(em, settings, today, filter)}) t`;
}

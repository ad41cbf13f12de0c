import { type EntityManager } from '@mikro-orm/postgresql';
import { type PublicJournalSettings } from '../config';
import { cursorBatches } from '../db/cursor';
import { joinSql, query, sql, type SqlFragment } from '../db/sqlTemplate';
import { todayInOslo } from '../domain/workingDays';
import { CorrespondentRole, JournalPostType, WriteOffMethod } from '../entities/enums';
import { type AppAbility } from '../policies/ability';
import { caseFields, journalPostFields } from '../policies/fields';
import { correspondentHiddenFromPublic } from '../policies/publicJournal';
import { screeningActive, titleScreened } from '../policies/redaction';
import { accessibleWhere } from '../policies/sql';
import { type CountedEntryRow, publicEntries, type PublicEntryRow } from '../queries/publicJournal';
import { type ArchivePartScope, type RecordWritten } from './scope';
import { element, NOARK5_NAMESPACE, wrap, XML_DECLARATION, xmlDate } from './xml';

/**
 * The two journals of Noark 5 as XML (docs/noark5.md, "Offentlig journal and løpende journal as
 * XML"): `offentligJournal.xsd`, built only from the public forms the query layer returns
 * (queries/publicJournal.ts, the same rows as the CSV and JSON), and `loependeJournal.xsd`, the
 * full values for the archivists' own control of the journal. Both are streamed as text: one
 * string per journalregistrering, read in keyset pages or through a cursor, so memory stays flat.
 */

/** Korrespondanseparttype (M087) as the metadatakatalog spells it. */
const CORRESPONDENT_TYPE: Record<CorrespondentRole, string> = {
  [CorrespondentRole.SENDER]: 'Avsender',
  [CorrespondentRole.RECIPIENT]: 'Mottaker',
  [CorrespondentRole.COPY_RECIPIENT]: 'Kopimottaker',
  [CorrespondentRole.INTERNAL_SENDER]: 'Intern avsender',
  [CorrespondentRole.INTERNAL_RECIPIENT]: 'Intern mottaker',
  // v5.0 has no internal copy recipient: an internal copy recipient is an internal recipient.
  [CorrespondentRole.INTERNAL_COPY_RECIPIENT]: 'Intern mottaker',
};

/**
 * Avskrivningsmåte (M619): the codes v5.0 has. "Besvart med notat" and "avskrevet ved avslutning
 * av saken" have none there, so the element is left out for them (avskrivningsdato still says
 * that the post was written off).
 */
const WRITE_OFF_METHOD: Partial<Record<WriteOffMethod, string>> = {
  [WriteOffMethod.REPLIED_BY_LETTER]: 'Besvart med brev',
  [WriteOffMethod.REPLIED_BY_EMAIL]: 'Besvart med e-post',
  [WriteOffMethod.REPLIED_BY_PHONE]: 'Besvart på telefon',
  [WriteOffMethod.TAKEN_INTO_ACCOUNT]: 'Tatt til etterretning',
  [WriteOffMethod.NOTED]: 'Tatt til orientering',
};

/** Tilgangsrestriksjon (M500): the one code of v5.0, for a post or case under active screening. */
const RESTRICTED = 'Unntatt offentlighet';

/**
 * Both schemas require at least one korrespondansepart. A post without a registered correspondent
 * (an internal note, mostly) names its responsible unit, the party on our side: it received an
 * incoming document and wrote every other kind.
 */
function ownUnitAsParty(type: JournalPostType): string {
  return type === JournalPostType.INCOMING ? 'Intern mottaker' : 'Intern avsender';
}

/** Arkivskaper: the organisation, by its organisation number (its short name where it has none). */
export interface ArchiveCreator {
  id: string;
  name: string;
}

/** The organisation the transaction of `em` is set to, as the journals' arkivskaper. */
export async function archiveCreatorOf(em: EntityManager): Promise<ArchiveCreator> {
  const rows = await query<ArchiveCreator>(
    em,
    sql`select coalesce(o.organisation_number, o.short_name) as id, o.name
      from organisation o where o.id = (select current_organisation())`,
  );
  const creator = rows[0];
  if (!creator) throw new Error('The transaction is set to no organisation');
  return creator;
}

/** What journalhode says: the period, the number of entries that follow, who made them. */
export interface JournalHead {
  startDate: string;
  endDate: string;
  /** Seleksjon (M313): how the entries were chosen, when not simply the period */
  selection?: string | null;
  count: number;
  creator: ArchiveCreator;
}

function journalhode(head: JournalHead): string {
  const creator = wrap(
    'arkivskaper',
    element('arkivskaperID', head.creator.id) + element('arkivskaperNavn', head.creator.name),
  );
  return wrap(
    'journalhode',
    element('journalStartDato', head.startDate) +
      element('journalSluttDato', head.endDate) +
      element('seleksjon', head.selection) +
      element('antallJournalposter', head.count) +
      creator,
  );
}

/**
 * The opening of a journal document up to and with its journalhode. A journal of no entries is
 * still written, with antallJournalposter 0 (docs/noark5.md says why).
 */
function opening(root: 'offentligJournal' | 'loependeJournal', head: JournalHead): string {
  return `${XML_DECLARATION}<${root} xmlns="${NOARK5_NAMESPACE[root]}">\n${journalhode(head)}\n`;
}

const korrespondansepart = (type: string, name: string, screening?: string | null) =>
  wrap(
    'korrespondansepart',
    element('korrespondanseparttype', type) +
      element('korrespondansepartNavn', name) +
      element('skjermingMetadata', screening),
  );

/** What both journals write the same way of a post and its case (public form or in full). */
interface JournalEntryRow {
  id: string;
  registry_id: string;
  journal_year: number;
  journal_sequence_number: number;
  document_number: number;
  case_number: string;
  case_year: number;
  case_sequence: number;
  type: JournalPostType;
  unit: string;
  journal_date: string;
  document_date: string | null;
  write_off_date: string | null;
  write_off_method: WriteOffMethod | null;
}

/** Saksmappe's number: the first elements of saksmappe in both schemas. */
const caseNumber = (row: JournalEntryRow) =>
  element('mappeID', row.case_number) +
  element('saksaar', row.case_year) +
  element('sakssekvensnummer', row.case_sequence);

/** Journalpost's id and numbers: the first elements of journalpost in both schemas. */
const postNumber = (row: JournalEntryRow) =>
  element('systemID', row.id) +
  element('registreringsID', row.registry_id) +
  element('journalaar', row.journal_year) +
  element('journalsekvensnummer', row.journal_sequence_number) +
  element('journalpostnummer', row.document_number);

/** The post's dates and how it was written off, in the one order both schemas have them. */
const datesAndWriteOff = (row: JournalEntryRow) =>
  element('journaldato', xmlDate(row.journal_date)) +
  element('dokumentetsDato', xmlDate(row.document_date)) +
  element('avskrivningsdato', xmlDate(row.write_off_date)) +
  element('avskrivningsmaate', row.write_off_method && WRITE_OFF_METHOD[row.write_off_method]);

/** The post's korrespondansepart elements, or its own unit's where it has none. */
const parties = (row: JournalEntryRow, correspondents: string[]) =>
  correspondents.length
    ? correspondents.join('')
    : korrespondansepart(ownUnitAsParty(row.type), row.unit);

// ---------------------------------------------------------------------------------------------
// Offentlig journal

/**
 * One entry of the public journal as a journalregistrering: its public forms, nothing else. No
 * saksbehandler and no saksansvarlig: the public form of a record names no people
 * (docs/access-control.md, "Three levels"), and the leak probes hold the handler's name private.
 */
export function offentligJournalregistrering(row: PublicEntryRow): string {
  const saksmappe = wrap('saksmappe', caseNumber(row) + element('offentligTittel', row.case_title));
  const correspondents = row.correspondents.map((name, i) =>
    korrespondansepart(CORRESPONDENT_TYPE[row.correspondent_roles[i]!], name),
  );
  const journalpost = wrap(
    'journalpost',
    postNumber(row) +
      element('offentligTittel', row.title) +
      datesAndWriteOff(row) +
      element('administrativEnhet', row.unit) +
      element('referanseAvskrivesAvJournalpost', row.written_off_by) +
      element('tilgangsrestriksjon', row.screened ? RESTRICTED : null) +
      element('skjermingshjemmel', row.legal_basis) +
      parties(row, correspondents),
  );
  return `${wrap('journalregistrering', saksmappe + journalpost)}\n`;
}

/** The period of a public journal document: the filter's ends, else its entries' range, else today. */
export interface JournalPeriod {
  from?: string | null;
  to?: string | null;
  today: string;
}

/**
 * A journal document from batches whose rows carry the count of them all (one statement, one
 * snapshot): the header is written from the first row, so it is exact without a second statement.
 */
async function* countedJournal<R extends { entries_total: string }>(
  root: 'offentligJournal' | 'loependeJournal',
  batches: AsyncIterable<R[]>,
  head: (first: R | undefined) => Omit<JournalHead, 'count'>,
  entry: (row: R) => string,
): AsyncGenerator<string> {
  let opened = false;
  const open = (first: R | undefined) =>
    opening(root, { ...head(first), count: first ? Number(first.entries_total) : 0 });
  for await (const rows of batches) {
    if (!opened) yield open(rows[0]);
    opened = true;
    yield rows.map(entry).join('');
  }
  if (!opened) yield open(undefined);
  yield `</${root}>\n`;
}

/** The public journal of an HTTP download from its counted batches (cursorCountedPublicJournal). */
export function offentligJournalFromCounted(
  batches: AsyncIterable<CountedEntryRow[]>,
  period: JournalPeriod,
  creator: ArchiveCreator,
  selection: string | null,
): AsyncGenerator<string> {
  return countedJournal(
    'offentligJournal',
    batches,
    (first) => ({
      startDate: period.from ?? xmlDate(first?.entries_from) ?? period.today,
      endDate: period.to ?? xmlDate(first?.entries_to) ?? period.today,
      selection,
      creator,
    }),
    offentligJournalregistrering,
  );
}

/** Journal posts per statement of the package writers. */
const PAGE = 1000;

/**
 * A keyset page of `rows` (which have journal_year, journal_sequence_number and id) in the order
 * of the løpenummer, after the last row of the page before.
 */
function pageOf(rows: SqlFragment, after: KeysetPosition | null): SqlFragment {
  const from = after
    ? sql`where (t.journal_year, t.journal_sequence_number, t.id) > (${after.year}, ${after.sequence}, ${after.id}::uuid)`
    : sql``;
  return sql`select * from (${rows}) t ${from}
    order by t.journal_year, t.journal_sequence_number, t.id limit ${PAGE}`;
}

interface KeysetPosition {
  year: number;
  sequence: number;
  id: string;
}

const positionOf = (row: {
  journal_year: number;
  journal_sequence_number: number;
  id: string;
}): KeysetPosition => ({
  year: row.journal_year,
  sequence: row.journal_sequence_number,
  id: row.id,
});

/** Every row of `rows` in keyset pages, on `em` in its caller's transaction. */
async function* pages<
  T extends { journal_year: number; journal_sequence_number: number; id: string },
>(em: EntityManager, rows: SqlFragment): AsyncGenerator<T[]> {
  let after: KeysetPosition | null = null;
  for (;;) {
    const page = await query<T>(em, pageOf(rows, after));
    if (page.length > 0) yield page;
    if (page.length < PAGE) return;
    after = positionOf(page.at(-1)!);
  }
}

interface Extent {
  total: string;
  first_date: string | null;
  last_date: string | null;
}

async function extentOf(em: EntityManager, rows: SqlFragment): Promise<Extent> {
  const [extent] = await query<Extent>(
    em,
    sql`select count(*) as total, min(t.journal_date) as first_date,
        max(t.journal_date) as last_date from (${rows}) t`,
  );
  return extent!;
}

const inPart = (scope: ArchivePartScope) => sql`c.archive_part_id = ${scope.archivePartId}::uuid`;

/**
 * A journal document of a deposit package: the head from the count and range of `rows` (its
 * dates, else `today`), then every row in keyset pages. Runs in the caller's transaction, set to
 * the part's organisation; the count statement and the pages read one snapshot when that
 * transaction is REPEATABLE READ.
 */
async function* packageJournal<R extends JournalEntryRow>(
  root: 'offentligJournal' | 'loependeJournal',
  em: EntityManager,
  rows: SqlFragment,
  today: string,
  entry: (row: R) => string,
  written?: RecordWritten,
): AsyncGenerator<string> {
  const extent = await extentOf(em, rows);
  const creator = await archiveCreatorOf(em);
  yield opening(root, {
    startDate: xmlDate(extent.first_date) ?? today,
    endDate: xmlDate(extent.last_date) ?? today,
    count: Number(extent.total),
    creator,
  });
  for await (const page of pages<R>(em, rows)) {
    yield page.map(entry).join('');
    written?.(page.length);
  }
  yield `</${root}>\n`;
}

/**
 * offentligJournal.xml of a deposit package: the published posts of one archive part in their
 * public forms as of `today` (the export's date), in the order of the løpenummer.
 */
export async function* offentligJournalXml(
  em: EntityManager,
  scope: ArchivePartScope,
  settings: PublicJournalSettings,
  today: string,
): AsyncGenerator<string> {
  const rows = publicEntries(settings, today, inPart(scope));
  yield* packageJournal('offentligJournal', em, rows, today, offentligJournalregistrering);
}

// ---------------------------------------------------------------------------------------------
// Løpende journal

/** A journal post with every value as stored (the løpende journal is internal). */
export interface FullJournalRow extends Record<string, unknown> {
  id: string;
  registry_id: string;
  journal_year: number;
  journal_sequence_number: number;
  document_number: number;
  title: string;
  public_title: string;
  title_screened: boolean;
  screening_active: boolean;
  screening_assessed_on: string | null;
  legal_basis: string | null;
  type: JournalPostType;
  journal_date: string;
  document_date: string | null;
  write_off_date: string | null;
  write_off_method: WriteOffMethod | null;
  written_off_by: string | null;
  unit: string;
  handler: string | null;
  case_number: string;
  case_year: number;
  case_sequence: number;
  case_title: string;
  case_public_title: string;
  case_title_screened: boolean;
  case_unit: string;
  case_responsible: string | null;
  archive_part_id: string;
  correspondents: { role: CorrespondentRole; name: string; hidden: boolean }[];
}

/**
 * The journal posts `where` selects, with their values in full: the caller has decided the
 * reader may read every one of them so (the policy's FULL predicate, or a deposit package).
 */
function fullJournalRows(where: SqlFragment, today: string): SqlFragment {
  return sql`select jp.id, c.case_number || '-' || jp.document_number as registry_id,
      jp.journal_year, jp.journal_sequence_number, jp.document_number,
      jp.title, jp.public_title, ${titleScreened('jp', today)} as title_screened,
      ${screeningActive('jp', today)} as screening_active, jp.screening_assessed_on,
      coalesce(jp.legal_basis, sc.legal_basis) as legal_basis,
      jp.type, jp.journal_date, jp.document_date, jp.write_off_date, jp.write_off_method,
      (select rc.case_number || '-' || r.document_number from journal_post r
         join case_file rc on rc.id = r.case_id where r.id = jp.write_off_reply_id) as written_off_by,
      u.name as unit, h.display_name as handler,
      c.case_number, c.case_year, c.case_sequence, c.title as case_title,
      c.public_title as case_public_title, ${titleScreened('c', today)} as case_title_screened,
      cu.name as case_unit, cr.display_name as case_responsible, c.archive_part_id,
      coalesce((select json_agg(json_build_object('role', co.role, 'name', co.name,
                  'hidden', ${correspondentHiddenFromPublic('co', 'jp', 'sc', today)})
                  order by co.position)
                from correspondent co where co.journal_post_id = jp.id), '[]'::json)
        as correspondents
    from journal_post jp
    join case_file c on c.id = jp.case_id
    join unit u on u.id = jp.responsible_unit_id
    join unit cu on cu.id = c.responsible_unit_id
    left join app_user h on h.id = jp.responsible_id
    left join app_user cr on cr.id = c.case_responsible_id
    left join screening_code sc on sc.id = jp.screening_code_id
    where ${where}`;
}

/** Skjermingsmetadata (M502) of a correspondent whose name the public does not see. */
function nameScreening(role: CorrespondentRole): string {
  return role === CorrespondentRole.SENDER || role === CorrespondentRole.INTERNAL_SENDER
    ? 'Skjerming navn avsender'
    : 'Skjerming navn mottaker';
}

/** One journal post of the løpende journal, every value in full with its screening metadata. */
export function loependeJournalregistrering(row: FullJournalRow): string {
  const saksmappe = wrap(
    'saksmappe',
    caseNumber(row) +
      element('tittel', row.case_title) +
      element('offentligTittel', row.case_public_title) +
      element(
        'skjermingMetadata',
        row.case_title_screened ? 'Skjerming tittel mappe - utvalgte ord' : null,
      ) +
      element('administrativEnhet', row.case_unit) +
      element('saksansvarlig', row.case_responsible) +
      element('referanseArkivdel', row.archive_part_id),
  );
  const correspondents = row.correspondents.map((c) =>
    korrespondansepart(CORRESPONDENT_TYPE[c.role], c.name, c.hidden ? nameScreening(c.role) : null),
  );
  const journalpost = wrap(
    'journalpost',
    postNumber(row) +
      element('tittel', row.title) +
      element('offentligTittel', row.public_title) +
      element('offentlighetsvurdertDato', xmlDate(row.screening_assessed_on)) +
      element(
        'skjermingMetadata',
        row.title_screened ? 'Skjerming tittel registrering - utvalgte ord' : null,
      ) +
      datesAndWriteOff(row) +
      element('administrativEnhet', row.unit) +
      element('saksbehandler', row.handler) +
      element('referanseAvskrivesAvJournalpost', row.written_off_by) +
      element('tilgangsrestriksjon', row.screening_active ? RESTRICTED : null) +
      element('skjermingshjemmel', row.screening_active ? row.legal_basis : null) +
      parties(row, correspondents),
  );
  return `${wrap('journalregistrering', saksmappe + journalpost)}\n`;
}

/**
 * loependeJournal.xml of a deposit package: every journal post of one archive part, in full, in
 * the order of the løpenummer.
 */
export async function* loependeJournalXml(
  em: EntityManager,
  scope: ArchivePartScope,
  written?: RecordWritten,
): AsyncGenerator<string> {
  // Which screenings are still active (the skjermingMetadata written): as of the export.
  const today = todayInOslo();
  const rows = fullJournalRows(inPart(scope), today);
  yield* packageJournal('loependeJournal', em, rows, today, loependeJournalregistrering, written);
}

/** A period of journal dates, both ends included. */
export interface JournalDates {
  from: string;
  to: string;
}

/** The full journal rows of a period, with the count and range of all of them on each row. */
export type CountedFullJournalRow = FullJournalRow & { entries_total: string };

/**
 * The statement of the archivists' løpende journal of a period: the posts of those dates the
 * viewer reads in FULL by the policies (JournalPost and its Case), each with the count of them all
 * (one snapshot, as the public journal's XML). null when the policies give the viewer none.
 */
export function loependeJournalStatement(
  ability: AppAbility,
  dates: JournalDates,
  today: string,
): SqlFragment | null {
  const post = accessibleWhere(ability, 'readFull', 'JournalPost', journalPostFields('jp', 'c'));
  const kase = accessibleWhere(ability, 'readFull', 'Case', caseFields('c'));
  if (!post || !kase) return null;
  const where = joinSql(
    [post, kase, sql`jp.journal_date >= ${dates.from}`, sql`jp.journal_date <= ${dates.to}`],
    ' and ',
  );
  return sql`select t.*, count(*) over () as entries_total from (${fullJournalRows(where, today)}) t
    order by t.journal_year, t.journal_sequence_number, t.id`;
}

/**
 * The archivists' løpende journal of a period from its counted rows (cursorBatches over
 * loependeJournalStatement).
 */
export function loependeJournalFromCounted(
  batches: AsyncIterable<CountedFullJournalRow[]>,
  dates: JournalDates,
  creator: ArchiveCreator,
): AsyncGenerator<string> {
  return countedJournal(
    'loependeJournal',
    batches,
    () => ({ startDate: dates.from, endDate: dates.to, creator }),
    loependeJournalregistrering,
  );
}

/** Reads the counted løpende journal through a cursor of its own (db/cursor.ts). */
export function cursorLoependeJournal(
  em: EntityManager,
  organisationId: string,
  statement: SqlFragment,
): AsyncGenerator<CountedFullJournalRow[]> {
  return cursorBatches<CountedFullJournalRow>(em, organisationId, statement);
}

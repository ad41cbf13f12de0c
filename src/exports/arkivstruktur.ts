/**
 * arkivstruktur.xml of one archive part (arkivdel) for the deposit package (arkivuttrekk):
 * arkiv → arkivdel → klassifikasjonssystem → klasse → mappe (saksmappe) → registrering
 * (journalpost) → dokumentbeskrivelse → dokumentobjekt, in the element order of Arkivverket's
 * arkivstruktur.xsd v5.0, screened values in full with their skjerming (the deposit is not public).
 * Runs inside the caller's transaction (one snapshot), reads a page of cases per statement and
 * yields one string per case, so memory stays flat however large the part. The mapping, field by
 * field, with its fallbacks: docs/noark5.md, "Arkivuttrekk: arkivstruktur.xml".
 */
import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sqlTemplate';
import * as codes from './arkivstruktur/codes';
import { CaseWriter, type Directory, packagePath } from './arkivstruktur/elements';
import {
  archiveFilesOf,
  type ClassRow,
  type FileRow,
  type HeadRow,
  readDirectory,
  readHead,
  readPage,
  type SystemRow,
} from './arkivstruktur/rows';
import { walk } from './arkivstruktur/walk';
import { type ArchivePartScope, type RecordWritten } from './scope';
import {
  element as el,
  NOARK5_NAMESPACE,
  wrap,
  XML_DECLARATION,
  xmlDate,
  xmlDateTime,
} from './xml';

export { packagePath };

export interface ArchivePartCounts {
  cases: number;
  journalPosts: number;
  documentDescriptions: number;
  documentFiles: number;
  /** Descriptions (not disposed) with no current ARCHIVE file: nothing to deposit for them */
  descriptionsWithoutArchiveFile: number;
  firstDate: string | null;
  lastDate: string | null;
}

export interface PackageFile {
  documentId: string;
  /** The exact text of referanseDokumentfil */
  path: string;
  size: number;
  sha256: string;
  format: string | null;
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** The date a period's disposal counts from, plus the retention years. */
function disposalDate(from: string, years: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

function kassasjon(
  decision: string | null,
  authority: string | null,
  years: number | null,
  from: string,
): string {
  if (!decision) return '';
  return wrap(
    'kassasjon',
    el('kassasjonsvedtak', codes.disposalDecision.write(decision as never)) +
      el('kassasjonshjemmel', authority) +
      el('bevaringstid', years ?? 0) +
      el('kassasjonsdato', disposalDate(from, years ?? 0)),
  );
}

/** The part's closing: its period's end (Arkivgraf keeps no closing time of its own). */
const partClosed = (h: HeadRow) =>
  h.period_end ? `${h.period_end}T00:00:00.000Z` : xmlDateTime(h.part_created_at);

function openArchive(h: HeadRow): string {
  return (
    `<arkiv xmlns="${NOARK5_NAMESPACE.arkivstruktur}" xmlns:xsi="${XSI}">` +
    el('systemID', h.archive_id) +
    el('tittel', h.archive_title) +
    el('beskrivelse', h.archive_description) +
    el('arkivstatus', codes.archiveStatus.write(h.archive_status)) +
    el('opprettetDato', xmlDateTime(h.archive_created_at)) +
    el('opprettetAv', codes.SYSTEM_ACTOR) +
    el('avsluttetDato', partClosed(h)) +
    el('avsluttetAv', codes.SYSTEM_ACTOR) +
    wrap(
      'arkivskaper',
      el('arkivskaperID', h.organisation_number ?? h.short_name) +
        el('arkivskaperNavn', h.records_creator_name),
    ) +
    '<arkivdel>' +
    el('systemID', h.part_id) +
    el('tittel', h.part_title) +
    el('arkivdelstatus', codes.archivePartStatus.write(h.part_status as never)) +
    el('opprettetDato', xmlDateTime(h.part_created_at)) +
    el('opprettetAv', codes.SYSTEM_ACTOR) +
    el('avsluttetDato', partClosed(h)) +
    el('avsluttetAv', codes.SYSTEM_ACTOR) +
    el('arkivperiodeStartDato', xmlDate(h.period_start)) +
    el('arkivperiodeSluttDato', xmlDate(h.period_end)) +
    el('referanseForloeper', h.predecessor_id) +
    el('referanseArvtaker', h.successor_id) +
    kassasjon(
      h.part_disposal_decision,
      h.part_disposal_authority,
      h.part_retention_years,
      h.period_end ?? h.period_start,
    )
  );
}

function openSystem(s: SystemRow | null, h: HeadRow): string {
  if (s === null)
    return (
      '<klassifikasjonssystem>' +
      el('systemID', `${h.part_id}-uten-klasse`) +
      el('tittel', codes.UNCLASSIFIED.systemTitle) +
      el('opprettetDato', xmlDateTime(h.part_created_at)) +
      el('opprettetAv', codes.SYSTEM_ACTOR)
    );
  return (
    '<klassifikasjonssystem>' +
    el('systemID', s.id) +
    el('klassifikasjonstype', codes.classificationType.write(s.type as never)) +
    el('tittel', s.title) +
    el('beskrivelse', s.description) +
    el('opprettetDato', xmlDateTime(s.created_at)) +
    el('opprettetAv', codes.SYSTEM_ACTOR)
  );
}

function openClass(k: ClassRow | null, h: HeadRow, own = false): string {
  if (k === null)
    return (
      '<klasse>' +
      el('systemID', `${h.part_id}-uten-klasse-klasse`) +
      el('klasseID', codes.UNCLASSIFIED.classId) +
      el('tittel', codes.UNCLASSIFIED.classTitle) +
      el('opprettetDato', xmlDateTime(h.part_created_at)) +
      el('opprettetAv', codes.SYSTEM_ACTOR)
    );
  return (
    '<klasse>' +
    el('systemID', own ? `${k.id}-mapper` : k.id) +
    el('klasseID', k.class_id) +
    el('tittel', k.title) +
    el('opprettetDato', xmlDateTime(k.created_at)) +
    el('opprettetAv', codes.SYSTEM_ACTOR) +
    kassasjon(
      k.disposal_decision,
      k.disposal_authority,
      k.retention_years,
      h.period_end ?? h.period_start,
    ) +
    (k.screened
      ? wrap(
          'skjerming',
          el('tilgangsrestriksjon', codes.RESTRICTED) +
            el('skjermingshjemmel', codes.NATIONAL_ID_CLASS_BASIS) +
            el('skjermingMetadata', 'Skjerming klasseID') +
            el('skjermingMetadata', 'Skjerming tittel klasse'),
        )
      : '')
  );
}

/** arkivstruktur.xml of the part, one string per case (and per opening or closing element). */
export async function* arkivstrukturXml(
  em: EntityManager,
  scope: ArchivePartScope,
  written?: RecordWritten,
): AsyncGenerator<string> {
  const head = await readHead(em, scope);
  const dir: Directory = await readDirectory(em, scope.organisationId);
  yield XML_DECLARATION + openArchive(head);
  let posts = 0;
  for await (const step of walk(em, scope)) {
    switch (step.kind) {
      case 'openSystem':
        yield openSystem(step.system, head);
        break;
      case 'closeSystem':
        yield '</klassifikasjonssystem>';
        break;
      case 'openClass':
        yield openClass(step.klass, head, step.own);
        break;
      case 'closeClass':
        yield '</klasse>';
        break;
      case 'cases': {
        const writer = new CaseWriter(await readPage(em, step.cases), dir);
        for (const c of step.cases) {
          yield writer.saksmappe(c);
          posts += writer.postsOf(c.id);
          written?.(posts);
        }
      }
    }
  }
  yield '</arkivdel></arkiv>\n';
}

/** What the package of the part holds (for arkivuttrekk.xml and the job's progress). */
export async function countArchivePart(
  em: EntityManager,
  scope: ArchivePartScope,
): Promise<ArchivePartCounts> {
  const [row] = await query<{
    cases: string;
    posts: string;
    descriptions: string;
    files: string;
    without: string;
    first: string | null;
    last: string | null;
  }>(
    em,
    sql`with c as (select id from case_file where archive_part_id = ${scope.archivePartId}
                   and organisation_id = ${scope.organisationId}),
        p as (select id, journal_date from journal_post where case_id in (select id from c)),
        d as (select dd.id, dd.disposed_at,
                exists (select 1 from document f where f.document_description_id = dd.id
                  and f.variant = 'ARCHIVE' and f.replaced_at is null and f.disposed_at is null) as has_file
              from document_description dd where dd.journal_post_id in (select id from p))
      select (select count(*) from c) as cases, (select count(*) from p) as posts,
        (select count(*) from d) as descriptions,
        (select count(*) from d where has_file) as files,
        (select count(*) from d where not has_file and disposed_at is null) as without,
        (select min(journal_date)::text from p) as first, (select max(journal_date)::text from p) as last`,
  );
  return {
    cases: Number(row!.cases),
    journalPosts: Number(row!.posts),
    documentDescriptions: Number(row!.descriptions),
    documentFiles: Number(row!.files),
    descriptionsWithoutArchiveFile: Number(row!.without),
    firstDate: row!.first,
    lastDate: row!.last,
  };
}

/** Every file arkivstruktur.xml names, in the order of its referanseDokumentfil elements. */
export async function* archivePartFiles(
  em: EntityManager,
  scope: ArchivePartScope,
): AsyncGenerator<PackageFile> {
  for await (const step of walk(em, scope)) {
    if (step.kind !== 'cases') continue;
    const files = await query<FileRow>(em, archiveFilesOf(step.cases.map((c) => c.id)));
    for (const f of files)
      yield {
        documentId: f.id,
        path: packagePath(f.id),
        size: Number(f.size),
        sha256: f.sha256,
        format: f.format,
      };
  }
}

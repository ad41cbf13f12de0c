import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sqlTemplate';
import { type ArchivePartScope, type RecordWritten } from './scope';
import { element, NOARK5_NAMESPACE, XML_DECLARATION } from './xml';

/** What an archive part holds, counted in one statement each: the package's pre-check and ADDML. */
export interface ArchivePartCounts {
  cases: number;
  journalPosts: number;
  documentDescriptions: number;
  documentFiles: number;
  firstDate: string | null;
  lastDate: string | null;
}

/** One document file of the package, named as arkivstruktur.xml's referanseDokumentfil names it. */
export interface PackageFile {
  documentId: string;
  path: string;
  size: number;
  sha256: string;
  format: string | null;
}

/** Placeholder writer: the part's posts by registry id. */
export async function* arkivstrukturXml(
  em: EntityManager,
  scope: ArchivePartScope,
  written?: RecordWritten,
): AsyncGenerator<string> {
  yield `${XML_DECLARATION}<arkiv xmlns="${NOARK5_NAMESPACE.arkivstruktur}">`;
  let after = '';
  for (;;) {
    const rows = await query<{ id: string; registry_id: string }>(
      em,
      sql`select jp.id, c.case_number || '-' || jp.document_number as registry_id from journal_post jp join case_file c on c.id = jp.case_id
        where c.archive_part_id = ${scope.archivePartId} and jp.id::text > ${after}
        order by jp.id::text limit 1000`,
    );
    if (rows.length === 0) break;
    yield rows
      .map((r) => `<registrering>${element('registreringsID', r.registry_id)}</registrering>`)
      .join('');
    written?.(rows.length);
    after = rows.at(-1)!.id;
  }
  yield '</arkiv>\n';
}

/** Placeholder counts. */
export async function countArchivePart(
  em: EntityManager,
  scope: ArchivePartScope,
): Promise<ArchivePartCounts> {
  const [row] = await query<{
    cases: number;
    posts: number;
    descriptions: number;
    files: number;
    first: string | null;
    last: string | null;
  }>(
    em,
    sql`select (select count(*)::int from case_file c where c.archive_part_id = ${scope.archivePartId}) as cases,
      count(distinct jp.id)::int as posts, count(distinct dd.id)::int as descriptions,
      count(distinct d.id)::int as files,
      to_char(min(jp.journal_date), 'YYYY-MM-DD') as first, to_char(max(jp.journal_date), 'YYYY-MM-DD') as last
      from case_file c join journal_post jp on jp.case_id = c.id
      left join document_description dd on dd.journal_post_id = jp.id
      left join document d on d.document_description_id = dd.id and d.variant = 'ARCHIVE'
        and d.replaced_at is null and d.disposed_at is null
      where c.archive_part_id = ${scope.archivePartId}`,
  );
  return {
    cases: row!.cases,
    journalPosts: row!.posts,
    documentDescriptions: row!.descriptions,
    documentFiles: row!.files,
    firstDate: row!.first,
    lastDate: row!.last,
  };
}

/** Placeholder file list: the current ARCHIVE files of the part's posts. */
export async function* archivePartFiles(
  em: EntityManager,
  scope: ArchivePartScope,
): AsyncGenerator<PackageFile> {
  let after = '';
  for (;;) {
    const rows = await query<{ id: string; size: number; sha256: string; format: string | null }>(
      em,
      sql`select d.id, d.size, d.sha256, d.format from document d
        join journal_post jp on jp.id = d.journal_post_id join case_file c on c.id = jp.case_id
        where c.archive_part_id = ${scope.archivePartId} and d.variant = 'ARCHIVE'
          and d.replaced_at is null and d.disposed_at is null and d.id::text > ${after}
        order by d.id::text limit 1000`,
    );
    if (rows.length === 0) return;
    for (const r of rows) {
      yield {
        documentId: r.id,
        path: `dokumenter/${r.id}.pdf`,
        size: r.size,
        sha256: r.sha256,
        format: r.format,
      };
    }
    after = rows.at(-1)!.id;
  }
}

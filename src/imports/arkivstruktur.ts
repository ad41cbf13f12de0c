/**
 * Import of arkivstruktur.xml (an arkivuttrekk's structure, Arkivgraf's own or another Noark 5
 * system's) into an EMPTY organisation: the archive, its part, classification, cases with their
 * parties, remarks, journal posts, correspondents, write-offs, documents and ARCHIVE files. Read as
 * SAX events, one case built, written and forgotten at a time, so memory stays flat. Runs in the
 * caller's transaction, set to the organisation as its owner; any error (a file missing or not
 * matching its checksum, a code we cannot keep) fails the whole import: `ImportFailed` is thrown
 * with the report, and the caller rolls back. The mapping: docs/noark5.md, "Arkivuttrekk:
 * arkivstruktur.xml".
 */
import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sqlTemplate';
import { invalidState } from '../domain/errors';
import { ArkivstrukturReader } from './arkivstruktur/tree';
import { ImportWriter } from './arkivstruktur/writer';

export type PackageFileReader = (path: string) => Promise<Buffer | null>;

export interface ImportReport {
  cases: number;
  journalPosts: number;
  documentDescriptions: number;
  documentFiles: number;
  /** Elements the importer does not map, counted by their path */
  unknownElements: { path: string; count: number }[];
  /** What failed the import (empty when it succeeded) */
  errors: string[];
}

/** The import failed as a whole; nothing of it may be committed. */
export class ImportFailed extends Error {
  constructor(readonly report: ImportReport) {
    super(`The import failed: ${report.errors.slice(0, 5).join('; ')}`);
    this.name = 'ImportFailed';
  }
}

/** The organisation must hold no case and no journal post: an import starts its archive. */
async function assertEmpty(em: EntityManager, organisationId: string): Promise<void> {
  const [row] = await query<{ used: boolean }>(
    em,
    sql`select exists (select 1 from case_file where organisation_id = ${organisationId})
          or exists (select 1 from journal_post where organisation_id = ${organisationId}) as used`,
  );
  if (row?.used)
    throw invalidState(
      'NOT_EMPTY',
      'The organisation already holds cases or journal posts; an archive is imported only into an empty organisation',
    );
}

export async function importArkivstruktur(
  em: EntityManager,
  source: AsyncIterable<string | Buffer>,
  files: PackageFileReader,
  options: { organisationId: string; actorId: string },
): Promise<ImportReport> {
  await assertEmpty(em, options.organisationId);
  const reader = new ArkivstrukturReader();
  const writer = new ImportWriter(em, files, options);
  await writer.begin();
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    reader.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    for (const event of reader.drain()) await writer.handle(event);
  }
  const rest = decoder.decode();
  if (rest) reader.write(rest);
  reader.close();
  for (const event of reader.drain()) await writer.handle(event);
  await writer.finish();
  const report: ImportReport = {
    ...writer.counts,
    unknownElements: [...reader.unknown].map(([path, count]) => ({ path, count })),
    errors: writer.errors,
  };
  if (report.errors.length > 0) throw new ImportFailed(report);
  return report;
}

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { type EntityManager } from '@mikro-orm/postgresql';
import { type PublicJournalSettings } from '../../config';
import { readContent } from '../../domain/documents/store';
import { arkivuttrekkXml, type DescribedFile, type PackageDescription } from '../addml';
import { type ArchivePartCounts, archivePartFiles, arkivstrukturXml } from '../arkivstruktur';
import { endringsloggXml } from '../endringslogg';
import { loependeJournalXml, offentligJournalXml } from '../journals';
import { type ArchivePartScope, type RecordWritten } from '../scope';
import { NOARK5_NAMESPACE } from '../xml';
import { TarWriter } from './tar';

/**
 * The deposit package (arkivuttrekk) of one archive part as a tar file (docs/noark5.md,
 * "Arkivuttrekk (deposit package)"), read inside the caller's transaction (one snapshot):
 *
 *   <folder>/arkivuttrekk.xml      ADDML: what the package holds, with each XML file's SHA-256
 *   <folder>/arkivstruktur.xml
 *   <folder>/endringslogg.xml
 *   <folder>/loependeJournal.xml
 *   <folder>/offentligJournal.xml
 *   <folder>/dokumenter/…          the ARCHIVE (PDF/A) file of every document, as arkivstruktur.xml
 *                                  names it in referanseDokumentfil
 *
 * A tar header needs its entry's size first, so each XML document is streamed to a temporary file
 * (hashed on the way) and then copied into the tar; document files' sizes are known and their
 * bytes are streamed from PostgreSQL in slices, checked against their SHA-256 as they pass.
 * Memory stays flat: nothing is ever held whole.
 */

export interface PackageRun {
  exportId: string;
  createdAt: Date;
  /** The tar's top folder */
  folder: string;
  creator: PackageDescription['creator'];
  system: PackageDescription['system'];
  archivePart: PackageDescription['archivePart'];
  counts: ArchivePartCounts;
  publicJournal: PublicJournalSettings;
  today: string;
  /** Journal posts written to arkivstruktur.xml, for the job's progress */
  written: RecordWritten;
  /** Stops the run between records (the server shutting down) */
  signal?: AbortSignal;
}

export interface WrittenPackage {
  size: number;
  sha256: string;
}

/** The XML documents after arkivuttrekk.xml, in the order of the tar. */
interface XmlDocument {
  name: string;
  schema: string;
  /** Noark 5 elements counted in the text as it is written (each yield holds whole records) */
  counted: string[];
  write: () => AsyncGenerator<string>;
}

function documentsOf(em: EntityManager, scope: ArchivePartScope, run: PackageRun): XmlDocument[] {
  return [
    {
      name: 'arkivstruktur',
      schema: NOARK5_NAMESPACE.arkivstruktur,
      counted: ['mappe', 'registrering', 'dokumentbeskrivelse', 'dokumentobjekt'],
      write: () => arkivstrukturXml(em, scope, run.written),
    },
    {
      name: 'endringslogg',
      schema: NOARK5_NAMESPACE.endringslogg,
      counted: ['endring'],
      write: () => endringsloggXml(em, scope),
    },
    {
      name: 'loependeJournal',
      schema: NOARK5_NAMESPACE.loependeJournal,
      counted: ['journalregistrering'],
      write: () => loependeJournalXml(em, scope),
    },
    {
      name: 'offentligJournal',
      schema: NOARK5_NAMESPACE.offentligJournal,
      counted: ['journalregistrering'],
      write: () => offentligJournalXml(em, scope, run.publicJournal, run.today),
    },
  ];
}

const startTag = (name: string) => new RegExp(`<${name}[\\s>/]`, 'g');

/** Streams `doc` to `file`, hashing and counting on the way. */
async function writeXmlFile(
  doc: XmlDocument,
  file: string,
  signal: AbortSignal | undefined,
): Promise<DescribedFile> {
  const out = createWriteStream(file, { flags: 'wx' });
  const hash = createHash('sha256');
  const tags = doc.counted.map((n) => [n, startTag(n)] as const);
  const counts = new Map(doc.counted.map((n) => [n, 0]));
  let size = 0;
  try {
    for await (const text of doc.write()) {
      signal?.throwIfAborted();
      for (const [n, re] of tags) counts.set(n, counts.get(n)! + (text.match(re)?.length ?? 0));
      const chunk = Buffer.from(text, 'utf8');
      hash.update(chunk);
      size += chunk.length;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'close');
  } catch (err) {
    out.destroy();
    throw err;
  }
  return {
    name: doc.name,
    fileName: `${doc.name}.xml`,
    schema: doc.schema,
    sha256: hash.digest('hex'),
    size,
    occurrences: [...counts],
  };
}

/**
 * Writes the package of `scope` to `target` (which must not exist): the caller renames it into
 * place when complete. On failure the partial file and the temporary folder are removed.
 */
export async function writeArchivePackage(
  em: EntityManager,
  scope: ArchivePartScope,
  run: PackageRun,
  target: string,
): Promise<WrittenPackage> {
  const parts = await mkdtemp(path.join(path.dirname(target), '.parts-'));
  const tar = new TarWriter(target, run.createdAt);
  try {
    const described: DescribedFile[] = [];
    for (const doc of documentsOf(em, scope, run)) {
      described.push(await writeXmlFile(doc, path.join(parts, `${doc.name}.xml`), run.signal));
    }
    const addml = Buffer.from(
      arkivuttrekkXml({
        exportId: run.exportId,
        createdAt: run.createdAt,
        creator: run.creator,
        system: run.system,
        archivePart: run.archivePart,
        counts: run.counts,
        files: described,
        documents: { count: run.counts.documentFiles },
      }),
      'utf8',
    );
    await tar.addFolder(`${run.folder}/`);
    await tar.addFile(`${run.folder}/arkivuttrekk.xml`, addml.length, [addml]);
    for (const f of described) {
      const copied = await tar.addFile(
        `${run.folder}/${f.fileName}`,
        f.size,
        createReadStream(path.join(parts, f.fileName)),
      );
      if (copied !== f.sha256) throw new Error(`${f.fileName} changed on disk while packed`);
    }
    await tar.addFolder(`${run.folder}/dokumenter/`);
    let files = 0;
    for await (const file of archivePartFiles(em, scope)) {
      run.signal?.throwIfAborted();
      const sha256 = await tar.addFile(
        `${run.folder}/${file.path}`,
        file.size,
        readContent(em, { id: file.documentId, size: file.size }),
      );
      if (sha256 !== file.sha256) {
        throw new Error(`The document file ${file.path} does not match its checksum (sjekksum)`);
      }
      files += 1;
    }
    if (files !== run.counts.documentFiles) {
      throw new Error(
        `${files} document files were packed where ${run.counts.documentFiles} were counted`,
      );
    }
    return await tar.finish();
  } catch (err) {
    await tar.abort();
    await rm(target, { force: true });
    throw err;
  } finally {
    await rm(parts, { recursive: true, force: true });
  }
}

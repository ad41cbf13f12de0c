import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import * as tar from 'tar';
import { type PackageFileReader } from './arkivstruktur';

/**
 * A deposit package (arkivuttrekk) as a tar file, opened for an import (docs/noark5.md, "Import"):
 * unpacked into a folder of its own, since arkivstruktur.xml names the document files in any order
 * and a tar can only be read from the start. Only plain files and folders are unpacked; links and
 * devices are refused, and node-tar keeps every path inside the folder (no absolute paths, no
 * `..`). The caller closes it, which removes the folder.
 */
export interface OpenedPackage {
  /** The folder holding arkivstruktur.xml: the package's root or its one top folder */
  root: string;
  /** SHA-256 of the tar file as given, lower-case hex */
  sha256: string;
  /** The checks of arkivuttrekk.xml: every XML file it names, with the outcome */
  checkedFiles: CheckedFile[];
  /** Mistakes that make the package unusable (a checksum that does not match, a missing file) */
  errors: string[];
  /** arkivstruktur.xml, streamed */
  arkivstruktur(): AsyncIterable<Buffer>;
  /** A file the package names (`dokumenter/…`), or null when it holds none under that path */
  files: PackageFileReader;
  close(): Promise<void>;
}

export interface CheckedFile {
  name: string;
  algorithm: string;
  expected: string;
  actual: string | null;
}

const ARKIVSTRUKTUR = 'arkivstruktur.xml';
const ARKIVUTTREKK = 'arkivuttrekk.xml';

/** The entry types a deposit package may hold. */
const PLAIN = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory']);

export async function openPackage(file: string): Promise<OpenedPackage> {
  const sha256 = await sha256Of(file);
  const dir = await mkdtemp(path.join(tmpdir(), 'arkivgraf-import-'));
  const close = () => rm(dir, { recursive: true, force: true });
  try {
    const refused: string[] = [];
    await tar.x({
      file,
      cwd: dir,
      strict: true,
      preservePaths: false,
      filter: (name, entry) => {
        const type = 'type' in entry ? entry.type : 'File';
        if (PLAIN.has(type)) return true;
        refused.push(`${name} (${type})`);
        return false;
      },
    });
    const root = await findRoot(dir);
    const errors = refused.map((name) => `The package holds an entry that is no file: ${name}`);
    if (!root) {
      errors.push(`The package holds no ${ARKIVSTRUKTUR} (at its root or in its one top folder)`);
    }
    const checkedFiles = root ? await checkListedFiles(root) : [];
    for (const c of checkedFiles) {
      if (c.actual === null) errors.push(`${ARKIVUTTREKK} names ${c.name}, which is missing`);
      else if (c.actual !== c.expected) {
        errors.push(
          `${ARKIVUTTREKK} gives ${c.name} the checksum ${c.expected}, the file has ${c.actual}`,
        );
      }
    }
    const base = root ?? dir;
    return {
      root: base,
      sha256,
      checkedFiles,
      errors,
      arkivstruktur: () => createReadStream(path.join(base, ARKIVSTRUKTUR)),
      files: (name) => readInside(base, name),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The folder with arkivstruktur.xml: the unpacked root, or its only folder when it has one. */
async function findRoot(dir: string): Promise<string | null> {
  if (await isFile(path.join(dir, ARKIVSTRUKTUR))) return dir;
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory());
  if (entries.length !== 1 || folders.length !== 1) return null;
  const top = path.join(dir, folders[0]!.name);
  return (await isFile(path.join(top, ARKIVSTRUKTUR))) ? top : null;
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** A file named by the package, read only from inside its root (a reference never leaves it). */
async function readInside(root: string, name: string): Promise<Buffer | null> {
  const file = path.resolve(root, name);
  if (!file.startsWith(root + path.sep)) return null;
  return (await isFile(file)) ? readFile(file) : null;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Every file arkivuttrekk.xml (ADDML) describes with a SHA-256 checksum, checked against the file.
 * A package without arkivuttrekk.xml has nothing to check (an uttrekk of another system may lack
 * it); other algorithms are not checked and not listed.
 */
async function checkListedFiles(root: string): Promise<CheckedFile[]> {
  const description = path.join(root, ARKIVUTTREKK);
  if (!(await isFile(description))) return [];
  const listed = listedChecksums(await readFile(description, 'utf8'));
  const checked: CheckedFile[] = [];
  for (const entry of listed) {
    const algorithm = entry.algorithm.toUpperCase().replace('-', '');
    if (algorithm !== 'SHA256') continue;
    const file = path.resolve(root, entry.name);
    const inside = file.startsWith(root + path.sep);
    const actual = inside && (await isFile(file)) ? await sha256Of(file) : null;
    checked.push({ ...entry, expected: entry.expected.toLowerCase(), actual });
  }
  return checked;
}

/**
 * The files of an ADDML document with their checksums: each `property name="file"` whose
 * `name` property holds the file name and whose `checksum` property holds `algorithm` and `value`
 * (the shape of a Noark 5 arkivuttrekk.xml). Read by the names of the enclosing properties, so
 * the dataObject structure around them may vary.
 */
export function listedChecksums(xml: string): Omit<CheckedFile, 'actual'>[] {
  const parser = new SaxesParser({ xmlns: true });
  const names: string[] = [];
  const files: Omit<CheckedFile, 'actual'>[] = [];
  let current: { name: string; algorithm: string; expected: string } | null = null;
  let text = '';
  const endsWith = (...tail: string[]) =>
    tail.every((name, i) => names[names.length - tail.length + i] === name);
  parser.on('opentag', (tag) => {
    text = '';
    if (tag.local !== 'property') return;
    const name = tag.attributes.name;
    names.push(typeof name === 'string' ? name : (name?.value ?? ''));
    if (endsWith('file')) current = { name: '', algorithm: '', expected: '' };
  });
  parser.on('text', (t) => (text += t));
  parser.on('closetag', (tag) => {
    if (tag.local === 'value' && current) {
      const value = text.trim();
      if (endsWith('file', 'name')) current.name = value;
      else if (endsWith('file', 'checksum', 'algorithm')) current.algorithm = value;
      else if (endsWith('file', 'checksum', 'value')) current.expected = value;
    }
    if (tag.local !== 'property') return;
    if (endsWith('file') && current) {
      if (current.name && current.expected) files.push(current);
      current = null;
    }
    names.pop();
  });
  parser.write(xml).close();
  return files;
}

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';

/**
 * Checks of the Noark 5 documents in tests: a small tree of the XML read with saxes (a strictly
 * conforming parser, so whatever is not well-formed throws), a check of each element's children
 * against a table of the schema's sequences written in the test, and validation against
 * Arkivverket's own XSDs where NOARK5_XSD_DIR names a folder holding them (nothing downloads them).
 */

export interface XmlElement {
  /** The local name (the documents use one default namespace) */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * The document element of `xml`, read with saxes, a strictly conforming XML 1.0 parser: anything not
 * well-formed (a bare `<` or `&`, an unknown entity, a control character) throws.
 */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser();
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  parser.on('error', (err) => {
    throw err;
  });
  parser.on('opentag', (tag) => {
    const el: XmlElement = {
      name: tag.name.replace(/^.*:/, ''),
      attributes: tag.attributes as Record<string, string>,
      children: [],
      text: '',
    };
    stack.at(-1)!.children.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (t) => void (stack.at(-1)!.text += t));
  parser.on('cdata', (t) => void (stack.at(-1)!.text += t));
  parser.write(xml).close();
  return root.children[0]!;
}

/** The children of `el` named `name`. */
export const childrenNamed = (el: XmlElement, name: string): XmlElement[] =>
  el.children.filter((c) => c.name === name);

/** The text of the first child named `name` (undefined when there is none). */
export const textOf = (el: XmlElement, name: string): string | undefined =>
  el.children.find((c) => c.name === name)?.text;

/**
 * One element of an xs:sequence: its name and how often it may stand there (`min` 1 and `max` 1
 * unless said otherwise, as in XML Schema).
 */
export interface Particle {
  name: string;
  min?: number;
  max?: number;
}

/** `name?`: optional; `name*`: optional, repeated; `name+`: required, repeated; `name`: once. */
export function seq(...names: string[]): Particle[] {
  return names.map((n) => {
    const mark = n.at(-1);
    const name = n.replace(/[?*+]$/, '');
    if (mark === '?') return { name, min: 0, max: 1 };
    if (mark === '*') return { name, min: 0, max: Infinity };
    if (mark === '+') return { name, min: 1, max: Infinity };
    return { name };
  });
}

/**
 * A schema as the test writes it: the sequence of each complex element, by `parent/child` where
 * one name has different contents under different parents, else by its name; and the values of
 * the elements whose type is a code list. An element without a sequence is simple: text only.
 */
export interface SchemaTable {
  sequences: Record<string, Particle[]>;
  codes?: Record<string, readonly string[]>;
  /** The lexical form of simple elements of a typed value (xs:date, xs:integer, …) */
  patterns?: Record<string, RegExp>;
  /** Simple elements that may be empty (xs:string without a restriction; all others need text) */
  mayBeEmpty?: readonly string[];
}

/**
 * Every departure of the tree under `root` from `table`: children out of order, missing, repeated
 * too often or unknown; a simple element with children or without text; a value outside its code
 * list. An empty list means the document follows the table.
 */
export function checkSequence(root: XmlElement, table: SchemaTable, path = root.name): string[] {
  const errors: string[] = [];
  const visit = (el: XmlElement, parent: string | null, at: string) => {
    const sequence =
      (parent && table.sequences[`${parent}/${el.name}`]) || table.sequences[el.name];
    if (!sequence) {
      if (el.children.length) errors.push(`${at}: a simple element has children`);
      if (!el.text && !table.mayBeEmpty?.includes(el.name)) errors.push(`${at}: empty`);
      const codes = table.codes?.[el.name];
      if (codes && !codes.includes(el.text))
        errors.push(`${at}: "${el.text}" is not in its code list`);
      const pattern = table.patterns?.[el.name];
      if (pattern && !pattern.test(el.text)) errors.push(`${at}: "${el.text}" is not of its type`);
      return;
    }
    let i = 0;
    for (const { name, min = 1, max = 1 } of sequence) {
      let n = 0;
      while (i < el.children.length && el.children[i]!.name === name) {
        n += 1;
        i += 1;
      }
      if (n < min) errors.push(`${at}: ${name} missing (at least ${min})`);
      if (n > max) errors.push(`${at}: ${name} ${n} times (at most ${max})`);
    }
    if (i < el.children.length) {
      errors.push(`${at}: ${el.children[i]!.name} is out of order or unknown here`);
    }
    el.children.forEach((c, k) => visit(c, el.name, `${at}/${c.name}[${k}]`));
  };
  visit(root, null, path);
  return errors;
}

/** The folder of Arkivverket's XSDs for the validation, if the environment names one. */
export const XSD_DIR = process.env.NOARK5_XSD_DIR;

/**
 * Validates `xml` against the schema `rootXsd` (a file name in NOARK5_XSD_DIR) with xmllint
 * compiled to WebAssembly; every other .xsd of the folder is preloaded for its imports. null when
 * NOARK5_XSD_DIR is unset: the caller skips visibly.
 */
export function validateAgainstXsd(
  xml: string,
  rootXsd: string,
): Promise<{ valid: boolean; errors: string[] }> | null {
  const dir = XSD_DIR;
  if (!dir) return null;
  return (async () => {
    const { validateXML } = await import('xmllint-wasm');
    const names = (await readdir(dir)).filter((n) => n.endsWith('.xsd'));
    const files = await Promise.all(
      names.map(async (fileName) => ({
        fileName,
        contents: await readFile(join(dir, fileName), 'utf8'),
      })),
    );
    const result = await validateXML({
      xml: { fileName: 'document.xml', contents: xml },
      schema: files.find((f) => f.fileName === rootXsd)!,
      preload: files.filter((f) => f.fileName !== rootXsd),
    });
    return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
  })();
}

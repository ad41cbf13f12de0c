import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extract } from 'tar';
import { expect } from 'vitest';
import { type TestServer } from '../support/server';
import { parseXml, type XmlElement } from '../support/xml';

/** A parsed element of the package's small documents (arkivuttrekk.xml). */
export type XmlNode = XmlElement;
export { parseXml };

/**
 * The children each ADDML element may have, in the order of addml.xsd's xs:sequence (v8.3), as far
 * as arkivuttrekk.xml uses them; `required` ones must be there. `named`: the element's name
 * attribute is required.
 */
export const ADDML_SEQUENCE: Record<
  string,
  { order: string[]; required: string[]; named?: boolean }
> = {
  addml: { order: ['dataset'], required: ['dataset'] },
  dataset: { order: ['description', 'reference', 'flatFiles', 'dataObjects'], required: [] },
  reference: { order: ['context', 'content'], required: [] },
  context: { order: ['description', 'additionalElements', 'processes'], required: [] },
  content: { order: ['description', 'additionalElements', 'processes'], required: [] },
  additionalElements: {
    order: ['description', 'additionalElement', 'processes'],
    required: ['additionalElement'],
  },
  additionalElement: {
    order: ['value', 'properties', 'additionalElements', 'processes'],
    required: [],
    named: true,
  },
  dataObjects: { order: ['description', 'dataObject', 'processes'], required: ['dataObject'] },
  dataObject: {
    order: ['description', 'properties', 'dataObjects', 'processes'],
    required: [],
    named: true,
  },
  properties: { order: ['property'], required: ['property'] },
  property: { order: ['value', 'properties'], required: [], named: true },
};

/** Every element's children follow ADDML_SEQUENCE; leaves (value, description) hold text only. */
export function checkAddmlStructure(node: XmlNode, at = node.name): void {
  const rule = ADDML_SEQUENCE[node.name];
  if (!rule) {
    expect(['value', 'description'], `${at}: unknown element`).toContain(node.name);
    expect(node.children, `${at}: a text element`).toEqual([]);
    expect(node.text.trim(), `${at}: never empty`).not.toBe('');
    return;
  }
  const names = node.children.map((c) => c.name);
  for (const n of names) expect(rule.order, `${at}: ${n} is not allowed here`).toContain(n);
  const positions = names.map((n) => rule.order.indexOf(n));
  expect(
    [...positions].sort((a, b) => a - b),
    `${at}: children out of order`,
  ).toEqual(positions);
  for (const r of rule.required) expect(names, `${at}: ${r} is required`).toContain(r);
  if (rule.named) expect(node.attributes.name, `${at}: name attribute`).toBeTruthy();
  node.children.forEach((c) => checkAddmlStructure(c, `${at}/${c.name}`));
}

/** The child elements of `node` named `name`. */
export const childrenNamed = (node: XmlNode, name: string) =>
  node.children.filter((c) => c.name === name);

/** The property `name` under `node`'s properties. */
export function propertyOf(node: XmlNode, name: string): XmlNode | undefined {
  return childrenNamed(node, 'properties')[0]?.children.find(
    (p) => p.name === 'property' && p.attributes.name === name,
  );
}

export const valueOf = (node: XmlNode | undefined) =>
  node ? childrenNamed(node, 'value')[0]?.text : undefined;

/** Polls archiveExport until it is SUCCEEDED or FAILED. */
export async function waitForExport(
  server: TestServer,
  token: string,
  id: string,
  fields = 'state recordsDone recordsTotal errors packageSize sha256 downloadUrl startedAt finishedAt',
): Promise<Record<string, any>> {
  for (let i = 0; i < 300; i += 1) {
    const res = await server.gql(
      `query ($id: ID!) { archiveExport(id: $id) { ${fields} } }`,
      { id },
      { token },
    );
    const job = res.body.data?.archiveExport;
    if (!job) throw new Error(res.text);
    if (job.state === 'SUCCEEDED' || job.state === 'FAILED') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the export did not finish');
}

/** Downloads a package and unpacks it into a fresh folder; returns the bytes and the folder. */
export async function downloadAndUnpack(
  server: TestServer,
  token: string,
  url: string,
): Promise<{ bytes: Buffer; dir: string; response: Response }> {
  const response = await fetch(`${server.url}${url}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'arkivuttrekk-'));
  await writeFile(path.join(dir, 'package.tar'), bytes);
  await extract({ file: path.join(dir, 'package.tar'), cwd: dir });
  return { bytes, dir, response };
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every file under `dir`, relative to it. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

export { readFile };

// `npm run trusted-documents` writes docs/operations/trusted-documents.json, the manifest of the
// operations a server with TRUSTED_DOCUMENTS_ONLY=true runs; `-- --check` fails when the committed
// manifest differs from what docs/operations/*.graphql give. The manifest is GraphQL Code
// Generator's own (client preset, `persistedDocuments`), so front ends generating their documents
// with the same preset send the same hashes.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';

/**
 * The checkout: the nearest folder up with schema.graphql (from src/ in tests, dist/src/ built;
 * dist/ has a package.json of its own, so that is no marker).
 */
function findRoot(dir: string): string {
  return existsSync(path.join(dir, 'schema.graphql')) ? dir : findRoot(path.dirname(dir));
}
const root = findRoot(__dirname);
export const MANIFEST = path.join(root, 'docs/operations/trusted-documents.json');

/** The manifest text for docs/operations/*.graphql against schema.graphql. */
export async function buildTrustedDocumentsManifest(): Promise<string> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-trusted-'));
  try {
    await generate(
      {
        schema: path.join(root, 'schema.graphql'),
        documents: path.join(root, 'docs/operations/*.graphql'),
        generates: {
          [`${out}/`]: {
            preset: 'client',
            presetConfig: {
              fragmentMasking: false,
              persistedDocuments: { hashAlgorithm: 'sha256' },
            },
            config: { enumsAsTypes: true },
          },
        },
        silent: true,
      },
      true,
    );
    const documents = JSON.parse(
      readFileSync(path.join(out, 'persisted-documents.json'), 'utf8'),
    ) as Record<string, string>;
    const sorted = Object.fromEntries(
      Object.entries(documents).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    return `${JSON.stringify(sorted, null, 2)}\n`;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const manifest = await buildTrustedDocumentsManifest();
  const relative = path.relative(process.cwd(), MANIFEST);
  if (process.argv.includes('--check')) {
    const committed = existsSync(MANIFEST) ? readFileSync(MANIFEST, 'utf8') : '';
    if (committed !== manifest) {
      console.error(`${relative} is out of date: run \`npm run trusted-documents\` and commit it.`);
      process.exit(1);
    }
    console.log(`${relative} matches docs/operations.`);
    return;
  }
  writeFileSync(MANIFEST, manifest);
  console.log(`Wrote ${relative} (${Object.keys(JSON.parse(manifest)).length} operations)`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

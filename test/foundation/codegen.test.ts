import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const out = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-codegen-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('GraphQL Code Generator makes typed documents from the example operations', () => {
  it('generates a typed document for every operation in docs/operations', async () => {
    await generate(
      {
        schema: path.join(root, 'schema.graphql'),
        documents: path.join(root, 'docs/operations/*.graphql'),
        generates: { [`${out}/`]: { preset: 'client', config: { enumsAsTypes: true } } },
        silent: true,
      },
      true,
    );
    const generated = readFileSync(path.join(out, 'graphql.ts'), 'utf8');
    for (const name of ['MeDocument', 'DirectoryDocument', 'NodeByIdDocument']) {
      expect(generated).toContain(`export const ${name}`);
    }
  }, 60_000);
});

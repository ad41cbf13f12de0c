import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules of docs/architecture.md are enforced by `npm run lint` (eslint.config.mjs). These
// tests lint source text as if it were a file at the given path, so the rules themselves are
// checked without writing into src/.
const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const layering = (messages: string[]) =>
  messages.filter((m) => /^no-restricted-(imports|syntax):/.test(m));

describe('A layer may not import a layer above it', () => {
  it('a resolver importing the HTTP adapter is reported', async () => {
    const found = await problems(
      'src/resolvers/LayeringProbe.ts',
      "import { createHardening } from '../http/limits';\nexport const probe = createHardening;\n",
    );
    expect(layering(found)).toEqual([expect.stringMatching(/resolvers must not import http/)]);
  });

  it('a policy importing the queries is reported', async () => {
    const found = await problems(
      'src/policies/layeringProbe.ts',
      "import { caseFacts } from '../queries/facts';\nexport const probe = caseFacts;\n",
    );
    expect(layering(found)).toEqual([expect.stringMatching(/policies must not import queries/)]);
  });

  it('a file deeper in a layer is held to the same rule', async () => {
    const found = await problems(
      'src/domain/insightRequests/layeringProbe.ts',
      "import { defineAbilityFor } from '../../policies/ability';\nexport const probe = defineAbilityFor;\n",
    );
    expect(layering(found)).toEqual([expect.stringMatching(/domain must not import policies/)]);
  });

  it('a service importing a resolver or the schema is reported', async () => {
    const found = await problems(
      'src/services/layeringProbe.ts',
      [
        "import { argId } from '../resolvers/args';",
        "import { toGlobalId } from '../schema/globalId';",
        'export const probe = [argId, toGlobalId];',
        '',
      ].join('\n'),
    );
    expect(layering(found)).toEqual([
      expect.stringMatching(/services must not import resolvers/),
      expect.stringMatching(/services must not import schema/),
    ]);
  });

  it('the mail transport importing a service or the database is reported', async () => {
    const found = await problems(
      'src/mail/layeringProbe.ts',
      [
        "import { inTransaction } from '../services/funnel';",
        "import { query } from '../db/sqlTemplate';",
        'export const probe = [inTransaction, query];',
        '',
      ].join('\n'),
    );
    expect(layering(found)).toEqual([
      expect.stringMatching(/mail must not import services/),
      expect.stringMatching(/mail must not import db/),
    ]);
  });

  it('the allowed directions are not reported', async () => {
    const found = await problems(
      'src/resolvers/LayeringProbe.ts',
      [
        "import { inTransaction } from '../services/funnel';",
        "import { visibleCases } from '../queries/cases';",
        "import { toGlobalId } from '../schema/globalId';",
        "import { type Viewer } from '../auth/viewer';",
        'export const probe = [inTransaction, visibleCases, toGlobalId];',
        'export type Probe = Viewer;',
        '',
      ].join('\n'),
    );
    expect(layering(found)).toEqual([]);
  });
});

describe('Some imports are allowed only in part', () => {
  it('a type from config is allowed in the domain, a value is not', async () => {
    const typeOnly = await problems(
      'src/domain/layeringProbe.ts',
      "import { type Config } from '../config';\nexport type Probe = Config;\n",
    );
    expect(layering(typeOnly)).toEqual([]);
    const value = await problems(
      'src/domain/layeringProbe.ts',
      "import { loadConfig } from '../config';\nexport const probe = loadConfig;\n",
    );
    expect(layering(value)).toEqual([expect.stringMatching(/domain must not import config/)]);
  });

  it('policies build SQL fragments but never run them', async () => {
    const fragments = await problems(
      'src/policies/layeringProbe.ts',
      "import { sql } from '../db/sqlTemplate';\nexport const probe = sql`true`;\n",
    );
    expect(layering(fragments)).toEqual([]);
    const running = await problems(
      'src/policies/layeringProbe.ts',
      "import { query } from '../db/sqlTemplate';\nexport const probe = query;\n",
    );
    expect(layering(running)).toEqual([expect.stringMatching(/Policies never run SQL/)]);
  });

  it('adapters may not write audit events themselves', async () => {
    const found = await problems(
      'src/http/documents/layeringProbe.ts',
      "import { recordAudit } from '../../domain/audit';\nexport const probe = recordAudit;\n",
    );
    expect(layering(found)).toEqual([expect.stringMatching(/do not write audit events/)]);
  });
});

describe('Only services open transactions', () => {
  const code = [
    "import { type EntityManager } from '@mikro-orm/postgresql';",
    'export const probe = (em: EntityManager) => em.transactional(async () => null);',
    '',
  ].join('\n');

  it('em.transactional in a resolver is reported', async () => {
    const found = await problems('src/resolvers/LayeringProbe.ts', code);
    expect(layering(found)).toEqual([
      expect.stringMatching(/^no-restricted-syntax: Only services/),
    ]);
  });

  it('em.transactional in an HTTP route is reported', async () => {
    const found = await problems('src/http/documents/layeringProbe.ts', code);
    expect(layering(found)).toEqual([
      expect.stringMatching(/^no-restricted-syntax: Only services/),
    ]);
  });

  it('em.transactional in a service is allowed', async () => {
    expect(layering(await problems('src/services/layeringProbe.ts', code))).toEqual([]);
  });
});

import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/schema/globalId';
import { operation, operationsDir } from '../support/operations';
import { startTestServer, type TestServer } from '../support/server';

/**
 * A strict TypeScript front end builds its screens on the generated types (issue 12, "Done
 * means"): the case list, case detail and registration form of docs/operations/screens/ compile
 * against what `npm run codegen` makes of docs/operations/*.graphql, without a cast, and they work
 * against the real API with the operations of docs/operations/.
 */
const root = path.resolve(__dirname, '../..');
const screensDir = path.join(operationsDir, 'screens');
const out = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-frontend-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const screenFiles = readdirSync(screensDir).filter((f) => f.endsWith('.ts'));

/** The screens beside the types generated for them, as a front-end project would hold them. */
async function generateScreens(): Promise<void> {
  await generate(
    {
      schema: path.join(root, 'schema.graphql'),
      documents: path.join(operationsDir, '*.graphql'),
      generates: {
        [`${out}/generated/`]: {
          preset: 'client',
          presetConfig: { fragmentMasking: false },
          config: { enumsAsTypes: true, scalars: { Date: 'string', DateTime: 'string' } },
        },
      },
      silent: true,
    },
    true,
  );
  cpSync(screensDir, path.join(out, 'screens'), { recursive: true });
}

beforeAll(generateScreens, 120_000);

describe('The screens compile under strict TypeScript against the generated types', () => {
  it('tsc --strict (with exactOptionalPropertyTypes) finds nothing', () => {
    const program = ts.createProgram(
      screenFiles.map((f) => path.join(out, 'screens', f)),
      {
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        noImplicitReturns: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        skipLibCheck: true,
        types: [],
        typeRoots: [path.join(root, 'node_modules/@types')],
        baseUrl: root,
        paths: { '*': [path.join(root, 'node_modules/*')] },
      },
    );
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });

  it.each(screenFiles)('%s has no cast, non-null assertion or any', (file) => {
    const code = readFileSync(path.join(screensDir, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    expect(code).not.toMatch(/\bas\s+(?!const\b)[\w{[(]/);
    expect(code).not.toMatch(/[\w)\]]!(?=[.[)\],;\s])/);
    expect(code).not.toMatch(/:\s*any\b|<any>/);
  });
});

let server: TestServer;
let token: string;
// The screens are loaded from beside their generated types, once those exist (beforeAll above).
let caseList: any;
let caseDetail: any;
let registrationForm: any;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  token = await server.tokenFor('arkivar');
  const screen = (name: string) => import(path.join(out, 'screens', `${name}.ts`));
  [caseList, caseDetail, registrationForm] = await Promise.all(
    ['caseList', 'caseDetail', 'registrationForm'].map(screen),
  );
});
afterAll(() => server?.close());

const run = (name: string, variables: object) =>
  server.gql(operation(name), { ...variables }, { token });

describe('The screens work against the API with the example operations', () => {
  const state = {
    search: '',
    status: null,
    unitId: null,
    order: 'CASE_NUMBER',
    direction: null,
    pageSize: 3,
  };

  it('the case list pages forwards and back to the same rows', async () => {
    const first = await run('CaseList', caseList.caseListVariables(state));
    expect(first.body.errors).toBeUndefined();
    const rows = caseList.caseRows(first.body.data);
    expect(rows).toHaveLength(3);
    const links = caseList.pager(first.body.data);
    expect(links.previous).toBeNull();
    expect(links.next).not.toBeNull();
    const second = await run('CaseList', caseList.caseListVariables(state, links.next!));
    const back = await run(
      'CaseList',
      caseList.caseListVariables(state, caseList.pager(second.body.data).previous!),
    );
    expect(caseList.caseRows(back.body.data)).toEqual(rows);
  });

  it('the case detail shows the posts and only the buttons that will work', async () => {
    const list = await run('CaseList', caseList.caseListVariables({ ...state, pageSize: 1 }));
    const [row] = caseList.caseRows(list.body.data);
    const detail = await run('CaseDetail', caseDetail.caseDetailVariables(row!.id));
    expect(detail.body.errors).toBeUndefined();
    const screen = caseDetail.caseScreen(detail.body.data)!;
    expect(screen.heading).toContain(row!.caseNumber);
    expect(screen.version).toBeGreaterThan(0);
    expect(screen.actions.length).toBeGreaterThan(0);
    const missing = await server.gql(
      operation('CaseDetail'),
      { id: toGlobalId('Case', '00000000-0000-4000-8000-000000000000') },
      { token },
    );
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('the registration form places every input error next to its field, then saves', async () => {
    const list = await run(
      'CaseList',
      caseList.caseListVariables({ ...state, status: 'IN_PROGRESS' }),
    );
    const [row] = caseList.caseRows(list.body.data);
    const form = {
      caseId: row!.id,
      title: ' ',
      documentDate: '',
      senders: [{ name: '', address: 'Storgata 1' }],
      screeningPending: false,
    };
    const refused = await run(
      'RegisterIncomingLetter',
      registrationForm.registerLetterVariables(form),
    );
    expect(refused.body.data).toBeNull();
    const placed = registrationForm.placeErrors(refused.body.errors!);
    expect([...placed.fields.keys()].sort()).toEqual(['correspondents.0.name', 'title']);
    expect(placed.form).toEqual([]);

    const saved = await run(
      'RegisterIncomingLetter',
      registrationForm.registerLetterVariables({
        ...form,
        title: 'Søknad om skoleskyss',
        senders: [{ name: 'Kari Nordmann', address: '' }],
      }),
    );
    expect(saved.body.errors).toBeUndefined();
    expect(registrationForm.savedMessage(saved.body.data)).toMatch(
      /^\d{4}\/\d+-\d+ er registrert$/,
    );
  });
});

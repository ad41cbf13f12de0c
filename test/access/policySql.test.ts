import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, raw } from '../../src/db/sqlTemplate';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The shape of the policy SQL (docs/architecture.md, "The level is computed once per row"): the
 * viewer's full-access test is one value of the row, not a copy in every column that depends on
 * it. Real PostgreSQL with the demo data, through the real server.
 */
const TODAY = '2026-11-20';
/** A case handler: FULL on some records only, so the test is a condition per row */
const HANDLER = 'saksbehandler';

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo', today: TODAY });
  token = await server.tokenFor(HANDLER);
});
afterAll(() => server?.close());

/** The statements a request ran, as the ORM logged them: `[query] <statement> [took …]`. */
async function statementsOf(request: string): Promise<string[]> {
  server.statements.length = 0;
  const res = await server.gql(request, {}, { token });
  expect(res.body.errors).toBeUndefined();
  return server.statements
    .map((line) => stripVTControlCharacters(line))
    .map((line) => /^\[query\] ([\s\S]*) \[took [^\]]*\]$/.exec(line)?.[1] ?? '')
    .filter((statement) => statement.startsWith('select'));
}

async function planOf(statement: string): Promise<string> {
  const rows = await query<{ 'QUERY PLAN': string }>(
    server.orm.em.fork(),
    raw(`explain (generic_plan) ${statement}`),
  );
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

const subplans = (plan: string) => plan.match(/SubPlan \d+/g)?.length ?? 0;

describe('The full-access test is computed once per row, not once per column', () => {
  for (const [list, table] of [
    ['journalPosts', 'journal_post'],
    ['cases', 'case_file'],
  ] as const) {
    it(`in the ${list} list: one copy in the statement, at most one subplan in the plan`, async () => {
      const statements = await statementsOf(
        `{ ${list}(first: 10) { edges { node { id title publicTitle visibility } } } }`,
      );
      const page = statements.find((s) => s.includes(`from ${table} `) && / limit /.test(s));
      expect(page).toBeDefined();
      expect(page!.match(/case_internal_contact/g)).toHaveLength(1);
      const plan = await planOf(page!);
      expect(plan).toMatch(/case_internal_contact/);
      // The contacts' subquery runs once per statement and is hashed, never once per column.
      expect(subplans(plan)).toBeLessThanOrEqual(1);
    });
  }
});

describe('A count that reads no effective value does not compute the full-access test', () => {
  it('the count of the journalPosts list leaves the test out of its plan', async () => {
    const statements = await statementsOf(`{ journalPosts(first: 0) { totalCount } }`);
    const count = statements.find((s) => s.includes('count(*)'));
    expect(count).toBeDefined();
    const plan = await planOf(count!);
    expect(plan).not.toMatch(/case_internal_contact/);
  });
});

import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLogSettled } from '../../src/services/accessLog';
import { startTestServer, type TestServer } from '../support/server';

/**
 * No N+1: a list with its nested records costs a fixed number of SQL statements, whatever the
 * number of rows. Each nested kind (units, users, access groups, screening codes, parties and
 * posts of cases, correspondents) is loaded by one batched statement per level of the query
 * (DataLoaders made per request), and the viewer is loaded once by the authentication.
 */
let server: TestServer;
const tokens: Record<string, string> = {};

const CASES = `query Cases($first: Int, $posts: Int) {
  cases(first: $first) {
    totalCount
    edges { node {
      id caseNumber title visibility
      responsibleUnit { id name }
      caseResponsible { id username }
      accessGroup { id name }
      screening { legalBasis screenedFields code { code legalBasis } }
      parties { role name nationalId }
      journalPosts(first: $posts) {
        totalCount
        edges { node {
          id registryId title visibility
          correspondents { role name screened }
          responsible { id username }
          responsibleUnit { id name }
          accessGroup { id name }
          screening { legalBasis code { code } }
        } }
      }
    } }
  }
}`;

interface Counted {
  statements: number;
  cases: any[];
}

/**
 * The request's own transaction, which every request opens the same way whatever it asks (its
 * organisation, begin, set the organisation, commit): not the list's cost.
 */
const REQUEST_SCOPE =
  /^\[query\] (begin|commit|select set_config\('arkivgraf\.organisation'|select .*organisations_of_user)/;

/** Runs the query as `who` and counts the SQL statements the server ran for it. */
async function counted(who: string, first: number, posts: number): Promise<Counted> {
  const token = (tokens[who] ??= await server.tokenFor(who));
  await accessLogSettled();
  server.statements.length = 0;
  const res = await server.gql(CASES, { first, posts }, { token });
  expect(res.body.errors).toBeUndefined();
  await accessLogSettled();
  return {
    statements: server.statements
      .map((line) => stripVTControlCharacters(line))
      .filter((line) => !REQUEST_SCOPE.test(line)).length,
    cases: res.body.data.cases.edges.map((e: { node: unknown }) => e.node),
  };
}

/** The page really has every kind of nested record, so the counts compare like with like. */
function expectEveryKind(cases: any[]) {
  const posts = cases.flatMap((c) => c.journalPosts.edges.map((e: any) => e.node));
  expect(cases.some((c) => c.caseResponsible)).toBe(true);
  expect(cases.some((c) => c.accessGroup)).toBe(true);
  expect(cases.some((c) => c.screening)).toBe(true);
  expect(posts.some((p) => p.correspondents.length > 0)).toBe(true);
  expect(posts.some((p) => p.responsible)).toBe(true);
  expect(posts.some((p) => p.accessGroup)).toBe(true);
  expect(posts.some((p) => p.screening)).toBe(true);
}

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.close());

describe('A list of cases with their posts runs a fixed, small number of statements', () => {
  it.each([
    ['arkivar', true],
    ['saksbehandler', true],
    ['elevtjeneste', true],
    // REDACTED on every restricted record: sees no access group nor case responsible there.
    ['admin', false],
  ])(
    'for %s: 50 cases cost the same as 10, and 10 posts per case the same as 3',
    async (who, everyKind) => {
      const big = await counted(who, 50, 10);
      const small = await counted(who, 10, 10);
      const fewPosts = await counted(who, 50, 3);
      expect(big.cases).toHaveLength(50);
      expect(small.cases).toHaveLength(10);
      if (everyKind) for (const r of [big, small, fewPosts]) expectEveryKind(r.cases);
      expect(
        big.cases.reduce((n: number, c: any) => n + c.journalPosts.edges.length, 0),
      ).toBeGreaterThan(100);

      expect(small.statements).toBe(big.statements);
      expect(fewPosts.statements).toBe(big.statements);
      expect(big.statements).toBeLessThanOrEqual(15);
    },
  );

  it('each nested kind is one statement per level of the query, never one per row', async () => {
    await counted('arkivar', 50, 10);
    const matching = (pattern: RegExp) => server.statements.filter((s) => pattern.test(s)).length;
    // Loaded by the authentication, once.
    expect(matching(/from app_user u\s*cross join t/)).toBe(1);
    // The page of cases and its count; the posts of all 50 cases and their counts.
    expect(matching(/partition by t\.case_id/)).toBe(1);
    expect(matching(/select k\.id as case_id,/)).toBe(1);
    expect(matching(/co\.journal_post_id/)).toBe(1);
    // Referenced records: at most once for the cases and once for their posts.
    expect(matching(/from "unit"/)).toBeLessThanOrEqual(2);
    expect(matching(/from "app_user"/)).toBeLessThanOrEqual(2);
    expect(matching(/from "access_group"/)).toBeLessThanOrEqual(2);
    expect(matching(/from "screening_code"/)).toBeLessThanOrEqual(2);
  });
});

const CASES_CAN = `query CasesCan($first: Int, $posts: Int) {
  cases(first: $first) {
    edges { node {
      id viewerCan { update registerPost manageContacts assignResponsible changeAccessGroup close cancel }
      journalPosts(first: $posts) {
        edges { node {
          id viewerCan { update finalize sendForApproval approve dispatch cancel writeOff assessScreening changeAccessGroup }
        } }
      }
    } }
  }
}`;

describe('viewerCan costs a fixed number of statements, whatever the number of rows', () => {
  it.each(['arkivar', 'saksbehandler', 'admin'])(
    'for %s: 50 cases with their posts cost the same as 10',
    async (who) => {
      const token = (tokens[who] ??= await server.tokenFor(who));
      const run = async (first: number) => {
        await accessLogSettled();
        server.statements.length = 0;
        const res = await server.gql(CASES_CAN, { first, posts: 10 }, { token });
        expect(res.body.errors).toBeUndefined();
        await accessLogSettled();
        return { statements: server.statements.length, cases: res.body.data.cases.edges };
      };
      const big = await run(50);
      const small = await run(10);
      expect(big.cases).toHaveLength(50);
      expect(small.statements).toBe(big.statements);
      // The facts of the cases and of their posts: one statement each.
      const facts = (column: string) =>
        server.statements.filter((s) => s.includes(`as "${column}"`)).length;
      expect(facts('internalContactIds')).toBe(1);
      expect(facts('caseInternalContactIds')).toBe(1);
    },
  );
});

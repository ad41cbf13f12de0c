import { stripVTControlCharacters } from 'node:util';
import pg from 'pg';
import {
  APP_ROLE,
  FIRST_ORGANISATION_ID,
} from '../../src/db/migrations/Migration20261202100000_organisations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExpensiveStatementLimiter } from '../../src/http/limits/expensiveStatements';
import { startTestServer, type GqlResponse, type TestServer } from '../support/server';

/**
 * EXPENSIVE_STATEMENTS_PER_VIEWER (docs/security.md, "Cost"): at most two searches, counts or
 * unindexed orders of one viewer run at once; one more waits EXPENSIVE_STATEMENT_WAIT_MS for a
 * slot and is then refused with RATE_LIMITED, without having started. Deterministic: an exclusive
 * lock on the posts holds the first two statements (and their slots) until the test lets go.
 */
const WAIT_MS = 300;
let server: TestServer;
let handler: string;
let leader: string;

beforeAll(async () => {
  server = await startTestServer({
    data: 'demo',
    env: {
      EXPENSIVE_STATEMENTS_PER_VIEWER: '2',
      EXPENSIVE_STATEMENT_WAIT_MS: String(WAIT_MS),
      // Far above the test's waits: the held statements must not time out meanwhile.
      DB_STATEMENT_TIMEOUT_MS: '60000',
    },
  });
  handler = await server.tokenFor('saksbehandler');
  leader = await server.tokenFor('leder');
});
afterAll(() => server?.close());

const SEARCH = '{ journalPosts(filter: { query: "søknad" }, first: 5) { edges { node { id } } } }';
const PUBLIC_SEARCH =
  '{ publicJournal(filter: { query: "søknad" }, first: 5) { edges { cursor } } }';

/** Statements of the test database waiting on a lock, seen from a connection of their own. */
async function waitingOnLock(): Promise<number> {
  const watcher = new pg.Client({ connectionString: server.databaseUrl });
  await watcher.connect();
  try {
    const { rows } = await watcher.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`,
    );
    return rows[0]?.n ?? 0;
  } finally {
    await watcher.end();
  }
}

async function until(check: () => Promise<boolean>): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 20_000) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Runs `hold` with the posts locked, so expensive statements started meanwhile keep their slots. */
async function whilePostsLocked(hold: () => Promise<void>): Promise<void> {
  const locker = new pg.Client({ connectionString: server.databaseUrl });
  await locker.connect();
  try {
    await locker.query('begin');
    await locker.query('lock table journal_post in access exclusive mode');
    await hold();
  } finally {
    await locker.query('rollback');
    await locker.end();
  }
}

function answered(res: GqlResponse<any>): void {
  expect(res.status, res.text).toBe(200);
  expect(res.body.errors).toBeUndefined();
}

function refusedAsRateLimited(res: GqlResponse<any>): void {
  expect(res.status, res.text).toBe(429);
  const [error, ...more] = res.body.errors ?? [];
  expect(more).toEqual([]);
  expect(error?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
}

describe('A viewer runs at most two expensive statements at once; one more waits, then is refused', () => {
  it('the third search of a user is refused with RATE_LIMITED, another user is not held up', async () => {
    let first!: Promise<GqlResponse<any>>;
    let second!: Promise<GqlResponse<any>>;
    let other!: Promise<GqlResponse<any>>;
    await whilePostsLocked(async () => {
      first = server.gql(SEARCH, {}, { token: handler });
      second = server.gql(SEARCH, {}, { token: handler });
      await until(async () => (await waitingOnLock()) === 2);

      const started = Date.now();
      const third = await server.gql(SEARCH, {}, { token: handler });
      expect(Date.now() - started).toBeGreaterThanOrEqual(WAIT_MS - 20);
      refusedAsRateLimited(third);
      // The refused search never started a statement.
      expect(await waitingOnLock()).toBe(2);

      // Another user has slots of its own: its search starts (and waits on the lock like the rest).
      other = server.gql(SEARCH, {}, { token: leader });
      await until(async () => (await waitingOnLock()) === 3);
    });
    for (const res of await Promise.all([first, second, other])) answered(res);
    // The slots were given back.
    answered(await server.gql(SEARCH, {}, { token: handler }));
  });

  it('a slot freed while others wait goes to the one that waited longest', async () => {
    const limiter = new ExpensiveStatementLimiter({ perViewer: 2, waitMs: 60_000 });
    const slots = limiter.slotsFor({ userId: 'u' });
    const [a, b] = [await slots.acquire(), await slots.acquire()];
    const order: string[] = [];
    const c = slots.acquire().then((release) => (order.push('c'), release));
    const d = slots.acquire().then((release) => (order.push('d'), release));
    a();
    a(); // a second release of the same slot frees nothing more
    const releaseC = await c;
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['c']);
    b();
    (await d)();
    releaseC();
    expect(order).toEqual(['c', 'd']);
    // All free again: two at once without waiting.
    const again = [await slots.acquire(), await slots.acquire()];
    for (const release of again) release();
  });

  it('the public is counted per client address, on /journal as on GraphQL', async () => {
    let held!: Promise<GqlResponse<any>>[];
    let page!: Response;
    await whilePostsLocked(async () => {
      held = [server.gql(PUBLIC_SEARCH), server.gql(PUBLIC_SEARCH)];
      await until(async () => (await waitingOnLock()) === 2);
      page = await fetch(`${server.url}/journal?q=s%C3%B8knad`);
      refusedAsRateLimited(await server.gql(PUBLIC_SEARCH));
    });
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toBe('1');
    const body = (await page.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('RATE_LIMITED');
    for (const res of await Promise.all(held)) answered(res);
  });
});

describe('The DUE_DATE order has an index on its keys', () => {
  it('journal_post has an index on (due_date, id)', async () => {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ indexdef: string }>(
        `select indexdef from pg_indexes where tablename = 'journal_post'
           and indexname = 'journal_post_due_date_id_index'`,
      );
      expect(rows[0]?.indexdef).toMatch(/\(organisation_id, due_date, id\)$/);
    } finally {
      await client.end();
    }
  });
});

/**
 * The page statement a list request ran, and its plan as PostgreSQL would run it if no sort of the
 * whole list were allowed (`enable_sort = off`, `enable_seqscan = off` on a connection of its own):
 * an order an index serves shows that index and at most an incremental sort of its ties; one no
 * index serves still shows a full Sort.
 */
async function planOfPage(list: string, table: string, args: string, token: string) {
  server.statements.length = 0;
  const res = await server.gql(`{ ${list}(${args} first: 5) { nodes { id } } }`, {}, { token });
  expect(res.body.errors).toBeUndefined();
  const page = server.statements
    .map((line) => stripVTControlCharacters(line))
    .map((line) => /^\[query\] ([\s\S]*) \[took [^\]]*\]$/.exec(line)?.[1] ?? '')
    .find((statement) => statement.includes(`from ${table} `) && / limit /.test(statement));
  expect(page).toBeDefined();
  // As the server runs it: the application's role, in a transaction set to the organisation.
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(`set local role ${APP_ROLE}`);
    await client.query(`select set_config('arkivgraf.organisation', $1, true)`, [
      FIRST_ORGANISATION_ID,
    ]);
    await client.query('set local enable_sort = off');
    await client.query('set local enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `explain (generic_plan) ${page!}`,
    );
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('rollback');
    await client.end();
  }
}

const FULL_SORT = /(^|->\s+)Sort\s/m;

describe('The default direction of every order is read from its index', () => {
  it.each([
    ['journalPosts', 'journal_post', '', 'journal_post_journal_date_journal_sequence_number_index'],
    [
      'journalPosts',
      'journal_post',
      'orderBy: { field: DUE_DATE },',
      'journal_post_due_date_id_index',
    ],
    ['cases', 'case_file', '', 'case_file_case_year_case_sequence_unique'],
    ['cases', 'case_file', 'orderBy: { field: CREATED_AT },', 'case_file_created_at_index'],
    ['insightRequests', 'insight_request', '', 'insight_request_received_at_id_index'],
    [
      'insightRequests',
      'insight_request',
      'orderBy: { field: DUE_DATE },',
      'insight_request_due_date_index',
    ],
    ['auditEvents', 'audit_event', '', 'audit_event_at_id_index'],
  ])('%s(%s) reads %s', async (list, table, args, index) => {
    const token = await server.tokenFor(list === 'journalPosts' ? 'saksbehandler' : 'arkivar');
    const plan = await planOfPage(list, table, args, token);
    expect(plan).toContain(`using ${index} on ${table}`);
    expect(plan).not.toMatch(FULL_SORT);
  });

  it('the other direction of a NOT NULL order reads the same index the other way', async () => {
    const plan = await planOfPage(
      'cases',
      'case_file',
      'orderBy: { field: CASE_NUMBER, direction: ASC },',
      handler,
    );
    expect(plan).toContain('using case_file_case_year_case_sequence_unique on case_file');
    expect(plan).not.toMatch(FULL_SORT);
  });

  it('due dates descending with NULLs still last sort, as the cost model charges them', async () => {
    const plan = await planOfPage(
      'journalPosts',
      'journal_post',
      'orderBy: { field: DUE_DATE, direction: DESC },',
      handler,
    );
    expect(plan).toMatch(FULL_SORT);
  });
});

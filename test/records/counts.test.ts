import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinSql, query, raw, sql, type SqlFragment } from '../../src/db/sqlTemplate';
import { COUNT_CAP, SEARCH_CANDIDATE_CAP } from '../../src/queries/list';
import { fromGlobalId, toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Counts of lists (`totalCount`, `totalCountIsExact`, queries/list.ts `COUNT_CAP`): capped, never
 * over rows the viewer cannot see, and for the public journal kept per publication watermark.
 * Real PostgreSQL with the demo data (docs/demo-data.md), bulk rows made in SQL.
 */
const TODAY = '2026-11-20';
const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function demoServer(): Promise<TestServer> {
  const server = await startTestServer({ data: 'demo', today: TODAY });
  servers.push(server);
  return server;
}

const db = <T>(server: TestServer, fragment: SqlFragment) =>
  query<T>(server.orm.em.fork(), fragment);

/**
 * `n` copies of the post `sourceId` in one statement: every stored column copied, except a new id
 * and numbers (journal year 2099 from sequence `from`) and the columns in `set`.
 */
async function copies(
  server: TestServer,
  sourceId: string,
  n: number,
  from: number,
  set: Record<string, SqlFragment> = {},
): Promise<void> {
  const columns = await db<{ column_name: string }>(
    server,
    sql`select column_name from information_schema.columns
      where table_name = 'journal_post' and is_generated = 'NEVER'
        and column_name not in ('id', 'document_number', 'journal_year', 'journal_sequence_number')
      order by ordinal_position`,
  );
  const names = columns.map((c) => c.column_name);
  const list = raw(names.map((c) => `"${c}"`).join(', '));
  const values = names.map((c) => set[c] ?? raw(`jp."${c}"`));
  // Bulk rows are setup, not a request: free of the statement timeout on a loaded machine.
  await server.orm.em.fork().transactional(async (tx) => {
    await query(tx, sql`set local statement_timeout = 0`);
    await query(
      tx,
      sql`insert into journal_post (id, document_number, journal_year, journal_sequence_number, ${list})
        select gen_random_uuid(), ${from} + g, 2099, ${from} + g, ${joinSql(values, ', ')}
        from journal_post jp, generate_series(1, ${n}) g where jp.id = ${sourceId}`,
    );
    await query(tx, sql`analyze journal_post`);
  });
}

interface Count {
  totalCount: number;
  totalCountIsExact: boolean;
}

async function count(
  server: TestServer,
  who: string | null,
  list: string,
  args = '',
): Promise<Count & { edges: unknown[] }> {
  const res = await server.gql(
    `{ ${list}${args} { totalCount totalCountIsExact edges { node { __typename } } } }`,
    {},
    { token: who ? await server.tokenFor(who) : undefined },
  );
  expect(res.body.errors, `${who} ${list}${args}`).toBeUndefined();
  return res.body.data[list];
}

describe('A count stops at 10,000 and then says it is a lower bound', () => {
  let server: TestServer;
  let caseId: string;
  beforeAll(async () => {
    server = await demoServer();
    const [source] = await db<{ id: string; case_id: string }>(
      server,
      sql`select jp.id, jp.case_id from journal_post jp
        where jp.access_group_id is null and jp.screening_code_id is null
          and jp.type = 'INCOMING' and jp.status in ('REGISTERED', 'DISPATCHED', 'ARCHIVED')
          and jp.journal_date < '2026-11-01' and jp.publication_override is null
        order by jp.journal_date limit 1`,
    );
    caseId = source!.case_id;
    await copies(server, source!.id, COUNT_CAP + 5, 100_000);
  });

  it('past the cap: totalCount is 10,000 and totalCountIsExact false, for every kind of viewer', async () => {
    const capped = { totalCount: COUNT_CAP, totalCountIsExact: false };
    expect(await count(server, 'arkivar', 'journalPosts', '(first: 1)')).toMatchObject(capped);
    expect(await count(server, 'saksbehandler', 'journalPosts', '(first: 1)')).toMatchObject(
      capped,
    );
    expect(await count(server, null, 'publicJournal', '(first: 1)')).toMatchObject(capped);
    const res = await server.gql(
      `query($id: ID!) { case(id: $id) { journalPosts(first: 1) { totalCount totalCountIsExact } } }`,
      { id: toGlobalId('Case', caseId) },
      { token: await server.tokenFor('arkivar') },
    );
    expect(res.body.data.case.journalPosts).toEqual(capped);
  });

  it('below the cap the count is exact: what the pages list', async () => {
    const cases = await count(server, 'arkivar', 'cases', '(first: 100)');
    const [all] = await db<{ n: string }>(server, sql`select count(*) as n from case_file`);
    expect(cases).toMatchObject({ totalCount: Number(all!.n), totalCountIsExact: true });
    const notes = await count(
      server,
      'saksbehandler',
      'journalPosts',
      '(filter: { type: CASE_PRESENTATION }, first: 100)',
    );
    expect(notes.totalCountIsExact).toBe(true);
    expect(notes.totalCount).toBe(notes.edges.length);
  });

  it('/journal says "over 10 000" instead of a number it did not count', async () => {
    const html = await (await fetch(`${server.url}/journal`)).text();
    const count = /id="antall"[^>]*>([^<]*)</.exec(html)?.[1]?.replace(/\s+/g, ' ');
    expect(count).toBe('over 10 000 oppføringer');
  });
});

describe('A count never counts what the viewer cannot see', () => {
  const WORD = 'Zyxbekkvoll';
  const HIDDEN = SEARCH_CANDIDATE_CAP + 50;
  let server: TestServer;
  let responsible: string;
  beforeAll(async () => {
    server = await demoServer();
    // A screened Elevmappe post of 2024/12: FULL for arkivar, REDACTED for saksbehandler.
    const [source] = await db<{ id: string; responsible_id: string }>(
      server,
      sql`select jp.id, jp.responsible_id from journal_post jp
        join case_file c on c.id = jp.case_id
        where c.case_number = '2024/12' and jp.access_group_id is not null
          and 'TITLE' = any(jp.screened_fields) and jp.responsible_id is not null
        limit 1`,
    );
    responsible = source!.responsible_id;
    await copies(server, source!.id, HIDDEN, 100_000, {
      title: sql`${`Elevmappe – ${WORD} `} || g`,
      public_title: sql`'Elevmappe'`,
    });
  });

  it('a word only in screened titles counts 0 for a REDACTED viewer, past the candidate cap too', async () => {
    const redacted = await count(
      server,
      'saksbehandler',
      'journalPosts',
      `(filter: { query: "${WORD}" }, first: 5)`,
    );
    expect(redacted).toMatchObject({ totalCount: 0, totalCountIsExact: true, edges: [] });
    // They are in the viewer's list, with their public title.
    const listed = await count(
      server,
      'saksbehandler',
      'journalPosts',
      '(filter: { query: "Elevmappe" })',
    );
    expect(listed.totalCount).toBeGreaterThanOrEqual(HIDDEN);
    const full = await count(
      server,
      'arkivar',
      'journalPosts',
      `(filter: { query: "${WORD}" }, first: 5)`,
    );
    expect(full).toMatchObject({ totalCount: HIDDEN, totalCountIsExact: true });
    const publicCount = await count(
      server,
      null,
      'publicJournal',
      `(filter: { query: "${WORD}" }, first: 5)`,
    );
    expect(publicCount).toMatchObject({ totalCount: 0, totalCountIsExact: true });
  });

  it('a filter on a value REDACTED hides counts only the rows the viewer sees in full', async () => {
    const args = `(filter: { responsibleId: "${toGlobalId('User', responsible)}" }, first: 100)`;
    const redacted = await count(server, 'saksbehandler', 'journalPosts', args);
    expect(redacted.totalCountIsExact).toBe(true);
    expect(redacted.totalCount).toBe(redacted.edges.length);
    const full = await count(server, 'arkivar', 'journalPosts', args);
    expect(full.totalCount).toBeGreaterThanOrEqual(HIDDEN);
  });
});

describe('The public count is kept per publication watermark', () => {
  it('a repeated count is not counted again; holding a post and publishing it again change it', async () => {
    const server = await demoServer();
    const archivist = await server.tokenFor('arkivar');
    const publicCount = async () => {
      const res = await server.gql(
        '{ publicJournal(first: 1) { totalCount edges { node { id } } } }',
      );
      expect(res.body.errors).toBeUndefined();
      return res.body.data.publicJournal as {
        totalCount: number;
        edges: { node: { id: string } }[];
      };
    };
    const before = await publicCount();
    server.statements.length = 0;
    expect((await publicCount()).totalCount).toBe(before.totalCount);
    expect(server.statements.filter((s) => s.includes('count(*)'))).toEqual([]);

    // The publication controls take the journal post's id, not its public entry's.
    const id = toGlobalId('JournalPost', fromGlobalId(before.edges[0]!.node.id)!.id);
    const held = await server.gql(
      'mutation($id: ID!) { holdFromPublicJournal(input: { id: $id, reason: "Må vurderes" }) { id } }',
      { id },
      { token: archivist },
    );
    expect(held.body.errors).toBeUndefined();
    expect((await publicCount()).totalCount).toBe(before.totalCount - 1);

    const reset = await server.gql(
      'mutation($id: ID!) { resetPublication(input: { id: $id }) { id } }',
      { id },
      { token: archivist },
    );
    expect(reset.body.errors).toBeUndefined();
    expect((await publicCount()).totalCount).toBe(before.totalCount);
  });
});

import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadViewer } from '../../src/auth/loadViewer';
import { query, raw, sql, type SqlFragment } from '../../src/db/sqlTemplate';
import { defineAbilityFor } from '../../src/policies/ability';
import { correspondentNameVisible } from '../../src/policies/correspondents';
import { visibleCases } from '../../src/queries/cases';
import { visibleJournalPosts } from '../../src/queries/journalPosts';
import { containsPattern, SEARCH_CANDIDATE_CAP, searchPrefilter } from '../../src/queries/list';
import { fromGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Search in the internal lists (`journalPosts(query:)`, `cases(query:)`): candidates from the
 * trigram indexes, then the test on the viewer's effective values (docs/access-control.md, "Lists,
 * search …"). Real PostgreSQL with the demo data, through the real server.
 */
const TODAY = '2026-11-20';
const VIEWERS = [
  'arkivar',
  'saksbehandler',
  'elevtjeneste',
  'personal.radgiver',
  'nav.konsulent',
  'arkiv.saksbehandler',
];
/** Words of the demo data that are only in screened values (docs/demo-data.md) */
const SCREENED_ONLY = ['Tjomsland', 'Fidjeland', 'Bringsverd'];

let server: TestServer;
const tokens = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer({ data: 'demo', today: TODAY });
  for (const v of VIEWERS) tokens.set(v, await server.tokenFor(v));
  await query(server.orm.em.fork(), sql`analyze`);
});
afterAll(() => server?.close());

interface Conn {
  totalCount: number;
  edges: { node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Every id a search lists, page by page, and the count it reports. */
async function searchAll(
  viewer: string,
  list: 'journalPosts' | 'cases',
  q: string,
): Promise<{ ids: string[]; totalCount: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let totalCount = 0;
  for (;;) {
    const res = await server.gql(
      `query($q: String, $after: String) { ${list}(filter: { query: $q }, first: 100, after: $after) {
         totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
      { q, after },
      { token: tokens.get(viewer) },
    );
    expect(res.body.errors, `${viewer} ${list} ${q}`).toBeUndefined();
    const conn: Conn = res.body.data[list];
    totalCount = conn.totalCount;
    ids.push(...conn.edges.map((e) => e.node.id));
    if (!conn.pageInfo.hasNextPage) return { ids, totalCount };
    after = conn.pageInfo.endCursor;
  }
}

/** The search as it was before the indexes: the exact test alone, over every visible row. */
async function unindexed(
  viewer: string,
  list: 'journalPosts' | 'cases',
  q: string,
): Promise<string[]> {
  const em = server.orm.em.fork();
  const user = await loadViewer(em, { username: viewer });
  const ability = defineAbilityFor(user!);
  const p = containsPattern(q);
  const base = (
    list === 'journalPosts' ? visibleJournalPosts(ability, TODAY) : visibleCases(ability, TODAY)
  )!;
  const test: SqlFragment =
    list === 'journalPosts'
      ? sql`(t.title ilike ${p}
          or (t.case_number || '-' || t.document_number) ilike ${p}
          or exists (select 1 from correspondent co where co.journal_post_id = t.id
                     and ${correspondentNameVisible} and co.name ilike ${p}))`
      : sql`(t.title ilike ${p} or t.case_number ilike ${p})`;
  const rows = await query<{ id: string }>(em, sql`select t.id from (${base}) t where ${test}`);
  return rows.map((r) => r.id);
}

const rawIds = (ids: string[]) => ids.map((id) => fromGlobalId(id)!.id).sort();

/** Search strings from the demo data: words of titles (both forms), names, numbers. */
async function searchStrings(): Promise<string[]> {
  const em = server.orm.em.fork();
  const rows = await query<{ s: string }>(
    em,
    sql`(select distinct w as s from journal_post jp,
           regexp_split_to_table(jp.title || ' ' || jp.public_title, '[^[:alnum:]]+') w
         where length(w) >= 4 order by 1 limit 25)
        union (select distinct substr(name, 1, 5) from correspondent order by 1 limit 10)
        union (select case_number from case_file order by case_number limit 3)
        union (select c.case_number || '-' || jp.document_number from journal_post jp
                 join case_file c on c.id = jp.case_id order by 1 limit 3)
        union (select substr(case_number, 3) || '-' from case_file order by 1 limit 2)
        union (select unnest(${raw(`array['zzqx', '2024', 'vedtak', 'ELEV', '100%', 'a_b']`)}))`,
  );
  return [...rows.map((r) => r.s), ...SCREENED_ONLY];
}

describe('Search through the indexes lists exactly what the unindexed test listed', () => {
  it('for a table of search strings and viewers, in both lists, with the same counts', async () => {
    const strings = await searchStrings();
    expect(strings.length).toBeGreaterThan(30);
    for (const viewer of VIEWERS) {
      for (const list of ['journalPosts', 'cases'] as const) {
        for (const q of strings) {
          const got = await searchAll(viewer, list, q);
          const expected = (await unindexed(viewer, list, q)).sort();
          expect(rawIds(got.ids), `${viewer} ${list} "${q}"`).toEqual(expected);
          expect(got.totalCount, `${viewer} ${list} "${q}"`).toBe(expected.length);
        }
      }
    }
    // Some 400 searches with their counts, one after the other: 10–40 s on two busy cores.
  }, 120_000);
});

describe('A word only in screened values matches nothing for a REDACTED viewer', () => {
  it('although the indexes over the stored titles and names find candidates for it', async () => {
    const em = server.orm.em.fork();
    for (const word of SCREENED_ONLY) {
      const p = containsPattern(word);
      const [stored] = await query<{ n: string }>(
        em,
        sql`select count(*) as n from journal_post jp where jp.title ilike ${p}
            or exists (select 1 from correspondent co where co.journal_post_id = jp.id
                       and co.name ilike ${p})`,
      );
      expect(Number(stored!.n), word).toBeGreaterThan(0);
      let redacted = 0;
      for (const viewer of VIEWERS) {
        // Viewers who read none of the records with the word in full: they must find nothing.
        if ((await unindexed(viewer, 'journalPosts', word)).length > 0) continue;
        redacted += 1;
        for (const list of ['journalPosts', 'cases'] as const) {
          expect(await searchAll(viewer, list, word), `${viewer} ${list} ${word}`).toEqual({
            ids: [],
            totalCount: 0,
          });
        }
      }
      expect(redacted, `viewers who see "${word}" only redacted`).toBeGreaterThan(0);
    }
  });
});

describe('The search statements can use the search indexes', () => {
  it('the candidates of a post, a case and a public search are found through them', async () => {
    server.statements.length = 0;
    await searchAll('arkivar', 'journalPosts', 'Tjomsland');
    await searchAll('arkivar', 'cases', 'Tjomsland');
    await server.gql('{ publicJournal(filter: { query: "Tjomsland" }) { totalCount } }');
    // The ORM's log lines: `[query] <statement> [took …]` (coloured), parameters as $n.
    const candidates = server.statements
      .map((line) => stripVTControlCharacters(line))
      .map((line) => /^\[query\] ([\s\S]*) \[took [^\]]*\]$/.exec(line)?.[1] ?? '')
      .filter((statement) => /^select x\.id from \(/.test(statement));
    expect(candidates).toHaveLength(3);
    const em = server.orm.em.fork();
    const plans: string[] = [];
    await em.transactional(async (tx) => {
      // The demo tables are small enough for a sequential scan; the question is whether the
      // indexes can serve the statement, as they do at volume.
      await query(tx, sql`set local enable_seqscan = off`);
      for (const statement of candidates) {
        // A generic plan: the parameters stay $n, as the server sent them.
        const rows = await query<{ 'QUERY PLAN': string }>(
          tx,
          raw(`explain (generic_plan) ${statement}`),
        );
        plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
    });
    expect(plans[0]).toMatch(/journal_post_title_trgm_index/);
    expect(plans[0]).toMatch(/journal_post_public_title_trgm_index/);
    expect(plans[0]).toMatch(/correspondent_name_trgm_index/);
    expect(plans[0]).toMatch(/case_file_case_number_trgm_index/);
    expect(plans[1]).toMatch(/case_file_title_trgm_index/);
    expect(plans[1]).toMatch(/case_file_public_title_trgm_index/);
    // The public journal's candidates: the full-text (GIN) indexes of both forms.
    for (const index of [
      'journal_post_search_title_index',
      'journal_post_search_public_title_index',
      'case_file_search_title_index',
      'case_file_search_public_title_index',
      'correspondent_search_name_index',
    ]) {
      expect(plans[2]).toContain(index);
    }
  });
});

describe('Substring search needs at least three characters', () => {
  it('one or two (after trimming) is BAD_USER_INPUT naming the field; three search', async () => {
    for (const list of ['journalPosts', 'cases']) {
      for (const q of ['a', 'ab', '  ab  ', 'æø']) {
        const res = await server.gql(
          `query($q: String) { ${list}(filter: { query: $q }) { totalCount } }`,
          { q },
          { token: tokens.get('arkivar') },
        );
        expect(res.body.errors?.[0]?.extensions, `${list} "${q}"`).toMatchObject({
          code: 'BAD_USER_INPUT',
          fieldErrors: [{ path: ['filter', 'query'] }],
        });
      }
      const ok = await server.gql(
        `query($q: String) { ${list}(filter: { query: $q }) { totalCount } }`,
        { q: 'abc' },
        { token: tokens.get('arkivar') },
      );
      expect(ok.body.errors).toBeUndefined();
      const blank = await server.gql(
        `{ ${list}(filter: { query: "  " }) { totalCount } }`,
        {},
        { token: tokens.get('arkivar') },
      );
      expect(blank.body.data[list].totalCount).toBeGreaterThan(0);
    }
  });
});

describe('Past the candidate cap a search walks the list order with the exact test alone', () => {
  it('up to the cap the page and the count start from the candidates (duplicates once); past it, the page has no prefilter and the count joins the candidates', async () => {
    const em = server.orm.em.fork();
    const candidates = (n: number) =>
      sql`select ('00000000-0000-4000-8000-' || lpad(to_hex(i % 7), 12, '0'))::uuid as id
          from generate_series(1, ${n}) i`;
    const few = await searchPrefilter(em, candidates(20));
    expect(few.page?.sql).toMatch(/^t\.id in \(/);
    expect(few.page?.params[0]).toHaveLength(7);
    expect(few.count).toBe(few.page);
    expect((await searchPrefilter(em, candidates(0))).page?.sql).toBe('false');
    expect((await searchPrefilter(em, candidates(SEARCH_CANDIDATE_CAP))).page).not.toBeNull();
    const many = await searchPrefilter(em, candidates(SEARCH_CANDIDATE_CAP + 1));
    expect(many.page).toBeNull();
    expect(many.count.sql).toMatch(/^t\.id = any\(array\(select x\.id from \(/);
  });
});

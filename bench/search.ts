/**
 * Benchmark of search at volume (issue 11, step 1): a word that matches nothing and a rare word,
 * in the public journal and in the internal `journalPosts` list (an archivist, FULL on every post,
 * and a case handler, REDACTED outside the own unit), at each data size. Then counts (step 2):
 * `totalCount` alone (`first: 0`), without a search and with a rare and a common word. The API
 * through HTTP against the same statements run with a plain `pg` client, in the same run,
 * interleaved. See docs/benchmarks.md, "Search at volume" and "Counts at volume".
 *
 *   npm run bench:search
 *
 * Settings (environment):
 *   BENCH_SIZES             journal posts per size, comma-separated (100000,1000000)
 *   BENCH_ITERATIONS        measured rounds per scenario (40)
 *   BENCH_WARMUP            warm-up rounds, not recorded (5)
 *   BENCH_BUDGET_SECONDS    wall-time budget per scenario (15)
 *   BENCH_DATABASE_URL      a PostgreSQL server with CREATEDB (default: throwaway embedded one)
 */
import './lib/env';
import 'reflect-metadata';
import { type EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { loadViewer } from '../src/auth/loadViewer';
import { issueLocalToken } from '../src/auth/tokens';
import { addWorkingDays } from '../src/domain/workingDays';
import { defineAbilityFor } from '../src/policies/ability';
import { listJournalPosts } from '../src/queries/journalPosts';
import { type ListResult } from '../src/queries/list';
import { listPublicJournal } from '../src/queries/publicJournal';
import { toGlobalId } from '../src/schema/globalId';
import { buildBenchData, startBenchApp } from './lib/app';
import { intSetting, mikroOrmTypes } from './lib/config';
import { openBenchDatabase } from './lib/database';
import { addBenchUsers, BENCH_USERS, captureStatements } from './lib/viewers';
import { COMMON_WORD, RARE_WORD } from './lib/generate';
import { fmt, interleave, ratio, summarise, type Summary } from './lib/stats';

const SIZES = (process.env.BENCH_SIZES || '100000,1000000').split(',').map((s) => Number(s));
const ITERATIONS = intSetting('BENCH_ITERATIONS', 40);
const WARMUP = intSetting('BENCH_WARMUP', 5);
const BUDGET_MS = intSetting('BENCH_BUDGET_SECONDS', 15) * 1000;
const PAGE = 50;
const LAST_JOURNAL_DATE = '2026-11-13';
const TODAY = addWorkingDays(LAST_JOURNAL_DATE, 5);
const NO_MATCH = 'zzqx';
/** The target of issue 11 for these searches */
const TARGET_MS = 50;
const TARGET_GROWTH = 1.3;

type Who = 'public' | 'archivist' | 'handler';
const WHO: Who[] = ['public', 'archivist', 'handler'];
/** No match and a rare word (the targets), and a common word: its page must stay as fast */
const WORDS = [NO_MATCH, RARE_WORD, COMMON_WORD];
/** Counts: no search (null), a rare and a common word */
const COUNT_WORDS = [null, RARE_WORD, COMMON_WORD];

/** The benchmark's internal users: the generator's handler of unit 1 and an archivist. */
const gqlQuery = (who: Who) =>
  who === 'public'
    ? `query($q: String) { publicJournal(filter: { query: $q }, first: ${PAGE}) {
         edges { node { id title caseTitle correspondents } } pageInfo { hasNextPage } } }`
    : `query($q: String) { journalPosts(filter: { query: $q }, first: ${PAGE}) {
         edges { node { id title publicTitle } } pageInfo { hasNextPage } } }`;

const countQuery = (who: Who) =>
  who === 'public'
    ? `query($q: String) { publicJournal(filter: { query: $q }, first: 0) {
         totalCount totalCountIsExact } }`
    : `query($q: String) { journalPosts(filter: { query: $q }, first: 0) { totalCount totalCountIsExact } }`;

interface Row {
  size: number;
  who: Who;
  /** a page of search results, or totalCount alone */
  kind: 'page' | 'count';
  word: string | null;
  /** page rows, or the count */
  matches: number;
  statements: number;
  sql: Summary;
  api: Summary;
}

async function measureSize(size: number, rows: Row[]): Promise<void> {
  const db = await openBenchDatabase(process.env.BENCH_DATABASE_URL || undefined);
  const stops: (() => Promise<void>)[] = [];
  try {
    console.log(`\n=== ${size} journal posts (${db.description})`);
    await buildBenchData(db.url, size, LAST_JOURNAL_DATE);
    const client = new pg.Client({ connectionString: db.url, types: mikroOrmTypes() });
    await client.connect();
    stops.push(() => client.end());
    await addBenchUsers(client);

    const { config, orm, base, secret } = await startBenchApp(
      db.url,
      { RATE_LIMIT_ENABLED: 'false' },
      TODAY,
      stops,
    );

    for (const who of WHO) {
      const token = who === 'public' ? null : await issueLocalToken(secret, BENCH_USERS[who]);
      const viewer =
        who === 'public' ? null : await loadViewer(orm.em.fork(), { username: BENCH_USERS[who] });
      if (who !== 'public' && !viewer) throw new Error(`No user ${BENCH_USERS[who]}`);
      const ability = viewer ? defineAbilityFor(viewer) : null;
      const list = (
        em: EntityManager,
        word: string | null,
        first: number,
      ): Promise<ListResult<{ id: string }>> =>
        ability
          ? listJournalPosts(em, ability, TODAY, {
              filter: { query: word },
              order: { field: 'JOURNAL_DATE' },
              page: { first },
            })
          : listPublicJournal(em, config.publicJournal, TODAY, {
              filter: { query: word },
              page: { first },
            });
      const api = (query: string, word: string | null) => async () => {
        const res = await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query, variables: { q: word } }),
        });
        const body = (await res.json()) as {
          data?: Record<
            string,
            { edges?: { node: { id: string } }[]; totalCount?: number; totalCountIsExact?: boolean }
          >;
          errors?: unknown[];
        };
        if (res.status !== 200 || body.errors) {
          throw new Error(`${who} "${word}": ${res.status} ${JSON.stringify(body.errors)}`);
        }
        return Object.values(body.data!)[0]!;
      };
      const measure = async (
        kind: Row['kind'],
        word: string | null,
        texts: string[],
        call: () => Promise<unknown>,
        matches: number,
      ) => {
        const { samples } = await interleave(
          {
            sql: async () => {
              for (const text of texts) await client.query(text);
            },
            api: call,
          },
          { iterations: ITERATIONS, warmup: WARMUP, budgetMs: BUDGET_MS },
        );
        const row: Row = {
          size,
          who,
          kind,
          word,
          matches,
          statements: texts.length,
          sql: summarise(samples.sql ?? []),
          api: summarise(samples.api ?? []),
        };
        rows.push(row);
        console.log(
          `${who.padEnd(9)} ${kind} "${word ?? ''}": ${row.matches} ${kind === 'page' ? 'on the page' : 'counted'}, ` +
            `${row.statements} statements; SQL ${fmt(row.sql.median)} ms (p95 ${fmt(row.sql.p95)}), ` +
            `API ${fmt(row.api.median)} ms (p95 ${fmt(row.api.p95)}), API/SQL ${ratio(row.api.median, row.sql.median)}`,
        );
      };
      for (const word of WORDS) {
        const { texts, result } = await captureStatements(orm, client, (em) =>
          list(em, word, PAGE),
        );
        const call = api(gqlQuery(who), word);
        // Check: the API lists what the raw statements list.
        const apiIds = ((await call()).edges ?? []).map((e) => e.node.id);
        const kind = who === 'public' ? 'PublicJournalEntry' : 'JournalPost';
        const sqlIds = result.nodes.map((n) => toGlobalId(kind, n.id));
        if (apiIds.join() !== sqlIds.join()) {
          throw new Error(`${who} "${word}": the API and the raw SQL disagree`);
        }
        await measure('page', word, texts, call, sqlIds.length);
      }
      for (const word of COUNT_WORDS) {
        // The statements of a count alone: the candidates (a search) and the capped count.
        const { texts, result } = await captureStatements(orm, client, async (em) =>
          (await list(em, word, 0)).totalCount(),
        );
        const call = api(countQuery(who), word);
        const answer = await call();
        if (answer.totalCount !== result.count || answer.totalCountIsExact !== result.exact) {
          throw new Error(`${who} count "${word}": the API and the raw SQL disagree`);
        }
        await measure('count', word, texts, call, result.count);
      }
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await db.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `Search benchmark: sizes ${SIZES.join(', ')}; up to ${ITERATIONS} rounds per scenario ` +
      `(budget ${BUDGET_MS / 1000} s), today ${TODAY}`,
  );
  const rows: Row[] = [];
  for (const size of SIZES) await measureSize(size, rows);

  console.log(
    '\n| size | viewer | measure | search | page rows / count | statements | SQL median (p95) ms | API median (p95) ms | API / SQL |',
  );
  console.log('|---:|---|---|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.size} | ${r.who} | ${r.kind} | ${r.word === null ? '–' : `"${r.word}"`} | ${r.matches} | ${r.statements} | ` +
        `${fmt(r.sql.median)} (${fmt(r.sql.p95)}) | ${fmt(r.api.median)} (${fmt(r.api.p95)}) | ` +
        `${ratio(r.api.median, r.sql.median)} |`,
    );
  }
  const [small, large] = [Math.min(...SIZES), Math.max(...SIZES)];
  const perTenfold = Math.log10(large / small);
  console.log(
    `\nTarget: SQL ≤ ${TARGET_MS} ms at ${large}; growth ≤ ${TARGET_GROWTH}× per 10× data`,
  );
  for (const r of rows.filter((x) => x.size === large && x.kind === 'page')) {
    const before = rows.find(
      (x) => x.size === small && x.kind === 'page' && x.who === r.who && x.word === r.word,
    );
    const growth =
      before && perTenfold > 0 ? (r.sql.median / before.sql.median) ** (1 / perTenfold) : NaN;
    const met = r.sql.median <= TARGET_MS && !(growth > TARGET_GROWTH);
    console.log(
      `  ${r.who.padEnd(9)} "${r.word}": SQL ${fmt(r.sql.median)} ms, growth ${fmt(growth)}× per 10×: ` +
        (met ? 'met' : 'MISSED'),
    );
  }
  console.log(`\nTarget: totalCount (plain and with a search) ≤ ${TARGET_MS} ms at ${large}`);
  for (const r of rows.filter((x) => x.size === large && x.kind === 'count')) {
    console.log(
      `  ${r.who.padEnd(9)} count "${r.word ?? ''}": SQL ${fmt(r.sql.median)} ms, ` +
        `API ${fmt(r.api.median)} ms: ${r.sql.median <= TARGET_MS ? 'met' : 'MISSED'}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

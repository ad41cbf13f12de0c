/**
 * Benchmark of the authorization overhead (issue 11, step 4): the same list for a case handler
 * (REDACTED outside the own unit and its access groups: the policy decides per row) and an
 * archivist (FULL on every row: no per-row test), at 1M posts. For each list the statements the
 * query layer runs, captured and replayed with a plain `pg` client, and the API through HTTP, all
 * four (SQL and API, handler and archivist) interleaved in the same rounds; then the planning time
 * of each viewer's statements (EXPLAIN's Planning Time, median). See docs/benchmarks.md,
 * "Authorization overhead".
 *
 *   npm run bench:authz
 *
 * Settings (environment):
 *   BENCH_POSTS             journal posts (1000000)
 *   BENCH_ITERATIONS        measured rounds per list (60)
 *   BENCH_WARMUP            warm-up rounds, not recorded (5)
 *   BENCH_BUDGET_SECONDS    wall-time budget per list (25)
 *   BENCH_PLANS             EXPLAIN runs per statement for the planning time (25)
 *   BENCH_DATABASE_URL      a PostgreSQL server with CREATEDB (default: throwaway embedded one)
 */
import './lib/env';
import 'reflect-metadata';
import { type EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { loadViewer } from '../src/auth/loadViewer';
import { issueLocalToken } from '../src/auth/tokens';
import { addWorkingDays } from '../src/domain/workingDays';
import { type AppAbility, defineAbilityFor } from '../src/policies/ability';
import { listCases } from '../src/queries/cases';
import { listJournalPosts } from '../src/queries/journalPosts';
import { type ListResult } from '../src/queries/list';
import { toGlobalId } from '../src/schema/globalId';
import { buildBenchData, startBenchApp } from './lib/app';
import { intSetting, mikroOrmTypes } from './lib/config';
import { openBenchDatabase } from './lib/database';
import { COMMON_WORD, RARE_WORD } from './lib/generate';
import { fmt, interleave, ratio, summarise, type Summary } from './lib/stats';
import { addBenchUsers, BENCH_USERS, captureStatements } from './lib/viewers';

const POSTS = intSetting('BENCH_POSTS', 1_000_000);
const ITERATIONS = intSetting('BENCH_ITERATIONS', 60);
const WARMUP = intSetting('BENCH_WARMUP', 5);
const BUDGET_MS = intSetting('BENCH_BUDGET_SECONDS', 25) * 1000;
const PLANS = intSetting('BENCH_PLANS', 25);
const PAGE = 50;
const LAST_JOURNAL_DATE = '2026-11-13';
const TODAY = addWorkingDays(LAST_JOURNAL_DATE, 5);
/** The target of issue 11: handler / archivist, same list */
const TARGET = 1.2;

type Who = keyof typeof BENCH_USERS;
const WHO: Who[] = ['handler', 'archivist'];

interface List {
  name: string;
  /** The GraphQL field and its selection */
  gql: string;
  typename: 'JournalPost' | 'Case';
  run: (em: EntityManager, ability: AppAbility) => Promise<ListResult<{ id: string }>>;
}

const postFields = `edges { node { id title publicTitle registryId } } pageInfo { hasNextPage }`;
const LISTS: List[] = [
  {
    name: 'journalPosts, first page',
    gql: `journalPosts(first: ${PAGE}) { ${postFields} }`,
    typename: 'JournalPost',
    run: (em, ability) =>
      listJournalPosts(em, ability, TODAY, {
        filter: {},
        order: { field: 'JOURNAL_DATE' },
        page: { first: PAGE },
      }),
  },
  {
    name: 'cases, first page',
    gql: `cases(first: ${PAGE}) { edges { node { id title publicTitle caseNumber } } pageInfo { hasNextPage } }`,
    typename: 'Case',
    run: (em, ability) =>
      listCases(em, ability, TODAY, {
        filter: {},
        order: { field: 'CASE_NUMBER' },
        page: { first: PAGE },
      }),
  },
  ...[COMMON_WORD, RARE_WORD].map((word): List => ({
    name: `journalPosts, search "${word}"`,
    gql: `journalPosts(filter: { query: ${JSON.stringify(word)} }, first: ${PAGE}) { ${postFields} }`,
    typename: 'JournalPost',
    run: (em, ability) =>
      listJournalPosts(em, ability, TODAY, {
        filter: { query: word },
        order: { field: 'JOURNAL_DATE' },
        page: { first: PAGE },
      }),
  })),
];

interface Row {
  list: string;
  statements: number;
  sql: Record<Who, Summary>;
  api: Record<Who, Summary>;
  /** Planning Time of the viewer's statements, summed, median of BENCH_PLANS runs each */
  planning: Record<Who, number>;
}

function median(values: number[]): number {
  return summarise(values).median;
}

async function planningMs(client: pg.Client, texts: string[]): Promise<number> {
  let total = 0;
  for (const text of texts) {
    const runs: number[] = [];
    for (let i = 0; i < PLANS; i++) {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (summary) ${text}`);
      const line = rows.map((r) => r['QUERY PLAN']).find((l) => l.startsWith('Planning Time'));
      runs.push(Number(/([\d.]+) ms/.exec(line ?? '')?.[1]));
    }
    total += median(runs);
  }
  return total;
}

async function main(): Promise<void> {
  const db = await openBenchDatabase(process.env.BENCH_DATABASE_URL || undefined);
  const stops: (() => Promise<void>)[] = [];
  const rows: Row[] = [];
  try {
    console.log(
      `Authorization overhead: ${POSTS} posts (${db.description}); up to ${ITERATIONS} rounds per ` +
        `list (budget ${BUDGET_MS / 1000} s), today ${TODAY}`,
    );
    await buildBenchData(db.url, POSTS, LAST_JOURNAL_DATE);
    const client = new pg.Client({ connectionString: db.url, types: mikroOrmTypes() });
    await client.connect();
    stops.push(() => client.end());
    await addBenchUsers(client);

    const { orm, base, secret } = await startBenchApp(
      db.url,
      { RATE_LIMIT_ENABLED: 'false' },
      TODAY,
      stops,
    );

    const viewers = {} as Record<Who, { token: string; ability: AppAbility }>;
    for (const who of WHO) {
      const viewer = await loadViewer(orm.em.fork(), { username: BENCH_USERS[who] });
      if (!viewer) throw new Error(`No user ${BENCH_USERS[who]}`);
      viewers[who] = {
        token: await issueLocalToken(secret, BENCH_USERS[who]),
        ability: defineAbilityFor(viewer),
      };
    }

    for (const list of LISTS) {
      const texts = {} as Record<Who, string[]>;
      const variants: Record<string, () => Promise<unknown>> = {};
      for (const who of WHO) {
        const captured = await captureStatements(orm, client, (em) =>
          list.run(em, viewers[who].ability),
        );
        texts[who] = captured.texts;
        const api = async () => {
          const res = await fetch(`${base}/graphql`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${viewers[who].token}`,
            },
            body: JSON.stringify({ query: `{ ${list.gql} }` }),
          });
          const body = (await res.json()) as {
            data?: Record<string, { edges: { node: { id: string } }[] }>;
            errors?: unknown[];
          };
          if (res.status !== 200 || body.errors) {
            throw new Error(`${who} ${list.name}: ${res.status} ${JSON.stringify(body.errors)}`);
          }
          return body.data!;
        };
        // Check: the API lists what the raw statements list.
        const apiIds = Object.values(await api())[0]!.edges.map((e) => e.node.id);
        const sqlIds = captured.result.nodes.map((n) => toGlobalId(list.typename, n.id));
        if (apiIds.join() !== sqlIds.join()) {
          throw new Error(`${who} ${list.name}: the API and the raw SQL disagree`);
        }
        variants[`sql ${who}`] = async () => {
          for (const text of texts[who]) await client.query(text);
        };
        variants[`api ${who}`] = api;
      }
      const { samples } = await interleave(variants, {
        iterations: ITERATIONS,
        warmup: WARMUP,
        budgetMs: BUDGET_MS,
      });
      const of = (kind: 'sql' | 'api', who: Who) => summarise(samples[`${kind} ${who}`] ?? []);
      const row: Row = {
        list: list.name,
        statements: texts.handler.length,
        sql: { handler: of('sql', 'handler'), archivist: of('sql', 'archivist') },
        api: { handler: of('api', 'handler'), archivist: of('api', 'archivist') },
        planning: {
          handler: await planningMs(client, texts.handler),
          archivist: await planningMs(client, texts.archivist),
        },
      };
      rows.push(row);
      console.log(
        `${list.name}: SQL ${fmt(row.sql.handler.median)} / ${fmt(row.sql.archivist.median)} ms ` +
          `(${ratio(row.sql.handler.median, row.sql.archivist.median)}×), ` +
          `API ${fmt(row.api.handler.median)} / ${fmt(row.api.archivist.median)} ms ` +
          `(${ratio(row.api.handler.median, row.api.archivist.median)}×), planning ` +
          `${fmt(row.planning.handler)} / ${fmt(row.planning.archivist)} ms, ` +
          `${row.sql.handler.n} rounds`,
      );
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await db.stop();
  }

  console.log(
    '\nMedians (p95) in ms, handler / archivist; planning: EXPLAIN Planning Time, all statements\n',
  );
  console.log(
    '| list | statements | SQL handler | SQL archivist | SQL h/a | API handler | API archivist | API h/a | planning handler | planning archivist | target ≤ 1.2× |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const sqlRatio = r.sql.handler.median / r.sql.archivist.median;
    const apiRatio = r.api.handler.median / r.api.archivist.median;
    const met = sqlRatio <= TARGET && apiRatio <= TARGET;
    console.log(
      `| ${r.list} | ${r.statements} | ${fmt(r.sql.handler.median)} (${fmt(r.sql.handler.p95)}) | ` +
        `${fmt(r.sql.archivist.median)} (${fmt(r.sql.archivist.p95)}) | ${fmt(sqlRatio)} | ` +
        `${fmt(r.api.handler.median)} (${fmt(r.api.handler.p95)}) | ` +
        `${fmt(r.api.archivist.median)} (${fmt(r.api.archivist.p95)}) | ${fmt(apiRatio)} | ` +
        `${fmt(r.planning.handler)} | ${fmt(r.planning.archivist)} | ${met ? 'met' : 'MISSED'} |`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

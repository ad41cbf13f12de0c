/**
 * Benchmark of the authorization overhead (issue 11, step 4): the same list for a case handler
 * (REDACTED outside the own unit and its access groups: the policy decides per row) and an
 * archivist (FULL on every row: no per-row test), at 1M posts. For each list the statements the
 * query layer runs, captured and replayed with a plain `pg` client, and the API through HTTP, all
 * four (SQL and API, handler and archivist) interleaved in the same rounds; then the planning time
 * of each viewer's statements (EXPLAIN's Planning Time, median). See docs/benchmarks.md,
 * "Authorization overhead".
 *
 * The organisation (issue 14): the data is in two organisations (a copy of every row in the
 * second, under ids of its own, so half the rows are another organisation's); the statements
 * carry the policies' organisation condition (the first wall) and run a third way in the same
 * rounds: as the application's role, under row-level security with the organisation set (the
 * second wall), against the owner's run of the same statements, which RLS does not bind (what the
 * code ran before organisations, on a table of one organisation). The server itself connects as
 * the application's role.
 */
import './lib/env';
import 'reflect-metadata';
import { type EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { FIRST_ORGANISATION_ID } from '../src/db/migrations/Migration20261202100000_organisations';
import { inOrganisation } from '../src/db/organisationScope';
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
/** The target of issue 14: now / before, same viewer and list */
const ORGANISATION_TARGET = 1.1;

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
  /** The same statements as the application's role, under row-level security (see above) */
  now: Record<Who, Summary>;
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
    await buildBenchData(db.url, POSTS, LAST_JOURNAL_DATE, true);
    const client = new pg.Client({ connectionString: db.url, types: mikroOrmTypes() });
    await client.connect();
    stops.push(() => client.end());
    await addBenchUsers(client);
    // The application's role, as the server's pool connects (src/db/orm-options.ts).
    const appClient = new pg.Client({
      connectionString: db.url,
      types: mikroOrmTypes(),
      options: '-c role=arkivgraf_app',
    });
    await appClient.connect();
    stops.push(() => appClient.end());
    // For the whole session here; the server sets it per transaction (3 round trips a request).
    await appClient.query(`select set_config('arkivgraf.organisation', $1, false)`, [
      FIRST_ORGANISATION_ID,
    ]);
    const {
      rows: [first],
    } = await client.query<{ short_name: string }>(
      'select short_name from organisation where id = $1',
      [FIRST_ORGANISATION_ID],
    );

    const { orm, base, secret } = await startBenchApp(
      db.url,
      { RATE_LIMIT_ENABLED: 'false' },
      TODAY,
      stops,
      'app',
    );

    const viewers = {} as Record<Who, { token: string; ability: AppAbility }>;
    for (const who of WHO) {
      const viewer = await inOrganisation(orm.em, FIRST_ORGANISATION_ID, (em) =>
        loadViewer(em, { username: BENCH_USERS[who] }),
      );
      if (!viewer) throw new Error(`No user ${BENCH_USERS[who]}`);
      const ability = defineAbilityFor(viewer);
      viewers[who] = {
        token: await issueLocalToken(secret, BENCH_USERS[who], 3600, first!.short_name),
        ability,
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
          throw new Error(
            `${who} ${list.name}: the API and the raw SQL disagree: ${apiIds.slice(0, 3).join()} | ${sqlIds.slice(0, 3).join()} (${apiIds.length}, ${sqlIds.length})`,
          );
        }
        variants[`sql ${who}`] = async () => {
          for (const text of texts[who]) await client.query(text);
        };
        variants[`api ${who}`] = api;
        variants[`now ${who}`] = async () => {
          for (const text of texts[who]) await appClient.query(text);
        };
      }
      const { samples } = await interleave(variants, {
        iterations: ITERATIONS,
        warmup: WARMUP,
        budgetMs: BUDGET_MS,
      });
      const of = (kind: 'sql' | 'api' | 'now', who: Who) =>
        summarise(samples[`${kind} ${who}`] ?? []);
      const row: Row = {
        list: list.name,
        statements: texts.handler.length,
        sql: { handler: of('sql', 'handler'), archivist: of('sql', 'archivist') },
        api: { handler: of('api', 'handler'), archivist: of('api', 'archivist') },
        now: { handler: of('now', 'handler'), archivist: of('now', 'archivist') },
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
          `under RLS ${fmt(row.now.handler.median)} / ${fmt(row.now.archivist.median)} ms ` +
          `(${ratio(row.now.handler.median, row.sql.handler.median)}× and ` +
          `${ratio(row.now.archivist.median, row.sql.archivist.median)}× the owner's), ` +
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
  organisationTable(rows);
}

function organisationTable(rows: Row[]): void {
  console.log(
    '\nRow-level security: medians (p95) in ms, owner (RLS bypassed) / application role (issue 14)\n',
  );
  console.log(
    '| list | owner handler | RLS handler | RLS/owner | owner archivist | RLS archivist | RLS/owner | target ≤ 1.1× |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const h = r.now.handler.median / r.sql.handler.median;
    const a = r.now.archivist.median / r.sql.archivist.median;
    const met = h <= ORGANISATION_TARGET && a <= ORGANISATION_TARGET;
    console.log(
      `| ${r.list} | ${fmt(r.sql.handler.median)} (${fmt(r.sql.handler.p95)}) | ` +
        `${fmt(r.now.handler.median)} (${fmt(r.now.handler.p95)}) | ${fmt(h)} | ` +
        `${fmt(r.sql.archivist.median)} (${fmt(r.sql.archivist.p95)}) | ` +
        `${fmt(r.now.archivist.median)} (${fmt(r.now.archivist.p95)}) | ${fmt(a)} | ` +
        `${met ? 'met' : 'MISSED'} |`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

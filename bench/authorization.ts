/**
 * Benchmark of the authorization overhead (issue 11, step 4): the same list for a case handler
 * (REDACTED outside the own unit and its access groups: the policy decides per row) and an
 * archivist (FULL on every row: no per-row test), at 1M posts. For each list the statements the
 * query layer runs, captured and replayed with a plain `pg` client, and the API through HTTP, all
 * four (SQL and API, handler and archivist) interleaved in the same rounds; then the planning time
 * of each viewer's statements (EXPLAIN's Planning Time, median). See docs/benchmarks.md,
 * "Authorization overhead".
 *
 * The organisation's filter (issue 14): the data is in two organisations (a copy of every row in
 * the second, so half the rows are another organisation's), and each viewer's statements run two
 * more ways in the same rounds: "before", as the code ran before organisations (the rules without
 * the organisation's condition, on the owner's connection, which row-level security does not
 * bind), and "now", as the server runs them (the rules with the organisation's condition, as the
 * application's role under row-level security, in a transaction set to the organisation). The
 * server itself connects as the application's role.
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
import { createMongoAbility } from '@casl/ability';
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
  /** The statements as before organisations, and as the server runs them now (see above) */
  before: Record<Who, Summary>;
  now: Record<Who, Summary>;
  /** Planning Time of the viewer's statements, summed, median of BENCH_PLANS runs each */
  planning: Record<Who, number>;
}

/**
 * The ability as it was before organisations: the same rules without the organisation's
 * condition (policies/ability.ts adds it to every rule of a signed-in viewer).
 */
function withoutOrganisation(ability: AppAbility): AppAbility {
  return createMongoAbility(
    ability.rules.map((rule) => {
      const { organisationId: _, ...rest } = (rule.conditions ?? {}) as Record<string, unknown>;
      return { ...rule, conditions: Object.keys(rest).length ? rest : undefined };
    }) as AppAbility['rules'],
  );
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

    const viewers = {} as Record<Who, { token: string; ability: AppAbility; before: AppAbility }>;
    for (const who of WHO) {
      const viewer = await inOrganisation(orm.em, FIRST_ORGANISATION_ID, (em) =>
        loadViewer(em, { username: BENCH_USERS[who] }),
      );
      if (!viewer) throw new Error(`No user ${BENCH_USERS[who]}`);
      const ability = defineAbilityFor(viewer);
      viewers[who] = {
        token: await issueLocalToken(secret, BENCH_USERS[who], 3600, first!.short_name),
        ability,
        before: withoutOrganisation(ability),
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
        const before = await captureStatements(orm, client, (em) =>
          list.run(em, viewers[who].before),
        );
        // Check: before organisations, the list was the same, but for the second organisation's
        // copies (same ids), which only the rules' organisation or row-level security keep out.
        const beforeIds = new Set(before.result.nodes.map((n) => n.id));
        if (captured.result.nodes.some((n) => !beforeIds.has(n.id))) {
          throw new Error(`${who} ${list.name}: before and now list different records`);
        }
        variants[`before ${who}`] = async () => {
          for (const text of before.texts) await client.query(text);
        };
        variants[`now ${who}`] = async () => {
          await appClient.query('begin');
          await appClient.query(`select set_config('arkivgraf.organisation', $1, true)`, [
            FIRST_ORGANISATION_ID,
          ]);
          for (const text of texts[who]) await appClient.query(text);
          await appClient.query('commit');
        };
      }
      const { samples } = await interleave(variants, {
        iterations: ITERATIONS,
        warmup: WARMUP,
        budgetMs: BUDGET_MS,
      });
      const of = (kind: 'sql' | 'api' | 'before' | 'now', who: Who) =>
        summarise(samples[`${kind} ${who}`] ?? []);
      const row: Row = {
        list: list.name,
        statements: texts.handler.length,
        sql: { handler: of('sql', 'handler'), archivist: of('sql', 'archivist') },
        api: { handler: of('api', 'handler'), archivist: of('api', 'archivist') },
        before: { handler: of('before', 'handler'), archivist: of('before', 'archivist') },
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
          `organisation now / before ${fmt(row.now.handler.median)} / ` +
          `${fmt(row.before.handler.median)} (${ratio(row.now.handler.median, row.before.handler.median)}×) ` +
          `and ${fmt(row.now.archivist.median)} / ${fmt(row.before.archivist.median)} ` +
          `(${ratio(row.now.archivist.median, row.before.archivist.median)}×), ` +
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
    '\nThe organisation filter: medians (p95) in ms, before organisations / now (issue 14)\n',
  );
  console.log(
    '| list | before handler | now handler | now/before | before archivist | now archivist | now/before | target ≤ 1.1× |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const h = r.now.handler.median / r.before.handler.median;
    const a = r.now.archivist.median / r.before.archivist.median;
    const met = h <= ORGANISATION_TARGET && a <= ORGANISATION_TARGET;
    console.log(
      `| ${r.list} | ${fmt(r.before.handler.median)} (${fmt(r.before.handler.p95)}) | ` +
        `${fmt(r.now.handler.median)} (${fmt(r.now.handler.p95)}) | ${fmt(h)} | ` +
        `${fmt(r.before.archivist.median)} (${fmt(r.before.archivist.p95)}) | ` +
        `${fmt(r.now.archivist.median)} (${fmt(r.now.archivist.p95)}) | ${fmt(a)} | ` +
        `${met ? 'met' : 'MISSED'} |`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

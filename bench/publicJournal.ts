/**
 * Benchmark of the public journal (offentlig journal): the API through HTTP against the same SQL
 * run with a plain `pg` client, in the same run, interleaved. Absolute times on shared machines are
 * noise; the ratios are the point. See docs/benchmarks.md.
 *
 *   npm run bench
 *
 * Settings (environment):
 *   BENCH_ITERATIONS        measured rounds per scenario (200)
 *   BENCH_WARMUP            warm-up rounds, not recorded (20)
 *   BENCH_BUDGET_SECONDS    wall-time budget per scenario; slow scenarios measure fewer rounds (25)
 *   BENCH_POSTS             journal posts to generate (200000)
 *   BENCH_DEEP_OFFSET       how deep the cursor of the deep-page scenario points (10000)
 *   BENCH_DATABASE_URL      a PostgreSQL server with CREATEDB (default: throwaway embedded one)
 *   BENCH_EXPLAIN=0         skip the EXPLAIN (ANALYZE, BUFFERS) output
 *   BENCH_WHATIF=index      add the index proposed in docs/benchmarks.md before measuring
 *   BENCH_DOWNLOAD_ROUNDS   measured rounds of the full CSV against COPY (5)
 *   BENCH_SCENARIOS         only these scenarios, e.g. "g" or "a,b,h" (all): (a)–(f) GraphQL, (g)
 *                           full CSV, (h)–(j) cached pages, (k) the CSV made from rows in the
 *                           process (cursor and keyset pages, timed with (g)), (z) the floors
 *   BENCH_PSQL              the psql client for the `psql` reference of (g) (psql on the PATH;
 *                           "none" leaves it out)
 */
import './lib/env';
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { type AddressInfo } from 'node:net';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { execute, parse } from 'graphql';
import pg from 'pg';
import { anonymousViewer } from '../src/auth/viewer';
import { type Config } from '../src/config';
import { migrate } from '../src/db/database';
import { ormOptions } from '../src/db/orm-options';
import { sql } from '../src/db/sqlTemplate';
import { addWorkingDays } from '../src/domain/workingDays';
import { createHttpApp } from '../src/http/app';
import { createLogger } from '../src/http/logger';
import { encodeCursor, orderBy } from '../src/queries/pagination';
import { csvText } from '../src/http/publicJournal/csv';
import { PAGE_SIZE } from '../src/http/publicJournal/page';
import {
  APP_ROLE,
  FIRST_ORGANISATION_ID,
} from '../src/db/migrations/Migration20261202100000_organisations';
import { publicJournalCsvStatement } from '../src/queries/publicJournalCsv';
import {
  allPublicEntries,
  cursorPublicJournal,
  listPublicJournal,
  PUBLIC_ORDER,
  publicEntries,
  type PublicEntryRow,
  type PublicJournalFilter,
  streamPublicJournal,
} from '../src/queries/publicJournal';
import { type Context } from '../src/resolvers/context';
import { buildAppSchema } from '../src/graphql/buildSchema';
import { toGlobalId } from '../src/schema/globalId';
import { benchConfig, intSetting, mikroOrmTypes } from './lib/config';
import { openBenchDatabase } from './lib/database';
import { COMMON_WORD, generate, RARE_WORD } from './lib/generate';
import { fmt, interleave, ratio, summarise, type Summary } from './lib/stats';

const ITERATIONS = intSetting('BENCH_ITERATIONS', 200);
const WARMUP = intSetting('BENCH_WARMUP', 20);
const BUDGET_MS = intSetting('BENCH_BUDGET_SECONDS', 25) * 1000;
const POSTS = intSetting('BENCH_POSTS', 200_000);
const DEEP_OFFSET = intSetting('BENCH_DEEP_OFFSET', 10_000);
const EXPLAIN = process.env.BENCH_EXPLAIN !== '0';
const WHATIF_INDEX = process.env.BENCH_WHATIF === 'index';
const PAGE = 50;
/** A Friday; `today` is five working days later, so every post's delay has passed. */
const LAST_JOURNAL_DATE = '2026-11-13';
const TODAY = addWorkingDays(LAST_JOURNAL_DATE, 5);
const TARGET = 1.5;
const DOWNLOAD_ROUNDS = intSetting('BENCH_DOWNLOAD_ROUNDS', 5);
const ONLY = new Set((process.env.BENCH_SCENARIOS ?? '').split(',').filter(Boolean));
const runs = (key: string) => ONLY.size === 0 || ONLY.has(key);
const PSQL = process.env.BENCH_PSQL ?? 'psql';
/** What /journal runs besides its page and count (page.tsx's unit select). */
const UNITS_SQL = 'select id, name from unit order by name';

/** The order index the query can use (see docs/benchmarks.md, proposal 1). */
const WHATIF_INDEX_SQL = `create index bench_whatif_public_order on journal_post
  (journal_date desc nulls last, journal_sequence_number desc nulls last, id desc nulls last)
  where status in ('DISPATCHED', 'REGISTERED', 'ARCHIVED')`;

const ENTRY_FIELDS = `id registryId journalYear journalSequenceNumber caseNumber caseTitle title type
        journalDate documentDate correspondents unit screened legalBasis writeOffMethod writeOffDate`;

/** Every field of an entry; totalCount only in the counted variant (it is a second statement). */
const pageQuery = (
  counted: boolean,
) => `query PublicJournalBench($filter: PublicJournalFilter, $first: Int, $after: String) {
  publicJournal(filter: $filter, first: $first, after: $after) {
    ${counted ? 'totalCount' : ''}
    edges { cursor node { ${ENTRY_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface PageArgs {
  filter: PublicJournalFilter;
  page: { first: number; after: string | null };
}

interface Scenario {
  key: string;
  title: string;
  covers: string;
  args: PageArgs;
  counted: boolean;
  /** A slow diagnostic: raw SQL and API only, so that it fits the budget */
  diagnostic?: boolean;
}

interface GqlBody {
  data?: {
    publicJournal: {
      totalCount?: number;
      edges: { cursor: string; node: { id: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
  errors?: { message: string }[];
}

/**
 * Statements of a request that are not the page's: the organisation directory and SET LOCAL of
 * services/requestScope.ts, and the response cache's watermark (http/publicJournal/graphqlCache.ts).
 */
const REQUEST_SCOPE =
  /^select o\.id::text as "id"|^select set_config\('arkivgraf\.organisation'|^select version from public_journal_watermark/;

type Variant = 'sql' | 'rls' | 'orm' | 'execute' | 'api' | 'apiNoLimit';

interface Result {
  scenario: Scenario;
  warmup: number;
  stats: Record<Variant, Summary>;
}

/**
 * The statements `listPublicJournal` runs, captured with a stand-in EntityManager and formatted by
 * MikroORM's own platform. MikroORM inlines the parameters client-side (`formatQuery`) and sends
 * the resulting text, so this is byte for byte the SQL the API sends to PostgreSQL; the check in
 * main() compares it with what the server's ORM actually ran. The stand-in runs each statement
 * with the plain client, because a search's page statement holds the ids its first statement (the
 * index candidates) found. `page` is the index of the statement that returns the page.
 */
async function capturedStatements(
  orm: MikroORM,
  client: pg.Client,
  settings: Config['publicJournal'],
  args: PageArgs,
  counted: boolean,
): Promise<{ templates: string[]; texts: string[]; page: number }> {
  const platform = orm.em.getPlatform();
  const captured: { sql: string; params: unknown[] }[] = [];
  const execute = async (text: string, params: unknown[] = []) => {
    captured.push({ sql: text, params });
    return (await client.query(platform.formatQuery(text, params))).rows;
  };
  const em = { execute, getConnection: () => ({ execute }) } as unknown as EntityManager;
  const list = await listPublicJournal(em, settings, TODAY, args);
  const page = captured.length - 1;
  if (counted) await list.totalCount();
  return {
    templates: captured.map((c) => c.sql),
    texts: captured.map((c) => platform.formatQuery(c.sql, c.params)),
    page,
  };
}

/**
 * `COPY … TO STDOUT` through plain pg, as `psql \copy` reads it: the server writes the rows as CSV
 * and pg's protocol parser receives every CopyData message; the bytes are counted, not kept.
 */
function copyOut(client: pg.Client, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const q = new pg.Query(text) as pg.Query & {
      handleCopyData(msg: { chunk: Buffer }): void;
    };
    q.handleCopyData = (msg) => {
      bytes += msg.chunk.length;
    };
    q.on('end', () => resolve(bytes));
    q.on('error', reject);
    void client.query(q);
  });
}

/**
 * The psql client running the COPY, its output thrown away: what `psql \copy (…) to …` does
 * (psql sends COPY … TO STDOUT and writes what arrives). Includes starting psql and connecting.
 */
function psqlCopy(url: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      PSQL,
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-o', '/dev/null', '-d', url, '-c', text],
      { maxBuffer: 1024 * 1024 },
      (err) => (err ? reject(err) : resolve()),
    );
  });
}

/** The CSV text of the download, made in the process without HTTP; returns its length. */
async function csvLength(batches: AsyncGenerator<PublicEntryRow[]>): Promise<number> {
  let length = 0;
  for await (const text of csvText(batches)) length += text.length;
  return length;
}

/** Reads a whole HTTP answer and returns its size in bytes. */
async function download(url: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url, { headers });
  if (res.status !== 200 && res.status !== 304) throw new Error(`${url}: HTTP ${res.status}`);
  let bytes = 0;
  if (!res.body) return 0;
  const reader = res.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    bytes += read.value.length;
  }
  return bytes;
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  console.log(
    `Public journal benchmark: ${POSTS} posts; per scenario up to ${ITERATIONS} rounds ` +
      `(budget ${BUDGET_MS / 1000} s), warm-up up to ${WARMUP}; today ${TODAY}` +
      (WHATIF_INDEX ? '; WHAT-IF: proposed order index added' : ''),
  );
  const db = await openBenchDatabase(process.env.BENCH_DATABASE_URL || undefined);
  console.log(`Database: ${db.description}`);
  // Ctrl-C: still stop the embedded PostgreSQL and remove its directory (or drop the database).
  process.once('SIGINT', () => {
    console.error('\nInterrupted: removing the benchmark database');
    // Connections still in use fail once PostgreSQL stops: expected now, and not worth a crash.
    process.on('uncaughtException', () => undefined);
    process.on('unhandledRejection', () => undefined);
    void db.stop().finally(() => process.exit(130));
  });
  let orm: MikroORM | undefined;
  let raw: pg.Client | undefined;
  const stops: (() => Promise<void>)[] = [];
  try {
    const migrator = await MikroORM.init({ ...ormOptions(db.url, 2), logger: () => undefined });
    try {
      await migrate(migrator);
    } finally {
      await migrator.close(true);
    }

    const gen = await generate(db.url, { posts: POSTS, lastJournalDate: LAST_JOURNAL_DATE });
    const genMs = gen.steps.reduce((s, x) => s + x.ms, 0);
    console.log(
      `\nGenerated ${gen.posts} journal posts, ${gen.cases} cases, ${gen.correspondents} ` +
        `correspondents (${gen.firstJournalDate} … ${gen.lastJournalDate}) in ${(genMs / 1000).toFixed(1)} s:`,
    );
    for (const s of gen.steps) console.log(`  ${s.step.padEnd(42)} ${(s.ms / 1000).toFixed(2)} s`);

    raw = new pg.Client({ connectionString: db.url, types: mikroOrmTypes() });
    await raw.connect();
    const client = raw;
    // The owner's run names the organisation too (the journal's rule reads it), without RLS.
    await client.query(`select set_config('arkivgraf.organisation', $1, false)`, [
      FIRST_ORGANISATION_ID,
    ]);
    // The same statements as the server's role runs them: row-level security with the organisation
    // set (issue 14), against the owner's run (`sql`), which it does not bind.
    const appClient = new pg.Client({
      connectionString: db.url,
      types: mikroOrmTypes(),
      options: `-c role=${APP_ROLE}`,
    });
    await appClient.connect();
    stops.push(() => appClient.end());
    await appClient.query(`select set_config('arkivgraf.organisation', $1, false)`, [
      FIRST_ORGANISATION_ID,
    ]);
    if (WHATIF_INDEX) {
      await client.query(WHATIF_INDEX_SQL);
      await client.query('analyze journal_post');
    }

    const config = benchConfig(db.url, {});
    const settings = config.publicJournal;
    // The server's own options; onQuery only lets the check below see the statements it sends.
    let seen: string[] | null = null;
    orm = await MikroORM.init({
      ...ormOptions(db.url, config.dbPoolMax, config.hardening.statementTimeoutMs),
      onQuery: (text: string) => {
        seen?.push(text);
        return text;
      },
    });
    const serverOrm = orm;
    const schema = await buildAppSchema();
    const silent = createLogger('silent');
    /** What the public journal's resolvers read of a request's context, for `execute` alone. */
    const resolverContext = () =>
      ({
        requestId: 'bench',
        em: serverOrm.em.fork(),
        viewer: anonymousViewer,
        // The one organisation the generator fills (the migration's first).
        organisation: { id: FIRST_ORGANISATION_ID, shortName: 'arkiv', name: 'Arkivskaper' },
        today: TODAY,
        publicJournal: settings,
        log: silent,
      }) as unknown as Context;
    const listen = async (cfg: Config): Promise<string> => {
      const app = await createHttpApp({
        config: cfg,
        orm: serverOrm,
        schema,
        log: createLogger(cfg.logLevel),
        today: () => TODAY,
      });
      stops.push(() => app.stop());
      await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
    };
    const base = await listen(config);
    // A second server on the same ORM with the rate limiter off: how much of the API's time it is.
    const baseNoLimit = await listen(benchConfig(db.url, { RATE_LIMIT_ENABLED: 'false' }));

    const gql = async (
      at: string,
      query: string,
      variables: Record<string, unknown>,
    ): Promise<GqlBody> => {
      const res = await fetch(`${at}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlBody;
      if (res.status !== 200 || body.errors) {
        throw new Error(`GraphQL request failed (${res.status}): ${JSON.stringify(body.errors)}`);
      }
      return body;
    };

    // The cursor of the row DEEP_OFFSET rows down, from the same relation and order.
    const platform = serverOrm.em.getPlatform();
    const deep = sql`select t.journal_date, t.journal_sequence_number, t.id
      from (${publicEntries(settings, TODAY)}) t
      order by ${orderBy(PUBLIC_ORDER)} offset ${Math.max(0, DEEP_OFFSET - 1)} limit 1`;
    const d = (
      await client.query<{ journal_date: string; journal_sequence_number: number; id: string }>(
        platform.formatQuery(deep.sql, deep.params),
      )
    ).rows[0];
    const deepCursor = d ? encodeCursor([d.journal_date, d.journal_sequence_number, d.id]) : null;

    const scenarios: Scenario[] = [
      {
        key: 'a',
        title: 'first page',
        covers: `publicJournal(first: ${PAGE}), every entry field, no totalCount`,
        args: { filter: {}, page: { first: PAGE, after: null } },
        counted: false,
      },
      {
        key: 'b',
        title: `search "${COMMON_WORD}"`,
        covers: `publicJournal(filter: { query: "${COMMON_WORD}" }, first: ${PAGE}): a word in ~18 % of the titles`,
        args: { filter: { query: COMMON_WORD }, page: { first: PAGE, after: null } },
        counted: false,
      },
      {
        key: 'c',
        title: `deep page (after row ${DEEP_OFFSET})`,
        covers: `publicJournal(first: ${PAGE}, after: <cursor of row ${DEEP_OFFSET}>)`,
        args: { filter: {}, page: { first: PAGE, after: deepCursor } },
        counted: false,
      },
      {
        key: 'd',
        title: `search "${RARE_WORD}" (rare)`,
        covers: `publicJournal(filter: { query: "${RARE_WORD}" }, first: ${PAGE}): a word in 1 post of 2,000`,
        args: { filter: { query: RARE_WORD }, page: { first: PAGE, after: null } },
        counted: false,
        diagnostic: true,
      },
      {
        key: 'e',
        title: 'first page + totalCount',
        covers: '(a) with totalCount: the page, then count(*) over all entries',
        args: { filter: {}, page: { first: PAGE, after: null } },
        counted: true,
        diagnostic: true,
      },
      {
        key: 'f',
        title: `search "${COMMON_WORD}" + totalCount`,
        covers: '(b) with totalCount',
        args: { filter: { query: COMMON_WORD }, page: { first: PAGE, after: null } },
        counted: true,
        diagnostic: true,
      },
    ];

    const results: Result[] = [];
    for (const s of scenarios.filter((x) => runs(x.key))) {
      const {
        templates,
        texts,
        page: pageAt,
      } = await capturedStatements(serverOrm, client, settings, s.args, s.counted);
      const variables = { filter: s.args.filter, ...s.args.page };
      const query = pageQuery(s.counted);
      const document = parse(query);

      // Check: the API sends exactly these statements and returns the rows the raw SQL returns.
      seen = [];
      const check = await gql(base, query, variables);
      // Less what every request runs alike, whatever its page.
      const sent: string[] = seen.filter((t) => !REQUEST_SCOPE.test(t));
      seen = null;
      if (sent.length !== templates.length || sent.some((t, i) => t !== templates[i])) {
        throw new Error(
          `Scenario ${s.key}: the API sent other statements than the benchmark runs:\n${sent.join('\n---\n')}`,
        );
      }
      const rawRows = (await client.query<{ id: string }>(texts[pageAt]!)).rows;
      const page = check.data!.publicJournal;
      const apiIds = page.edges.map((e) => e.node.id);
      const sqlIds = rawRows
        .slice(0, s.args.page.first)
        .map((r) => toGlobalId('PublicJournalEntry', r.id));
      if (apiIds.length === 0 || apiIds.join() !== sqlIds.join()) {
        throw new Error(`Scenario ${s.key}: the API and the raw SQL disagree on the page`);
      }
      const total = s.counted ? `, totalCount ${page.totalCount}` : '';
      console.log(
        `\n(${s.key}) ${s.title}: ${apiIds.length} entries, hasNextPage ${page.pageInfo.hasNextPage}${total}; ` +
          `${texts.length} statement(s) of ${texts.map((t) => t.length).join(' + ')} characters`,
      );

      if (EXPLAIN && ['a', 'b', 'c', 'd'].includes(s.key)) {
        const plan = await client.query<{ 'QUERY PLAN': string }>(
          `explain (analyze, buffers) ${texts[pageAt]}`,
        );
        console.log(`--- EXPLAIN (ANALYZE, BUFFERS) of the raw SQL of (${s.key})`);
        for (const r of plan.rows) console.log(r['QUERY PLAN']);
      }

      const variants: Record<Variant, () => Promise<unknown>> = {
        sql: async () => {
          for (const text of texts) await client.query(text);
        },
        rls: async () => {
          for (const text of texts) await appClient.query(text);
        },
        orm: async () => {
          const list = await listPublicJournal(serverOrm.em.fork(), settings, TODAY, s.args);
          if (s.counted) await list.totalCount();
        },
        execute: async () => {
          const r = await execute({
            schema,
            document,
            variableValues: variables,
            contextValue: resolverContext(),
          });
          if (r.errors) throw r.errors[0];
          return JSON.stringify(r);
        },
        api: () => gql(base, query, variables),
        apiNoLimit: () => gql(baseNoLimit, query, variables),
      };
      const { samples, warmup } = await interleave<Variant>(
        s.diagnostic ? { sql: variants.sql, rls: variants.rls, api: variants.api } : variants,
        { iterations: ITERATIONS, warmup: WARMUP, budgetMs: BUDGET_MS },
      );
      const stats = {
        sql: summarise(samples.sql ?? []),
        rls: summarise(samples.rls ?? []),
        orm: summarise(samples.orm ?? []),
        execute: summarise(samples.execute ?? []),
        api: summarise(samples.api ?? []),
        apiNoLimit: summarise(samples.apiNoLimit ?? []),
      };
      results.push({ scenario: s, warmup, stats });
      console.log(
        `    n ${stats.sql.n} (warm-up ${warmup}), medians: raw SQL ${fmt(stats.sql.median)} ms, ` +
          `ORM ${fmt(stats.orm.median)}, execute ${fmt(stats.execute.median)}, ` +
          `API ${fmt(stats.api.median)}, API without rate limit ${fmt(stats.apiNoLimit.median)}; ` +
          `API/SQL ${ratio(stats.api.median, stats.sql.median)}; ` +
          `under RLS ${fmt(stats.rls.median)} ms, RLS/owner ${ratio(stats.rls.median, stats.sql.median)} (target ≤ 1.1)`,
      );
    }

    // Downloads and cached pages: each against the SQL it replaces, in the same run. The CSV's
    // reference is the download's own statement (the CSV columns, as PostgreSQL writes them for
    // the API) through plain pg and through psql; `select *` of the entries is shown for scale.
    const csvStatement = await publicJournalCsvStatement(orm.em.fork(), settings, TODAY, {});
    const copySql = `copy (${platform.formatQuery(csvStatement.sql, csvStatement.params)}) to stdout with (format csv, header)`;
    const allStatement = await allPublicEntries(orm.em.fork(), settings, TODAY, {});
    const copyAllSql = `copy (${platform.formatQuery(allStatement.sql, allStatement.params)}) to stdout with (format csv, header)`;
    const withPsql = PSQL !== 'none';
    const once = async (run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };
    const csvRounds = runs('g')
      ? await (async () => {
          const copyBytes = await copyOut(client, copySql);
          const csvBytes = await download(`${base}/public-journal.csv`);
          const allBytes = await copyOut(client, copyAllSql);
          console.log(
            `\n(g) full CSV: API ${(csvBytes / 1e6).toFixed(1)} MB; COPY of its statement ` +
              `${(copyBytes / 1e6).toFixed(1)} MB; COPY of all columns of the entries ${(allBytes / 1e6).toFixed(1)} MB`,
          );
          if (EXPLAIN) {
            const plan = await client.query<{ 'QUERY PLAN': string }>(
              `explain ${platform.formatQuery(csvStatement.sql, csvStatement.params)}`,
            );
            console.log('--- EXPLAIN of the CSV statement');
            for (const row of plan.rows) console.log(row['QUERY PLAN']);
          }
          if (withPsql)
            console.log(`    psql once: ${fmt(await once(() => psqlCopy(db.url, copySql)))} ms`);
          return interleave(
            {
              sql: () => copyOut(client, copySql),
              ...(withPsql ? { psql: () => psqlCopy(db.url, copySql) } : {}),
              all: () => copyOut(client, copyAllSql),
              api: () => download(`${base}/public-journal.csv`),
              apiNoLimit: () => download(`${baseNoLimit}/public-journal.csv`),
              ...(runs('k')
                ? {
                    cursor: () =>
                      csvLength(
                        cursorPublicJournal(
                          serverOrm.em.fork(),
                          FIRST_ORGANISATION_ID,
                          settings,
                          TODAY,
                          {},
                        ),
                      ),
                    keyset: () =>
                      csvLength(
                        streamPublicJournal(
                          serverOrm.em.fork(),
                          FIRST_ORGANISATION_ID,
                          settings,
                          TODAY,
                          {},
                        ),
                      ),
                  }
                : {}),
            },
            { iterations: DOWNLOAD_ROUNDS, warmup: 1, budgetMs: 0, minIterations: DOWNLOAD_ROUNDS },
          );
        })()
      : null;

    const journalPage = await capturedStatements(
      serverOrm,
      client,
      settings,
      { filter: {}, page: { first: PAGE_SIZE, after: null } },
      true,
    );
    const feedPage = await capturedStatements(
      serverOrm,
      client,
      settings,
      { filter: {}, page: { first: PAGE, after: null } },
      false,
    );
    const journalEtag = (await fetch(`${base}/journal`)).headers.get('etag') ?? '';
    const pages = runs('h') || runs('i') || runs('j');
    const pageRounds = await interleave(
      {
        journalSql: async () => {
          await client.query(UNITS_SQL);
          for (const text of journalPage.texts) await client.query(text);
        },
        journalApi: () => download(`${base}/journal`),
        journalApiNoLimit: () => download(`${baseNoLimit}/journal`),
        journal304: () => download(`${baseNoLimit}/journal`, { 'if-none-match': journalEtag }),
        feedSql: () => client.query(feedPage.texts[0]!),
        feedApi: () => download(`${base}/public-journal.atom`),
        feedApiNoLimit: () => download(`${baseNoLimit}/public-journal.atom`),
      },
      pages
        ? { iterations: ITERATIONS, warmup: WARMUP, budgetMs: BUDGET_MS }
        : { iterations: 0, warmup: 0, budgetMs: 0 },
    );

    // Floors: what any request costs before the public journal does anything.
    const post = (at: string) =>
      fetch(`${at}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      }).then((r) => r.json());
    const floors = await interleave(
      {
        'select 1 (pg)': () => client.query('select 1'),
        'GET /healthz (Express)': () => fetch(`${base}/healthz`).then((r) => r.json()),
        '{ __typename } (Apollo)': () => post(base),
        '{ __typename }, no rate limit': () => post(baseNoLimit),
      },
      runs('z')
        ? { iterations: ITERATIONS, warmup: WARMUP, budgetMs: BUDGET_MS }
        : { iterations: 0, warmup: 0, budgetMs: 0 },
    );

    const cell = (x: Summary) => `${fmt(x.median)} (${fmt(x.p95)})`;
    console.log(`\n## Results: median (p95) in ms; ratio = API median / raw SQL median\n`);
    console.log(
      '| scenario | n | raw SQL | ORM, no HTTP | GraphQL execute, no HTTP | API (HTTP) | API, no rate limit | API / SQL |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of results) {
      const x = r.stats;
      console.log(
        `| (${r.scenario.key}) ${r.scenario.title} | ${x.sql.n} | ${cell(x.sql)} | ${cell(x.orm)} | ` +
          `${cell(x.execute)} | ${cell(x.api)} | ${cell(x.apiNoLimit)} | ` +
          `**${ratio(x.api.median, x.sql.median)}** |`,
      );
    }
    // Where the API's time goes: differences of medians (not additive exactly, but close).
    console.log('\n## Where the time goes: differences of medians, ms\n');
    console.log(
      '| scenario | SQL | + driver (ORM − SQL) | + GraphQL execution and JSON (execute − ORM) | ' +
        '+ HTTP, Express, Apollo pipeline, limits (API no limit − execute) | + rate limiter (API − API no limit) | API |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of results.filter((x) => !x.scenario.diagnostic)) {
      const x = r.stats;
      const d = (a: Summary, b: Summary) => fmt(a.median - b.median);
      if (x.sql.median > 50) {
        console.log(
          `| (${r.scenario.key}) | ${fmt(x.sql.median)} | SQL-bound: the differences are noise | | | | ${fmt(x.api.median)} |`,
        );
        continue;
      }
      console.log(
        `| (${r.scenario.key}) | ${fmt(x.sql.median)} | ${d(x.orm, x.sql)} | ${d(x.execute, x.orm)} | ` +
          `${d(x.apiNoLimit, x.execute)} | ${d(x.api, x.apiNoLimit)} | ${fmt(x.api.median)} |`,
      );
    }
    console.log('\n| floor | n | median (p95) |');
    console.log('|---|---:|---:|');
    for (const [name, xs] of Object.entries(floors.samples)) {
      const x = summarise(xs ?? []);
      console.log(`| ${name} | ${x.n} | ${cell(x)} |`);
    }
    console.log('');
    for (const r of results.filter((x) => ['a', 'b'].includes(x.scenario.key))) {
      const q = r.stats.api.median / r.stats.sql.median;
      console.log(
        `Target API/SQL ≤ ${TARGET} for (${r.scenario.key}): ${q <= TARGET ? 'met' : 'MISSED'} (${q.toFixed(2)})`,
      );
    }
    const summary = <K extends string>(samples: Partial<Record<K, number[]>>, key: K) =>
      summarise(samples[key] ?? []);
    const csvSamples = csvRounds?.samples ?? {};
    const csv = {
      sql: summary(csvSamples, 'sql'),
      psql: summary(csvSamples, 'psql'),
      all: summary(csvSamples, 'all'),
      api: summary(csvSamples, 'api'),
      apiNoLimit: summary(csvSamples, 'apiNoLimit'),
      cursor: summary(csvSamples, 'cursor'),
      keyset: summary(csvSamples, 'keyset'),
    };
    const pageStats = (k: keyof typeof pageRounds.samples) => summary(pageRounds.samples, k);
    const rows: [string, Summary, Summary, Summary, string][] = [
      [
        '(g) full CSV (API) vs COPY of its statement (pg)',
        csv.sql,
        csv.api,
        csv.apiNoLimit,
        '≤ 1.5',
      ],
      [
        '(g) full CSV (API) vs the same COPY through psql',
        csv.psql,
        csv.api,
        csv.apiNoLimit,
        '≤ 1.5',
      ],
      [
        '(g) full CSV (API) vs COPY of all entry columns (pg)',
        csv.all,
        csv.api,
        csv.apiNoLimit,
        '–',
      ],
      [
        '(h) /journal first page, cached, vs its SQL (units, page of 25, count)',
        pageStats('journalSql'),
        pageStats('journalApi'),
        pageStats('journalApiNoLimit'),
        '< 1',
      ],
      [
        '(i) /journal with If-None-Match (304), no rate limit',
        pageStats('journalSql'),
        pageStats('journal304'),
        pageStats('journal304'),
        '< 1',
      ],
      [
        '(j) feed, cached, vs its SQL (page of 50)',
        pageStats('feedSql'),
        pageStats('feedApi'),
        pageStats('feedApiNoLimit'),
        '< 1',
      ],
    ];
    console.log(
      '\n## Downloads and cached pages: median (p95) in ms; ratio = API median / SQL median\n',
    );
    console.log('| scenario | n | SQL | API (HTTP) | API, no rate limit | API / SQL | target |');
    console.log('|---|---:|---:|---:|---:|---:|---|');
    for (const [name, sqlStats, api, apiNoLimit, target] of rows.filter((r) => r[2].n > 0)) {
      console.log(
        `| ${name} | ${api.n} | ${cell(sqlStats)} | ${cell(api)} | ${cell(apiNoLimit)} | ` +
          `**${ratio(api.median, sqlStats.median)}** | ${target} |`,
      );
    }
    if (csv.cursor.n > 0) {
      console.log(
        `\n(k) Full CSV made from rows in the process, no HTTP: one cursor ${cell(csv.cursor)} ms, ` +
          `keyset pages of 100 ${cell(csv.keyset)} ms; keyset / cursor ` +
          `${ratio(csv.keyset.median, csv.cursor.median)}; cursor / COPY (pg) ${ratio(csv.cursor.median, csv.sql.median)}`,
      );
    }
    console.log(`Total time ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
  } finally {
    for (const stop of stops) await stop();
    await orm?.close(true);
    await raw?.end();
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

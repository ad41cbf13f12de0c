/**
 * Throughput of the public journal's first page under 32 concurrent clients: the real server
 * (dist/src/main.js, SERVER_PROCESSES = the cores) against a bare node:http + `pg` endpoint in a
 * cluster of as many processes running the same statements (bench/lib/bareEndpoint.ts), in the
 * same run, alternating. See docs/benchmarks.md, "Throughput".
 *
 *   npm run bench:throughput
 *
 * Settings (environment):
 *   BENCH_POSTS              journal posts to generate (200000)
 *   BENCH_CLIENTS            concurrent keep-alive clients (32)
 *   BENCH_SECONDS            length of one measured run (10)
 *   BENCH_ROUNDS             runs per side and scenario, alternating API and bare (3)
 *   BENCH_PROCESSES          server processes of both sides (the cores)
 *   BENCH_DATABASE_URL       a PostgreSQL server with CREATEDB (default: throwaway embedded one)
 */
import './lib/env';
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { migrate } from '../src/db/database';
import { ormOptions } from '../src/db/orm-options';
import { todayInOslo } from '../src/domain/workingDays';
import { ATOM_ENTRIES } from '../src/http/publicJournal/atom';
import { PAGE_SIZE } from '../src/http/publicJournal/page';
import { listPublicJournal, publicJournalWatermark } from '../src/queries/publicJournal';
import { toGlobalId } from '../src/schema/globalId';
import { BENCH_AUTH_SECRET, benchConfig, intSetting, mikroOrmTypes } from './lib/config';
import { treeCpuMs } from './lib/cpu';
import { freePort } from './lib/database';
import { generate } from './lib/generate';
import {
  combine,
  loadAvg,
  type LoadResult,
  type LoadTarget,
  PUBLIC_JOURNAL_FIRST_PAGE,
  runLoad,
} from './lib/load';
import { captured, openBenchRun, startBareEndpoint, startProcess } from './lib/processes';
import { fmt, ratio } from './lib/stats';

const POSTS = intSetting('BENCH_POSTS', 200_000);
const CLIENTS = intSetting('BENCH_CLIENTS', 32);
const SECONDS = intSetting('BENCH_SECONDS', 10);
const ROUNDS = intSetting('BENCH_ROUNDS', 3);
const PROCESSES = intSetting('BENCH_PROCESSES', os.availableParallelism());
const WARMUP_SECONDS = 2;
const TARGET = 0.7;
/** A Friday; its posts are published by today (the server takes the real date in Norway). */
const LAST_JOURNAL_DATE = '2026-11-13';
const FIRST = 50;

interface Scenario {
  key: string;
  title: string;
  api: LoadTarget;
  bare: LoadTarget;
  /** What the bare side runs */
  bareRuns: string;
}

async function main(): Promise<void> {
  console.log(
    `Throughput benchmark: ${POSTS} posts, ${CLIENTS} keep-alive clients, ${PROCESSES} server ` +
      `processes per side, ${ROUNDS} × ${SECONDS} s per side and scenario; ${os.availableParallelism()} cores`,
  );
  const { db, work, children, cleanUp } = await openBenchRun('throughput');
  console.log(`Database: ${db.description}`);
  try {
    const orm = await MikroORM.init({ ...ormOptions(db.url, 2), logger: () => undefined });
    const client = new pg.Client({ connectionString: db.url, types: mikroOrmTypes() });
    try {
      await migrate(orm);
      const gen = await generate(db.url, { posts: POSTS, lastJournalDate: LAST_JOURNAL_DATE });
      const genMs = gen.steps.reduce((s, x) => s + x.ms, 0);
      console.log(`Generated ${gen.posts} journal posts in ${(genMs / 1000).toFixed(1)} s`);
      await client.connect();
      const config = benchConfig(db.url, {});
      const settings = config.publicJournal;
      const today = todayInOslo();
      const routes = {
        '/first-page': await captured(orm, client, (em) =>
          listPublicJournal(em, settings, today, { filter: {}, page: { first: FIRST } }),
        ),
        '/journal': await captured(orm, client, async (em) => {
          await publicJournalWatermark(em);
          await em.getConnection().execute('select id, name from unit order by name');
          const page = await listPublicJournal(em, settings, today, {
            filter: {},
            page: { first: PAGE_SIZE },
          });
          await page.totalCount();
        }),
        '/feed': await captured(orm, client, async (em) => {
          await publicJournalWatermark(em);
          await listPublicJournal(em, settings, today, {
            filter: {},
            page: { first: ATOM_ENTRIES },
          });
        }),
      };
      writeFileSync(path.join(work, 'routes.json'), JSON.stringify(routes));
      for (const [route, texts] of Object.entries(routes)) {
        console.log(`  ${route}: ${texts.length} statement(s)`);
      }

      const apiPort = await freePort();
      const barePort = await freePort();
      children.push(
        await startProcess(
          ['--no-experimental-require-module', 'dist/src/main.js'],
          {
            NODE_ENV: 'production',
            SERVER_PROCESSES: String(PROCESSES),
            DATABASE_URL: db.url,
            PORT: String(apiPort),
            HOST: '127.0.0.1',
            AUTH_SECRET: BENCH_AUTH_SECRET,
            INSIGHT_LINK_SECRET: 'benchmark-link-secret-that-is-long-enough',
            // As in bench/lib/config.ts: the limiter on (PostgreSQL store), its budget out of reach.
            RATE_LIMIT_POINTS_ANONYMOUS: '1000000000',
            RATE_LIMIT_POINTS_USER: '1000000000',
            LOG_LEVEL: 'info',
            DATA_DIR: work,
          },
          'Arkivgraf is running at',
          path.join(work, 'api.log'),
        ),
      );
      children.push(
        await startBareEndpoint(
          { db, work },
          { port: barePort, processes: PROCESSES, poolMax: config.dbPoolMax },
        ),
      );
      const pids = { api: children[0]!.pid!, bare: children[1]!.pid! };
      const api = `http://127.0.0.1:${apiPort}`;
      const bare = `http://127.0.0.1:${barePort}`;

      // Check: both sides answer the same first page.
      const gqlBody = JSON.stringify({
        query: PUBLIC_JOURNAL_FIRST_PAGE,
        variables: { first: FIRST },
      });
      const apiPage = (await (
        await fetch(`${api}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: gqlBody,
        })
      ).json()) as { data: { publicJournal: { edges: { node: { id: string } }[] } } };
      const barePage = (await (await fetch(`${bare}/first-page`)).json()) as { id: string }[][];
      const apiIds = apiPage.data.publicJournal.edges.map((e) => e.node.id);
      const bareIds = barePage
        .at(-1)!
        .slice(0, FIRST)
        .map((r) => toGlobalId('PublicJournalEntry', r.id));
      if (apiIds.length !== FIRST || apiIds.join() !== bareIds.join()) {
        throw new Error('The API and the bare endpoint disagree on the first page');
      }

      const ceiling = await runLoad(
        { url: `${bare}/trivial`, method: 'GET' },
        CLIENTS,
        SECONDS * 1000,
      );
      const apiHealth = await runLoad(
        { url: `${api}/healthz`, method: 'GET' },
        CLIENTS,
        SECONDS * 1000,
      );
      console.log(
        `\nClient ceiling (bare /trivial, '{}' without SQL): ${combine([ceiling]).rps.toFixed(0)} requests/s; ` +
          `API /healthz (Express, no SQL): ${combine([apiHealth]).rps.toFixed(0)} requests/s; load ${loadAvg()}`,
      );

      const scenarios: Scenario[] = [
        {
          key: 'a',
          title: `GraphQL publicJournal(first: ${FIRST}), every entry field`,
          api: {
            url: `${api}/graphql`,
            method: 'POST',
            body: gqlBody,
          },
          bare: { url: `${bare}/first-page`, method: 'POST', body: gqlBody },
          bareRuns: 'the page statement',
        },
        {
          key: 'b',
          title: 'GET /journal (HTML, first page; cached by the watermark)',
          api: { url: `${api}/journal`, method: 'GET' },
          bare: { url: `${bare}/journal`, method: 'GET' },
          bareRuns: 'an uncached view: watermark, units, page, count',
        },
        {
          key: 'c',
          title: 'GET /public-journal.atom (feed; cached by the watermark)',
          api: { url: `${api}/public-journal.atom`, method: 'GET' },
          bare: { url: `${bare}/feed`, method: 'GET' },
          bareRuns: 'an uncached feed: watermark, page',
        },
      ];

      const rows: string[] = [];
      for (const s of scenarios) {
        await runLoad(s.api, CLIENTS, WARMUP_SECONDS * 1000);
        await runLoad(s.bare, CLIENTS, WARMUP_SECONDS * 1000);
        const runs: Record<'api' | 'bare', LoadResult[]> = { api: [], bare: [] };
        const cpuMs = { api: 0, bare: 0 };
        const perRound: string[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          const order: ('api' | 'bare')[] = r % 2 === 0 ? ['api', 'bare'] : ['bare', 'api'];
          for (const side of order) {
            const before = treeCpuMs(pids[side]) ?? NaN;
            runs[side].push(await runLoad(s[side], CLIENTS, SECONDS * 1000));
            cpuMs[side] += (treeCpuMs(pids[side]) ?? NaN) - before;
          }
          const rps = (side: 'api' | 'bare') => combine([runs[side].at(-1)!]).rps;
          perRound.push(ratio(rps('api'), rps('bare')));
        }
        const a = combine(runs.api);
        const b = combine(runs.bare);
        const perRequest = (side: 'api' | 'bare') =>
          cpuMs[side] / runs[side].reduce((n, run) => n + run.requests, 0);
        const met = a.rps / b.rps >= TARGET ? 'met' : 'missed';
        console.log(
          `\n(${s.key}) ${s.title}; bare: ${s.bareRuns}\n` +
            `  API  ${a.rps.toFixed(0).padStart(6)} requests/s, p50 ${fmt(a.latency.median)} ms, p95 ${fmt(a.latency.p95)} ms, errors ${a.errors}, ${fmt(perRequest('api'))} CPU ms/request in its processes\n` +
            `  bare ${b.rps.toFixed(0).padStart(6)} requests/s, p50 ${fmt(b.latency.median)} ms, p95 ${fmt(b.latency.p95)} ms, errors ${b.errors}, ${fmt(perRequest('bare'))} CPU ms/request in its processes\n` +
            `  API / bare ${ratio(a.rps, b.rps)} (rounds: ${perRound.join(', ')}); target ≥ ${TARGET}: ${met}; load ${loadAvg()}`,
        );
        rows.push(
          `| (${s.key}) | ${a.rps.toFixed(0)} | ${fmt(a.latency.median)} / ${fmt(a.latency.p95)} | ${b.rps.toFixed(0)} | ${fmt(b.latency.median)} / ${fmt(b.latency.p95)} | ${ratio(a.rps, b.rps)} | ${met} | ${fmt(perRequest('api'))} / ${fmt(perRequest('bare'))} |`,
        );
      }
      console.log(
        '\n| scenario | API req/s | API p50 / p95 ms | bare req/s | bare p50 / p95 ms | API / bare | ≥ 0.7 | CPU ms/request API / bare |',
      );
      console.log('|---|---|---|---|---|---|---|---|');
      for (const row of rows) console.log(row);
      console.log(`\nLoad average at the end: ${loadAvg()}`);
    } finally {
      await client.end().catch(() => undefined);
      await orm.close(true);
    }
  } finally {
    await cleanUp();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

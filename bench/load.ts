/**
 * Load: the built server (dist/src/main.js, SERVER_PROCESSES = the cores) on a fresh database
 * with the demo data, DURATION seconds at saturation on a mix of anonymous public-journal reads,
 * signed-in internal lists and registrations, with autocannon (one instance per kind, all at
 * once). Before the mix, in the same run: the floor, i.e. the public journal's first page as plain
 * `pg` runs its SQL (bench/lib/bareEndpoint.ts), and the API's GraphQL page alone, at the same
 * concurrency. See docs/benchmarks.md, "Load: 60 s at saturation".
 *
 *   npm run bench:load
 *
 * Settings (environment):
 *   DURATION                 seconds of the mix (60)
 *   BENCH_CLIENTS            concurrent keep-alive connections in all (20), shared by the weights
 *   BENCH_FLOOR_SECONDS      seconds of each floor run (10)
 *   BENCH_WARMUP_SECONDS     seconds of the mix before anything is measured (10)
 *   BENCH_PROCESSES          server processes of both sides (the cores)
 *   BENCH_DATABASE_URL       a PostgreSQL server with CREATEDB (default: throwaway embedded one)
 *   BENCH_SERVER_NODE_OPTIONS NODE_OPTIONS of the server's processes only, e.g.
 *                            --max-old-space-size=160 to tell a leak from a heap V8 lets grow
 */
import './lib/env';
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import autocannon from 'autocannon';
import pg from 'pg';
import { issueLocalToken } from '../src/auth/tokens';
import { ormOptions } from '../src/db/orm-options';
import { todayInOslo } from '../src/domain/workingDays';
import { listPublicJournal } from '../src/queries/publicJournal';
import { toGlobalId } from '../src/schema/globalId';
import { BENCH_AUTH_SECRET, benchConfig, intSetting, mikroOrmTypes } from './lib/config';
import { treeCpuMs } from './lib/cpu';
import { freePort } from './lib/database';
import { loadAvg, PUBLIC_JOURNAL_FIRST_PAGE } from './lib/load';
import { treeRssKb } from './lib/memory';
import { captured, openBenchRun, startBareEndpoint, startProcess } from './lib/processes';
import { fmt, rank, ratio } from './lib/stats';

const SECONDS = intSetting('DURATION', 60);
const CLIENTS = intSetting('BENCH_CLIENTS', 20);
const FLOOR_SECONDS = intSetting('BENCH_FLOOR_SECONDS', 10);
const WARMUP_SECONDS = intSetting('BENCH_WARMUP_SECONDS', 10);
const PROCESSES = intSetting('BENCH_PROCESSES', os.availableParallelism());
const FIRST = 50;
/** Memory is flat when the mean of the last 10 s is within this of the first 10 s. */
const FLAT = 0.15;
const WINDOW = 10;

const CASES = `query CaseList { cases(first: 25) { totalCount edges { node { id caseNumber title status
  responsibleUnit { name } caseResponsible { displayName } } } pageInfo { hasNextPage endCursor } } }`;
const POSTS = `query JournalPostList { journalPosts(first: 25) { totalCount edges { node { id registryId
  title type status journalDate responsible { displayName } } } pageInfo { hasNextPage endCursor } } }`;
const SEARCH = `query Search($q: String) { journalPosts(filter: { query: $q }, first: 25) { totalCount
  edges { node { id registryId title type status journalDate } } } }`;
const REGISTER = `mutation RegisterIncomingLetter($input: RegisterJournalPostInput!) {
  registerJournalPost(input: $input) { id registryId journalSequenceNumber status } }`;

interface Kind {
  name: string;
  /** Share of the connections (out of the sum of all weights) */
  weight: number;
  method: 'GET' | 'POST';
  path: string;
  signedIn: boolean;
  body?: string;
}

/**
 * The mix, as shares of the connections: half of them anonymous public-journal reads, three
 * tenths signed-in lists and searches, a fifth registrations (each a new journal post, so the
 * journal's numbering, gapless and so one at a time, is in the run).
 */
function mix(caseId: string): Kind[] {
  const gql = (query: string, variables: Record<string, unknown> = {}) =>
    JSON.stringify({ query, variables });
  return [
    { name: 'GET /journal', weight: 4, method: 'GET', path: '/journal/vennesla', signedIn: false },
    {
      name: 'GraphQL publicJournal',
      weight: 4,
      method: 'POST',
      path: '/graphql',
      signedIn: false,
      body: gql(PUBLIC_JOURNAL_FIRST_PAGE, { first: FIRST }),
    },
    {
      name: 'CSV download',
      weight: 2,
      method: 'GET',
      path: '/journal/vennesla/public-journal.csv',
      signedIn: false,
    },
    {
      name: 'cases list',
      weight: 3,
      method: 'POST',
      path: '/graphql',
      signedIn: true,
      body: gql(CASES),
    },
    {
      name: 'journal posts list',
      weight: 3,
      method: 'POST',
      path: '/graphql',
      signedIn: true,
      body: gql(POSTS),
    },
    {
      name: 'search',
      weight: 2,
      method: 'POST',
      path: '/graphql',
      signedIn: true,
      body: gql(SEARCH, { q: 'søknad' }),
    },
    {
      name: 'registration',
      weight: 2,
      method: 'POST',
      path: '/graphql',
      signedIn: true,
      body: gql(REGISTER, {
        input: {
          caseId,
          type: 'INCOMING',
          title: 'Lastprøve – {Kari Nordmann}',
          correspondents: [{ role: 'SENDER', name: 'Kari Nordmann' }],
        },
      }),
    },
  ];
}

interface Outcome {
  requests: number;
  errors: number;
  /** What the errors were: HTTP statuses, connection errors, GraphQL errors */
  causes: Record<string, number>;
  latencies: number[];
  seconds: number;
}

/** One autocannon instance; a GraphQL answer with `errors` counts as an error as a non-2xx does. */
async function fire(
  base: string,
  kind: Pick<Kind, 'method' | 'path' | 'body'>,
  connections: number,
  seconds: number,
  headers: Record<string, string>,
): Promise<Outcome> {
  const latencies: number[] = [];
  let graphqlErrors = 0;
  const instance = autocannon({
    url: base,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: kind.method,
        path: kind.path,
        headers: kind.body ? { ...headers, 'content-type': 'application/json' } : headers,
        ...(kind.body ? { body: kind.body } : {}),
        onResponse: (status, body) => {
          if (kind.path === '/graphql' && status === 200 && body.includes('"errors"')) {
            graphqlErrors += 1;
          }
        },
      },
    ],
  });
  const causes: Record<string, number> = {};
  const count = (cause: string, n = 1) => {
    if (n > 0) causes[cause] = (causes[cause] ?? 0) + n;
  };
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
    else count(`HTTP ${status}`);
  });
  const result = await instance;
  count('connection errors', result.errors - result.timeouts);
  count('timeouts', result.timeouts);
  count('GraphQL errors', graphqlErrors);
  return {
    requests: latencies.length,
    causes,
    errors: result.errors + result.non2xx + graphqlErrors,
    latencies: latencies.sort((a, b) => a - b),
    seconds: result.duration,
  };
}

/** `run`, and the CPU time (ms) the process tree of `pid` spent meanwhile. */
async function withCpu<T>(pid: number, run: () => Promise<T>): Promise<[T, number]> {
  const before = treeCpuMs(pid) ?? NaN;
  const result = await run();
  return [result, (treeCpuMs(pid) ?? NaN) - before];
}

const percentiles = (o: Outcome) =>
  `${fmt(rank(o.latencies, 0.5))} / ${fmt(rank(o.latencies, 0.95))} / ${fmt(rank(o.latencies, 0.99))}`;

interface Sample {
  at: number;
  rssKb: number;
  heapBytes: number | null;
}

/** The heap in use of the process that answered, from /metrics where the server has it. */
async function heapFromMetrics(base: string): Promise<number | null> {
  try {
    const res = await fetch(`${base}/metrics`);
    if (res.status !== 200) return null;
    const found = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)$/m.exec(await res.text());
    return found ? Number(found[1]) : null;
  } catch {
    return null;
  }
}

function sampleMemory(pid: number, base: string): { samples: Sample[]; stop: () => void } {
  const samples: Sample[] = [];
  const started = Date.now();
  const timer = setInterval(() => {
    void heapFromMetrics(base).then((heapBytes) =>
      samples.push({ at: (Date.now() - started) / 1000, rssKb: treeRssKb(pid) ?? NaN, heapBytes }),
    );
  }, 1000);
  return { samples, stop: () => clearInterval(timer) };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

function memoryReport(samples: Sample[], seconds: number): string[] {
  const first = samples.filter((s) => s.at <= WINDOW);
  const last = samples.filter((s) => s.at > seconds - WINDOW);
  const lines: string[] = [];
  const compare = (label: string, pick: (s: Sample) => number | null, unit: number, u: string) => {
    const a = first.map(pick).filter((x): x is number => x !== null && Number.isFinite(x));
    const b = last.map(pick).filter((x): x is number => x !== null && Number.isFinite(x));
    if (!a.length || !b.length) {
      lines.push(`${label}: not sampled`);
      return;
    }
    const growth = mean(b) / mean(a) - 1;
    lines.push(
      `${label}: first ${WINDOW} s ${(mean(a) / unit).toFixed(0)} ${u}, last ${WINDOW} s ${(mean(b) / unit).toFixed(0)} ${u} ` +
        `(${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %; flat within ${FLAT * 100} %: ${Math.abs(growth) <= FLAT ? 'yes' : 'NO'}); ` +
        `max ${(Math.max(...samples.map(pick).filter((x): x is number => x !== null)) / unit).toFixed(0)} ${u}`,
    );
  };
  compare('server RSS (all processes)', (s) => s.rssKb, 1024, 'MiB');
  const curve: string[] = [];
  for (let from = 0; from < seconds; from += WINDOW) {
    const part = samples.filter((s) => s.at > from && s.at <= from + WINDOW).map((s) => s.rssKb);
    if (part.length) curve.push(`${(mean(part) / 1024).toFixed(0)}`);
  }
  lines.push(`server RSS per ${WINDOW} s (MiB): ${curve.join(', ')}`);
  compare('heap used (/metrics, the process that answered)', (s) => s.heapBytes, 1024 ** 2, 'MiB');
  return lines;
}

async function main(): Promise<void> {
  console.log(
    `Load benchmark: ${SECONDS} s of the mix on ${CLIENTS} keep-alive connections, ${PROCESSES} server ` +
      `processes; floor runs of ${FLOOR_SECONDS} s; ${os.availableParallelism()} cores, load ${loadAvg()}`,
  );
  const { db, work, children, cleanUp } = await openBenchRun('load');
  console.log(`Database: ${db.description}`);
  try {
    const apiPort = await freePort();
    const config = benchConfig(db.url, {});
    // The server migrates and seeds the demo data itself (SEED_DEMO_DATA), as at a first start.
    children.push(
      await startProcess(
        ['--no-experimental-require-module', 'dist/src/main.js'],
        {
          NODE_ENV: 'production',
          SERVER_PROCESSES: String(PROCESSES),
          DATABASE_URL: db.url,
          SEED_DEMO_DATA: 'true',
          PORT: String(apiPort),
          HOST: '127.0.0.1',
          AUTH_SECRET: BENCH_AUTH_SECRET,
          INSIGHT_LINK_SECRET: 'benchmark-insight-link-secret-long-enough',
          // The limiter on (PostgreSQL store, as in production), its budgets out of reach: the
          // run measures the server, not the limits.
          RATE_LIMIT_POINTS_ANONYMOUS: '1000000000',
          RATE_LIMIT_POINTS_USER: '1000000000',
          LOG_LEVEL: 'warn',
          DATA_DIR: work,
          ...(process.env.BENCH_SERVER_NODE_OPTIONS
            ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS }
            : {}),
        },
        'Arkivgraf is running at',
        path.join(work, 'api.log'),
      ),
    );
    const api = `http://127.0.0.1:${apiPort}`;

    const orm = await MikroORM.init({ ...ormOptions(db.url, 2), logger: () => undefined });
    const client = new pg.Client({ connectionString: db.url, types: mikroOrmTypes() });
    await client.connect();
    let caseId: string;
    let routes: Record<string, string[]>;
    try {
      routes = {
        '/first-page': await captured(orm, client, (em) =>
          listPublicJournal(em, config.publicJournal, todayInOslo(), {
            filter: {},
            page: { first: FIRST },
          }),
        ),
      };
      // Registrations go onto an open case of PPT that has a case responsible (as a letter does).
      const [target] = (
        await client.query<{ id: string }>(
          `select c.id from case_file c join unit u on u.id = c.responsible_unit_id
            where u.name = 'PPT' and c.status = 'IN_PROGRESS' and c.case_responsible_id is not null
            order by c.case_number limit 1`,
        )
      ).rows;
      caseId = toGlobalId('Case', target!.id);
    } finally {
      await client.end();
      await orm.close(true);
    }
    writeFileSync(path.join(work, 'routes.json'), JSON.stringify(routes));
    const barePort = await freePort();
    children.push(
      await startBareEndpoint(
        { db, work },
        { port: barePort, processes: PROCESSES, poolMax: config.dbPoolMax },
      ),
    );
    const bare = `http://127.0.0.1:${barePort}`;
    const token = await issueLocalToken(new TextEncoder().encode(BENCH_AUTH_SECRET), 'arkivar');
    const signedIn = { authorization: `Bearer ${token}` };
    // The demo installation has two organisations: the anonymous public names Vennesla's journal.
    const anonymous = { 'x-organisation': 'vennesla' };
    const kinds = mix(caseId);

    const weights = kinds.reduce((s, k) => s + k.weight, 0);
    const connections = (k: Kind) => Math.max(1, Math.round((CLIENTS * k.weight) / weights));
    const runMix = (seconds: number) =>
      Promise.all(
        kinds.map((k) => fire(api, k, connections(k), seconds, k.signedIn ? signedIn : anonymous)),
      );
    // A warm-up of the mix (compilation, caches, pools), in which no kind may fail.
    const warm = await runMix(WARMUP_SECONDS);
    kinds.forEach((k, i) => {
      if (warm[i]!.errors > 0) {
        throw new Error(
          `${k.name} does not answer without errors in the warm-up: ${JSON.stringify(warm[i]!.causes)}`,
        );
      }
    });

    const pageBody = JSON.stringify({
      query: PUBLIC_JOURNAL_FIRST_PAGE,
      variables: { first: FIRST },
    });
    const barePid = children[1]!.pid!;
    const apiPid = children[0]!.pid!;
    const [floor, floorCpu] = await withCpu(barePid, () =>
      fire(
        bare,
        { method: 'POST', path: '/first-page', body: pageBody },
        CLIENTS,
        FLOOR_SECONDS,
        {},
      ),
    );
    const [alone, aloneCpu] = await withCpu(apiPid, () =>
      fire(
        api,
        { method: 'POST', path: '/graphql', body: pageBody },
        CLIENTS,
        FLOOR_SECONDS,
        anonymous,
      ),
    );
    const rps = (o: Outcome) => o.requests / o.seconds;
    console.log(
      `\nFloor, ${CLIENTS} connections, ${FLOOR_SECONDS} s each: plain pg ${rps(floor).toFixed(0)} requests/s ` +
        `(p50 / p95 / p99 ${percentiles(floor)} ms, errors ${floor.errors}, ${fmt(floorCpu / floor.requests)} CPU ms/request); ` +
        `API GraphQL publicJournal(first: ${FIRST}) alone ${rps(alone).toFixed(0)} requests/s ` +
        `(p50 / p95 / p99 ${percentiles(alone)} ms, errors ${alone.errors}, ${fmt(aloneCpu / alone.requests)} CPU ms/request); ` +
        `API / pg ${ratio(rps(alone), rps(floor))}; load ${loadAvg()}`,
    );

    const memory = sampleMemory(apiPid, api);
    const [outcomes, mixCpu] = await withCpu(apiPid, () => runMix(SECONDS));
    memory.stop();

    const all: Outcome = {
      requests: outcomes.reduce((s, o) => s + o.requests, 0),
      errors: outcomes.reduce((s, o) => s + o.errors, 0),
      causes: {},
      latencies: outcomes.flatMap((o) => o.latencies).sort((a, b) => a - b),
      seconds: Math.max(...outcomes.map((o) => o.seconds)),
    };
    console.log(`\nMix, ${SECONDS} s, load at the end ${loadAvg()}:\n`);
    console.log(
      '| kind | connections | requests/s | share of requests | p50 / p95 / p99 ms | errors |',
    );
    console.log('|---|---|---|---|---|---|');
    kinds.forEach((k, i) => {
      const o = outcomes[i]!;
      console.log(
        `| ${k.name} | ${connections(k)} | ${rps(o).toFixed(1)} | ` +
          `${((o.requests / all.requests) * 100).toFixed(1)} % | ${percentiles(o)} | ${o.errors}${o.errors ? ` ${JSON.stringify(o.causes)}` : ''} |`,
      );
    });
    console.log(
      `| **all** | ${CLIENTS} | ${rps(all).toFixed(1)} | 100 % | ${percentiles(all)} | ${all.errors} |`,
    );
    console.log(
      `\nMix / pg floor: ${ratio(rps(all), rps(floor))} (all kinds together against the plain-pg page); ` +
        `errors ${all.errors === 0 ? '0 (met)' : `${all.errors} (MISSED)`}; ` +
        `${fmt(mixCpu / all.requests)} CPU ms/request in the server's processes (all kinds)`,
    );
    for (const line of memoryReport(memory.samples, SECONDS)) console.log(line);
    if (children[0]!.exitCode !== null) {
      throw new Error(`the server exited during the run (${children[0]!.exitCode})`);
    }
  } finally {
    await cleanUp();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

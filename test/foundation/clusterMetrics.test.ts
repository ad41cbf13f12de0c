import { type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltServer } from '../support/build';
import { createTestDatabase } from '../support/database';
import { freePort, stopProcess, waitUntil } from '../support/processes';

/**
 * /metrics of a cluster (SERVER_PROCESSES=2, README "Observability"): whichever worker takes the
 * scrape, it answers for both, so a scrape through the shared port is complete. Run from the tsc
 * build (support/build.ts), on a database of the test server.
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-cluster-metrics-'));
let server: ChildProcess | undefined;
let output = () => '';
let url = '';
let databaseUrl = '';

const waitFor = (found: () => boolean, what: string, ms = 90_000) =>
  waitUntil(found, what, { ms, context: () => output() });

/** A request on a connection of its own: the primary hands each connection to the next worker. */
function get(pathname: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}${pathname}`, { agent: false, timeout: 10_000 }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      })
      .on('timeout', () => reject(new Error(`no answer within 10 s:\n${output()}`)))
      .on('error', reject);
  });
}

const sample = (text: string, series: string) =>
  Number(
    text
      .split('\n')
      .find((l) => l.startsWith(`${series} `))
      ?.split(' ')
      .at(-1),
  );

/** The workers that answered, from the pid of their request log lines. */
const answeredBy = () =>
  new Set(
    output()
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes('"msg":"request"'))
      .map((l) => (JSON.parse(l) as { pid: number }).pid),
  );

beforeAll(async () => {
  const [database, port] = await Promise.all([createTestDatabase('demo'), freePort()]);
  databaseUrl = database;
  url = `http://127.0.0.1:${port}`;
  const started = await startBuiltServer({
    NODE_ENV: 'test',
    SERVER_PROCESSES: '2',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'info',
    AUTH_SECRET: 'test-secret-that-is-long-enough-for-hs256!',
  });
  server = started.child;
  output = started.output;
  await waitFor(() => output().includes('Arkivgraf is running at'), 'the start');
}, 300_000);

afterAll(async () => {
  await stopProcess(server);
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('A scrape of a cluster answers for every worker', () => {
  it('the requests of both workers are counted whichever worker is scraped, the outbox once', async () => {
    const owner = new pg.Client({ connectionString: databaseUrl });
    await owner.connect();
    try {
      await owner.query(
        `insert into mail_message (organisation_id, id, kind, recipient, subject, body)
         select id, $1, 'metrics-test', 'x@example.no', 's', 'b' from organisation limit 1`,
        [randomUUID()],
      );
      const { rows } = await owner.query<{ n: string }>(
        'select count(*) as n from mail_message where sent_at is null and failed_at is null',
      );
      const pending = Number(rows[0]!.n);

      for (let i = 0; i < 10; i++) expect((await get('/healthz')).status).toBe(200);
      await waitFor(() => answeredBy().size === 2, 'answers from both workers', 10_000);

      const series =
        'arkivgraf_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"}';
      // Connections alternate between the workers: these scrapes are taken by both.
      for (let i = 0; i < 4; i++) {
        const scraped = await get('/metrics');
        expect(scraped.status).toBe(200);
        expect(sample(scraped.text, series)).toBe(10);
        expect(sample(scraped.text, 'arkivgraf_mail_outbox_pending')).toBe(pending);
      }
    } finally {
      await owner.end();
    }
  }, 60_000);
});

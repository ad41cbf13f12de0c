/**
 * The deposit package (arkivuttrekk) of an archive part of BENCH_POSTS journal posts, each with
 * one document description and its file in arkivformat (a small PDF/A declaration, so the bytes
 * are the package's smallest part and the XML writers dominate): the export job is started
 * through GraphQL on the real server (the application's role, row-level security, as in
 * production) and followed until it succeeds. Reported: wall time, journal posts per second, the
 * package's size, the process's peak RSS (sampled every 50 ms, and `resourceUsage().maxRSS`), and
 * the ratio against the physical floor: the same kind of reads through plain `pg` in one
 * REPEATABLE READ transaction (keyset pages of 1,000 posts with their case, and every file's
 * bytes in 1 MiB slices), measured in the same run. See docs/benchmarks.md, "Arkivuttrekk".
 *
 *   npm run bench:export
 *
 * Settings (environment):
 *   BENCH_POSTS             journal posts of the part (100000)
 *   BENCH_DATABASE_URL      a PostgreSQL server with CREATEDB (default: throwaway embedded one)
 */
import './lib/env';
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { issueLocalToken } from '../src/auth/tokens';
import { FIRST_ORGANISATION_ID } from '../src/db/migrations/Migration20261202100000_organisations';
import { pdfa2b } from '../src/domain/documents/minimalPdf';
import { addWorkingDays } from '../src/domain/workingDays';
import { toGlobalId } from '../src/schema/globalId';
import { buildBenchData, startBenchApp } from './lib/app';
import { intSetting } from './lib/config';
import { openBenchDatabase } from './lib/database';
import { ratio } from './lib/stats';

const POSTS = intSetting('BENCH_POSTS', 100_000);
const LAST_JOURNAL_DATE = '2026-11-13';
const TODAY = addWorkingDays(LAST_JOURNAL_DATE, 5);
/** The fields of the job the benchmark reads */
interface Job {
  id: string;
  state: string;
  recordsDone: number;
  errors: string[];
  packageSize: string | null;
}

const ARCHIVIST_ID = 'b0000000-0000-4000-8000-0000000000aa';
const PART_ID = 'a0000000-0000-4000-8000-00000000c105';
const PAGE = 1000;
const SLICE = 1024 * 1024;

/**
 * An archivist, a CLOSED archive part holding every generated case, and one main document per
 * journal post with its ARCHIVE file (the same small PDF/A declaration for all).
 */
async function prepare(client: pg.Client): Promise<number> {
  await client.query(`select set_config('arkivgraf.organisation', $1, false)`, [
    FIRST_ORGANISATION_ID,
  ]);
  await client.query(
    `insert into app_user (id, username, display_name, unit_id, active, created_at)
     values ($1, 'archivist', 'Arkivar', null, true, '2020-01-01')`,
    [ARCHIVIST_ID],
  );
  await client.query(
    `insert into role_grant (id, user_id, role, unit_id, valid_from)
     values ('d0000000-0000-4000-8000-000000000001', $1, 'ARCHIVIST', null, '2020-01-01')`,
    [ARCHIVIST_ID],
  );
  await client.query(
    `insert into archive_part (id, archive_id, title, status, period_start, period_end, created_at, version)
     select $1, archive_id, 'Sakarkiv (benchmark)', 'CLOSED', '2000-01-01', '2026-12-31', now(), 1
       from archive_part limit 1`,
    [PART_ID],
  );
  await client.query(`update case_file set archive_part_id = $1`, [PART_ID]);
  await client.query(
    `insert into document_description (id, journal_post_id, document_number, role, title, status,
       created_by_id, created_at, version)
     select gen_random_uuid(), jp.id, 1, 'MAIN', 'Hoveddokument', 'FINALISED', $1, jp.created_at, 1
       from journal_post jp`,
    [ARCHIVIST_ID],
  );
  const pdf = pdfa2b('Benchmark (arkivformat)');
  const { rowCount } = await client.query(
    `insert into document (id, journal_post_id, document_description_id, variant, version, file_name,
       media_type, format, size, sha256, content, uploaded_by_id, uploaded_at)
     select gen_random_uuid(), dd.journal_post_id, dd.id, 'ARCHIVE', 1, 'dokument.pdf',
       'application/pdf', 'PDF/A-2b', $1, $2, $3, $4, dd.created_at
       from document_description dd`,
    [pdf.length, createHash('sha256').update(pdf).digest('hex'), pdf, ARCHIVIST_ID],
  );
  await client.query('vacuum analyze');
  return rowCount ?? 0;
}

/** The floor: the posts in keyset pages and every file's bytes in slices, one snapshot. */
async function floor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    await client.query('begin isolation level repeatable read read only');
    let after = '';
    for (;;) {
      const { rows } = await client.query<{ id: string }>(
        `select jp.*, c.case_number from journal_post jp join case_file c on c.id = jp.case_id
          where c.archive_part_id = $1 and jp.id::text > $2 order by jp.id::text limit ${PAGE}`,
        [PART_ID, after],
      );
      if (!rows.length) break;
      after = rows.at(-1)!.id;
    }
    after = '';
    for (;;) {
      const { rows } = await client.query<{ id: string; size: number }>(
        `select d.id, d.size from document d join journal_post jp on jp.id = d.journal_post_id
          join case_file c on c.id = jp.case_id
          where c.archive_part_id = $1 and d.variant = 'ARCHIVE' and d.id::text > $2
          order by d.id::text limit ${PAGE}`,
        [PART_ID, after],
      );
      if (!rows.length) break;
      for (const d of rows) {
        for (let offset = 0; offset < d.size; offset += SLICE) {
          await client.query(
            'select substring(content from $1::int for $2::int) as part from document where id = $3',
            [offset + 1, SLICE, d.id],
          );
        }
      }
      after = rows.at(-1)!.id;
    }
    await client.query('commit');
  } finally {
    await client.end();
  }
  return performance.now() - started;
}

async function main(): Promise<void> {
  const db = await openBenchDatabase(process.env.BENCH_DATABASE_URL || undefined);
  const stops: (() => Promise<void>)[] = [];
  const exportDir = await mkdtemp(path.join(os.tmpdir(), 'bench-export-'));
  try {
    console.log(`Arkivuttrekk: ${POSTS} journal posts (${db.description})`);
    await buildBenchData(db.url, POSTS, LAST_JOURNAL_DATE);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const files = await prepare(client);
    await client.end();
    const { base, secret } = await startBenchApp(
      db.url,
      { EXPORT_DIR: exportDir, DB_STATEMENT_TIMEOUT_MS: '60000' },
      TODAY,
      stops,
      'app',
    );
    const token = await issueLocalToken(secret, 'archivist');
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: Record<string, Job>; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    };

    let peak = process.memoryUsage().rss;
    const baseline = peak;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const started = performance.now();
    const exportId = (
      await gql(
        `mutation ($id: ID!) { job: exportArchivePart(input: { archivePartId: $id }) { id } }`,
        { id: toGlobalId('ArchivePart', PART_ID) },
      )
    ).job!.id;
    let job: Job;
    for (;;) {
      job = (
        await gql(
          `query ($id: ID!) { job: archiveExport(id: $id) { id state recordsDone errors packageSize } }`,
          { id: exportId },
        )
      ).job!;
      if (job.state === 'SUCCEEDED' || job.state === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const exportMs = performance.now() - started;
    clearInterval(sampler);
    if (job.state !== 'SUCCEEDED') throw new Error(`The export failed: ${job.errors.join('; ')}`);
    const floorMs = await floor(db.url);
    const maxRss = process.resourceUsage().maxRSS * 1024;
    const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
    console.log(
      `${job.recordsDone} journal posts, ${files} document files; package ${mb(Number(job.packageSize))} MB`,
    );
    console.log('| what | time | posts/s | peak RSS (sampled) | maxRSS | RSS before |');
    console.log('|---|---:|---:|---:|---:|---:|');
    console.log(
      `| export job (GraphQL, app role) | ${(exportMs / 1000).toFixed(1)} s | ${Math.round(POSTS / (exportMs / 1000))} | ${mb(peak)} MB | ${mb(maxRss)} MB | ${mb(baseline)} MB |`,
    );
    console.log(
      `| floor (plain pg, the same pages and slices) | ${(floorMs / 1000).toFixed(1)} s | ${Math.round(POSTS / (floorMs / 1000))} | | | |`,
    );
    console.log(`Export / floor: ${ratio(exportMs, floorMs)}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await db.stop();
    await rm(exportDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

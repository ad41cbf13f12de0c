import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../src/auth/tokens';
import { todayInOslo } from '../../src/domain/workingDays';
import { toGlobalId } from '../../src/schema/globalId';
import { builtServer } from '../support/build';
import { createTestDatabase } from '../support/database';
import { type SmtpCapture, startSmtpCapture } from '../support/mail';
import { freePort, stopProcess } from '../support/processes';

/**
 * The kill -9 drill: the real entry point (the tsc build, support/build.ts) as a process of its
 * own on a fresh copy of the demo database, with the mail sender on and an SMTP catcher. Writers
 * register incoming letters (the archive's registration onto a case with a case responsible
 * queues a distribution mail, docs/notices.md), upload each letter's file and now and then create
 * a case, while the server is killed with SIGKILL ten times at random moments and restarted. The
 * rules below are then checked in SQL as the database owner.
 */
const root = path.resolve(__dirname, '../..');
const KILLS = 10;
const WRITERS = 4;
const SECRET = 'crash-drill-secret-that-is-long-enough-for-hs256';
/** The server numbers by the date in Norway. */
const YEAR = Number(todayInOslo().slice(0, 4));

let build = '';
let databaseUrl = '';
let port = 0;
let smtp: SmtpCapture;
let owner: pg.Client;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-drill-'));
let server: ChildProcess | undefined;
let out = '';

/** What the clients were told succeeded: each must be in the database afterwards. */
const acked = {
  cases: new Map<string, number>(),
  posts: new Map<string, { journalSequenceNumber: number; registryId: string }>(),
  documents: new Map<string, string>(),
};
/** Answers that were neither a success nor a lost connection (none expected) */
const unexpected: string[] = [];
let lostInFlight = 0;
let drillStart = new Date();

function start(): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--no-experimental-require-module', path.join(build, 'src/main.js')],
    {
      cwd: root,
      env: {
        ...process.env,
        SERVER_PROCESSES: '1',
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        PORT: String(port),
        AUTH_SECRET: SECRET,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_ENABLED: 'false',
        MAIL_SENDER_ENABLED: 'true',
        MAIL_POLL_MS: '100',
        SMTP_URL: smtp.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return child;
}

async function ready(): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    if (server?.exitCode !== null) throw new Error(`the server exited:\n${out}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`not ready within 60 s:\n${out}`);
    await sleep(50);
  }
}

async function kill(): Promise<void> {
  const child = server!;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}

/** A lost connection (the server was killed or is down) rather than an answer. */
class Unreachable extends Error {}

async function call(url: string, init: RequestInit): Promise<{ status: number; body: any }> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    text = await res.text();
  } catch (err) {
    throw new Unreachable(String(err));
  }
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

async function gql(token: string, query: string, variables: Record<string, unknown>) {
  const { status, body } = await call(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  if (status !== 200 || body.errors) throw new Error(`${status} ${JSON.stringify(body)}`);
  return body.data;
}

const CREATE_CASE = `mutation ($input: CreateCaseInput!) { createCase(input: $input) { id caseNumber } }`;
const REGISTER = `mutation ($input: RegisterJournalPostInput!) {
  registerJournalPost(input: $input) { id registryId journalSequenceNumber status } }`;

interface Ids {
  token: string;
  unitId: string;
  responsibleId: string;
}

/** One client: a case now and then, and in it incoming letters, each with its file. */
async function writer(n: number, ids: Ids, up: () => boolean, done: () => boolean) {
  let caseId: string | null = null;
  for (let i = 0; !done(); i++) {
    if (!up()) {
      await sleep(30);
      continue;
    }
    try {
      if (!caseId || i % 5 === 0) {
        const { createCase } = await gql(ids.token, CREATE_CASE, {
          input: {
            title: `Drill ${n}.${i}`,
            responsibleUnitId: ids.unitId,
            caseResponsibleId: ids.responsibleId,
          },
        });
        acked.cases.set(createCase.id, Number(createCase.caseNumber.split('/')[1]));
        caseId = createCase.id as string;
      }
      const { registerJournalPost: post } = await gql(ids.token, REGISTER, {
        input: {
          caseId,
          type: 'INCOMING',
          title: `Brev ${n}.${i}`,
          correspondents: [{ role: 'SENDER', name: `Avsender ${n}.${i}` }],
        },
      });
      acked.posts.set(post.id, {
        journalSequenceNumber: post.journalSequenceNumber,
        registryId: post.registryId,
      });
      const file = Buffer.concat([
        Buffer.from(`%PDF-1.7\n% ${post.registryId}\n`),
        randomBytes(2048),
        Buffer.from('\n%%EOF\n'),
      ]);
      const up = await call(`http://127.0.0.1:${port}/documents/${post.id}/PRODUCTION`, {
        method: 'PUT',
        headers: { 'content-type': 'application/pdf', authorization: `Bearer ${ids.token}` },
        body: file,
      });
      if (up.status !== 201) throw new Error(`${up.status} ${JSON.stringify(up.body)}`);
      acked.documents.set(post.id, createHash('sha256').update(file).digest('hex'));
    } catch (err) {
      if (err instanceof Unreachable) lostInFlight += 1;
      else unexpected.push(String(err));
    }
  }
}

const rows = async <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
  (await owner.query(text, values)).rows as T[];

/** The numbers of a series are 1..max, each once, and its counter stands at max. */
async function gapless(numbers: number[], counter: string) {
  const [row] = await rows<{ value: number }>(
    'select value from number_counter where series = $1',
    [counter],
  );
  const sorted = [...numbers].sort((a, b) => a - b);
  expect(sorted).toEqual(sorted.map((_, i) => i + 1));
  expect(row?.value).toBe(sorted.length);
}

/** The ids of the outbox's mails in the Message-IDs that reached the SMTP server. */
const deliveredIds = () =>
  smtp.received.map((m) => /^Message-ID: <([^@>]+)@/im.exec(m.raw)?.[1] ?? '');

beforeAll(async () => {
  build = await builtServer();
  databaseUrl = await createTestDatabase('demo');
  owner = new pg.Client({ connectionString: databaseUrl });
  await owner.connect();
  smtp = await startSmtpCapture();
  port = await freePort();

  const [unit] = await rows<{ id: string }>(`select id from unit where name = 'PPT'`);
  const [handler] = await rows<{ id: string }>(
    `select id from app_user where username = 'saksbehandler'`,
  );
  const ids: Ids = {
    token: await issueLocalToken(new TextEncoder().encode(SECRET), 'arkivar'),
    unitId: toGlobalId('Unit', unit!.id),
    responsibleId: toGlobalId('User', handler!.id),
  };

  drillStart = new Date((await rows<{ now: Date }>('select now()'))[0]!.now);
  const began = Date.now();
  let up = false;
  let done = false;
  server = start();
  await ready();
  up = true;
  const writers = Array.from({ length: WRITERS }, (_, n) =>
    writer(
      n,
      ids,
      () => up,
      () => done,
    ),
  );
  for (let k = 0; k < KILLS; k++) {
    await sleep(300 + Math.random() * 1700);
    const killed = kill();
    // The writes in flight are cut off; no new ones start until the server is back.
    up = false;
    await killed;
    server = start();
    await ready();
    up = true;
  }
  // Writes after the last restart too, then the writers stop.
  await sleep(1000);
  done = true;
  await Promise.all(writers);
  console.error(
    `crash drill: ${KILLS} kills in ${Math.round((Date.now() - began) / 1000)} s; acknowledged ${acked.cases.size} cases, ${acked.posts.size} posts, ${acked.documents.size} files; ${lostInFlight} requests got no answer`,
  );
}, 240_000);

afterAll(async () => {
  await stopProcess(server);
  await owner?.end();
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('kill -9 leaves no gap and no duplicate in the numbering', () => {
  it('journal numbers of the year and case numbers are 1..n, each once, and the counters agree', async () => {
    expect(unexpected).toEqual([]);
    // Writes were acknowledged, and some were cut off by the kills.
    expect(acked.posts.size).toBeGreaterThan(0);
    expect(lostInFlight).toBeGreaterThan(0);
    const posts = await rows<{ n: number }>(
      'select journal_sequence_number as n from journal_post where journal_year = $1',
      [YEAR],
    );
    await gapless(
      posts.map((p) => p.n),
      `journal:${YEAR}`,
    );
    const cases = await rows<{ n: number }>(
      'select case_sequence as n from case_file where case_year = $1',
      [YEAR],
    );
    await gapless(
      cases.map((c) => c.n),
      `case:${YEAR}`,
    );
  });

  it('the document numbers of each case made in the drill are 1..n, each once', async () => {
    const perCase = await rows<{ id: string; numbers: number[] }>(
      `select c.id, array_agg(p.document_number) as numbers
         from case_file c join journal_post p on p.case_id = c.id
        where c.created_at >= $1 group by c.id`,
      [drillStart],
    );
    expect(perCase.length).toBeGreaterThan(0);
    for (const c of perCase) await gapless(c.numbers, `document:${c.id}`);
  });
});

describe('kill -9 leaves no half-written post or document', () => {
  it('every file has the bytes its size and checksum say, and belongs to a description of its post', async () => {
    const bad = await rows(
      `select d.id from document d
         left join document_description dd
           on dd.id = d.document_description_id and dd.journal_post_id = d.journal_post_id
        where d.disposed_at is null
          and (octet_length(d.content) <> d.size
               or encode(sha256(d.content), 'hex') <> d.sha256 or dd.id is null)`,
    );
    expect(bad).toEqual([]);
  });

  it('every description made in the drill has its file, every post its sender and its distribution mail', async () => {
    const emptyDescriptions = await rows(
      `select dd.id from document_description dd
        where dd.created_at >= $1
          and not exists (select 1 from document d where d.document_description_id = dd.id)`,
      [drillStart],
    );
    expect(emptyDescriptions).toEqual([]);
    const incomplete = await rows(
      `select p.id from journal_post p join case_file c on c.id = p.case_id
        where p.created_at >= $1
          and (not exists (select 1 from correspondent k where k.journal_post_id = p.id)
               or not exists (select 1 from mail_message m
                               where m.kind = 'journalPost.distributed'
                                 and m.subject like '%' || c.case_number || '-' || p.document_number || ' %'))`,
      [drillStart],
    );
    expect(incomplete).toEqual([]);
  });
});

describe('every committed change has its audit event, and no audit event is orphaned', () => {
  it('each case, post and file made in the drill has exactly one creating event', async () => {
    const missing = await rows(
      `select 'case' as kind, c.id from case_file c where c.created_at >= $1
          and (select count(*) from audit_event a
                where a.action = 'case.create' and a.target_id = c.id) <> 1
       union all
       select 'post', p.id from journal_post p where p.created_at >= $1
          and (select count(*) from audit_event a
                where a.action = 'journalPost.register' and a.target_id = p.id) <> 1
       union all
       select 'file', d.id from document d where d.uploaded_at >= $1
          and (select count(*) from audit_event a
                where a.action = 'document.upload' and a.target_id = d.journal_post_id
                  and a.changes -> 'documents.PRODUCTION' -> 'new' ->> 'sha256' = d.sha256) <> 1`,
      [drillStart],
    );
    expect(missing).toEqual([]);
  });

  it('every event of the drill names a record that exists', async () => {
    const orphans = await rows(
      `select a.id, a.action from audit_event a
        where a.at >= $1 and not (
          (a.target_type = 'Case' and exists (select 1 from case_file c where c.id = a.target_id))
          or (a.target_type = 'JournalPost'
              and exists (select 1 from journal_post p where p.id = a.target_id))
          or (a.target_type = 'DocumentDescription'
              and exists (select 1 from document_description d where d.id = a.target_id)))`,
      [drillStart],
    );
    expect(orphans).toEqual([]);
  });
});

describe('every answer a client got as a success is kept', () => {
  it('acknowledged cases, posts (with their numbers) and files are in the database', async () => {
    const uuid = (gid: string) => Buffer.from(gid, 'base64url').toString().split(':')[1];
    const cases = await rows<{ id: string; n: number }>(
      'select id, case_sequence as n from case_file where id = any($1)',
      [[...acked.cases.keys()].map(uuid)],
    );
    expect(new Map(cases.map((c) => [toGlobalId('Case', c.id), c.n]))).toEqual(acked.cases);
    const posts = await rows<{ id: string; n: number; registryId: string }>(
      `select p.id, p.journal_sequence_number as n,
              c.case_number || '-' || p.document_number as "registryId"
         from journal_post p join case_file c on c.id = p.case_id where p.id = any($1)`,
      [[...acked.posts.keys()].map(uuid)],
    );
    expect(
      new Map(
        posts.map((p) => [
          toGlobalId('JournalPost', p.id),
          { journalSequenceNumber: p.n, registryId: p.registryId },
        ]),
      ),
    ).toEqual(acked.posts);
    const files = await rows<{ id: string; sha256: string }>(
      `select journal_post_id as id, sha256 from document
        where journal_post_id = any($1) and variant = 'PRODUCTION' and replaced_at is null`,
      [[...acked.documents.keys()].map(uuid)],
    );
    expect(new Map(files.map((f) => [toGlobalId('JournalPost', f.id), f.sha256]))).toEqual(
      acked.documents,
    );
  });
});

describe('the outbox sends every committed mail at least once (docs/notices.md)', () => {
  it('after the last restart each mail of the drill reaches the SMTP server and is marked sent', async () => {
    const queued = await rows<{ id: string }>(
      'select id from mail_message where created_at >= $1',
      [drillStart],
    );
    expect(queued.length).toBeGreaterThanOrEqual(acked.posts.size);
    const until = Date.now() + 30_000;
    const missing = () => {
      const got = new Set(deliveredIds());
      return queued.filter((m) => !got.has(m.id)).map((m) => m.id);
    };
    while (missing().length > 0 && Date.now() < until) await sleep(100);
    expect(missing()).toEqual([]);
    await expect
      .poll(
        async () =>
          (
            await rows('select id from mail_message where created_at >= $1 and sent_at is null', [
              drillStart,
            ])
          ).length,
        { timeout: 10_000 },
      )
      .toBe(0);
    const copies = deliveredIds().length - new Set(deliveredIds()).size;
    console.error(`crash drill: ${queued.length} mails, ${copies} sent twice after a kill`);
  });
});

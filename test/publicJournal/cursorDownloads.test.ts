import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalStatus, JournalPostType, WriteOffMethod } from '../../src/entities';
import { stringify } from 'csv-stringify';
import { csvRecord } from '../../src/http/publicJournal/csv';
import { CSV_COLUMNS, NORWEGIAN_CSV_HEADERS } from '../../src/queries/publicJournalCsv';
import { FIRST_ORGANISATION_ID } from '../../src/db/migrations/Migration20261202100000_organisations';
import { type PublicJournalFilter, streamPublicJournal } from '../../src/queries/publicJournal';
import { loadConfig } from '../../src/config';
import { PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The downloads read one statement: the CSV is written by PostgreSQL (`COPY … TO STDOUT`,
 * src/db/copyOut.ts), the JSON read through a server-side cursor (src/db/cursor.ts). Both give the
 * same bytes as the keyset pages and the JavaScript CSV writer that serve a download beyond half
 * the pool, and the connection always goes back to the pool (or is closed, for a COPY cut short).
 * The test server's pool has 5 connections.
 */
const TODAY = '2026-06-15';
const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function start(data: 'demo' | 'empty', env: Record<string, string> = {}) {
  const server = await startTestServer({ data, today: TODAY, env });
  servers.push(server);
  return server;
}

function sql(server: TestServer, text: string, params: unknown[] = []): Promise<any[]> {
  return server.orm.em.fork().getConnection().execute(text, params);
}

/** A statement on a connection of its own, without the server's statement timeout. */
async function direct(server: TestServer, text: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    // Setup, not a request: free of the statement timeout on a loaded machine.
    await client.query('set statement_timeout = 0');
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

/** `count` published posts, inserted in one statement next to a template post. */
async function bulkPosts(server: TestServer, count: number): Promise<void> {
  const w = await new PublicWorld(server.orm.em.fork()).init();
  const t = await w.post({
    journalDate: '2026-06-01',
    title: 'Mal',
    status: JournalStatus.RESERVED,
  });
  await direct(
    server,
    `insert into journal_post (organisation_id, id, case_id, document_number, journal_year,
       journal_sequence_number, type, status, title, public_title, journal_date, responsible_id,
       responsible_unit_id, created_by_id, screened_fields, created_at, updated_at)
     select t.organisation_id, gen_random_uuid(), t.case_id, 1 + g, 2026, 5000 + g, 'INCOMING', 'REGISTERED',
       'Massepost nr. ' || g || ' med en lang tittel som fyller linjen i fila', 'Massepost',
       date '2026-01-01' + (g % 150), t.responsible_id, t.responsible_unit_id, t.created_by_id,
       '{}', now(), now()
     from journal_post t cross join generate_series(1, $1::int) g where t.id = $2`,
    [count, t.id],
  );
}

/**
 * The CSV as it was written before the cursor and COPY, the reference: keyset pages, and
 * csv-stringify's stream record by record with the options the download had.
 */
async function keysetCsv(server: TestServer, filter: PublicJournalFilter): Promise<Buffer> {
  const settings = loadConfig({}).publicJournal;
  const rows = streamPublicJournal(
    server.orm.em.fork(),
    FIRST_ORGANISATION_ID,
    settings,
    TODAY,
    filter,
  );
  async function* records() {
    for await (const page of rows) for (const row of page) yield csvRecord(row, 'norwegian');
  }
  const stringifier = stringify({
    bom: true,
    header: true,
    columns: CSV_COLUMNS.map((key) => ({ key, header: NORWEGIAN_CSV_HEADERS[key] })),
    delimiter: ';',
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
  });
  return buffer(Readable.from(records()).pipe(stringifier));
}

/**
 * Connections of this test database a download holds: a cursor, or a COPY whose output waits for
 * its reader, in an open transaction; or a COPY still running.
 */
async function openTransactions(server: TestServer): Promise<number> {
  // Held, not passing: a keyset page is a short transaction of its own (it sets the organisation
  // for row-level security), which a snapshot may catch between its statements.
  const [row] = await sql(
    server,
    `select count(*)::int as n from pg_stat_activity
     where datname = current_database()
       and ((state like 'idle in transaction%' and now() - state_change > interval '500 ms')
            or (state = 'active' and query like 'copy (%'))`,
  );
  return row.n as number;
}

/** Backends of this test database still running a download's COPY. */
async function runningCopies(server: TestServer): Promise<number> {
  const [row] = await sql(
    server,
    `select count(*)::int as n from pg_stat_activity
     where datname = current_database() and query like 'copy (%' and state <> 'idle'`,
  );
  return row.n as number;
}

async function download(server: TestServer, query = ''): Promise<Buffer> {
  const res = await fetch(`${server.url}/public-journal.csv${query}`);
  expect(res.status, query).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** The COPY statements the server ran. */
function copiesRun(server: TestServer): string[] {
  return server.statements.filter((s) => s.includes('copy (select '));
}

/** Texts a CSV writer can get wrong: formula starts, quotes, line breaks, separators, æøå. */
const AWKWARD = [
  '=1+1',
  '+SUM(A1)',
  '-minus først',
  '@brukar',
  '\tfane først',
  '\rvognretur først',
  '\uFF1Dfullbredde er lik',
  '\uFF0Bfullbredde pluss',
  '\uFF0Dfullbredde minus',
  '\uFF20fullbredde krøllalfa',
  'Klage, «vedtak» og "svar"',
  '"',
  '""',
  'slutter med anførselstegn"',
  'Bare et linjeskift\nher',
  'Og et vognretur\rher',
  'Og begge\r\nher',
  'slutter med linjeskift\n',
  '"\n"',
  'semikolon; og, komma',
  '\\.',
  'C:\\mappe\\fil.txt',
  "apostrof ' og '' to",
  ' mellomrom rundt ',
  'Ærlig øl på Åsen – søknad om skjenkebevilling',
  '',
];

describe('The COPY CSV is byte for byte the CSV written from rows', () => {
  it('on the demo data, whole and searched', async () => {
    const server = await start('demo');
    for (const [query, filter] of [
      ['', {}],
      ['?type=INCOMING', { type: JournalPostType.INCOMING }],
      ['?q=søknad', { query: 'søknad' }],
      ['?from=2025-01-01&to=2025-12-31', { journalDate: { from: '2025-01-01', to: '2025-12-31' } }],
    ] as [string, PublicJournalFilter][]) {
      server.statements.length = 0;
      const body = await download(server, encodeURI(query));
      expect(body.toString('utf8').split('\r\n').length, query).toBeGreaterThan(2);
      expect(body.equals(await keysetCsv(server, filter)), query).toBe(true);
      expect(copiesRun(server), query).toEqual([
        expect.stringMatching(/copy \(select .* to stdout with \(format csv, delimiter ';'\)/s),
      ]);
    }
  });

  it('with every awkward value in every text column, screened entries and empty cells', async () => {
    const server = await start('empty');
    const w = await new PublicWorld(server.orm.em.fork()).init();
    for (const [i, text] of AWKWARD.entries()) {
      const day = `2026-05-${String(1 + (i % 28)).padStart(2, '0')}`;
      const p = await w.post({
        journalDate: day,
        title: i % 3 === 0 ? 'Søknad fra {Kari Nordmann}' : 'Midlertidig',
        caseTitle: i % 4 === 0 ? 'Barnevernssak for {Ola Nordmann}' : 'Sak',
        screened: i % 3 === 0,
        type: i % 2 ? JournalPostType.OUTGOING : JournalPostType.INCOMING,
        correspondents:
          i % 5 === 4
            ? []
            : [
                { name: text, isPerson: false },
                { name: 'Skjult Person', screened: true },
                { name: `${text}; nr. 2`, isPerson: false },
              ],
      });
      await sql(
        server,
        `update journal_post set title = ?, public_title = case when ? then public_title else ? end,
           document_date = case when ? then date '2026-04-01' end,
           write_off_method = ?, write_off_date = case when ? then date '2026-06-01' end
         where id = ?`,
        [
          text,
          i % 3 === 0,
          text,
          i % 2 === 0,
          i % 4 === 1 ? WriteOffMethod.NOTED : null,
          i % 4 === 1,
          p.id,
        ],
      );
      if (i % 4 === 2) {
        await sql(server, 'update case_file set title = ?, public_title = ? where id = ?', [
          text,
          text,
          p.case.id,
        ]);
      }
    }
    await sql(server, 'update unit set name = ? where id = ?', [
      '=Enhet, "Øst"\nLinje 2',
      w.unit.id,
    ]);
    await sql(server, 'update screening_code set legal_basis = ? where id = ?', [
      '-Offl. § 13; "fvl."',
      w.code13.id,
    ]);

    server.statements.length = 0;
    const body = await download(server);
    expect(copiesRun(server)).toHaveLength(1);
    const reference = await keysetCsv(server, {});
    expect(body.toString('utf8')).toBe(reference.toString('utf8'));
    expect(body.equals(reference)).toBe(true);
    const text = body.toString('utf8');
    expect(text).toContain(`;"'=Enhet, ""Øst""\nLinje 2";`);
    expect(text).toContain(`;"'\rvognretur først";`);
    expect(text).toContain(';"Og begge\r\nher";');
    expect(text).toContain(';ja;"\'-Offl. § 13; ""fvl."""');
    expect(text).not.toContain('Kari Nordmann');
    expect(text).not.toContain(';"";');
  });

  it('filter values with quotes, backslashes and letters beyond ASCII are literals in the COPY', async () => {
    const server = await start('empty');
    const w = await new PublicWorld(server.orm.em.fork()).init();
    const basis = `O'Brien \\' "x" \\\\ ø ＝ '); drop table unit; --`;
    const wanted = await w.post({
      journalDate: '2026-05-02',
      title: "Søknad om d'Artagnans løyve",
      screened: true,
    });
    await w.post({ journalDate: '2026-05-03', title: 'Søknad om noe annet', screened: true });
    await sql(server, 'update journal_post set legal_basis = ? where id = ?', [basis, wanted.id]);
    for (const [query, filter] of [
      [`?legalBasis=${encodeURIComponent(basis)}`, { legalBasis: basis }],
      [`?q=${encodeURIComponent("d'Artagnans \\ løyve")}`, { query: "d'Artagnans \\ løyve" }],
    ] as const) {
      server.statements.length = 0;
      const body = await download(server, query);
      expect(copiesRun(server), query).toHaveLength(1);
      expect(body.equals(await keysetCsv(server, filter)), query).toBe(true);
      expect(body.toString('utf8').split('\r\n'), query).toHaveLength(3);
    }
    const [units] = await sql(server, 'select count(*)::int as n from unit');
    expect(units.n).toBe(1);
  });
});

describe('A statement timeout before the first entry is a 503, a long download is not cut', () => {
  it('a COPY that waits past the timeout answers 503 and leaves nothing running', async () => {
    const server = await start('demo', { DB_STATEMENT_TIMEOUT_MS: '400' });
    const locker = new pg.Client({ connectionString: server.databaseUrl });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table journal_post in access exclusive mode');
      const started = Date.now();
      const res = await fetch(`${server.url}/public-journal.csv`);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(res.headers.get('cache-control')).toBeNull();
      expect(await res.text()).toContain('Søket tok for lang tid');
      expect(Date.now() - started).toBeLessThan(400 + 3000);
      await expect.poll(() => runningCopies(server), { timeout: 5000 }).toBe(0);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    expect((await download(server)).length).toBeGreaterThan(1000);
  });

  it('a reader that pauses longer than the timeout still gets every entry', async () => {
    const server = await start('empty', { DB_STATEMENT_TIMEOUT_MS: '1500' });
    await bulkPosts(server, 40_000);
    const res = await fetch(`${server.url}/public-journal.csv`);
    const reader = res.body!.getReader();
    const parts: Uint8Array[] = [(await reader.read()).value!];
    await sleep(2500);
    for (let read = await reader.read(); !read.done; read = await reader.read())
      parts.push(read.value);
    const lines = Buffer.concat(parts).toString('utf8').split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(40_001);
  });
});

describe('A reader that goes away gives its connection back', () => {
  it('20 aborted downloads leave no open transaction, and the next request is answered', async () => {
    const server = await start('empty');
    await bulkPosts(server, 20_000);
    for (let i = 0; i < 20; i++) {
      const abort = new AbortController();
      const res = await fetch(`${server.url}/public-journal.csv`, { signal: abort.signal });
      const reader = res.body!.getReader();
      await reader.read();
      abort.abort();
      await reader.closed.catch(() => undefined);
    }
    await expect.poll(() => openTransactions(server), { timeout: 5000 }).toBe(0);
    expect(await runningCopies(server)).toBe(0);
    const csv = await download(server, '?to=2026-01-02');
    expect(csv.toString('utf8').split('\r\n').length).toBeGreaterThan(2);
    const res = await fetch(`${server.url}/public-journal.json?to=2026-01-02`, {
      signal: AbortSignal.timeout(5000),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('A reader that leaves before the first entry gives its connection and its slot back', () => {
  it('three downloads abandoned while their statement waits leave nothing open, and the next is a COPY', async () => {
    const server = await start('demo');
    const locker = new pg.Client({ connectionString: server.databaseUrl });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table journal_post in access exclusive mode');
      const requests = Array.from({ length: 3 }, async () => {
        const abort = new AbortController();
        const res = fetch(`${server.url}/public-journal.csv`, { signal: abort.signal });
        await sleep(300);
        abort.abort();
        await res.catch(() => undefined);
      });
      await Promise.all(requests);
      await sleep(300);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    await expect.poll(() => openTransactions(server), { timeout: 5000 }).toBe(0);
    for (let i = 0; i < 3; i++) {
      server.statements.length = 0;
      await download(server);
      expect(copiesRun(server)).toHaveLength(1);
    }
  });
});

describe('Slow readers cannot take every connection', () => {
  it('beyond half the pool, downloads page instead of holding a cursor, and pages still load', async () => {
    const server = await start('empty');
    await bulkPosts(server, 40_000);
    const aborts: AbortController[] = [];
    // Six readers that read one chunk and then nothing: the COPYs stay open behind full buffers.
    for (let i = 0; i < 6; i++) {
      const abort = new AbortController();
      aborts.push(abort);
      const res = await fetch(`${server.url}/public-journal.csv`, { signal: abort.signal });
      await res.body!.getReader().read();
    }
    try {
      expect(await openTransactions(server)).toBeLessThanOrEqual(2);
      const page = await fetch(`${server.url}/journal`, { signal: AbortSignal.timeout(5000) });
      expect(page.status).toBe(200);
    } finally {
      for (const a of aborts) a.abort();
    }
    await expect.poll(() => openTransactions(server), { timeout: 5000 }).toBe(0);
  });
});

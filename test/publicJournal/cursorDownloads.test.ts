import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalStatus } from '../../src/entities';
import { stringify } from 'csv-stringify';
import { CSV_COLUMNS, csvRecord } from '../../src/http/publicJournal/csv';
import { streamPublicJournal } from '../../src/queries/publicJournal';
import { loadConfig } from '../../src/config';
import { PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The downloads read one statement through a server-side cursor (src/db/cursor.ts): the same
 * entries in the same order as the keyset pages they replace, and the connection always goes back
 * to the pool. The test server's pool has 5 connections.
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

/** `count` published posts, inserted in one statement next to a template post. */
async function bulkPosts(server: TestServer, count: number): Promise<void> {
  const w = await new PublicWorld(server.orm.em.fork()).init();
  const t = await w.post({
    journalDate: '2026-06-01',
    title: 'Mal',
    status: JournalStatus.RESERVED,
  });
  await sql(
    server,
    `insert into journal_post (id, case_id, document_number, journal_year, journal_sequence_number,
       type, status, title, public_title, journal_date, responsible_id, responsible_unit_id,
       created_by_id, screened_fields, created_at, updated_at)
     select gen_random_uuid(), t.case_id, 1 + g, 2026, 5000 + g, 'INCOMING', 'REGISTERED',
       'Massepost nr. ' || g || ' med en lang tittel som fyller linjen i fila', 'Massepost',
       date '2026-01-01' + (g % 150), t.responsible_id, t.responsible_unit_id, t.created_by_id,
       '{}', now(), now()
     from journal_post t cross join generate_series(1, ?) g where t.id = ?`,
    [count, t.id],
  );
}

/**
 * The CSV as it was written before the cursor, the reference: keyset pages, and csv-stringify's
 * stream record by record with the options the download had.
 */
async function keysetCsv(server: TestServer, filter: Record<string, string>): Promise<Buffer> {
  const settings = loadConfig({}).publicJournal;
  const rows = streamPublicJournal(server.orm.em.fork(), settings, TODAY, filter);
  async function* records() {
    for await (const page of rows) for (const row of page) yield csvRecord(row);
  }
  const stringifier = stringify({
    bom: true,
    header: true,
    columns: [...CSV_COLUMNS],
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
  });
  return buffer(Readable.from(records()).pipe(stringifier));
}

/** Connections of this test database that are inside a transaction (a cursor left open). */
async function openTransactions(server: TestServer): Promise<number> {
  const [row] = await sql(
    server,
    `select count(*)::int as n from pg_stat_activity
     where datname = current_database() and state like 'idle in transaction%'`,
  );
  return row.n as number;
}

describe('The cursor CSV is byte for byte the CSV of the keyset pages', () => {
  it('on the demo data, whole and searched', async () => {
    const server = await start('demo');
    for (const [query, filter] of [
      ['', {}],
      ['?type=INCOMING', { type: 'INCOMING' }],
      ['?q=søknad', { query: 'søknad' }],
      ['?from=2025-01-01&to=2025-12-31', { from: '2025-01-01', to: '2025-12-31' }],
    ] as const) {
      const res = await fetch(`${server.url}/public-journal.csv${encodeURI(query)}`);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.toString('utf8').split('\r\n').length, query).toBeGreaterThan(2);
      expect(body.equals(await keysetCsv(server, filter)), query).toBe(true);
    }
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
    const res = await fetch(`${server.url}/public-journal.json?to=2026-01-02`, {
      signal: AbortSignal.timeout(5000),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('Slow readers cannot take every connection', () => {
  it('beyond half the pool, downloads page instead of holding a cursor, and pages still load', async () => {
    const server = await start('empty');
    await bulkPosts(server, 40_000);
    const aborts: AbortController[] = [];
    // Six readers that read one chunk and then nothing: the cursors stay open behind full buffers.
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

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Readiness while the server stops (README, "Observability"): /readyz says 503
 * from the moment the stop begins, while the requests in flight are still finished. A slow
 * request is made by locking the table it reads; /readyz is asked on the same connection, which
 * the drain keeps open until its requests are answered.
 */
let server: TestServer;
let closed: Promise<void> | undefined;
/** Ends the lock that holds the slow request, if a failed test left it */
let unlock: (() => Promise<unknown>) | undefined;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(async () => {
  await unlock?.().catch(() => undefined);
  await (closed ?? server?.close());
});

/** The HTTP/1.1 answers read off one socket until the server ends it. */
function answers(raw: string): { status: number; body: string }[] {
  const out: { status: number; body: string }[] = [];
  let rest = raw;
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    const head = rest.slice(0, headEnd);
    const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
    out.push({
      status: Number(head.slice(9, 12)),
      body: rest.slice(headEnd + 4, headEnd + 4 + length),
    });
    rest = rest.slice(headEnd + 4 + length);
  }
  return out;
}

describe('/readyz says 503 as soon as the server begins to stop', () => {
  it('ready before; draining once the stop begins, while a slow request still finishes', async () => {
    const before = await fetch(`${server.url}/readyz`);
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({ status: 'ready' });

    const knex = server.orm.em.getConnection().getKnex();
    const lock = await knex.transaction();
    unlock = () => lock.rollback();
    await lock.raw('lock table journal_post in access exclusive mode');

    const { port } = new URL(server.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    let raw = '';
    socket.on('data', (d: Buffer) => (raw += d.toString()));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const body = JSON.stringify({ query: '{ publicJournal(first: 1) { nodes { id } } }' });
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    // The request waits for the lock.
    for (let waited = 0; ; waited += 50) {
      const [row] = await knex
        .raw(
          `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
        )
        .then((r: { rows: { n: number }[] }) => r.rows);
      if (row!.n > 0) break;
      if (waited > 10_000) throw new Error('the slow request never reached the database');
      await new Promise((r) => setTimeout(r, 50));
    }

    closed = server.close();
    socket.write('GET /readyz HTTP/1.1\r\nHost: test\r\n\r\n');
    await new Promise((r) => setTimeout(r, 200));
    await lock.commit();
    unlock = undefined;
    await ended;
    await closed;

    const [slow, ready] = answers(raw);
    expect(slow?.status).toBe(200);
    expect(JSON.parse(slow!.body).data.publicJournal.nodes).toHaveLength(1);
    expect(ready?.status).toBe(503);
    expect(JSON.parse(ready!.body)).toEqual({ status: 'draining' });
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setReplicaStatusSource } from '../../src/observability/metrics';
import { startTestServer, type TestServer } from '../support/server';

/**
 * /metrics (README, "Observability") through the real server: the series an operator watches,
 * labels that stay bounded whatever clients send, and METRICS_TOKEN. The public's budget is one
 * download (RATE_LIMIT_DOWNLOAD_COST = RATE_LIMIT_POINTS_ANONYMOUS), so a second is refused.
 */
const TOKEN = 'metrics-token-long-enough';
const ENV = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_POINTS_ANONYMOUS: '3000',
  RATE_LIMIT_DOWNLOAD_COST: '3000',
  TRUST_PROXY: 'loopback',
  METRICS_TOKEN: TOKEN,
};

let server: TestServer;
/** A second server on the same database, without METRICS_TOKEN */
let open: TestServer;
let text = '';

async function scrape(s: TestServer, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** The samples of one series: `name{labels} value` lines. */
function samples(name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
}

function value(line: string | undefined): number {
  return Number(line?.split(' ').at(-1));
}

beforeAll(async () => {
  server = await startTestServer({ data: 'demo', env: ENV, captureLogs: true });
  open = await startTestServer({ databaseUrl: server.databaseUrl });
  const token = await server.tokenFor('saksbehandler');

  // A known operation, an unknown name, an overlong name, and errors.
  expect((await server.gql('query Me { me { username } }', {}, { token })).body.errors).toBe(
    undefined,
  );
  await server.gql('query Whatever123 { me { username } }', {}, { token });
  await server.gql(`query ${'L'.repeat(300)} { me { username } }`, {}, { token });
  await server.gql('{ noSuchField }', {}, { token });
  await server.gql('{ me { username } }', {}, { token: 'not-a-token' });
  await server.gql('query CaseList { cases(first: 1) { totalCount } }');
  // A document route with ids in its path.
  await fetch(`${server.url}/documents/${randomUUID()}/ARCHIVE`);
  // One download spends the whole budget of this client; the second is refused.
  const client = { 'x-forwarded-for': '203.0.113.77' };
  expect((await fetch(`${server.url}/public-journal.csv`, { headers: client })).status).toBe(200);
  expect((await fetch(`${server.url}/public-journal.csv`, { headers: client })).status).toBe(429);

  // A mail waiting in the outbox, and an insight request past its due date.
  const entry = await server.gql('{ publicJournal(first: 1) { nodes { id } } }');
  const receipt = await server.gql(
    'mutation($input: SubmitInsightRequestInput!) { submitInsightRequest(input: $input) { reference } }',
    {
      input: {
        entryIds: [entry.body.data!.publicJournal.nodes[0].id],
        requesterEmail: 'm@example.no',
      },
    },
  );
  expect(receipt.body.errors).toBeUndefined();
  const em = server.orm.em.fork();
  await em.execute(`update insight_request set due_date = date '2001-01-01'`);
  await em.execute(
    `insert into mail_message (id, kind, recipient, subject, body)
     values (?, 'metrics-test', 'x@example.no', 'subject', 'body')`,
    [randomUUID()],
  );
  setReplicaStatusSource(() => [{ name: 'replica-1', healthy: true, lagMs: 250 }]);

  const scraped = await scrape(server, { authorization: `Bearer ${TOKEN}` });
  expect(scraped.status).toBe(200);
  expect(scraped.type).toMatch(/^text\/plain; version=0\.0\.4/);
  text = scraped.text;
});

afterAll(async () => {
  setReplicaStatusSource(undefined);
  await open?.close();
  await server?.close();
});

describe('/metrics exposes the series an operator watches', () => {
  it('HTTP and GraphQL latency, errors by code and rate-limit rejections', () => {
    expect(samples('arkivgraf_http_request_duration_seconds_bucket').length).toBeGreaterThan(0);
    expect(text).toMatch(
      /arkivgraf_graphql_operation_duration_seconds_count\{operation="Me",type="query"\} [1-9]/,
    );
    expect(
      value(
        samples('arkivgraf_graphql_errors_total').find((l) =>
          l.includes('"GRAPHQL_VALIDATION_FAILED"'),
        ),
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(samples('arkivgraf_graphql_errors_total').find((l) => l.includes('"UNAUTHENTICATED"'))),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(
        samples('arkivgraf_rate_limit_rejections_total').find((l) => l.includes('limiter="api"')),
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it('the pool, the outbox, overdue insight requests and replica lag, counted at scrape time', () => {
    for (const name of [
      'arkivgraf_db_pool_in_use',
      'arkivgraf_db_pool_idle',
      'arkivgraf_db_pool_pending_acquires',
      'arkivgraf_db_pool_acquire_wait_seconds_count',
    ]) {
      expect(samples(name), name).toHaveLength(1);
    }
    expect(value(samples('arkivgraf_db_pool_acquire_wait_seconds_count')[0])).toBeGreaterThan(0);
    expect(value(samples('arkivgraf_mail_outbox_pending')[0])).toBeGreaterThanOrEqual(1);
    expect(value(samples('arkivgraf_insight_requests_overdue')[0])).toBeGreaterThanOrEqual(1);
    expect(samples('arkivgraf_db_replica_lag_seconds')).toEqual([
      'arkivgraf_db_replica_lag_seconds{replica="replica-1"} 0.25',
    ]);
    expect(samples('arkivgraf_db_replica_healthy')).toEqual([
      'arkivgraf_db_replica_healthy{replica="replica-1"} 1',
    ]);
  });

  it("the process's own: memory, CPU, event loop lag", () => {
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(samples(name).length, name).toBeGreaterThan(0);
    }
  });
});

describe('Labels stay bounded: no ids, no names a client makes up, no data', () => {
  it('a route is its pattern, never a path with ids', () => {
    expect(text).toContain('route="/documents/:postId/:variant"');
    expect(text).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('an operation name no trusted document has is folded, an unnamed one is anonymous', () => {
    expect(text).not.toContain('Whatever123');
    expect(text).not.toContain('LLLLLLLL');
    expect(text).toMatch(/operation="\(other\)",type="query"/);
    expect(text).toMatch(/operation="\(anonymous\)"/);
  });

  it('no title, address or search of a record appears', () => {
    expect(text).not.toContain('example.no');
    expect(text).not.toContain('subject');
  });
});

describe('GraphQL errors are logged with their code and operation name', () => {
  it('one line per error, with the request id, beside the request line', () => {
    const line = server.logs.find(
      (l) => l.msg === 'graphql error' && l.operationName === 'CaseList',
    );
    expect(line).toMatchObject({ code: 'UNAUTHENTICATED', requestId: expect.any(String) });
    expect(
      server.logs.find((l) => l.msg === 'request' && l.requestId === line!.requestId),
    ).toMatchObject({ status: 401 });
    expect(server.logs).toContainEqual(
      expect.objectContaining({ msg: 'graphql error', code: 'GRAPHQL_VALIDATION_FAILED' }),
    );
  });
});

describe('METRICS_TOKEN protects /metrics; without it /metrics is open', () => {
  it('without the token, or with another, 401', async () => {
    expect((await scrape(server)).status).toBe(401);
    expect(
      (await scrape(server, { authorization: 'Bearer wrong-token-of-some-length' })).status,
    ).toBe(401);
  });

  it('a server without METRICS_TOKEN answers anyone', async () => {
    const res = await scrape(open);
    expect(res.status).toBe(200);
    expect(res.text).toContain('arkivgraf_http_request_duration_seconds');
  });

  it('a client whose budget is spent is still scraped', async () => {
    const res = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.77' },
    });
    expect(res.status).toBe(200);
  });
});

import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltServer } from '../support/build';
import { createTestDatabase } from '../support/database';
import { freePort, stopProcess, waitUntil } from '../support/processes';

/**
 * OpenTelemetry tracing (README, "Observability") from the real entry point, built as `npm start`
 * runs it (support/build.ts): with OTEL_EXPORTER_OTLP_ENDPOINT set, the spans of a request arrive
 * at an OTLP/HTTP receiver (JSON bodies), the HTTP span with the request id, and the GraphQL and
 * PostgreSQL spans in the same trace; no span carries a value the request bound to a statement.
 * The batch delay is longer than the test, so the spans come with the flush of a clean stop.
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-tracing-'));
/** Given only as a bound value (a variable of the operation) and in a query string */
const MARKER = 'Zyxwvut42';
const REQUEST_ID = 'trace-test-0123456789';

interface Span {
  traceId: string;
  name: string;
  scope: string;
  attributes: Record<string, unknown>;
}

const spans: Span[] = [];
let receiver: http.Server;
let server: ChildProcess | undefined;
let output = () => '';
let url = '';

type OtlpValue = { stringValue?: string; intValue?: number | string; boolValue?: boolean };
interface OtlpBody {
  resourceSpans?: {
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        traceId: string;
        name: string;
        attributes?: { key: string; value: OtlpValue }[];
      }[];
    }[];
  }[];
}

function collect(body: OtlpBody): void {
  for (const rs of body.resourceSpans ?? []) {
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          traceId: s.traceId,
          name: s.name,
          scope: ss.scope?.name ?? '',
          attributes: Object.fromEntries(
            (s.attributes ?? []).map((a) => [
              a.key,
              a.value.stringValue ?? a.value.intValue ?? a.value.boolValue,
            ]),
          ),
        });
      }
    }
  }
}

function listen(s: http.Server): Promise<number> {
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)),
  );
}

const waitFor = (found: () => boolean, what: string, ms = 60_000) =>
  waitUntil(found, what, { ms, context: () => output() });

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') collect(JSON.parse(body) as OtlpBody);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const receiverPort = await listen(receiver);
  const [databaseUrl, port] = await Promise.all([createTestDatabase('demo'), freePort()]);
  url = `http://127.0.0.1:${port}`;
  const started = await startBuiltServer({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'info',
    AUTH_SECRET: 'test-secret-that-is-long-enough-for-hs256!',
    SERVER_PROCESSES: '1',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiverPort}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    // Longer than the test: the spans arrive because the stop sends what is buffered.
    OTEL_BSP_SCHEDULE_DELAY: '120000',
    OTEL_SERVICE_NAME: 'arkivgraf-test',
  });
  server = started.child;
  output = started.output;
  await waitFor(() => output().includes('"msg":"listening"'), 'the start');
}, 300_000);

afterAll(async () => {
  await stopProcess(server);
  await new Promise((resolve) => receiver?.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('A request’s trace arrives at the OTLP endpoint, sent at the latest when the server stops', () => {
  it('the HTTP span with the request id, GraphQL and PostgreSQL spans in its trace, no bound value', async () => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': REQUEST_ID },
      body: JSON.stringify({
        query:
          'query Traced($basis: String) { publicJournal(first: 2, filter: { legalBasis: $basis }) { nodes { id } } }',
        variables: { basis: `Offl. § 13 ${MARKER}` },
      }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).errors).toBeUndefined();
    await fetch(`${url}/no-such-page?search=${MARKER}`);
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server!.kill('SIGTERM');
    expect(await exited).toBe(0);

    await waitFor(
      () => spans.some((s) => s.attributes['arkivgraf.request_id'] === REQUEST_ID),
      'the HTTP span',
      20_000,
    );
    const httpSpan = spans.find((s) => s.attributes['arkivgraf.request_id'] === REQUEST_ID)!;
    expect(httpSpan.scope).toMatch(/instrumentation-http/);
    const inTrace = () => spans.filter((s) => s.traceId === httpSpan.traceId);
    await waitFor(
      () =>
        inTrace().some((s) => s.scope.includes('graphql')) &&
        inTrace().some((s) => s.scope.includes('pg')),
      'the GraphQL and PostgreSQL spans of the trace',
      20_000,
    );
    // The statement's shape without its values: the filter's value is gone, the column stays.
    const statements = inTrace().map((s) => String(s.attributes['db.query.text'] ?? ''));
    expect(statements.some((q) => q.includes("t.legal_basis = '?'"))).toBe(true);
    await waitFor(
      () => spans.some((s) => String(s.attributes['url.path'] ?? '').includes('no-such-page')),
      'the span of the request with a query string',
      20_000,
    );

    const leaks = spans.filter((s) => JSON.stringify(s).includes(MARKER));
    expect(leaks).toEqual([]);
  }, 60_000);
});

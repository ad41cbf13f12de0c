import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { startTestServer, type TestServer } from '../support/server';

/** Limits on the HTTP request itself (docs/security.md, "Requests"). */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo', env: { REQUEST_BODY_LIMIT: '64kb' } });
});
afterAll(() => server?.close());

const post = (body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

/** A JSON error in the GraphQL shape, with the request id, and nothing of Express's HTML page. */
async function jsonError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const text = await res.text();
  expect(text).not.toMatch(/<html|<pre|at \w+ \(|node_modules|\.ts:\d+/i);
  const body = JSON.parse(text);
  expect(body.errors[0].extensions.code).toBe(code);
  expect(body.errors[0].extensions.requestId).toBe(res.headers.get('x-request-id'));
  return body.errors[0];
}

describe('Body size: REQUEST_BODY_LIMIT (default 1mb)', () => {
  it('a body over the limit gets 413 with a JSON error naming the limit', async () => {
    const query = `{ me { id } } # ${'x'.repeat(70 * 1024)}`;
    const error = await jsonError(await post(JSON.stringify({ query })), 413, 'PAYLOAD_TOO_LARGE');
    expect(error.message).toContain('64kb');
  });

  it('a body under the limit is served', async () => {
    const query = `{ me { id } } # ${'x'.repeat(60 * 1024)}`;
    const res = await post(JSON.stringify({ query }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { me: null } });
  });

  it('the default is 1mb', () => {
    expect(loadConfig({}).hardening.bodyLimit).toBe('1mb');
  });
});

describe('Malformed bodies are 400 JSON errors, never an HTML page with a stack', () => {
  it('broken JSON', async () => {
    await jsonError(await post('{"query": "{ me { id } }"'), 400, 'BAD_REQUEST');
  });

  it('a charset the server does not read', async () => {
    await jsonError(
      await post('{"query":"{ me { id } }"}', {
        'content-type': 'application/json; charset=koi8-r',
      }),
      415,
      'BAD_REQUEST',
    );
  });

  it('bytes that are not UTF-8', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x71, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x3a, 0x7d]);
    const res = await post(bytes);
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/<html|node_modules|\.ts:\d+/);
  });
});

describe('Unknown paths are a JSON 404 for any method, never an HTML page', () => {
  it.each([
    ['GET', '/nope'],
    ['POST', '/nope'],
    ['PUT', '/nope/deeper?x=1'],
    ['DELETE', '/nope'],
    ['PATCH', '/nope'],
    ['OPTIONS', '/nope'],
    ['GET', '/journal/nope'],
    ['POST', '/healthz'],
    ['GET', '/documents'],
    ['GET', '/public-journal.pdf'],
  ])('%s %s', async (method, path) => {
    const res = await fetch(`${server.url}${path}`, { method });
    const error = await jsonError(res, 404, 'NOT_FOUND');
    expect(error.message).toBe('There is nothing at this path');
  });

  it('HEAD gets the status and type without a body', async () => {
    const res = await fetch(`${server.url}/nope`, { method: 'HEAD' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it("the journal pages' own 404 stays a page", async () => {
    const res = await fetch(`${server.url}/journal/innsyn/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ reference: 'INN-0000000000000000000000000' }),
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('GET runs queries only', () => {
  it('a query over GET is served', async () => {
    const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { me: null } });
  });

  it('a mutation over GET is refused with 405, and nothing is written', async () => {
    const token = await server.tokenFor('admin');
    const res = await fetch(
      `${server.url}/graphql?query=${encodeURIComponent('mutation { createUnit(input: { name: "Via GET" }) { id } }')}`,
      { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${token}` } },
    );
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    const units = await server.gql('{ units(first: 100) { nodes { name } } }', {}, { token });
    expect(units.body.data.units.nodes.map((u: { name: string }) => u.name)).not.toContain(
      'Via GET',
    );
  });
});

describe('CSRF prevention stays on', () => {
  it('a simple-request POST (text/plain) is refused before anything runs', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Cross-Site Request Forgery/);
  });

  it('a GET without a preflight-forcing header is refused', async () => {
    const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`);
    expect(res.status).toBe(400);
  });
});

describe('HTTP batching is off', () => {
  it('an array of operations is refused with 400', async () => {
    const res = await post(
      JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/"data"/);
  });
});

describe('The hardening settings are validated with clear messages', () => {
  function problems(env: Record<string, string>): string[] {
    try {
      loadConfig(env);
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    return [];
  }

  it('numbers, sizes, proxies and switches', () => {
    expect(problems({ GRAPHQL_MAX_DEPTH: '0' })).toEqual([
      'GRAPHQL_MAX_DEPTH must be a whole number from 1 to 100, got "0"',
    ]);
    expect(problems({ REQUEST_BODY_LIMIT: 'lots' })).toEqual([
      'REQUEST_BODY_LIMIT must be a size in bytes, or with kb or mb (e.g. 1mb), got "lots"',
    ]);
    expect(problems({ TRUST_PROXY: 'the-lb' })[0]).toMatch(/^TRUST_PROXY must be false, true/);
    expect(problems({ RATE_LIMIT_ENABLED: 'yes' })).toEqual([
      'RATE_LIMIT_ENABLED must be true or false, got "yes"',
    ]);
    expect(
      problems({ GRAPHQL_MAX_COST_ANONYMOUS: '5000', RATE_LIMIT_POINTS_ANONYMOUS: '1000' }),
    ).toEqual([
      'GRAPHQL_MAX_COST_ANONYMOUS is more than RATE_LIMIT_POINTS_ANONYMOUS (1000): an operation of that cost could never run, got "5000"',
    ]);
  });

  it('TRUST_PROXY takes false, true, hops or a list', () => {
    const proxy = (v: string) => loadConfig({ TRUST_PROXY: v }).hardening.trustProxy;
    expect(loadConfig({}).hardening.trustProxy).toBe(false);
    expect(proxy('true')).toBe(true);
    expect(proxy('1')).toBe(1);
    expect(proxy('loopback, 10.0.0.0/8, fd00::1')).toBe('loopback,10.0.0.0/8,fd00::1');
  });
});

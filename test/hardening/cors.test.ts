import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startTestServer, type TestServer } from '../support/server';

/**
 * CORS (docs/security.md, "Browsers on other origins"): the origins of CORS_ORIGINS, exactly, may
 * call the API from a browser; credentials stay off; every other origin gets no CORS header; and
 * Apollo's CSRF prevention still refuses a simple cross-site POST.
 */
const APP = 'https://app.example.no';
const OTHER = 'https://evil.example.com';

let server: TestServer;
let plain: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    data: 'empty',
    env: { CORS_ORIGINS: `${APP}, http://localhost:5173` },
  });
  plain = await startTestServer({ databaseUrl: server.databaseUrl });
});
afterAll(async () => {
  await plain?.close();
  await server?.close();
});

function preflight(s: TestServer, origin: string, path = '/graphql', method = 'POST') {
  return fetch(`${s.url}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'content-type, authorization',
    },
  });
}

function post(s: TestServer, origin: string, contentType = 'application/json') {
  return fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { origin, 'content-type': contentType },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
}

function corsHeaders(res: Response): string[] {
  const names: string[] = [];
  res.headers.forEach((_value, name) => {
    if (name.startsWith('access-control-')) names.push(name);
  });
  return names;
}

describe('An allowed origin’s preflight is answered', () => {
  it('204 with the origin echoed, the methods, the headers and a max age; no credentials', async () => {
    const res = await preflight(server, APP);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')!.split(', ')).toEqual(
      expect.arrayContaining([
        'content-type',
        'authorization',
        'x-organisation',
        'x-request-id',
        'apollo-require-preflight',
        'if-match',
        'if-none-match',
      ]),
    );
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('the upload of a document (PUT) too', async () => {
    const res = await preflight(server, 'http://localhost:5173', '/documents/x/ARCHIVE', 'PUT');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});

describe('An allowed origin’s requests may be read by its scripts', () => {
  it('Allow-Origin and the exposed headers on the answer', async () => {
    const res = await post(server, APP);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-expose-headers')!.split(', ')).toEqual([
      'x-request-id',
      'etag',
      'location',
      'retry-after',
    ]);
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });
});

describe('Any other origin gets no CORS header', () => {
  it('its preflight is refused with 403', async () => {
    const res = await preflight(server, OTHER);
    expect(res.status).toBe(403);
    expect(corsHeaders(res)).toEqual([]);
  });

  it('an origin differing only in scheme or port is another origin', async () => {
    for (const origin of ['http://app.example.no', 'https://app.example.no:8443']) {
      expect(corsHeaders(await preflight(server, origin))).toEqual([]);
    }
  });

  it('its request is answered without CORS headers, so its scripts cannot read it', async () => {
    const res = await post(server, OTHER);
    expect(corsHeaders(res)).toEqual([]);
  });

  it('without CORS_ORIGINS, no origin gets a CORS header', async () => {
    const res = await preflight(plain, APP);
    expect(corsHeaders(res)).toEqual([]);
    expect(corsHeaders(await post(plain, APP))).toEqual([]);
  });
});

describe('CSRF prevention stays on', () => {
  it('a simple cross-site POST (text/plain, no preflight) is refused, from any origin', async () => {
    for (const origin of [APP, OTHER]) {
      const res = await post(server, origin, 'text/plain');
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/CSRF/i);
    }
  });
});

describe('CORS_ORIGINS is a list of origins', () => {
  it('a path, a trailing slash, upper case or another scheme is refused at start-up', () => {
    for (const bad of ['https://app.example.no/', 'https://APP.example.no', 'ftp://x.no', '*']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS must be origins/);
    }
    expect(loadConfig({ CORS_ORIGINS: 'https://a.no,http://localhost:3000' }).corsOrigins).toEqual([
      'https://a.no',
      'http://localhost:3000',
    ]);
  });
});

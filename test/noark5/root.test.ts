import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const get = async (path: string, token?: string) => {
  const res = await fetch(`${server.url}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
};

describe('the service root names what the archive core offers, to signed-in callers only', () => {
  it('links arkivstruktur, sakarkiv and the system information by the standard’s relation keys', async () => {
    const token = await server.tokenFor('arkivar');
    const root = await get('/noark5v5/api/', token);
    expect(root.status).toBe(200);
    expect(root.type).toMatch(/^application\/vnd\.noark5\+json/);
    expect(Object.keys(root.body._links)).toEqual([
      'https://rel.arkivverket.no/noark5/v5/api/admin/system/',
      'https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/',
      'https://rel.arkivverket.no/noark5/v5/api/sakarkiv/',
    ]);
    const system = await get(
      new URL(root.body._links['https://rel.arkivverket.no/noark5/v5/api/admin/system/'].href)
        .pathname,
      token,
    );
    expect(system.body).toMatchObject({ produkt: 'Arkivgraf', protokollversjon: '1.0' });
  });

  it('answers 401 in the standard’s error shape without a token, and 404 for unknown paths', async () => {
    const anonymous = await get('/noark5v5/api/');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.feil).toMatchObject({ kode: 401 });
    const unknown = await get('/noark5v5/api/nothing-here/', await server.tokenFor('arkivar'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.feil.kode).toBe(404);
  });
});

import http from 'node:http';
import { type AddressInfo } from 'node:net';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWTPayload,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, inOrganisation } from '../support/organisations';
import { startTestServer, type TestServer } from '../support/server';
import { ME, expectUnauthenticated, seconds, unsignedToken, type MeData } from './helpers';

// OIDC mode against an identity provider played by this file: a JWKS served from 127.0.0.1.
const ISSUER = 'https://idp.example.test/realms/kommune';
const AUDIENCE = 'arkivgraf-api';

interface Idp {
  jwksUrl: string;
  /** How many times the JWKS was fetched */
  fetches: number;
  close(): Promise<void>;
}

async function serveJwks(keys: object[]): Promise<Idp> {
  const idp = { fetches: 0 } as Idp;
  const srv = http.createServer((req, res) => {
    if (req.url !== '/jwks') {
      res.writeHead(404).end();
      return;
    }
    idp.fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  idp.jwksUrl = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/jwks`;
  idp.close = () => new Promise((resolve) => srv.close(() => resolve()));
  return idp;
}

let idp: Idp;
let privateKey: CryptoKey;
let publicKey: CryptoKey;
let strangerKey: CryptoKey;

/** A token as the identity provider would issue it, with any claim overridden or removed. */
function idpToken(
  claims: JWTPayload = {},
  opts: { key?: CryptoKey | Uint8Array; alg?: string; kid?: string } = {},
): Promise<string> {
  const now = seconds();
  const payload: JWTPayload = {
    sub: '6f1c9a2e-user',
    preferred_username: 'leder',
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now,
    exp: now + 300,
    ...claims,
  };
  for (const name of Object.keys(payload)) if (payload[name] === undefined) delete payload[name];
  return new SignJWT(payload)
    .setProtectedHeader({ alg: opts.alg ?? 'RS256', kid: opts.kid ?? 'idp-key-1' })
    .sign(opts.key ?? privateKey);
}

beforeAll(async () => {
  ({ privateKey, publicKey } = await generateKeyPair('RS256'));
  ({ privateKey: strangerKey } = await generateKeyPair('RS256'));
  idp = await serveJwks([
    { ...(await exportJWK(publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' },
  ]);
});

afterAll(async () => {
  await idp?.close();
});

const oidcEnv = (extra: Record<string, string> = {}) => ({
  AUTH_JWKS_URL: idp.jwksUrl,
  AUTH_ISSUER: ISSUER,
  AUTH_AUDIENCE: AUDIENCE,
  ...extra,
});

describe('OIDC mode: a token signed by a key in the JWKS signs the user in', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ data: 'demo', env: oidcEnv() });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers me for the preferred_username of a valid token', async () => {
    const res = await server.gql<MeData>(ME, {}, { token: await idpToken() });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.me?.username).toBe('leder');
  });

  it('fetches the JWKS once and reuses it for later requests', async () => {
    for (const username of ['arkivar', 'admin', 'saksbehandler']) {
      const res = await server.gql<MeData>(
        ME,
        {},
        { token: await idpToken({ preferred_username: username }) },
      );
      expect(res.body.data?.me?.username).toBe(username);
    }
    expect(idp.fetches).toBe(1);
  });

  it('accepts a token that lives exactly AUTH_MAX_TOKEN_LIFETIME_HOURS (12)', async () => {
    const res = await server.gql<MeData>(
      ME,
      {},
      { token: await idpToken({ exp: seconds() + 12 * 3600 }) },
    );
    expect(res.body.data?.me?.username).toBe('leder');
  });

  it('still answers anonymously without a header', async () => {
    const res = await server.gql<MeData>(ME);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ me: null });
  });
});

describe('OIDC mode: a token the identity provider did not issue for us is refused', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ data: 'demo', env: oidcEnv() });
  });
  afterAll(async () => {
    await server?.close();
  });

  const now = seconds();
  const cases: Array<[string, () => Promise<string> | string]> = [
    ['a token for another audience', () => idpToken({ aud: 'some-other-client' })],
    ['a token from another issuer', () => idpToken({ iss: 'https://evil.example.test/' })],
    [
      'a token signed by a key not in the JWKS',
      () => idpToken({}, { key: strangerKey, kid: 'unknown-key' }),
    ],
    ['a token signed by another key under a known kid', () => idpToken({}, { key: strangerKey })],
    [
      'an HS256 token signed with some secret',
      () =>
        idpToken(
          {},
          { key: new TextEncoder().encode('some-shared-secret-of-32-bytes!!'), alg: 'HS256' },
        ),
    ],
    // The classic algorithm-confusion attack: the public key used as an HMAC secret.
    [
      'an HS256 token keyed with the public key',
      async () =>
        idpToken({}, { key: new TextEncoder().encode(await exportSPKI(publicKey)), alg: 'HS256' }),
    ],
    [
      'an unsigned token (alg none)',
      () =>
        unsignedToken({ preferred_username: 'admin', iss: ISSUER, aud: AUDIENCE, exp: now + 300 }),
    ],
    ['an expired token', () => idpToken({ iat: now - 7200, exp: now - 3600 })],
    // AUTH_MAX_TOKEN_LIFETIME_HOURS (12) holds for the identity provider's tokens too.
    ['a token that lives a year', () => idpToken({ exp: now + 365 * 24 * 3600 })],
    ['a token that lives thirteen hours', () => idpToken({ exp: now + 13 * 3600 })],
    ['a token without iat', () => idpToken({ iat: undefined })],
    ['a token issued an hour from now', () => idpToken({ iat: now + 3600, exp: now + 7200 })],
    ['a token without the username claim', () => idpToken({ preferred_username: undefined })],
    [
      'a token for a user not in Arkivgraf',
      () => idpToken({ preferred_username: 'ukjent.person' }),
    ],
  ];

  it.each(cases)('refuses %s with 401 UNAUTHENTICATED', async (_name, make) => {
    const token = await make();
    expectUnauthenticated(await server.gql(ME, {}, { token }), token);
  });
});

describe('OIDC mode: AUTH_USERNAME_CLAIM chooses the claim that names the user', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ data: 'demo', env: oidcEnv({ AUTH_USERNAME_CLAIM: 'upn' }) });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reads the username from upn, not preferred_username', async () => {
    const token = await idpToken({ upn: 'arkivar', preferred_username: 'admin' });
    const res = await server.gql<MeData>(ME, {}, { token });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.me?.username).toBe('arkivar');
  });

  it('refuses a token that has preferred_username but no upn', async () => {
    const token = await idpToken({ preferred_username: 'admin' });
    expectUnauthenticated(await server.gql(ME, {}, { token }), token);
  });
});

describe('OIDC mode: when the JWKS cannot be fetched, a token is not taken as anonymous', () => {
  let server: TestServer;
  let deadIdp: Idp;
  beforeAll(async () => {
    // A port that was just listening and is now closed: connections are refused.
    deadIdp = await serveJwks([]);
    await deadIdp.close();
    server = await startTestServer({
      data: 'demo',
      env: oidcEnv({ AUTH_JWKS_URL: deadIdp.jwksUrl }),
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('fails the request as a server error, without data', async () => {
    const token = await idpToken();
    const res = await server.gql<MeData>(ME, {}, { token });
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.body.data?.me).toBeUndefined();
    expect(res.text).not.toContain(token.split('.')[1]);
  });
});

describe('OIDC mode: the organisation claim (AUTH_ORGANISATION_CLAIM) names the organisation a token acts in', () => {
  // `to.steder` works for Vennesla (the demo's first organisation) and for Iveland; `leder` only
  // for Vennesla. The claim is `kommune` here, so `org` means nothing.
  let server: TestServer;
  const ORG_ME = '{ me { username organisation { shortName } } }';
  beforeAll(async () => {
    server = await startTestServer({
      data: 'demo',
      env: oidcEnv({ AUTH_ORGANISATION_CLAIM: 'kommune' }),
    });
    const iveland = await createTestOrganisation(server.orm, {
      shortName: 'iveland',
      name: 'Iveland kommune',
    });
    const insert = `insert into app_user (id, username, display_name, active, created_at)
      values (gen_random_uuid(), 'to.steder', 'To Steder', true, now())`;
    await server.orm.em.fork().execute(insert);
    await inOrganisation(server.orm.em, iveland, (em) => em.execute(insert));
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(['iveland', 'vennesla'])('acts in %s when the claim names it', async (org) => {
    const token = await idpToken({ preferred_username: 'to.steder', kommune: org });
    const res = await server.gql(ORG_ME, {}, { token });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.me).toEqual({ username: 'to.steder', organisation: { shortName: org } });
  });

  it('reads the configured claim only: `org` does not choose', async () => {
    const token = await idpToken({ preferred_username: 'to.steder', org: 'iveland' });
    const res = await server.gql(ORG_ME, {}, { token, headers: { 'x-organisation': 'vennesla' } });
    expect(res.body.data.me.organisation).toEqual({ shortName: 'vennesla' });
  });

  it('refuses a claim of an organisation the user does not work for (UNAUTHENTICATED)', async () => {
    const token = await idpToken({ preferred_username: 'leder', kommune: 'iveland' });
    expectUnauthenticated(await server.gql(ORG_ME, {}, { token }), token);
  });

  it('refuses a claim of an organisation that does not exist (UNAUTHENTICATED)', async () => {
    const token = await idpToken({ preferred_username: 'leder', kommune: 'atlantis' });
    expectUnauthenticated(await server.gql(ORG_ME, {}, { token }), token);
  });

  it('refuses the claim of one organisation with the X-Organisation header of another (UNAUTHENTICATED)', async () => {
    const token = await idpToken({ preferred_username: 'to.steder', kommune: 'vennesla' });
    expectUnauthenticated(
      await server.gql(ORG_ME, {}, { token, headers: { 'x-organisation': 'iveland' } }),
      token,
    );
  });
});

import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntityManager } from '@mikro-orm/postgresql';
import { issueLocalToken } from '../../src/auth/tokens';
import { createTestOrganisation, inOrganisation } from '../support/organisations';
import { runCli } from '../support/cli';
import { startTestServer, type TestServer } from '../support/server';
import { ME, expectUnauthenticated, seconds, unsignedToken, type MeData } from './helpers';

// Local mode: the server signs and checks HS256 tokens with AUTH_SECRET.
const SECRET = 'local-mode-test-secret-0123456789abcdef';
const key = new TextEncoder().encode(SECRET);

/** A token signed like a local one, with any claim overridden or removed (undefined). */
function localToken(
  claims: Record<string, unknown> = {},
  signWith: Uint8Array = key,
  header: Record<string, unknown> = { alg: 'HS256' },
): Promise<string> {
  const now = seconds();
  const payload: Record<string, unknown> = {
    sub: 'leder',
    preferred_username: 'leder',
    iss: 'arkivgraf-local',
    aud: 'arkivgraf',
    iat: now,
    exp: now + 3600,
    ...claims,
  };
  for (const name of Object.keys(payload)) if (payload[name] === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(signWith);
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo', env: { AUTH_SECRET: SECRET } });
});

afterAll(async () => {
  await server?.close();
});

const sql = (query: string) => server.orm.em.fork().getConnection().execute(query);

describe('a request without an Authorization header is anonymous', () => {
  it('answers me: null with HTTP 200', async () => {
    const res = await server.gql<MeData>(ME);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ me: null });
  });

  it('treats an empty header like no header', async () => {
    const res = await server.gql<MeData>(ME, {}, { headers: { authorization: '' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ me: null });
  });
});

describe('a valid local token signs the user in', () => {
  it('answers me for the token from the test harness', async () => {
    const res = await server.gql<MeData>(ME, {}, { token: await server.tokenFor('leder') });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.me?.username).toBe('leder');
    expect(res.body.data?.me?.displayName).toEqual(expect.any(String));
  });

  it('answers me for a token from issueLocalToken with the configured secret', async () => {
    const token = await issueLocalToken(key, 'arkivar');
    const res = await server.gql<MeData>(ME, {}, { token });
    expect(res.body.data?.me?.username).toBe('arkivar');
  });

  it('accepts the scheme in any case', async () => {
    const token = await server.tokenFor('leder');
    const res = await server.gql<MeData>(ME, {}, { headers: { authorization: `bearer ${token}` } });
    expect(res.body.data?.me?.username).toBe('leder');
  });
});

describe('an Authorization header that is not "Bearer <token>" is refused', () => {
  it.each([
    ['Basic credentials', 'Basic bGVkZXI6aGVtbWVsaWc='],
    ['a bare token', 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln'],
    ['Bearer without a token', 'Bearer '],
    ['two tokens', 'Bearer a.b.c d.e.f'],
  ])('refuses %s', async (_name, authorization) => {
    expectUnauthenticated(await server.gql(ME, {}, { headers: { authorization } }));
  });
});

describe('a token that fails verification is refused, never read as anonymous', () => {
  const now = seconds();
  const cases: Array<[string, () => Promise<string> | string]> = [
    ['an expired token', () => localToken({ iat: now - 7200, exp: now - 3600 })],
    ['a token not valid yet', () => localToken({ nbf: now + 3600 })],
    ['a wrongly signed token', () => localToken({}, new TextEncoder().encode(`${SECRET}-other`))],
    [
      'an unsigned token (alg none)',
      () =>
        unsignedToken({
          preferred_username: 'admin',
          iss: 'arkivgraf-local',
          aud: 'arkivgraf',
          exp: now + 3600,
        }),
    ],
    ['a token with another algorithm header', () => localToken({}, key, { alg: 'HS512' })],
    ['a token from another issuer', () => localToken({ iss: 'someone-else' })],
    ['a token for another audience', () => localToken({ aud: 'another-api' })],
    ['a token without an expiry', () => localToken({ exp: undefined })],
    ['a token without preferred_username', () => localToken({ preferred_username: undefined })],
    ['garbage', () => 'not-a-jwt'],
    [
      'a token with a tampered payload',
      async () => {
        const [h, , s] = (await localToken()).split('.');
        const forged = Buffer.from(
          JSON.stringify({
            preferred_username: 'admin',
            iss: 'arkivgraf-local',
            aud: 'arkivgraf',
            exp: now + 3600,
          }),
        ).toString('base64url');
        return `${h}.${forged}.${s}`;
      },
    ],
  ];

  it.each(cases)('refuses %s with 401 UNAUTHENTICATED', async (_name, make) => {
    const token = await make();
    expectUnauthenticated(await server.gql(ME, {}, { token }), token);
  });

  it('says an expired token has expired, without echoing it', async () => {
    const token = await localToken({ iat: now - 7200, exp: now - 3600 });
    const res = await server.gql(ME, {}, { token });
    expectUnauthenticated(res, token, ['leder']);
    expect(res.body.errors?.[0]?.message).toBe('The access token has expired');
  });
});

describe('a token for a user who is unknown or deactivated is refused', () => {
  it('refuses a validly signed token for a username that does not exist', async () => {
    const token = await issueLocalToken(key, 'ingen-slik-bruker');
    const res = await server.gql(ME, {}, { token });
    expectUnauthenticated(res, token, ['ingen-slik-bruker']);
    expect(res.body.errors?.[0]?.message).toBe('The user is unknown or deactivated');
  });

  it('refuses the token of a user deactivated after it was issued', async () => {
    const token = await server.tokenFor('elevtjeneste');
    expect((await server.gql<MeData>(ME, {}, { token })).body.data?.me?.username).toBe(
      'elevtjeneste',
    );
    await sql("update app_user set active = false where username = 'elevtjeneste'");
    expectUnauthenticated(await server.gql(ME, {}, { token }), token);
  });
});

describe('grants are read on every request, so a change counts on the next one', () => {
  const roles = async (token: string) => {
    const res = await server.gql<MeData>(ME, {}, { token });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.me!.roles.map((r) => r.role).sort();
  };

  it('shows a new grant, then drops it once revoked, without a restart', async () => {
    const token = await server.tokenFor('leder');
    const before = await roles(token);
    expect(before).not.toContain('INSIGHT_HANDLER');

    await sql(`insert into role_grant (id, user_id, role, unit_id, valid_from, valid_to)
      select gen_random_uuid(), id, 'INSIGHT_HANDLER', null, now() - interval '1 minute', null
      from app_user where username = 'leder'`);
    expect(await roles(token)).toEqual([...before, 'INSIGHT_HANDLER'].sort());

    await sql(`update role_grant set valid_to = now()
      where role = 'INSIGHT_HANDLER' and valid_to is null
        and user_id = (select id from app_user where username = 'leder')`);
    expect(await roles(token)).toEqual(before);
  });

  it('leaves no roles once every grant of the user is revoked', async () => {
    const token = await server.tokenFor('leder');
    expect((await roles(token)).length).toBeGreaterThan(0);
    await sql(`update role_grant set valid_to = now()
      where valid_to is null and user_id = (select id from app_user where username = 'leder')`);
    expect(await roles(token)).toEqual([]);
  });
});

describe('a local token may live at most AUTH_MAX_TOKEN_LIFETIME_HOURS (default 12)', () => {
  const now = seconds();
  const HOUR = 3600;

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a token that lives ten years',
      { exp: now + 10 * 365 * 24 * HOUR },
      'The access token is valid for longer than this service allows',
    ],
    [
      'a token that lives a minute more than twelve hours',
      { iat: now - 60, exp: now + 12 * HOUR },
      'The access token is valid for longer than this service allows',
    ],
    ['a token without iat', { iat: undefined }, 'The access token is not valid'],
    [
      'a token issued more than a minute in the future',
      { iat: now + 120, exp: now + 2 * HOUR },
      'The access token is not valid yet',
    ],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_name, claims, message) => {
    const token = await localToken(claims);
    const res = await server.gql(ME, {}, { token });
    expectUnauthenticated(res, token);
    expect(res.body.errors?.[0]?.message).toBe(message);
  });

  it('accepts a token of exactly twelve hours, and one whose clock runs a little ahead', async () => {
    for (const claims of [{ exp: now + 12 * HOUR }, { iat: now + 30, exp: now + 30 + HOUR }]) {
      const res = await server.gql<MeData>(ME, {}, { token: await localToken(claims) });
      expect(res.body.data?.me?.username).toBe('leder');
    }
  });

  it('follows the setting: with 1 hour, a two-hour token is refused', async () => {
    const strict = await startTestServer({
      databaseUrl: server.databaseUrl,
      env: { AUTH_SECRET: SECRET, AUTH_MAX_TOKEN_LIFETIME_HOURS: '1' },
    });
    try {
      const long = await localToken({ exp: now + 2 * HOUR });
      expectUnauthenticated(await strict.gql(ME, {}, { token: long }), long);
      const res = await strict.gql<MeData>(
        ME,
        {},
        { token: await localToken({ exp: now + HOUR }) },
      );
      expect(res.body.data?.me?.username).toBe('leder');
    } finally {
      await strict.close();
    }
  });
});

/** The token command as npm runs it (from source here), on this file's database. */
const tokenCli = (args: string[], env: Record<string, string> = {}) =>
  runCli('src/auth/cli/token.ts', args, {
    DATABASE_URL: server.databaseUrl,
    AUTH_SECRET: SECRET,
    ...env,
  });

describe('npm run token issues no token longer than the maximum', () => {
  it('gives the maximum by default, and fewer hours when asked', async () => {
    for (const [args, hours] of [
      [['leder'], 12],
      [['leder', '2'], 2],
    ] as const) {
      const { code, stdout } = await tokenCli([...args]);
      expect(code).toBe(0);
      const claims = decodeJwt(stdout.trim());
      expect(claims.exp! - claims.iat!).toBe(hours * 3600);
      const res = await server.gql<MeData>(ME, {}, { token: stdout.trim() });
      expect(res.body.data?.me?.username).toBe('leder');
    }
  }, 60_000);

  it('refuses more hours than AUTH_MAX_TOKEN_LIFETIME_HOURS, printing no token', async () => {
    const over = await tokenCli(['leder', '13']);
    expect(over.code).toBe(1);
    expect(over.stdout).toBe('');
    expect(over.stderr).toContain(
      'hours must be a whole number from 1 to 12 (AUTH_MAX_TOKEN_LIFETIME_HOURS), got "13"',
    );
    const lowered = await tokenCli(['leder', '5'], { AUTH_MAX_TOKEN_LIFETIME_HOURS: '4' });
    expect(lowered.code).toBe(1);
    expect(lowered.stdout).toBe('');
  }, 60_000);
});

describe('npm run token binds the token to one organisation of the person', () => {
  // `to.steder` works for Vennesla (the demo's first organisation) and for Iveland.
  beforeAll(async () => {
    const iveland = await createTestOrganisation(server.orm, {
      shortName: 'iveland',
      name: 'Iveland kommune',
    });
    const insertUser = (em: EntityManager) =>
      em.execute(
        `insert into app_user (id, username, display_name, active, created_at)
         values (gen_random_uuid(), 'to.steder', 'To Steder', true, now())`,
      );
    await insertUser(server.orm.em.fork());
    await inOrganisation(server.orm.em, iveland, insertUser);
  });

  const organisationOf = async (token: string) =>
    (
      await server.gql<{ me: { organisation: { shortName: string } } }>(
        '{ me { organisation { shortName } } }',
        {},
        { token },
      )
    ).body.data?.me.organisation.shortName;

  it('binds it to the organisation --organisation names', async () => {
    for (const org of ['iveland', 'vennesla']) {
      const { code, stdout } = await tokenCli(['to.steder', '--organisation', org]);
      expect(code).toBe(0);
      expect(decodeJwt(stdout.trim()).org).toBe(org);
      expect(await organisationOf(stdout.trim())).toBe(org);
    }
  }, 60_000);

  it('binds it to the only organisation of a person of one', async () => {
    const { code, stdout } = await tokenCli(['leder']);
    expect(code).toBe(0);
    expect(decodeJwt(stdout.trim()).org).toBe('vennesla');
  }, 60_000);

  it('asks which, listing them, for a person of several; refuses one they do not work for', async () => {
    const several = await tokenCli(['to.steder']);
    expect(several.code).toBe(1);
    expect(several.stdout).toBe('');
    expect(several.stderr).toContain('--organisation');
    expect(several.stderr).toContain('iveland (Iveland kommune), vennesla (Vennesla kommune)');
    const notTheirs = await tokenCli(['leder', '--organisation', 'iveland']);
    expect(notTheirs.code).toBe(1);
    expect(notTheirs.stdout).toBe('');
    expect(notTheirs.stderr).toContain('leder is no active user of the organisation iveland');
  }, 60_000);
});

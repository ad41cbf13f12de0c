import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

/** The keys every instance in production must share (README, "Several instances"). */
const PRODUCTION_SECRETS = {
  AUTH_SECRET: 'a-shared-token-key-of-at-least-32-characters',
  INSIGHT_LINK_SECRET: 'a-shared-link-key-of-at-least-32-characters',
};

describe('Configuration is validated at start with one clear line per mistake', () => {
  it('defaults need nothing set: the embedded database and local tokens', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      seedDemoData: true,
      auth: { mode: 'local' },
    });
    expect(c.databaseUrl).toBeUndefined();
  });

  it('names the variable, the rule and the value given', () => {
    expect(problems({ PORT: 'abc' })).toEqual([
      'PORT must be a number between 1 and 65535, got "abc"',
    ]);
    expect(problems({ PORT: '70000' })).toEqual([
      'PORT must be a number between 1 and 65535, got "70000"',
    ]);
  });

  it('reports every mistake at once', () => {
    const found = problems({
      PORT: '0',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      AUTH_SECRET: 'short',
    });
    expect(found).toHaveLength(4);
    expect(found.join('\n')).toMatch(/DATABASE_URL must start with postgres/);
    expect(found.join('\n')).toMatch(/AUTH_SECRET must be at least 32 characters/);
  });

  it('SERVER_PROCESSES: one per core in production, one otherwise; memory counts need one', () => {
    expect(loadConfig({ ...PRODUCTION_SECRETS, NODE_ENV: 'production' }).serverProcesses).toBe(
      os.availableParallelism(),
    );
    expect(loadConfig({}).serverProcesses).toBe(1);
    expect(loadConfig({ NODE_ENV: 'test', SERVER_PROCESSES: '3' }).serverProcesses).toBe(3);
    expect(problems({ SERVER_PROCESSES: '0' })).toEqual([
      'SERVER_PROCESSES must be a whole number from 1 to 256, got "0"',
    ]);
    expect(problems({ SERVER_PROCESSES: '2', RATE_LIMIT_STORE: 'memory' })).toEqual([
      'RATE_LIMIT_STORE memory counts in one process: with several server processes every process would grant the whole budget; use postgres or SERVER_PROCESSES=1, got "memory"',
    ]);
    expect(
      problems({ SERVER_PROCESSES: '2', RATE_LIMIT_STORE: 'memory', RATE_LIMIT_ENABLED: 'false' }),
    ).toEqual([]);
  });

  it('OIDC mode needs issuer and audience with the JWKS URL', () => {
    expect(problems({ AUTH_JWKS_URL: 'https://idp.example/jwks' })).toEqual([
      'AUTH_JWKS_URL needs AUTH_ISSUER and AUTH_AUDIENCE as well (OIDC mode), got "https://idp.example/jwks"',
    ]);
  });

  it('AUTH_MAX_TOKEN_LIFETIME_HOURS is 12 by default, in whole hours up to a year', () => {
    expect(loadConfig({}).auth.maxTokenLifetimeHours).toBe(12);
    expect(loadConfig({ AUTH_MAX_TOKEN_LIFETIME_HOURS: '2' }).auth.maxTokenLifetimeHours).toBe(2);
    for (const bad of ['0', '1.5', 'twelve', '8761']) {
      expect(problems({ AUTH_MAX_TOKEN_LIFETIME_HOURS: bad })).toEqual([
        `AUTH_MAX_TOKEN_LIFETIME_HOURS must be a whole number from 1 to 8760, got "${bad}"`,
      ]);
    }
  });

  it('PUBLIC_JOURNAL_MAX_AGE_SECONDS is 10 by default, in whole seconds up to a day', () => {
    expect(loadConfig({}).publicJournalCache.maxAgeSeconds).toBe(10);
    expect(
      loadConfig({ PUBLIC_JOURNAL_MAX_AGE_SECONDS: '0' }).publicJournalCache.maxAgeSeconds,
    ).toBe(0);
    for (const bad of ['-1', '2.5', 'ten', '86401']) {
      expect(problems({ PUBLIC_JOURNAL_MAX_AGE_SECONDS: bad })).toEqual([
        `PUBLIC_JOURNAL_MAX_AGE_SECONDS must be a whole number from 0 to 86400, got "${bad}"`,
      ]);
    }
  });

  it('DATABASE_URL switches to an external PostgreSQL and turns the demo seed off by default', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u:p@db.example:5432/arkiv' });
    expect(c).toMatchObject({
      databaseUrl: 'postgres://u:p@db.example:5432/arkiv',
      seedDemoData: false,
    });
  });
});

describe('In production every instance must be given the shared keys; nothing is generated', () => {
  it('refuses to start without AUTH_SECRET and INSIGHT_LINK_SECRET, one line each saying why', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      'AUTH_SECRET must be set in production (or AUTH_JWKS_URL for OIDC): tokens issued by one instance must verify on the others, so every instance needs the same key; set AUTH_SECRET to the same random text of at least 32 characters on each (openssl rand -base64 48)',
      'INSIGHT_LINK_SECRET must be set in production: download links made by one instance must verify on the others, so every instance needs the same key; set INSIGHT_LINK_SECRET to the same random text of at least 32 characters on each (openssl rand -base64 48)',
    ]);
    expect(
      problems({ NODE_ENV: 'production', AUTH_SECRET: PRODUCTION_SECRETS.AUTH_SECRET }),
    ).toEqual([expect.stringMatching(/^INSIGHT_LINK_SECRET must be set in production/)]);
  });

  it('OIDC mode needs no AUTH_SECRET, yet still the link key', () => {
    const oidc = {
      NODE_ENV: 'production',
      AUTH_JWKS_URL: 'https://idp.example/jwks',
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'arkivgraf',
    };
    expect(problems(oidc)).toEqual([
      expect.stringMatching(/^INSIGHT_LINK_SECRET must be set in production/),
    ]);
    expect(
      loadConfig({ ...oidc, INSIGHT_LINK_SECRET: PRODUCTION_SECRETS.INSIGHT_LINK_SECRET }).auth
        .mode,
    ).toBe('oidc');
  });

  it('starts with both set; development and tests keep the generated key', () => {
    expect(loadConfig({ ...PRODUCTION_SECRETS, NODE_ENV: 'production' }).auth).toMatchObject({
      mode: 'local',
      secret: PRODUCTION_SECRETS.AUTH_SECRET,
    });
    expect(problems({ NODE_ENV: 'development' })).toEqual([]);
    expect(problems({ NODE_ENV: 'test' })).toEqual([]);
  });
});

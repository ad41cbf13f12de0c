import { type AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import { type GraphQLSchema } from 'graphql';
import pino from 'pino';
import { localSecret } from '../../src/auth/secret';
import { issueLocalToken } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config';
import { FIRST_ORGANISATION_ID } from '../../src/db/migrations/Migration20261202100000_organisations';
import { ormOptions } from '../../src/db/orm-options';
import { createHttpApp } from '../../src/http/app';
import { createLogger } from '../../src/http/logger';
import { buildAppSchema } from '../../src/graphql/buildSchema';
import { createTestDatabase } from './database';
import { type TemplateName } from './templates';

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown> & { code?: string };
}

export interface GqlResponse<T> {
  status: number;
  /** The raw body as sent, for leak probes that search it for markers */
  text: string;
  body: { data?: T; errors?: GqlError[] };
}

export interface TestServer {
  url: string;
  /** The database it serves: pass it as `databaseUrl` to start a second server on it */
  databaseUrl: string;
  /**
   * The owner's pool, for fixtures and checks: not subject to row-level security, inserting into
   * the first organisation unless a transaction sets another
   */
  orm: MikroORM;
  /** The server's own pool (the application's role) */
  appOrm: MikroORM;
  /** Log lines (parsed JSON) when started with `captureLogs` */
  logs: Record<string, unknown>[];
  /** SQL statements the server has run since the last reset */
  statements: string[];
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    opts?: { token?: string; headers?: Record<string, string> },
  ): Promise<GqlResponse<T>>;
  tokenFor(username: string): Promise<string>;
  close(): Promise<void>;
}

let schema: Promise<GraphQLSchema> | undefined;

/**
 * The real server (Express, Apollo, authentication, policies) on a random port, over a database of
 * its own cloned from a template. Tokens are issued with the test server's local secret.
 */
export async function startTestServer(
  opts: {
    data?: TemplateName;
    env?: Record<string, string>;
    today?: string;
    /** Serve this database (another server's) instead of a fresh one */
    databaseUrl?: string;
    /** Serve this schema instead of the app's (tests that need a misbehaving resolver) */
    schema?: GraphQLSchema;
    /** Keep the log lines (level info and up) in `logs` */
    captureLogs?: boolean;
    /**
     * Run the mail outbox's sender (off in tests otherwise: its statements would count in
     * `statements`), looking every 100 ms unless `env` says MAIL_POLL_MS
     */
    mail?: boolean;
  } = {},
): Promise<TestServer> {
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabase(opts.data ?? 'demo'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: 'test-secret-that-is-long-enough-for-hs256!',
    DATA_DIR: '.data/test',
    // Off in tests unless asked for: every anonymous request of a test file is one client here.
    RATE_LIMIT_ENABLED: 'false',
    ...(opts.mail ? { MAIL_SENDER_ENABLED: 'true', MAIL_POLL_MS: '100' } : {}),
    ...opts.env,
  });
  const logs: Record<string, unknown>[] = [];
  const log = opts.captureLogs
    ? pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) })
    : createLogger(config.logLevel);
  const statements: string[] = [];
  // The server acts as the application's role (row-level security); the tests' own fixtures as the
  // owner, inserting into the first organisation unless a transaction sets another.
  const appOrm = await MikroORM.init({
    ...ormOptions(databaseUrl, 5, config.hardening.statementTimeoutMs, 'app'),
    debug: ['query'],
    logger: (message: string) => statements.push(message),
    colors: false,
  });
  const orm = await MikroORM.init(ormOptions(databaseUrl, 3, 0, 'owner', FIRST_ORGANISATION_ID));
  const app = await createHttpApp({
    config,
    orm: appOrm,
    schema: opts.schema ?? (await (schema ??= buildAppSchema())),
    log,
    ...(opts.today ? { today: () => opts.today! } : {}),
  });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    databaseUrl,
    orm,
    appOrm,
    logs,
    statements,
    async gql(query, variables, o = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...o.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      let body: GqlResponse<never>['body'];
      try {
        body = JSON.parse(text);
      } catch {
        body = {};
      }
      return { status: res.status, text, body };
    },
    tokenFor(username) {
      if (config.auth.mode !== 'local') throw new Error('tokenFor needs local authentication');
      return issueLocalToken(localSecret(config), username);
    },
    async close() {
      await app.stop();
      await appOrm.close(true);
      await orm.close(true);
    },
  };
}

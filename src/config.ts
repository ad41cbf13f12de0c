import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { JournalPostType } from './entities/enums';

const bool = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

const port = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number between 1 and 65535` })
    .int(`${name} must be a number between 1 and 65535`)
    .min(1, `${name} must be a number between 1 and 65535`)
    .max(65535, `${name} must be a number between 1 and 65535`);

const url = z.url({ error: 'must be a URL' });

/** A whole number in [min, max], with the range in the message. */
const wholeNumber = (min: number, max: number, fallback: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.coerce
    .number({ error: message })
    .int(message)
    .min(min, message)
    .max(max, message)
    .default(fallback);
};

/** Express `trust proxy`: false, true, a hop count, or addresses/subnets/names separated by commas. */
const trustProxy = z
  .string()
  .refine(
    (v) =>
      /^(true|false|\d{1,2})$/.test(v.trim()) ||
      v.split(',').every((item) => {
        const t = item.trim();
        if (['loopback', 'linklocal', 'uniquelocal'].includes(t)) return true;
        const [ip, prefix, extra] = t.split('/');
        return (
          extra === undefined &&
          isIP(ip ?? '') !== 0 &&
          (prefix === undefined || /^\d{1,3}$/.test(prefix))
        );
      }),
    'must be false, true, a number of proxy hops, or addresses, subnets (10.0.0.0/8) or loopback, linklocal, uniquelocal separated by commas',
  )
  .default('false');

/** An origin as a browser sends it: scheme://host[:port], lower case, no path, no default port. */
const isOrigin = (o: string): boolean => {
  try {
    const u = new URL(o);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === o;
  } catch {
    return false;
  }
};

/** Exact origins separated by commas (CORS_ORIGINS). */
const origins = z
  .string()
  .refine(
    (v) => v.split(',').every((o) => isOrigin(o.trim())),
    'must be origins such as https://app.example.no (scheme, host and port only, lower case) separated by commas',
  );

/**
 * Every setting Arkivgraf reads, with its default. The README's configuration table mirrors this
 * list; keep the two together.
 */
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: port('PORT').default(4000),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    DATA_DIR: z.string().min(1).default('.data'),
    EXPORT_DIR: z.string().min(1).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    DATABASE_REPLICA_URLS: z
      .string()
      .refine(
        (v) => v.split(',').every((u) => /^postgres(ql)?:\/\/[^/\s]+/.test(u.trim())),
        'must be postgres:// or postgresql:// URLs separated by commas',
      )
      .optional(),
    REPLICA_MAX_LAG_MS: wholeNumber(0, 3_600_000, 5000),
    EMBEDDED_POSTGRES_PORT: port('EMBEDDED_POSTGRES_PORT').default(54329),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    SERVER_PROCESSES: z.coerce
      .number({ error: 'must be a whole number from 1 to 256' })
      .int('must be a whole number from 1 to 256')
      .min(1, 'must be a whole number from 1 to 256')
      .max(256, 'must be a whole number from 1 to 256')
      .optional(),
    SEED_DEMO_DATA: bool.optional(),
    AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    AUTH_JWKS_URL: url.optional(),
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),
    AUTH_USERNAME_CLAIM: z.string().min(1).default('preferred_username'),
    AUTH_ORGANISATION_CLAIM: z.string().min(1).default('org'),
    AUTH_MAX_TOKEN_LIFETIME_HOURS: wholeNumber(1, 8760, 12),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    // Observability and browsers on other origins: README, "Observability"; docs/security.md.
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    CORS_ORIGINS: origins.optional(),
    PUBLIC_JOURNAL_TYPES: z
      .string()
      .regex(
        /^\s*[IUNXS](\s*,\s*[IUNXS])*\s*$/,
        'must be journal post type codes from I, U, N, X, S separated by commas',
      )
      .default('I,U'),
    PUBLIC_JOURNAL_DELAY_WORKDAYS: z.coerce
      .number({ error: 'must be a whole number of working days from 0 to 30' })
      .int('must be a whole number of working days from 0 to 30')
      .min(0, 'must be a whole number of working days from 0 to 30')
      .max(30, 'must be a whole number of working days from 0 to 30')
      .default(3),
    PUBLIC_JOURNAL_MAX_AGE_SECONDS: wholeNumber(0, 86_400, 10),
    // API hardening: docs/security.md explains each of these.
    GRAPHQL_MAX_DEPTH_ANONYMOUS: wholeNumber(1, 100, 8),
    GRAPHQL_MAX_DEPTH: wholeNumber(1, 100, 12),
    GRAPHQL_MAX_ALIASES_ANONYMOUS: wholeNumber(0, 1000, 10),
    GRAPHQL_MAX_ALIASES: wholeNumber(0, 1000, 30),
    GRAPHQL_MAX_ROOT_FIELDS_ANONYMOUS: wholeNumber(1, 1000, 5),
    GRAPHQL_MAX_ROOT_FIELDS: wholeNumber(1, 1000, 15),
    GRAPHQL_MAX_COST_ANONYMOUS: wholeNumber(1, 10_000_000, 3000),
    GRAPHQL_MAX_COST: wholeNumber(1, 10_000_000, 50000),
    GRAPHQL_MAX_TOKENS: wholeNumber(100, 1_000_000, 10000),
    GRAPHQL_MAX_SELECTIONS: wholeNumber(100, 1_000_000, 10000),
    REQUEST_BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)?$/i, 'must be a size in bytes, or with kb or mb (e.g. 1mb)')
      .default('1mb'),
    DB_STATEMENT_TIMEOUT_MS: wholeNumber(0, 3_600_000, 5000),
    EXPENSIVE_STATEMENTS_PER_VIEWER: wholeNumber(1, 1000, 2),
    EXPENSIVE_STATEMENT_WAIT_MS: wholeNumber(0, 60_000, 2000),
    TRUST_PROXY: trustProxy,
    RATE_LIMIT_ENABLED: bool.default(true),
    RATE_LIMIT_STORE: z
      .enum(['postgres', 'memory'], { error: 'must be postgres or memory' })
      .default('postgres'),
    RATE_LIMIT_WINDOW_SECONDS: wholeNumber(1, 86_400, 60),
    RATE_LIMIT_POINTS_ANONYMOUS: wholeNumber(1, 1_000_000_000, 20000),
    RATE_LIMIT_POINTS_USER: wholeNumber(1, 1_000_000_000, 500000),
    RATE_LIMIT_DOWNLOAD_COST: wholeNumber(1, 1_000_000_000, 1000),
    TRUSTED_DOCUMENTS_ONLY: bool.default(false),
    TRUSTED_DOCUMENTS_MANIFEST: z.string().min(1).default('docs/operations/trusted-documents.json'),
    // Documents and insight requests: docs/insight-requests.md explains each of these.
    DOCUMENT_MAX_BYTES: wholeNumber(1, 1_073_741_824, 52_428_800),
    INSIGHT_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    INSIGHT_LINK_TTL_HOURS: wholeNumber(1, 8760, 72),
    INSIGHT_APPEAL_DAYS: wholeNumber(1, 365, 21),
    RATE_LIMIT_INSIGHT_SUBMISSIONS: wholeNumber(1, 1_000_000, 10),
    RATE_LIMIT_INSIGHT_WINDOW_SECONDS: wholeNumber(1, 604_800, 3600),
    // Notices by e-mail: docs/notices.md explains each of these.
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/./, 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Arkivgraf <noreply@arkivgraf.invalid>'),
    PUBLIC_BASE_URL: z
      .string()
      .regex(/^https?:\/\/[^/]+(\/.*)?$/, 'must be an http:// or https:// URL')
      .optional(),
    MAIL_POLL_MS: wholeNumber(50, 600_000, 2000),
    MAIL_MAX_ATTEMPTS: wholeNumber(1, 1000, 12),
    MAIL_SENDER_ENABLED: bool.optional(),
  })
  .superRefine((env, ctx) => {
    if (
      env.RATE_LIMIT_ENABLED &&
      env.RATE_LIMIT_STORE === 'memory' &&
      serverProcesses(env.NODE_ENV, env.SERVER_PROCESSES) > 1
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['RATE_LIMIT_STORE'],
        message:
          'memory counts in one process: with several server processes every process would grant the whole budget; use postgres or SERVER_PROCESSES=1',
      });
    }
    if (env.RATE_LIMIT_ENABLED) {
      for (const [cost, points] of [
        ['GRAPHQL_MAX_COST_ANONYMOUS', 'RATE_LIMIT_POINTS_ANONYMOUS'],
        ['GRAPHQL_MAX_COST', 'RATE_LIMIT_POINTS_USER'],
      ] as const) {
        if (env[cost] > env[points]) {
          ctx.addIssue({
            code: 'custom',
            path: [cost],
            message: `is more than ${points} (${env[points]}): an operation of that cost could never run`,
          });
        }
      }
    }
    // Several instances behind one load balancer must share their keys: a key generated into
    // DATA_DIR differs per instance, so what one signs the others would refuse (README, "Several
    // instances"). Development and tests keep the generated file (auth/secret.ts).
    if (env.NODE_ENV === 'production' && !env.AUTH_JWKS_URL && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_SECRET'],
        message:
          'must be set in production (or AUTH_JWKS_URL for OIDC): tokens issued by one instance must verify on the others, so every instance needs the same key; set AUTH_SECRET to the same random text of at least 32 characters on each (openssl rand -base64 48)',
      });
    }
    if (env.NODE_ENV === 'production' && !env.INSIGHT_LINK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['INSIGHT_LINK_SECRET'],
        message:
          'must be set in production: download links made by one instance must verify on the others, so every instance needs the same key; set INSIGHT_LINK_SECRET to the same random text of at least 32 characters on each (openssl rand -base64 48)',
      });
    }
    if (env.DATABASE_REPLICA_URLS && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_REPLICA_URLS'],
        message:
          'needs DATABASE_URL: replicas stream from an external primary, not the embedded one',
      });
    }
    if (env.AUTH_JWKS_URL && (!env.AUTH_ISSUER || !env.AUTH_AUDIENCE)) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_JWKS_URL'],
        message: 'needs AUTH_ISSUER and AUTH_AUDIENCE as well (OIDC mode)',
      });
    }
  });

/**
 * Server processes: one per core in production (node:cluster, src/server/cluster.ts), one in
 * development and tests, where a restart should be quick and the log a single stream.
 */
function serverProcesses(env: 'development' | 'production' | 'test', given?: number): number {
  return given ?? (env === 'production' ? os.availableParallelism() : 1);
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  dataDir: string;
  /** Set: use this PostgreSQL and start none. Unset: embedded PostgreSQL in dataDir/postgres. */
  databaseUrl?: string;
  embeddedPostgresPort: number;
  /** Streaming standbys of databaseUrl's server for reads that may lag (docs/scaling.md, "Read replicas") */
  replicas: { urls: string[]; maxLagMs: number };
  /** Connections of each server process's pool */
  dbPoolMax: number;
  /** HTTP server processes on one port; more than one: a primary and workers (node:cluster) */
  serverProcesses: number;
  /** Seed the demo data when the database is empty (default: only with the embedded database) */
  seedDemoData: boolean;
  auth: AuthSettings;
  shutdownTimeoutMs: number;
  publicJournal: PublicJournalSettings;
  /** HTTP caching of the public journal's GET views (src/http/publicJournal/cache.ts) */
  publicJournalCache: { maxAgeSeconds: number };
  /** Limits against abuse of a public API (docs/security.md) */
  hardening: HardeningSettings;
  /** Documents of journal posts (docs/insight-requests.md) */
  documents: DocumentSettings;
  /** Insight requests (innsynskrav; docs/insight-requests.md) */
  insight: InsightSettings;
  /** The folder of the deposit packages (arkivuttrekk; docs/noark5.md); default dataDir/exports */
  exportDir: string;
  /** Notices by e-mail (docs/notices.md) */
  mail: MailSettings;
  /** METRICS_TOKEN: /metrics asks for it as a bearer token when set; open otherwise */
  metricsToken?: string;
  /** CORS_ORIGINS: the browser origins that may call the API; none by default */
  corsOrigins: string[];
}

export interface MailSettings {
  /** SMTP_URL; unset: mails are written to the log instead of sent, and a warning says so */
  smtpUrl?: string;
  /** The sender (From) of every mail */
  from: string;
  /** Where the public pages are reached from outside: links in mails start with it */
  publicBaseUrl: string;
  /** How often the outbox is looked at for mails due */
  pollMs: number;
  /** Attempts before a mail is given up (kept, marked failed) */
  maxAttempts: number;
  /** MAIL_SENDER_ENABLED: this process sends the outbox's mails (default: on, off in tests) */
  senderEnabled: boolean;
}

export type AuthSettings = {
  /** Longest a token may live (`exp - iat`), in either mode; the token command gives no longer */
  maxTokenLifetimeHours: number;
} & (
  | { mode: 'local'; secret?: string }
  | {
      mode: 'oidc';
      jwksUrl: string;
      issuer: string;
      audience: string;
      usernameClaim: string;
      /** The claim that names the organisation a token acts in (short name or id), if any */
      organisationClaim: string;
    }
);

export interface DocumentSettings {
  /** Largest document accepted by PUT /documents/…; larger gets 413 */
  maxBytes: number;
}

export interface InsightSettings {
  /** HMAC key of the download links; unset: derived from the local token secret */
  linkSecret?: string;
  /** How long a download link on the status view stays valid */
  linkTtlHours: number;
  /** Calendar days after a decision within which the requester may appeal (fvl. § 29) */
  appealDays: number;
  /** Submissions per client address (or signed-in user) per window; off with RATE_LIMIT_ENABLED */
  submissions: { points: number; windowSeconds: number };
}

/** What one GraphQL operation may ask for (see docs/security.md, "Operation limits"). */
export interface OperationLimits {
  depth: number;
  aliases: number;
  rootFields: number;
  cost: number;
}

export interface HardeningSettings {
  /** Stricter for the anonymous public than for signed-in users */
  operations: { anonymous: OperationLimits; user: OperationLimits };
  /** graphql-js parser: tokens per document */
  maxTokens: number;
  /** Apollo's maxRecursiveSelections: selections after expanding fragments */
  maxSelections: number;
  /** express.json limit for GraphQL request bodies, e.g. "1mb" */
  bodyLimit: string;
  /** PostgreSQL statement_timeout of the server's connections; 0 = none */
  statementTimeoutMs: number;
  /** Searches, counts and unindexed orders of one viewer at once, and how long one more waits */
  expensiveStatements: { perViewer: number; waitMs: number };
  /** Express `trust proxy` */
  trustProxy: boolean | number | string;
  rateLimit: {
    enabled: boolean;
    store: 'postgres' | 'memory';
    windowSeconds: number;
    anonymousPoints: number;
    userPoints: number;
    /** Points one download of the public journal costs */
    downloadCost: number;
    /** Server processes of this server (SERVER_PROCESSES): they split the share counted in memory */
    processes: number;
  };
  trustedDocuments: { only: boolean; manifest: string };
}

function trustProxyValue(v: string): boolean | number | string {
  const t = v.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (/^\d+$/.test(t)) return Number(t);
  return t
    .split(',')
    .map((s) => s.trim())
    .join(',');
}

/** Which posts the public journal publishes, and when (domain.md, "The public journal"). */
export interface PublicJournalSettings {
  types: JournalPostType[];
  delayWorkdays: number;
}

const TYPE_CODES: Record<string, JournalPostType> = {
  I: JournalPostType.INCOMING,
  U: JournalPostType.OUTGOING,
  N: JournalPostType.INTERNAL_FOLLOW_UP,
  X: JournalPostType.INTERNAL_NO_FOLLOW_UP,
  S: JournalPostType.CASE_PRESENTATION,
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Reads and validates the environment; throws ConfigError with one line per mistake. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'configuration');
        const got = input[name];
        const message = issue.message.startsWith(name) ? issue.message : `${name} ${issue.message}`;
        return got === undefined ? message : `${message}, got ${JSON.stringify(got)}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    embeddedPostgresPort: e.EMBEDDED_POSTGRES_PORT,
    replicas: {
      urls: (e.DATABASE_REPLICA_URLS ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
      maxLagMs: e.REPLICA_MAX_LAG_MS,
    },
    dbPoolMax: e.DB_POOL_MAX,
    serverProcesses: serverProcesses(e.NODE_ENV, e.SERVER_PROCESSES),
    seedDemoData: e.SEED_DEMO_DATA ?? !e.DATABASE_URL,
    auth: {
      maxTokenLifetimeHours: e.AUTH_MAX_TOKEN_LIFETIME_HOURS,
      ...(e.AUTH_JWKS_URL
        ? {
            mode: 'oidc',
            jwksUrl: e.AUTH_JWKS_URL,
            issuer: e.AUTH_ISSUER!,
            audience: e.AUTH_AUDIENCE!,
            usernameClaim: e.AUTH_USERNAME_CLAIM,
            organisationClaim: e.AUTH_ORGANISATION_CLAIM,
          }
        : { mode: 'local', secret: e.AUTH_SECRET }),
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    metricsToken: e.METRICS_TOKEN,
    corsOrigins: [...new Set((e.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()))].filter(
      Boolean,
    ),
    publicJournal: {
      types: [...new Set(e.PUBLIC_JOURNAL_TYPES.split(',').map((c) => TYPE_CODES[c.trim()]!))],
      delayWorkdays: e.PUBLIC_JOURNAL_DELAY_WORKDAYS,
    },
    publicJournalCache: { maxAgeSeconds: e.PUBLIC_JOURNAL_MAX_AGE_SECONDS },
    hardening: {
      operations: {
        anonymous: {
          depth: e.GRAPHQL_MAX_DEPTH_ANONYMOUS,
          aliases: e.GRAPHQL_MAX_ALIASES_ANONYMOUS,
          rootFields: e.GRAPHQL_MAX_ROOT_FIELDS_ANONYMOUS,
          cost: e.GRAPHQL_MAX_COST_ANONYMOUS,
        },
        user: {
          depth: e.GRAPHQL_MAX_DEPTH,
          aliases: e.GRAPHQL_MAX_ALIASES,
          rootFields: e.GRAPHQL_MAX_ROOT_FIELDS,
          cost: e.GRAPHQL_MAX_COST,
        },
      },
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxSelections: e.GRAPHQL_MAX_SELECTIONS,
      bodyLimit: e.REQUEST_BODY_LIMIT.toLowerCase(),
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      expensiveStatements: {
        perViewer: e.EXPENSIVE_STATEMENTS_PER_VIEWER,
        waitMs: e.EXPENSIVE_STATEMENT_WAIT_MS,
      },
      trustProxy: trustProxyValue(e.TRUST_PROXY),
      rateLimit: {
        enabled: e.RATE_LIMIT_ENABLED,
        store: e.RATE_LIMIT_STORE,
        windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
        anonymousPoints: e.RATE_LIMIT_POINTS_ANONYMOUS,
        userPoints: e.RATE_LIMIT_POINTS_USER,
        downloadCost: e.RATE_LIMIT_DOWNLOAD_COST,
        processes: serverProcesses(e.NODE_ENV, e.SERVER_PROCESSES),
      },
      trustedDocuments: {
        only: e.TRUSTED_DOCUMENTS_ONLY,
        manifest: path.resolve(e.TRUSTED_DOCUMENTS_MANIFEST),
      },
    },
    documents: { maxBytes: e.DOCUMENT_MAX_BYTES },
    exportDir: path.resolve(e.EXPORT_DIR ?? path.join(e.DATA_DIR, 'exports')),
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
      pollMs: e.MAIL_POLL_MS,
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
      senderEnabled: e.MAIL_SENDER_ENABLED ?? e.NODE_ENV !== 'test',
    },
    insight: {
      linkSecret: e.INSIGHT_LINK_SECRET,
      linkTtlHours: e.INSIGHT_LINK_TTL_HOURS,
      appealDays: e.INSIGHT_APPEAL_DAYS,
      submissions: {
        points: e.RATE_LIMIT_INSIGHT_SUBMISSIONS,
        windowSeconds: e.RATE_LIMIT_INSIGHT_WINDOW_SECONDS,
      },
    },
  };
}

/** For entry points: the configuration, or the mistakes on stderr and exit code 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

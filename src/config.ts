import path from 'node:path';
import { z } from 'zod';

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
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    EMBEDDED_POSTGRES_PORT: port('EMBEDDED_POSTGRES_PORT').default(54329),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    SEED_DEMO_DATA: bool.optional(),
    AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    AUTH_JWKS_URL: url.optional(),
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),
    AUTH_USERNAME_CLAIM: z.string().min(1).default('preferred_username'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  })
  .superRefine((env, ctx) => {
    if (env.AUTH_JWKS_URL && (!env.AUTH_ISSUER || !env.AUTH_AUDIENCE)) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_JWKS_URL'],
        message: 'needs AUTH_ISSUER and AUTH_AUDIENCE as well (OIDC mode)',
      });
    }
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  dataDir: string;
  /** Set: use this PostgreSQL and start none. Unset: embedded PostgreSQL in dataDir/postgres. */
  databaseUrl?: string;
  embeddedPostgresPort: number;
  dbPoolMax: number;
  /** Seed the demo data when the database is empty (default: only with the embedded database) */
  seedDemoData: boolean;
  auth:
    | { mode: 'local'; secret?: string }
    | { mode: 'oidc'; jwksUrl: string; issuer: string; audience: string; usernameClaim: string };
  shutdownTimeoutMs: number;
}

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
    dbPoolMax: e.DB_POOL_MAX,
    seedDemoData: e.SEED_DEMO_DATA ?? !e.DATABASE_URL,
    auth: e.AUTH_JWKS_URL
      ? {
          mode: 'oidc',
          jwksUrl: e.AUTH_JWKS_URL,
          issuer: e.AUTH_ISSUER!,
          audience: e.AUTH_AUDIENCE!,
          usernameClaim: e.AUTH_USERNAME_CLAIM,
        }
      : { mode: 'local', secret: e.AUTH_SECRET },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
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

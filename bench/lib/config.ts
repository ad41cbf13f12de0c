import pg from 'pg';
import { type Config, loadConfig } from '../../src/config';

/** A whole number from the environment, or the fallback. */
/** The key the benchmarks' servers sign and check tokens with. */
export const BENCH_AUTH_SECRET = 'benchmark-secret-that-is-long-enough-for-hs256';

export function intSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
}

/** The same type parsers as MikroORM's PostgreSQL connection (dates stay strings). */
export function mikroOrmTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  for (const oid of [1082, 1114, 1184, 1186]) types.setTypeParser(oid, (s: string) => s);
  return types;
}

export function benchConfig(url: string, extra: Record<string, string>): Config {
  return loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    AUTH_SECRET: BENCH_AUTH_SECRET,
    INSIGHT_LINK_SECRET: 'benchmark-link-secret-that-is-long-enough',
    // The rate limiter stays on (PostgreSQL store, as in production); its budget is raised so the
    // benchmark's own requests are never refused.
    RATE_LIMIT_POINTS_ANONYMOUS: '1000000000',
    RATE_LIMIT_POINTS_USER: '1000000000',
    ...extra,
  });
}

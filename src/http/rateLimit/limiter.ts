import { type MikroORM } from '@mikro-orm/postgresql';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { type Logger } from 'pino';
import { type HardeningSettings } from '../../config';

/** Whose budget a request spends: the client address for the public, the user when signed in. */
export type Subject = { kind: 'anonymous'; address: string } | { kind: 'user'; userId: string };

export type Decision =
  { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Points per window, counted in operation cost rather than requests. The one implementation in use
 * keeps its counters in PostgreSQL so that every server process on the database shares them; the
 * in-memory one is for a single process (RATE_LIMIT_STORE=memory) and is the fallback while the
 * database cannot be reached.
 */
export interface CostLimiter {
  consume(subject: Subject, points: number): Promise<Decision>;
  /** Points per window for this kind of subject */
  budget(subject: Subject): number;
}

/** The table of src/db/migrations/Migration20261121081938_rate_limits.ts (entity RateLimit). */
export const RATE_LIMIT_TABLE = 'rate_limits';

type Settings = HardeningSettings['rateLimit'];

function pair(
  settings: Settings,
  make: (keyPrefix: string, points: number) => RateLimiterAbstract,
): Record<Subject['kind'], RateLimiterAbstract> {
  return {
    anonymous: make('anon', settings.anonymousPoints),
    user: make('user', settings.userPoints),
  };
}

function memoryLimiter(keyPrefix: string, points: number, duration: number): RateLimiterMemory {
  return new RateLimiterMemory({ keyPrefix, points, duration });
}

export function createCostLimiter(options: {
  settings: Settings;
  orm: MikroORM;
  log: Logger;
  /** A limiter of its own (e.g. "insight" for insight submissions): its counters are kept apart */
  name?: string;
}): CostLimiter {
  const { settings, orm, log } = options;
  const duration = settings.windowSeconds;
  const limiters = pair(settings, (kind, points) => {
    const keyPrefix = options.name ? `${options.name}-${kind}` : kind;
    if (settings.store === 'memory') return memoryLimiter(keyPrefix, points, duration);
    return new RateLimiterPostgres({
      storeClient: orm.em.getConnection().getKnex(),
      storeType: 'knex',
      tableName: RATE_LIMIT_TABLE,
      // The table comes from a migration: the server never needs CREATE rights at run time.
      tableCreated: true,
      keyPrefix,
      points,
      duration,
      // A client over its budget is refused from memory until its window ends, without a query.
      inMemoryBlockOnConsumed: points + 1,
      // While PostgreSQL cannot be reached, each process counts on its own rather than failing.
      insuranceLimiter: memoryLimiter(keyPrefix, points, duration),
    });
  });

  return {
    budget: (subject) => limiters[subject.kind].points,
    async consume(subject, points) {
      const key = subject.kind === 'user' ? subject.userId : subject.address;
      try {
        const res = await limiters[subject.kind].consume(key, Math.max(1, Math.ceil(points)));
        return { allowed: true, remaining: res.remainingPoints };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return {
            allowed: false,
            retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
          };
        }
        // Neither the store nor the insurance answered: let the request through, and say so.
        log.error({ err: rejection }, 'rate limiter failed; request not counted');
        return { allowed: true, remaining: limiters[subject.kind].points };
      }
    },
  };
}

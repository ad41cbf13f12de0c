import { type MikroORM } from '@mikro-orm/postgresql';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { type Logger } from 'pino';
import { type HardeningSettings } from '../../config';
import { rateLimitRejections } from '../../observability/metrics';

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
  /** Writes the points counted in memory and stops the timer; before the pool closes */
  close(): Promise<void>;
}

/**
 * Below this share of its budget, divided by the server's processes, a client's points are counted
 * in memory and written to PostgreSQL in one statement per client every FLUSH_MS, so the common
 * request costs no round trip. The first request of a client in a window and every request above
 * the share go to PostgreSQL at once, with the points held in memory, so the shared count is exact
 * where a refusal is near. Over the N processes of one server a client can spend at most
 * (N − 1) / N × LOCAL_SHARE of a budget more than the budget, whatever N is.
 */
const LOCAL_SHARE = 0.25;
const FLUSH_MS = 1000;

interface LocalCount {
  /** The shared count PostgreSQL last returned for the client */
  known: number;
  /** Points allowed here and not yet written */
  pending: number;
  /** When the window PostgreSQL counts in ends (epoch ms) */
  windowEnds: number;
}

/** RateLimiterPostgres with the points of clients far from their budget counted in memory first. */
class BufferedLimiter {
  private readonly counts = new Map<string, LocalCount>();

  constructor(
    readonly store: RateLimiterAbstract,
    /** Points below which a client is counted in memory */
    private readonly localPoints: number,
    private readonly log: Logger,
  ) {}

  get points(): number {
    return this.store.points;
  }

  async consume(key: string, points: number): Promise<{ remainingPoints: number }> {
    const now = Date.now();
    const local = this.counts.get(key);
    if (local && local.windowEnds > now) {
      const spent = local.known + local.pending + points;
      if (spent <= this.localPoints) {
        local.pending += points;
        return { remainingPoints: this.store.points - spent };
      }
    }
    // Taken before the await, so a flush running meanwhile cannot write the same points again.
    const held = local && local.windowEnds > now ? local.pending : 0;
    if (local) local.pending = 0;
    try {
      const res = await this.store.consume(key, points + held);
      this.counts.set(key, {
        known: res.consumedPoints,
        pending: 0,
        windowEnds: Date.now() + res.msBeforeNext,
      });
      return res;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        // Refused: every request of this window goes to the store (which may refuse from memory,
        // with a count that says nothing about the shared one).
        this.counts.set(key, {
          known: Math.max(rejection.consumedPoints, this.store.points),
          pending: 0,
          windowEnds: Date.now() + rejection.msBeforeNext,
        });
      }
      throw rejection;
    }
  }

  /** Writes every client's pending points (of windows not yet ended) and forgets ended windows. */
  async flush(): Promise<void> {
    const now = Date.now();
    const writes: Promise<void>[] = [];
    for (const [key, local] of this.counts) {
      if (local.windowEnds <= now) {
        this.counts.delete(key);
        continue;
      }
      if (local.pending === 0) continue;
      const points = local.pending;
      local.pending = 0;
      writes.push(
        this.store.penalty(key, points).then(
          (res) => {
            local.known = res.consumedPoints;
          },
          (err: unknown) => this.log.error({ err }, 'rate limiter could not write its counts'),
        ),
      );
    }
    await Promise.all(writes);
  }
}

/** The table of src/db/migrations/Migration20261121081938_rate_limits.ts (entity RateLimit). */
export const RATE_LIMIT_TABLE = 'rate_limits';

type Settings = HardeningSettings['rateLimit'];

interface Limiter {
  readonly points: number;
  consume(key: string, points: number): Promise<{ remainingPoints: number }>;
}

function pair<L extends Limiter>(
  settings: Settings,
  make: (keyPrefix: string, points: number) => L,
): Record<Subject['kind'], L> {
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
  /** A limiter of its own (insight submissions): its counters and its rejections are kept apart */
  name?: 'insight';
}): CostLimiter {
  const { settings, orm, log } = options;
  const duration = settings.windowSeconds;
  const limiters = pair(settings, (kind, points) => {
    const keyPrefix = options.name ? `${options.name}-${kind}` : kind;
    if (settings.store === 'memory') return memoryLimiter(keyPrefix, points, duration);
    return new BufferedLimiter(
      new RateLimiterPostgres({
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
      }),
      (points * LOCAL_SHARE) / Math.max(1, settings.processes),
      log,
    );
  });
  const buffered = Object.values(limiters).filter((l) => l instanceof BufferedLimiter);
  const flushAll = () => Promise.all(buffered.map((l) => l.flush())).then(() => undefined);
  const timer = buffered.length ? setInterval(() => void flushAll(), FLUSH_MS) : undefined;
  // The timer never keeps the process alive on its own; close() writes what is left.
  timer?.unref();

  return {
    budget: (subject) => limiters[subject.kind].points,
    async close() {
      clearInterval(timer);
      await flushAll();
    },
    async consume(subject, points) {
      const key = subject.kind === 'user' ? subject.userId : subject.address;
      try {
        const res = await limiters[subject.kind].consume(key, Math.max(1, Math.ceil(points)));
        return { allowed: true, remaining: res.remainingPoints };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          rateLimitRejections.inc({ limiter: options.name ?? 'api' });
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

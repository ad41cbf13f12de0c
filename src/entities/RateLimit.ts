import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Rate-limit counters shared by every server process (src/http/rateLimit). The rows are written by
 * rate-limiter-flexible's RateLimiterPostgres, never through the ORM: the entity only declares the
 * table in the library's own shape, so that migrations create it and schema diffs keep it.
 */
@Entity({ tableName: 'rate_limits' })
export class RateLimit {
  /** "<limiter>:<client>", e.g. "anon:203.0.113.7" or "user:<user id>" */
  @PrimaryKey({ type: 'string', length: 255 })
  key!: string;

  /** Points consumed in the current window */
  @Property({ type: 'integer', default: 0 })
  points!: number;

  /** End of the current window, epoch milliseconds */
  @Property({ type: 'bigint', nullable: true })
  @Index()
  expire?: string | null;
}

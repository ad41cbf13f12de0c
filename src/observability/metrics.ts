import client, { type Registry } from 'prom-client';

/**
 * The Prometheus series of one server process (README, "Observability"). Every series counts or
 * times; none carries a title, a name or any other value of a record, so a scrape never exposes
 * screened data. Labels take bounded values only: a route pattern, never a path with ids; a known
 * operation name, never whatever a client sends.
 */
export const registry: Registry = client.register;

/** Seconds: from a cached read (a few ms) to an export or a slow search (tens of seconds). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const httpRequestDuration = new client.Histogram({
  name: 'arkivgraf_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: LATENCY_BUCKETS,
});

export const graphqlOperationDuration = new client.Histogram({
  name: 'arkivgraf_graphql_operation_duration_seconds',
  help: 'GraphQL operations by operation name (known names only) and type',
  labelNames: ['operation', 'type'] as const,
  buckets: LATENCY_BUCKETS,
});

export const graphqlErrors = new client.Counter({
  name: 'arkivgraf_graphql_errors_total',
  help: 'GraphQL errors by the code the client was given',
  labelNames: ['code'] as const,
});

export const rateLimitRejections = new client.Counter({
  name: 'arkivgraf_rate_limit_rejections_total',
  help: 'Requests refused with 429 by limiter: api (GraphQL and downloads), insight (submissions), statements (expensive statements per viewer)',
  labelNames: ['limiter'] as const,
});

export const poolAcquireWait = new client.Histogram({
  name: 'arkivgraf_db_pool_acquire_wait_seconds',
  help: 'Time a statement waited for a connection of the pool',
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
});

/** The pool of knex (tarn) as far as the gauges read it. */
export interface PoolLike {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  on(event: 'acquireRequest', listener: (eventId: number) => void): void;
  on(event: 'acquireSuccess' | 'acquireFail', listener: (eventId: number) => void): void;
}

/** Counts across every organisation, read by a function of the database that returns only them. */
export interface OperationalCounts {
  mailPending: number;
  insightOverdue: number;
}

export interface ReplicaStatus {
  name: string;
  healthy: boolean;
  /** Replay lag in milliseconds; null or undefined while unknown */
  lagMs?: number | null;
}

let pool: PoolLike | undefined;
let countsSource: (() => Promise<OperationalCounts>) | undefined;
let replicaSource: (() => readonly ReplicaStatus[]) | undefined;

function poolGauge(name: string, help: string, read: (p: PoolLike) => number): void {
  new client.Gauge({
    name,
    help,
    collect() {
      this.reset();
      if (pool) this.set(read(pool));
    },
  });
}

poolGauge('arkivgraf_db_pool_in_use', 'Connections of the pool in use', (p) => p.numUsed());
poolGauge('arkivgraf_db_pool_idle', 'Idle connections of the pool', (p) => p.numFree());
poolGauge(
  'arkivgraf_db_pool_pending_acquires',
  'Statements waiting for a connection of the pool',
  (p) => p.numPendingAcquires(),
);

/** How long one scrape's counts are reused by the gauges that share them. */
const COUNTS_REUSE_MS = 1000;
let counts: { at: number; value: Promise<OperationalCounts | undefined> } | undefined;

function currentCounts(): Promise<OperationalCounts | undefined> {
  const source = countsSource;
  if (!source) return Promise.resolve(undefined);
  if (counts && Date.now() - counts.at < COUNTS_REUSE_MS) return counts.value;
  // A database that does not answer leaves the series out of this scrape rather than failing it.
  const value = source().catch(() => undefined);
  counts = { at: Date.now(), value };
  return value;
}

function countGauge(name: string, help: string, read: (c: OperationalCounts) => number): void {
  new client.Gauge({
    name,
    help,
    // The same number in every process of a cluster: the aggregated scrape shows it once.
    aggregator: 'max',
    async collect() {
      this.reset();
      const c = await currentCounts();
      if (c) this.set(read(c));
    },
  });
}

countGauge(
  'arkivgraf_mail_outbox_pending',
  'Mails in the outbox not yet sent nor given up, all organisations',
  (c) => c.mailPending,
);
countGauge(
  'arkivgraf_insight_requests_overdue',
  'Open insight requests past their due date, all organisations',
  (c) => c.insightOverdue,
);

new client.Gauge({
  name: 'arkivgraf_db_replica_lag_seconds',
  help: 'Replay lag of each read replica as the replica monitor last measured it',
  labelNames: ['replica'] as const,
  aggregator: 'max',
  collect() {
    this.reset();
    for (const r of replicaSource?.() ?? []) {
      if (typeof r.lagMs === 'number') this.set({ replica: r.name }, r.lagMs / 1000);
    }
  },
});

new client.Gauge({
  name: 'arkivgraf_db_replica_healthy',
  help: '1 when a read replica takes reads, 0 when reads fall back to the primary',
  labelNames: ['replica'] as const,
  aggregator: 'min',
  collect() {
    this.reset();
    for (const r of replicaSource?.() ?? []) this.set({ replica: r.name }, r.healthy ? 1 : 0);
  },
});

client.collectDefaultMetrics({ register: registry });

/**
 * The pool whose use the gauges show and whose waits the histogram times. A process has one; a
 * later call (tests start several servers in one process) replaces the earlier.
 */
export function observePool(observed: PoolLike): void {
  pool = observed;
  const waiting = new Map<number, bigint>();
  const settle = (eventId: number, ok: boolean) => {
    const started = waiting.get(eventId);
    waiting.delete(eventId);
    if (ok && started !== undefined && pool === observed) {
      poolAcquireWait.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
  observed.on('acquireRequest', (eventId) => waiting.set(eventId, process.hrtime.bigint()));
  observed.on('acquireSuccess', (eventId) => settle(eventId, true));
  observed.on('acquireFail', (eventId) => settle(eventId, false));
}

/** Where the outbox and overdue gauges read their counts at scrape time. */
export function setOperationalCountsSource(source: () => Promise<OperationalCounts>): void {
  countsSource = source;
  counts = undefined;
}

/** The replica monitor the lag gauge reads at scrape time; without one, no samples. */
export function setReplicaStatusSource(source: (() => readonly ReplicaStatus[]) | undefined): void {
  replicaSource = source;
}

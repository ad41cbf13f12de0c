import { type Connection } from '@mikro-orm/core';
import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { type Logger } from 'pino';

/**
 * Read replicas (docs/scaling.md, "Read replicas"): MikroORM opens a pool for each of
 * DATABASE_REPLICA_URLS (orm-options.ts); this monitor decides which of them may serve reads. Every
 * few seconds, and once before the first request, it asks each replica whether it is a standby and
 * how far behind the primary it is, and lends the healthy ones out round robin
 * (organisationScope.ts). A replica is unhealthy while it is down, answers with an error, is no
 * standby (promoted, or a server of its own), or lags more than REPLICA_MAX_LAG_MS.
 *
 * Lag: a replica that has replayed every byte of WAL the primary had written when the check began
 * lags 0 ms, however old its last replayed transaction is (an idle primary writes nothing to
 * replay). One that has not lags by the age of its last replayed transaction: how much older its
 * data may be than the primary's. Unknown (it has replayed no transaction since it started, yet is
 * behind): unhealthy, until it shows otherwise.
 */

export interface ReplicaStatus {
  /** host:port of the replica (never its credentials) */
  name: string;
  healthy: boolean;
  /** How far behind the primary at the last check; null when unknown (down, or no standby) */
  lagMs: number | null;
}

interface Replica extends ReplicaStatus {
  connection: Connection;
}

interface ReplicaCheckRow {
  standby: boolean;
  behind: boolean | null;
  replay_age_ms: string | number | null;
}

/** The replicas' pools MikroORM made from the `replicas` option, in its order. */
function replicaConnections(orm: MikroORM): Connection[] {
  // The driver lends them only at random (getConnection('read')); the list itself is protected.
  return (orm.em.getDriver() as unknown as { replicas: Connection[] }).replicas;
}

const monitors = new WeakMap<object, ReplicaMonitor>();

/** How often the replicas are checked: a lag or an outage is seen within this much. */
const CHECK_INTERVAL_MS = 2000;

export class ReplicaMonitor {
  private readonly replicas: Replica[];
  private next = 0;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly orm: MikroORM,
    private readonly options: { maxLagMs: number; log: Logger },
  ) {
    const names = (orm.config.get('replicas') ?? []).map((r) => String(r.name));
    this.replicas = replicaConnections(orm).map((connection, i) => ({
      connection,
      name: names[i] ?? `replica ${i + 1}`,
      // Not before the first check has shown it is a standby that keeps up.
      healthy: false,
      lagMs: null,
    }));
  }

  /** Checks every replica now, then every CHECK_INTERVAL_MS. */
  async start(): Promise<void> {
    if (this.replicas.length === 0) return;
    await this.check();
    this.timer = setInterval(() => void this.check(), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** For metrics: each replica's health and lag at the last check. */
  status(): ReplicaStatus[] {
    return this.replicas.map(({ name, healthy, lagMs }) => ({ name, healthy, lagMs }));
  }

  /** The next healthy replica, round robin; undefined when none is (reads go to the primary). */
  pick(): Connection | undefined {
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[(this.next + i) % this.replicas.length]!;
      if (replica.healthy) {
        this.next = (this.next + i + 1) % this.replicas.length;
        return replica.connection;
      }
    }
    return undefined;
  }

  /** A replica that failed a request: no more reads until the next check finds it healthy. */
  markDown(connection: Connection, err: unknown): void {
    const replica = this.replicas.find((r) => r.connection === connection);
    if (replica) this.update(replica, false, null, err);
  }

  /** One round of checks (the one already running, if any). */
  check(): Promise<void> {
    this.running ??= this.checkAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async checkAll(): Promise<void> {
    // First the primary's WAL position, then each replica's: one that has replayed up to it has
    // nothing older than this check to catch up on.
    const written = await this.orm.em
      .getDriver()
      .getConnection('write')
      .execute<{ lsn: string }[]>('select pg_current_wal_lsn()::text as lsn')
      .then((rows) => rows[0]?.lsn ?? null)
      .catch(() => null);
    await Promise.all(this.replicas.map((replica) => this.checkOne(replica, written)));
  }

  private async checkOne(replica: Replica, written: string | null): Promise<void> {
    try {
      const [row] = await replica.connection.execute<ReplicaCheckRow[]>(
        `select pg_is_in_recovery() as standby,
           pg_wal_lsn_diff(?::pg_lsn, pg_last_wal_replay_lsn()) > 0 as behind,
           extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000 as replay_age_ms`,
        [written],
      );
      if (!row?.standby) {
        this.update(
          replica,
          false,
          null,
          new Error('not a standby (pg_is_in_recovery() is false)'),
        );
        return;
      }
      const age = row.replay_age_ms === null ? null : Math.max(0, Number(row.replay_age_ms));
      const lagMs = row.behind === false ? 0 : age === null ? null : Math.round(age);
      this.update(replica, lagMs !== null && lagMs <= this.options.maxLagMs, lagMs);
    } catch (err) {
      this.update(replica, false, null, err);
    }
  }

  private update(replica: Replica, healthy: boolean, lagMs: number | null, err?: unknown): void {
    const was = replica.healthy;
    replica.healthy = healthy;
    replica.lagMs = lagMs;
    if (was === healthy) return;
    const log = this.options.log;
    if (healthy) log.info({ replica: replica.name, lagMs }, 'replica takes reads');
    else log.warn({ replica: replica.name, lagMs, err }, 'replica takes no reads');
  }
}

/**
 * Starts watching `orm`'s replicas (none configured: a monitor with nothing to watch); from then on
 * transactions on the replica lane of `orm`'s EntityManagers are lent its healthy replicas.
 */
export async function watchReplicas(
  orm: MikroORM,
  options: { maxLagMs: number; log: Logger },
): Promise<ReplicaMonitor> {
  const monitor = new ReplicaMonitor(orm, options);
  monitors.set(orm.em.getDriver(), monitor);
  await monitor.start();
  return monitor;
}

/** The monitor of `em`'s pool, if it is watched. */
export function replicaMonitorOf(em: EntityManager): ReplicaMonitor | undefined {
  return monitors.get(em.getDriver());
}

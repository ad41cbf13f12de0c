import cluster, { type Worker } from 'node:cluster';
import { type Logger } from 'pino';
import { aggregateWorkerMetrics } from '../observability/clusterMetrics';

/** A worker that ran this long before it died was healthy: its restart starts the backoff anew. */
const STABLE_MS = 30_000;
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

/** How long a worker dying `failures` times in a row waits before it is started again. */
export function restartDelay(failures: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1));
}

export interface Workers {
  /** Resolves when every worker listens; rejects when one dies before all do */
  ready: Promise<void>;
  /** SIGTERM to every worker; waits for each to finish, SIGKILL after `graceMs` */
  stop(graceMs: number): Promise<void>;
}

/**
 * The primary of node:cluster: starts `count` workers with `env` (the database URL), shares the
 * port among them, and replaces a worker that exits, after a delay that doubles with each quick
 * death in a row (1 s, 2 s, 4 s … 30 s), so a worker that cannot start does not spin.
 */
export function startWorkers(options: {
  count: number;
  env: Record<string, string>;
  log: Logger;
}): Workers {
  const { count, env, log } = options;
  const started = new Map<Worker, number>();
  let failures = 0;
  let stopping = false;
  let listening = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let settleReady: { resolve: () => void; reject: (err: Error) => void } | undefined;
  const ready = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }));

  const fork = () => {
    const worker = cluster.fork(env);
    started.set(worker, Date.now());
    worker.once('listening', () => {
      log.info({ worker: worker.process.pid }, 'worker listening');
      listening += 1;
      if (listening === count) settleReady?.resolve();
    });
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker) ?? Date.now());
    started.delete(worker);
    if (stopping) return;
    if (listening < count) {
      settleReady?.reject(
        new Error(`a server process exited while starting (code ${code}, signal ${signal})`),
      );
      return;
    }
    failures = lived >= STABLE_MS ? 1 : failures + 1;
    const delay = restartDelay(failures);
    log.error(
      { worker: worker.process.pid, code, signal, restartInMs: delay },
      'worker exited; starting another',
    );
    restartTimer = setTimeout(fork, delay);
  });

  // A scrape of /metrics on any worker sees every worker (observability/clusterMetrics.ts).
  aggregateWorkerMetrics();
  for (let i = 0; i < count; i++) fork();

  return {
    ready,
    async stop(graceMs) {
      stopping = true;
      clearTimeout(restartTimer);
      const running = [...started.keys()];
      const exits = running.map(
        (w) =>
          new Promise<void>((resolve) =>
            w.isDead() ? resolve() : w.once('exit', () => resolve()),
          ),
      );
      for (const w of running) if (!w.isDead()) w.process.kill('SIGTERM');
      const kill = setTimeout(() => {
        for (const w of running) {
          if (!w.isDead()) {
            log.error({ worker: w.process.pid }, 'worker did not stop in time; killed');
            w.process.kill('SIGKILL');
          }
        }
      }, graceMs);
      await Promise.all(exits);
      clearTimeout(kill);
    },
  };
}

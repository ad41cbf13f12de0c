import { type MikroORM } from '@mikro-orm/postgresql';
import { type Logger } from 'pino';
import { type Config } from '../config';
import { portTaken } from '../db/embedded';
import { buildAppSchema } from '../graphql/buildSchema';
import { createHttpApp } from '../http/app';
import { accessLogSettled } from '../services/accessLog';
import { flushTracing } from '../observability/tracing';

const portTakenError = (config: Config) =>
  new Error(
    `PORT ${config.port} is taken by another program (on ${config.host}): stop it or set PORT=<a free port>`,
  );

/**
 * Refuses to start when the HTTP port is taken, before the database is opened: a start that would
 * fail anyway says so at once, naming the setting.
 */
export async function ensurePortFree(config: Config): Promise<void> {
  if (await portTaken(config.port, config.host)) throw portTakenError(config);
}

export interface RunningServer {
  /** Stops accepting, finishes in-flight requests and writes their access events */
  stop(): Promise<void>;
}

/**
 * The HTTP server of one process on an open database. In a cluster worker, listen() hands the
 * socket to the primary, which spreads the connections of the shared port over the workers.
 */
export async function serveHttp(options: {
  config: Config;
  orm: MikroORM;
  log: Logger;
}): Promise<RunningServer> {
  const { config, orm, log } = options;
  const app = await createHttpApp({ config, orm, schema: await buildAppSchema(), log });
  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? portTakenError(config) : err),
    );
    app.httpServer.listen(config.port, config.host, resolve);
  });
  return {
    async stop() {
      await app.stop();
      // The access events of the last requests are written after their answers.
      await accessLogSettled();
      // The spans of the last requests, still in the batch (observability/tracing.ts).
      await flushTracing();
    },
  };
}

/**
 * Runs `stop` once on the first SIGTERM or SIGINT, then exits 0; 1 when it fails or takes longer
 * than `timeoutMs`.
 */
export function exitOnSignals(log: Logger, timeoutMs: number, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, timeoutMs);
    force.unref();
    try {
      await stop();
      log.info('stopped');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

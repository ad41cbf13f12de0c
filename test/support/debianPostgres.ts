import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { localSecret } from '../../src/auth/secret';
import { issueLocalToken } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { ormOptions } from '../../src/db/orm-options';
import { DEFAULT_TODAY, seedDemoData } from '../../src/db/seed';
import { buildAppSchema } from '../../src/graphql/buildSchema';
import { createHttpApp, type HttpApp } from '../../src/http/app';
import { freePort } from './processes';

/**
 * PostgreSQL clusters of Debian's server package (postgresql-15), for what the embedded npm package
 * cannot do: a streaming standby (pg_basebackup) and dump and restore (pg_dump, pg_restore). Each
 * cluster lives in a temporary folder owned by the `postgres` system user (PostgreSQL refuses to
 * run as root), listens on 127.0.0.1 on a free port and trusts local connections: a test cluster,
 * never reachable from elsewhere. `.ci/run` installs the package; elsewhere the tests that need it
 * are skipped, visibly (`debianPostgresMissing`).
 */

const run = promisify(execFile);

/** The newest Debian PostgreSQL with pg_basebackup, if installed. */
function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'pg_basebackup')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] && path.join(root, versions[0], 'bin');
}

const BIN = binDir();

/** Why the Debian clusters cannot run here (null: they can). */
export const debianPostgresMissing: string | null = !BIN
  ? "Debian's PostgreSQL server package is not installed (/usr/lib/postgresql/*/bin/pg_basebackup)"
  : process.getuid?.() !== 0
    ? 'the Debian clusters are started as the postgres user, which needs root'
    : null;

/** Runs one of the server package's programs as the postgres user. */
export async function asPostgres(program: string, args: string[]): Promise<string> {
  const { stdout } = await run(
    'runuser',
    ['-u', 'postgres', '--', path.join(BIN!, program), ...args],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return stdout;
}

/** A folder of its own for the clusters of one test file, owned by the postgres user. */
export async function clusterRoot(): Promise<string> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-debian-pg-'));
  await run('chown', ['postgres:postgres', root]);
  return root;
}

export class DebianCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly root: string,
  ) {}

  /** The superuser's URL of `database` on this cluster. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /**
   * A new cluster, started: WAL for streaming replicas, pg_stat_statements loaded (its statement
   * counters show which server ran what), fsync off (a test cluster survives no crash anyway).
   */
  static async create(root: string, name: string): Promise<DebianCluster> {
    const dir = path.join(root, name);
    const port = await freePort();
    await asPostgres('initdb', [
      '-D',
      dir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
    const cluster = new DebianCluster(dir, port, root);
    cluster.configure({
      wal_level: 'replica',
      max_wal_senders: '5',
      hot_standby: 'on',
      shared_preload_libraries: "'pg_stat_statements'",
      fsync: 'off',
      max_connections: '60',
    });
    appendFileSync(
      path.join(dir, 'pg_hba.conf'),
      'host replication postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 trust\n',
    );
    await cluster.start();
    return cluster;
  }

  /** A streaming standby of this cluster (pg_basebackup -R), started, on a port of its own. */
  async standby(name: string): Promise<DebianCluster> {
    const dir = path.join(this.root, name);
    const port = await freePort();
    await asPostgres('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      '-U',
      'postgres',
      '-D',
      dir,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
    ]);
    const standby = new DebianCluster(dir, port, this.root);
    await standby.start();
    return standby;
  }

  private configure(settings: Record<string, string>): void {
    const lines = Object.entries(settings).map(([k, v]) => `${k} = ${v}\n`);
    appendFileSync(path.join(this.dir, 'postgresql.conf'), lines.join(''));
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.root}`;
    await asPostgres('pg_ctl', [
      '-D',
      this.dir,
      '-l',
      `${this.dir}.log`,
      '-o',
      options,
      '-w',
      'start',
    ]);
  }

  async stop(): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.dir, '-m', 'fast', '-w', 'stop']);
  }

  /** Rows of one statement as the superuser on `database`. */
  async query<T>(sql: string, database = 'postgres', params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
}

/** Stops the clusters (whichever still run) and removes their folder. */
export async function removeClusters(root: string, clusters: DebianCluster[]): Promise<void> {
  await Promise.all(clusters.map((c) => c.stop().catch(() => undefined)));
  rmSync(root, { recursive: true, force: true });
}

export interface ServedDatabase {
  url: string;
  app: HttpApp;
  /** A local token of `username` */
  tokenFor(username: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real server (createHttpApp) in this process over `databaseUrl`, as the application's role,
 * with the replicas and settings `env` adds; the demo data's reference date is its today.
 */
export async function serveDatabase(
  databaseUrl: string,
  env: Record<string, string> = {},
  log: Logger = pino({ level: 'silent' }),
): Promise<ServedDatabase> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: 'debian-cluster-test-secret-long-enough-for-hs256',
    RATE_LIMIT_ENABLED: 'false',
    ...env,
  });
  const orm = await MikroORM.init(
    ormOptions(databaseUrl, 5, 5000, 'app', undefined, config.replicas.urls),
  );
  const app = await createHttpApp({
    config,
    orm,
    schema: await buildAppSchema(),
    log,
    today: () => DEFAULT_TODAY,
  });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(app.httpServer.address() as net.AddressInfo).port}`,
    app,
    tokenFor: (username) => issueLocalToken(localSecret(config), username),
    async close() {
      await app.stop();
      await new Promise((resolve) => app.httpServer.close(resolve));
      await orm.close(true);
    },
  };
}

/** Creates, migrates and seeds (the demo data, one municipality) `database` on `cluster`. */
export async function seededDatabase(cluster: DebianCluster, database: string): Promise<string> {
  const url = cluster.url(database);
  const db = await openDatabase(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url }));
  try {
    await seedDemoData(db.orm.em.fork(), { secondMunicipality: false });
  } finally {
    await db.closePool();
  }
  return url;
}

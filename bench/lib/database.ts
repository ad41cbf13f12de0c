import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { withDatabase } from '../../src/db/urls';

export interface BenchServer {
  /** URL of the benchmark's own database */
  url: string;
  /** What the benchmark ran against, for the report (no password) */
  description: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A database of the benchmark's own: on the server at BENCH_DATABASE_URL (which needs CREATEDB;
 * the database is created fresh and dropped afterwards), or else on a throwaway embedded
 * PostgreSQL in a temporary directory, removed afterwards.
 */
export async function openBenchDatabase(serverUrl: string | undefined): Promise<BenchServer> {
  const name = `arkivgraf_bench_${process.pid}_${Date.now().toString(36)}`;
  if (serverUrl) {
    await admin(serverUrl, `create database ${pg.escapeIdentifier(name)}`);
    const host = new URL(serverUrl).host;
    return {
      url: withDatabase(serverUrl, name),
      description: `PostgreSQL at ${host} (BENCH_DATABASE_URL)`,
      stop: () =>
        admin(serverUrl, `drop database if exists ${pg.escapeIdentifier(name)} with (force)`),
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-bench-'));
  try {
    const server = await startEmbeddedPostgres({
      dir: path.join(dir, 'pg'),
      port: await freePort(),
      durable: false,
    });
    await admin(server.url, `create database ${pg.escapeIdentifier(name)}`);
    return {
      url: withDatabase(server.url, name),
      description: 'embedded PostgreSQL 18 (fsync off), temporary directory',
      async stop() {
        try {
          await server.stop();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

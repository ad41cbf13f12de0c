import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/db/database';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { ormOptions } from '../../src/db/orm-options';
import { seedDemoData } from '../../src/db/seed';
import { withDatabase } from '../../src/db/urls';
import { TEMPLATES } from './templates';
import { freePort } from './processes';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Maintenance URL of the test PostgreSQL server (database `postgres`) */
    serverUrl: string;
    /** Prefix of every database this run creates, so runs sharing a server never collide */
    runId: string;
  }
}

async function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Builds a template database once; each test file clones it (CREATE DATABASE … TEMPLATE). */
async function buildTemplate(
  serverUrl: string,
  name: string,
  demo: 'none' | 'first' | 'both',
): Promise<void> {
  await admin(serverUrl, (c) => c.query(`create database ${pg.escapeIdentifier(name)}`));
  const orm = await MikroORM.init(ormOptions(withDatabase(serverUrl, name), 2));
  try {
    await migrate(orm);
    if (demo !== 'none') {
      await seedDemoData(orm.em.fork(), { secondMunicipality: demo === 'both' });
    }
  } finally {
    await orm.close(true);
  }
}

async function dropRunDatabases(serverUrl: string, runId: string): Promise<void> {
  await admin(serverUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${runId}%`],
    );
    for (const { datname } of rows) {
      await c.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
    }
  });
}

/**
 * One PostgreSQL for the whole run: the server at DATABASE_URL (which needs CREATEDB), or else an
 * embedded one in a temporary directory, thrown away afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = `t${process.pid}_${Date.now().toString(36)}`;
  let serverUrl: string;
  let stop = async () => undefined as void;
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-test-'));
    const server = await startEmbeddedPostgres({
      dir: path.join(dir, 'pg'),
      port: await freePort(),
      durable: false,
    });
    serverUrl = server.url;
    stop = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    await buildTemplate(serverUrl, `${runId}_${TEMPLATES.empty}`, 'none');
    await buildTemplate(serverUrl, `${runId}_${TEMPLATES.demo}`, 'first');
    await buildTemplate(serverUrl, `${runId}_${TEMPLATES.municipalities}`, 'both');
  } catch (err) {
    await stop();
    throw err;
  }
  project.provide('serverUrl', serverUrl);
  project.provide('runId', runId);
  return async () => {
    if (process.env.DATABASE_URL) await dropRunDatabases(serverUrl, runId);
    await stop();
    // support/build.ts's marker that this run's build is done (the build itself is dist/).
    rmSync(path.resolve(__dirname, '../../test-output', `build-${runId}`), {
      recursive: true,
      force: true,
    });
  };
}

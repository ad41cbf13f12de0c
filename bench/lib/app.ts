import { type AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import { localSecret } from '../../src/auth/secret';
import { type Config } from '../../src/config';
import { migrate } from '../../src/db/database';
import { ormOptions } from '../../src/db/orm-options';
import { createHttpApp } from '../../src/http/app';
import { createLogger } from '../../src/http/logger';
import { buildAppSchema } from '../../src/graphql/buildSchema';
import { benchConfig } from './config';
import { generate, type GenerateResult } from './generate';

/** The migrations applied to a fresh benchmark database, then the generator's data. */
export async function buildBenchData(
  url: string,
  posts: number,
  lastJournalDate: string,
  secondOrganisation = false,
): Promise<GenerateResult> {
  const migrator = await MikroORM.init({ ...ormOptions(url, 2), logger: () => undefined });
  try {
    await migrate(migrator);
  } finally {
    await migrator.close(true);
  }
  const gen = await generate(url, { posts, lastJournalDate, secondOrganisation });
  console.log(
    `Generated ${gen.posts} posts${secondOrganisation ? ' (and a copy in a second organisation)' : ''}, ${gen.cases} cases, ${gen.correspondents} correspondents in ` +
      `${(gen.steps.reduce((s, x) => s + x.ms, 0) / 1000).toFixed(1)} s (indexes included)`,
  );
  return gen;
}

/** The real HTTP server in this process, on a free port of 127.0.0.1. */
export interface BenchApp {
  config: Config;
  orm: MikroORM;
  /** `http://127.0.0.1:<port>` */
  base: string;
  secret: ReturnType<typeof localSecret>;
}

/**
 * Starts the app on the benchmark database with the benchmark's settings (`env` on top) and a
 * fixed `today`; what must be stopped afterwards is pushed onto `stops`, the server first. `as`
 * `app` connects as the server does in production (the role subject to row-level security).
 */
export async function startBenchApp(
  url: string,
  env: Record<string, string>,
  today: string,
  stops: (() => Promise<void>)[],
  as: 'owner' | 'app' = 'owner',
): Promise<BenchApp> {
  const config = benchConfig(url, env);
  const orm = await MikroORM.init(
    ormOptions(url, config.dbPoolMax, config.hardening.statementTimeoutMs, as),
  );
  stops.push(() => orm.close(true));
  const app = await createHttpApp({
    config,
    orm,
    schema: await buildAppSchema(),
    log: createLogger('silent'),
    today: () => today,
  });
  stops.push(() => app.stop());
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  return { config, orm, base, secret: localSecret(config) };
}

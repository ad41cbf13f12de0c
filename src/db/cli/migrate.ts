// `npm run migrate`: applies pending migrations to the database the configuration names (the
// embedded one in DATA_DIR, attached to if the server runs, or DATABASE_URL) and nothing else.
import 'reflect-metadata';
import { loadConfigOrExit } from '../../config';
import { exitWhenDone, openDatabase } from '../database';
import { redactUrl } from '../urls';

async function main(): Promise<number> {
  const config = loadConfigOrExit();
  const db = await openDatabase(config, { attachIfRunning: true });
  try {
    const executed = await db.orm.getMigrator().getExecutedMigrations();
    console.log(
      `Migrations applied to ${redactUrl(db.url)}: ${executed.map((m) => m.name).join(', ')}`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

exitWhenDone(main());

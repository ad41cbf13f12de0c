// `npm run seed`: opens the database (embedded PostgreSQL in DATA_DIR unless DATABASE_URL is set),
// applies pending migrations, and loads the demo data when the database holds no users yet.
import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from '../../config';
import { openDatabase } from '../database';
import { isDatabaseEmpty, seedDemoData } from '../seed';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const db = await openDatabase(config);
  try {
    if (!(await isDatabaseEmpty(db.orm.em.fork()))) {
      console.log('The database already holds data; nothing seeded.');
      return;
    }
    const started = performance.now();
    const s = await seedDemoData(db.orm.em.fork());
    const ms = Math.round(performance.now() - started);
    console.log(
      `Seeded demo data in ${ms} ms: ${s.units} units, ${s.users} users, ${s.cases} cases, ` +
        `${s.journalPosts} journal posts, ${s.correspondents} correspondents, ` +
        `${s.screenedWords.length} screened words.`,
    );
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

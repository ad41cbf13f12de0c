// `npm run seed`: opens the database (embedded PostgreSQL in DATA_DIR unless DATABASE_URL is set),
// applies pending migrations, and loads the demo data when the database holds no users yet.
import 'reflect-metadata';
import { loadConfigOrExit } from '../../config';
import { exitWhenDone, openDatabase } from '../database';
import { isDatabaseEmpty, seedDemoData } from '../seed';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // Attach to the server's embedded PostgreSQL when it is running, never stop it. The seed runs
  // under the migration lock, like the server's, so it never seeds twice beside a starting server.
  const db = await openDatabase(config, {
    attachIfRunning: true,
    afterMigrations: async (orm) => {
      if (!(await isDatabaseEmpty(orm.em.fork()))) {
        console.log('The database already holds data; nothing seeded.');
        return;
      }
      const started = performance.now();
      const s = await seedDemoData(orm.em.fork());
      const ms = Math.round(performance.now() - started);
      console.log(
        `Seeded demo data in ${ms} ms: ${s.units} units, ${s.users} users, ${s.cases} cases, ` +
          `${s.journalPosts} journal posts, ${s.correspondents} correspondents, ` +
          `${s.screenedWords.length} screened words in Vennesla kommune` +
          (s.iveland
            ? `; ${s.iveland.cases} cases and ${s.iveland.journalPosts} journal posts in Iveland kommune.`
            : '.'),
      );
    },
  });
  await db.close();
}

exitWhenDone(main());

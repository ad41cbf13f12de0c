// Writes a new migration for the difference between the entities and the migrated schema. Needs no
// running database: it starts a throwaway embedded PostgreSQL, applies the committed migrations,
// and lets MikroORM diff the entities against that.
import 'reflect-metadata';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres } from '../embedded';
import { ormOptions } from '../orm-options';
import { withDatabase } from '../urls';
import { ensureDatabase } from '../database';

const migrationsDir = path.resolve(__dirname, '../../../../src/db/migrations');

function writeIndex(): void {
  const names = readdirSync(migrationsDir)
    .filter((f) => /^Migration\d+.*\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  const lines = [
    '// The migrations in order. Listed explicitly (not discovered by file name) so the same list serves',
    '// vitest, the compiled server and the CLI; `npm run migration:create` keeps it up to date.',
    "import { type MigrationObject } from '@mikro-orm/core';",
    ...names.map((n) => `import { ${n} } from './${n}';`),
    '',
    'export const migrationsList: MigrationObject[] = [',
    ...names.map((n) => `  { name: '${n}', class: ${n} },`),
    '];',
    '',
  ];
  writeFileSync(path.join(migrationsDir, 'index.ts'), lines.join('\n'));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-migration-'));
  const pg = await startEmbeddedPostgres({
    dir: path.join(dir, 'pg'),
    port: 54400 + (process.pid % 500),
    durable: false,
  });
  try {
    const url = withDatabase(pg.url, 'arkivgraf');
    await ensureDatabase(url);
    const options = ormOptions(url);
    const orm = await MikroORM.init({
      ...options,
      migrations: { ...options.migrations, path: migrationsDir, pathTs: migrationsDir },
    });
    await orm.getMigrator().up();
    const result = await orm
      .getMigrator()
      .createMigration(migrationsDir, false, false, process.argv[2]);
    await orm.close(true);
    if (!result.fileName) {
      console.log('No changes: the entities match the migrations.');
      return;
    }
    writeIndex();
    console.log(`Wrote src/db/migrations/${result.fileName}`);
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

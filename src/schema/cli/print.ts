// `npm run schema:print` writes schema.graphql; `npm run schema:check` fails when the committed
// file differs from what the code builds.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildAppSchema, printAppSchema } from '../../graphql/buildSchema';

const file = path.resolve(__dirname, '../../../../schema.graphql');

async function main(): Promise<void> {
  const sdl = printAppSchema(await buildAppSchema());
  if (process.argv.includes('--check')) {
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (committed !== sdl) {
      console.error('schema.graphql is out of date: run `npm run schema:print` and commit it.');
      process.exit(1);
    }
    console.log('schema.graphql matches the code.');
    return;
  }
  writeFileSync(file, sdl);
  console.log(`Wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

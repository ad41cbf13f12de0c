// For the MikroORM CLI (`npx mikro-orm …`), which needs DATABASE_URL pointing at a running server.
// The server, the scripts and the tests build the same options through src/db/orm-options.ts.
import 'reflect-metadata';
import { ormOptions } from './src/db/orm-options';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to use the MikroORM CLI');

export default ormOptions(url);

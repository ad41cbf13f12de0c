// The migrations in order. Listed explicitly (not discovered by file name) so the same list serves
// vitest, the compiled server and the CLI; `npm run migration:create` keeps it up to date.
import { type MigrationObject } from '@mikro-orm/core';
import { Migration20261121073711_initial } from './Migration20261121073711_initial';
import { Migration20261121080544_lifecycle } from './Migration20261121080544_lifecycle';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261121073711_initial', class: Migration20261121073711_initial },
  { name: 'Migration20261121080544_lifecycle', class: Migration20261121080544_lifecycle },
];

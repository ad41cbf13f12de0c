import { type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from '../entities';
import { migrationsList } from './migrations';
import { APP_ROLE } from './migrations/Migration20261202100000_organisations';

/**
 * MikroORM settings shared by the server, the CLI scripts and the tests. `statementTimeoutMs` (the
 * server's DB_STATEMENT_TIMEOUT_MS; 0 = none) becomes PostgreSQL's statement_timeout on every
 * connection of the pool, so a runaway statement is cancelled instead of holding its connection.
 */
export function ormOptions(
  clientUrl: string,
  poolMax = 10,
  statementTimeoutMs = 0,
  /** The server's pool acts as APP_ROLE (row-level security); migrations and seeds as the owner */
  as: 'owner' | 'app' = 'owner',
  /**
   * Tests' fixtures only: the organisation the owner's sessions insert into when a transaction sets
   * none. Never for the app role, whose statements outside a request must see nothing.
   */
  sessionOrganisation?: string,
): Options {
  const startup = [
    ...(as === 'app' ? [`-c role=${APP_ROLE}`] : []),
    ...(as === 'owner' && sessionOrganisation
      ? [`-c arkivgraf.organisation=${sessionOrganisation}`]
      : []),
  ];
  const connection = {
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
    ...(startup.length > 0 ? { options: startup.join(' ') } : {}),
  };
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities,
    extensions: [Migrator],
    // Each request forks its own EntityManager; the global one must never be used for work.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: poolMax },
    debug: false,
    ...(Object.keys(connection).length > 0 ? { driverOptions: { connection } } : {}),
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: 'src/db/migrations',
      pathTs: 'src/db/migrations',
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      // Applied migrations are logged by the caller (main.ts), as JSON like every other line.
      silent: true,
    },
  };
}

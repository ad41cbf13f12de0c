import { type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from '../entities';
import { migrationsList } from './migrations';
import { APP_ROLE } from './migrations/Migration20261202100000_organisations';

/** How long a connection to a replica may take before the read goes to the primary instead. */
const REPLICA_CONNECT_TIMEOUT_MS = 2000;

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
  /**
   * DATABASE_REPLICA_URLS: MikroORM's read replicas, each with a pool like the primary's and the
   * same role. Only transactions begun on the replica lane use them (organisationScope.ts,
   * docs/scaling.md "Read replicas"): MikroORM's own choice of a random replica for reads outside
   * a transaction is off, as it knows neither lag nor health.
   */
  replicaUrls: readonly string[] = [],
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
    preferReadReplicas: false,
    replicas: replicaUrls.map((url) => ({
      name: replicaName(url),
      clientUrl: url,
      driverOptions: { connection: { connectionTimeoutMillis: REPLICA_CONNECT_TIMEOUT_MS } },
    })),
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

/** A replica as logs and metrics name it: host and port, never its credentials. */
function replicaName(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || '5432'}`;
}

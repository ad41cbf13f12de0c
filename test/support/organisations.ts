import { randomUUID } from 'node:crypto';
import { type MikroORM } from '@mikro-orm/postgresql';
import { FIRST_ORGANISATION_ID } from '../../src/db/migrations/Migration20261202100000_organisations';
import { inOrganisation } from '../../src/db/organisationScope';

export { FIRST_ORGANISATION_ID, inOrganisation };

/**
 * A further organisation for a test, inserted by the owner (tests' `server.orm`). Fill it with
 * fixtures through `inOrganisation(server.orm.em, id, async (em) => …)`, whose transaction inserts
 * into it; without that, the owner's fixtures land in the first organisation.
 */
export async function createTestOrganisation(
  orm: MikroORM,
  o: { shortName: string; name?: string; organisationNumber?: string | null },
): Promise<string> {
  const id = randomUUID();
  await orm.em
    .fork()
    .execute(
      'insert into organisation (id, name, short_name, organisation_number) values (?, ?, ?, ?)',
      [id, o.name ?? `Test ${o.shortName}`, o.shortName, o.organisationNumber ?? null],
      'run',
    );
  return id;
}

import { randomUUID } from 'node:crypto';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadViewer } from '../../src/auth/loadViewer';
import { ormOptions } from '../../src/db/orm-options';
import { createTestDatabase } from '../support/database';
import { FIRST_ORGANISATION_ID, inOrganisation } from '../support/organisations';

// loadViewer straight against a fresh, migrated database of its own (no HTTP server is needed),
// with rows made here so every validity boundary is pinned. Times are fixed; `now` is passed in.
const NOW = new Date('2030-06-01T12:00:00Z');

let orm: MikroORM;
const em = (): EntityManager => orm.em.fork();
const run = (sql: string, params: unknown[] = []) => em().getConnection().execute(sql, params);

const ids = {
  unit: randomUUID(),
  kari: randomUUID(),
  ola: randomUUID(),
  gone: randomUUID(),
  odd: randomUUID(),
  open: randomUUID(),
  ended: randomUUID(),
  ending: randomUUID(),
  left: randomUUID(),
  later: randomUUID(),
};

async function user(id: string, username: string, active = true): Promise<void> {
  await run(
    `insert into app_user (id, username, display_name, unit_id, active, created_at)
     values (?, ?, ?, ?, ?, '2020-01-01')`,
    [id, username, `Name of ${username}`, ids.unit, active],
  );
}

async function grant(role: string, unitId: string | null, from: string, to: string | null) {
  await run(
    `insert into role_grant (id, user_id, role, unit_id, valid_from, valid_to) values (?, ?, ?, ?, ?, ?)`,
    [randomUUID(), ids.kari, role, unitId, from, to],
  );
}

async function group(id: string, endedAt: string | null) {
  await run(
    `insert into access_group (id, name, created_at, ended_at) values (?, ?, '2020-01-01', ?)`,
    [id, `group ${id}`, endedAt],
  );
}

async function member(groupId: string, from: string, to: string | null) {
  await run(
    `insert into access_group_membership (id, group_id, user_id, valid_from, valid_to) values (?, ?, ?, ?, ?)`,
    [randomUUID(), groupId, ids.kari, from, to],
  );
}

beforeAll(async () => {
  // The owner, its sessions set to the first organisation (as the tests' fixtures are).
  orm = await MikroORM.init(
    ormOptions(await createTestDatabase('empty'), 2, 0, 'owner', FIRST_ORGANISATION_ID),
  );
  await run(`insert into unit (id, name, created_at) values (?, 'Enhet for test', '2020-01-01')`, [
    ids.unit,
  ]);
  await user(ids.kari, 'kari');
  await user(ids.ola, 'ola');
  await user(ids.gone, 'gone', false);
  // A `?` and a quote in the value must reach PostgreSQL as data, not as SQL or a placeholder.
  await user(ids.odd, "o'brien?");

  await grant('ADMIN', null, '2030-01-01', null); // current, whole organisation
  await grant('LEADER', ids.unit, '2030-01-01', '2030-06-01T12:00:00Z'); // ended exactly at NOW
  await grant('CASE_HANDLER', ids.unit, '2030-06-01T12:00:00Z', null); // began exactly at NOW
  await grant('ARCHIVIST', null, '2030-07-01', null); // not begun
  await grant('INSIGHT_HANDLER', null, '2029-01-01', '2029-12-31'); // long over

  await group(ids.open, null);
  await group(ids.ended, '2030-05-01');
  await group(ids.ending, '2030-12-01');
  await group(ids.left, null);
  await group(ids.later, null);
  await member(ids.open, '2030-01-01', null);
  await member(ids.open, '2030-02-01', null); // a second current membership: still one group
  await member(ids.ended, '2030-01-01', null); // the group has ended
  await member(ids.ending, '2030-01-01', null); // the group ends later
  await member(ids.left, '2030-01-01', '2030-03-01'); // the membership has ended
  await member(ids.later, '2030-07-01', null); // not begun
});

afterAll(async () => {
  await orm?.close(true);
});

describe('loadViewer returns the active user with what holds at `now`', () => {
  it('keeps grants with valid_from <= now < valid_to (or no valid_to)', async () => {
    const viewer = await loadViewer(em(), { username: 'kari' }, NOW);
    expect(viewer).toMatchObject({
      kind: 'user',
      userId: ids.kari,
      username: 'kari',
      displayName: 'Name of kari',
      unitId: ids.unit,
    });
    expect(viewer!.grants).toHaveLength(2);
    expect(viewer!.grants).toEqual(
      expect.arrayContaining([
        { role: 'ADMIN', unitId: null },
        { role: 'CASE_HANDLER', unitId: ids.unit },
      ]),
    );
  });

  it('keeps current memberships of groups not ended, each group once', async () => {
    const viewer = await loadViewer(em(), { username: 'kari' }, NOW);
    expect([...viewer!.accessGroupIds].sort()).toEqual([ids.open, ids.ending].sort());
  });

  it('answers as of another moment when asked', async () => {
    const viewer = await loadViewer(em(), { username: 'kari' }, new Date('2030-07-15T00:00:00Z'));
    expect(viewer!.grants.map((g) => g.role).sort()).toEqual([
      'ADMIN',
      'ARCHIVIST',
      'CASE_HANDLER',
    ]);
    expect([...viewer!.accessGroupIds].sort()).toEqual([ids.open, ids.ending, ids.later].sort());
  });

  it('finds the same user by id', async () => {
    const byId = await loadViewer(em(), { userId: ids.kari }, NOW);
    const byName = await loadViewer(em(), { username: 'kari' }, NOW);
    expect(byId).toEqual(byName);
  });

  it('gives empty lists to a user with no grants or groups', async () => {
    expect(await loadViewer(em(), { username: 'ola' }, NOW)).toEqual({
      kind: 'user',
      organisationId: FIRST_ORGANISATION_ID,
      userId: ids.ola,
      username: 'ola',
      displayName: 'Name of ola',
      unitId: ids.unit,
      grants: [],
      accessGroupIds: [],
      installationAdmin: false,
    });
  });

  it('treats a username with a quote and a question mark as plain data', async () => {
    expect((await loadViewer(em(), { username: "o'brien?" }))?.userId).toBe(ids.odd);
  });

  it('uses the current time by default', async () => {
    await run(
      `insert into role_grant (id, user_id, role, unit_id, valid_from, valid_to)
       values (?, ?, 'ARCHIVIST', null, now() - interval '1 hour', now() + interval '1 hour')`,
      [randomUUID(), ids.ola],
    );
    expect((await loadViewer(em(), { username: 'ola' }))!.grants).toEqual([
      { role: 'ARCHIVIST', unitId: null },
    ]);
  });
});

describe('loadViewer returns null for anyone who may not sign in', () => {
  it.each([
    ['an unknown username', { username: 'nobody' }],
    ['a deactivated user', { username: 'gone' }],
    ['a deactivated user by id', { userId: ids.gone }],
    ['an unknown id', { userId: randomUUID() }],
    ['an id that is not a uuid', { userId: 'kari' }],
  ])('for %s', async (_name, by) => {
    expect(await loadViewer(em(), by, NOW)).toBeNull();
  });
});

describe('loadViewer runs one SQL statement, in the caller’s transaction', () => {
  it('sends exactly one statement to PostgreSQL', async () => {
    const fork = em();
    const knex = fork.getKnex();
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    knex.on('query', onQuery);
    try {
      await loadViewer(fork, { username: 'kari' }, NOW);
    } finally {
      knex.off('query', onQuery);
    }
    expect(statements).toHaveLength(1);
  });

  it('sees a grant made earlier in the same, uncommitted transaction', async () => {
    await em()
      .transactional(async (tx) => {
        await tx.execute(
          `insert into role_grant (id, user_id, role, unit_id, valid_from, valid_to)
         values (?, ?, 'LEADER', null, '2030-01-01', null)`,
          [randomUUID(), ids.ola],
        );
        const inside = await loadViewer(tx, { username: 'ola' }, NOW);
        const outside = await loadViewer(em(), { username: 'ola' }, NOW);
        expect(inside!.grants).toEqual([{ role: 'LEADER', unitId: null }]);
        expect(outside!.grants).toEqual([]);
        throw new Error('roll back');
      })
      .catch((err: Error) => {
        if (err.message !== 'roll back') throw err;
      });
  });
});

describe('loadViewer tells an installation admin (installasjonsadministrator) by the username', () => {
  it('is true for a username in installation_admin, false for others', async () => {
    await run(`insert into installation_admin (username) values ('kari')`);
    try {
      expect((await loadViewer(em(), { username: 'kari' }, NOW))!.installationAdmin).toBe(true);
      expect((await loadViewer(em(), { username: 'ola' }, NOW))!.installationAdmin).toBe(false);
    } finally {
      await run(`delete from installation_admin where username = 'kari'`);
    }
  });
});

describe('loadViewer reads the user row of the organisation the transaction has set', () => {
  it('gives the row of the other organisation there, with the grants of that row', async () => {
    const other = randomUUID();
    const olaThere = randomUUID();
    await run(`insert into organisation (id, name, short_name) values (?, 'Annen kommune', ?)`, [
      other,
      `annen-${other.slice(0, 8)}`,
    ]);
    await inOrganisation(orm.em, other, async (tx) => {
      await tx.execute(
        `insert into app_user (id, username, display_name, active, created_at)
         values (?, 'ola', 'Ola i annen kommune', true, '2020-01-01')`,
        [olaThere],
      );
      await tx.execute(
        `insert into role_grant (id, user_id, role, unit_id, valid_from) values (?, ?, 'ADMIN', null, '2020-01-01')`,
        [randomUUID(), olaThere],
      );
    });
    const there = await inOrganisation(orm.em, other, (tx) =>
      loadViewer(tx, { username: 'ola' }, NOW),
    );
    expect(there).toMatchObject({
      organisationId: other,
      userId: olaThere,
      grants: [{ role: 'ADMIN', unitId: null }],
    });
    const here = await loadViewer(em(), { username: 'ola' }, NOW);
    expect(here).toMatchObject({ organisationId: FIRST_ORGANISATION_ID, userId: ids.ola });
  });
});

import { randomUUID } from 'node:crypto';
import { type EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ROLE,
  FIRST_ORGANISATION_ID,
  ORGANISATION_TABLES,
} from '../../src/db/migrations/Migration20261202100000_organisations';
import { inOrganisation } from '../../src/db/organisationScope';
import { query, raw, sql, type SqlFragment } from '../../src/db/sqlTemplate';
import { IVELAND_ORGANISATION } from '../../src/db/seed';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Row-level security on its own (docs/access-control.md, "Organisations"): the second wall holds
 * with the application's policies out of the way. Raw SQL through the server's own pool (the
 * application's role), in a transaction set to one municipality, never returns, writes or refers
 * to a row of the other; with no organisation set it returns no organisation rows at all.
 */
let server: TestServer;
const VENNESLA = FIRST_ORGANISATION_ID;
const IVELAND = IVELAND_ORGANISATION.id;
const ORGANISATIONS = [
  ['Vennesla', VENNESLA, 'Iveland', IVELAND],
  ['Iveland', IVELAND, 'Vennesla', VENNESLA],
] as const;

/** Tables the demo leaves empty in both municipalities: nobody has disposed, asked or written yet. */
const EMPTY_IN_DEMO = [
  'disposal',
  'disposal_item',
  'insight_request',
  'insight_request_item',
  'audit_event',
  'archive_export',
];

/** Rows per organisation of every table, counted by the owner (not subject to the policies). */
const owned = new Map<string, Map<string, number>>();

beforeAll(async () => {
  server = await startTestServer({ data: 'municipalities' });
  for (const table of ORGANISATION_TABLES) {
    const counts = await query<{ organisation_id: string; n: number }>(
      server.orm.em.fork(),
      sql`select organisation_id, count(*)::int as n from ${raw(table)} group by organisation_id`,
    );
    owned.set(table, new Map(counts.map((c) => [c.organisation_id, c.n])));
  }
});
afterAll(() => server?.close());

const run = <T = any>(em: EntityManager, f: SqlFragment) => query<T>(em, f);
const count = async (em: EntityManager, table: string): Promise<number> =>
  (await run<{ n: number }>(em, sql`select count(*)::int as n from ${raw(table)}`))[0]!.n;
/** Runs `f` in the server's pool in a transaction set to `organisation`. */
const asApp = <T = any>(organisation: string | null, f: SqlFragment) =>
  inOrganisation(server.appOrm.em, organisation, (em) => run<T>(em, f));

/** The PostgreSQL error a statement fails with (its SQLSTATE and message). */
async function failure(work: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await work;
  } catch (err) {
    const e = err as { code?: string; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error('The statement was not refused');
}

describe('the demo gives the walls something to hold back', () => {
  it('both municipalities have rows in most organisation tables', () => {
    const both = ORGANISATION_TABLES.filter(
      (t) => (owned.get(t)!.get(VENNESLA) ?? 0) > 0 && (owned.get(t)!.get(IVELAND) ?? 0) > 0,
    );
    expect(both).toEqual(
      expect.arrayContaining(['unit', 'app_user', 'case_file', 'journal_post', 'number_counter']),
    );
    // Every other table holds rows of at least one of them, so each direction below proves
    // something for it.
    for (const t of ORGANISATION_TABLES.filter((t) => !EMPTY_IN_DEMO.includes(t))) {
      const rows = (owned.get(t)!.get(VENNESLA) ?? 0) + (owned.get(t)!.get(IVELAND) ?? 0);
      expect(rows, t).toBeGreaterThan(0);
    }
  });
});

describe('a transaction set to one municipality reads only its rows, in every table', () => {
  for (const [name, own, otherName, other] of ORGANISATIONS) {
    it(`set to ${name}: no row of ${otherName}, and every row of ${name}`, async () => {
      await inOrganisation(server.appOrm.em, own, async (em) => {
        for (const table of ORGANISATION_TABLES) {
          const byOrganisation = await run<{ organisation_id: string; n: number }>(
            em,
            sql`select organisation_id, count(*)::int as n from ${raw(table)} group by organisation_id`,
          );
          const seen = new Map(byOrganisation.map((r) => [r.organisation_id, r.n]));
          expect(seen.get(other), `${table}: rows of ${otherName}`).toBeUndefined();
          expect(
            [...seen.keys()].filter((o) => o !== own),
            table,
          ).toEqual([]);
          expect(seen.get(own) ?? 0, table).toBe(owned.get(table)!.get(own) ?? 0);
          // Asked by id, a row of the other is not there either.
          const [sample] = await query<{ id: string }>(
            server.orm.em.fork(),
            sql`select ctid::text as id from ${raw(table)} where organisation_id = ${other} limit 1`,
          );
          if (sample) {
            const hit = await run(
              em,
              sql`select 1 from ${raw(table)} where organisation_id = ${other} or ctid::text = ${sample.id}`,
            );
            expect(hit, table).toEqual([]);
          }
        }
      });
    });
  }
});

describe('with no organisation set, no organisation rows at all', () => {
  it('outside any transaction the server pool sees nothing', async () => {
    for (const table of ORGANISATION_TABLES) {
      expect(await count(server.appOrm.em.fork(), table), table).toBe(0);
    }
  });

  it('in a transaction with none set the server pool sees nothing', async () => {
    await inOrganisation(server.appOrm.em, null, async (em) => {
      for (const table of ORGANISATION_TABLES) expect(await count(em, table), table).toBe(0);
    });
  });

  it('the directory of organisations stays readable', async () => {
    const orgs = await run<{ short_name: string }>(
      server.appOrm.em.fork(),
      sql`select short_name from organisation order by short_name`,
    );
    expect(orgs.map((o) => o.short_name)).toEqual(['iveland', 'vennesla']);
  });
});

describe('a transaction set to one municipality cannot write into the other', () => {
  it('an insert naming the other organisation is refused by the policy (with check)', async () => {
    const err = await failure(
      asApp(
        VENNESLA,
        sql`insert into unit (organisation_id, id, name, created_at)
            values (${IVELAND}, ${randomUUID()}, 'Innsmugla eining', now())`,
      ),
    );
    expect(err.code).toBe('42501');
    expect(err.message).toMatch(/row-level security/);
  });

  it('moving an own row to the other organisation is refused', async () => {
    const err = await failure(
      asApp(VENNESLA, sql`update unit set organisation_id = ${IVELAND} where parent_id is null`),
    );
    expect(err.code).toBe('42501');
  });

  it('updates and deletes of the other organisation touch nothing', async () => {
    const before = await query<{ name: string }>(
      server.orm.em.fork(),
      sql`select name from unit where organisation_id = ${IVELAND} order by id`,
    );
    await inOrganisation(server.appOrm.em, VENNESLA, async (em) => {
      const updated = await run(
        em,
        sql`update unit set name = 'Overskrive' where organisation_id = ${IVELAND} returning id`,
      );
      expect(updated).toEqual([]);
      const deleted = await run(
        em,
        sql`delete from correspondent where organisation_id = ${IVELAND} returning id`,
      );
      expect(deleted).toEqual([]);
    });
    const after = await query<{ name: string }>(
      server.orm.em.fork(),
      sql`select name from unit where organisation_id = ${IVELAND} order by id`,
    );
    expect(after).toEqual(before);
  });
});

describe('a row of one municipality cannot refer to a row of the other (composite keys)', () => {
  /** A journal post of `own` whose case is a case of `other`. */
  async function crossPost(em: EntityManager, own: string, other: string): Promise<void> {
    const [target] = await query<{ id: string }>(
      server.orm.em.fork(),
      sql`select id from case_file where organisation_id = ${other} limit 1`,
    );
    const [mine] = await query<{ unit: string; user: string }>(
      server.orm.em.fork(),
      sql`select u.id as unit, p.id as user from unit u join app_user p on p.organisation_id = u.organisation_id
          where u.organisation_id = ${own} limit 1`,
    );
    await run(
      em,
      sql`insert into journal_post (id, case_id, document_number, journal_year, journal_sequence_number,
            type, status, title, public_title, journal_date, responsible_unit_id, created_by_id,
            screened_fields, created_at, updated_at)
          values (${randomUUID()}, ${target!.id}, 99, 2026, 9999, 'INCOMING', 'REGISTERED',
            'Krysspost', 'Krysspost', '2026-11-02', ${mine!.unit}, ${mine!.user}, '{}', now(), now())`,
    );
  }

  for (const [name, own, otherName, other] of ORGANISATIONS) {
    it(`the server pool in ${name}: a post owned by a case of ${otherName} is a foreign key violation`, async () => {
      const err = await failure(
        inOrganisation(server.appOrm.em, own, (em) => crossPost(em, own, other)),
      );
      expect(err.code).toBe('23503');
    });
  }

  it('the owner too (not subject to the policies): the schema itself refuses', async () => {
    const err = await failure(
      inOrganisation(server.orm.em, VENNESLA, (em) => crossPost(em, VENNESLA, IVELAND)),
    );
    expect(err.code).toBe('23503');
  });
});

describe("the server's pool acts as a role the policies bind", () => {
  it(`it is ${APP_ROLE}: no superuser, no BYPASSRLS, owns no table`, async () => {
    const [role] = await run<{
      current_user: string;
      rolsuper: boolean;
      rolbypassrls: boolean;
      owned: number;
    }>(
      server.appOrm.em.fork(),
      sql`select current_user, r.rolsuper, r.rolbypassrls,
            (select count(*)::int from pg_tables where tableowner = current_user) as owned
          from pg_roles r where r.rolname = current_user`,
    );
    expect(role).toEqual({
      current_user: APP_ROLE,
      rolsuper: false,
      rolbypassrls: false,
      owned: 0,
    });
  });

  it('every organisation table has row-level security enabled with its policy', async () => {
    const tables = await run<{ relname: string; relrowsecurity: boolean; policies: number }>(
      server.appOrm.em.fork(),
      sql`select c.relname, c.relrowsecurity,
            (select count(*)::int from pg_policies p where p.tablename = c.relname) as policies
          from pg_class c where c.relname in (${[...ORGANISATION_TABLES]}) and c.relkind = 'r'
          order by c.relname`,
    );
    expect(tables.map((t) => t.relname)).toEqual([...ORGANISATION_TABLES].sort());
    for (const t of tables) {
      expect(t.relrowsecurity, t.relname).toBe(true);
      expect(t.policies, t.relname).toBeGreaterThan(0);
    }
  });
});

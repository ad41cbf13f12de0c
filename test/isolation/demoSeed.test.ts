import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { FIRST_ORGANISATION_ID } from '../../src/db/migrations/Migration20261202100000_organisations';
import { buildIvelandData, IVELAND_ORGANISATION, SHARED_ARCHIVIST } from '../../src/db/seed';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The demo holds two municipalities (docs/demo-data.md): Vennesla kommune, the first
 * organisation, and Iveland kommune, each with its own numbering from 1, and one person who works
 * for both.
 */
let server: TestServer;
const IVELAND = IVELAND_ORGANISATION.id;
const rows = <T = any>(f: ReturnType<typeof sql>) => query<T>(server.orm.em.fork(), f);

beforeAll(async () => {
  server = await startTestServer({ data: 'municipalities' });
});
afterAll(() => server?.close());

describe('the demo seeds two municipalities', () => {
  it('names both organisations', async () => {
    const orgs = await rows<{ id: string; short_name: string; name: string }>(
      sql`select id, short_name, name from organisation order by short_name`,
    );
    expect(orgs).toEqual([
      { id: IVELAND, short_name: 'iveland', name: 'Iveland kommune' },
      { id: FIRST_ORGANISATION_ID, short_name: 'vennesla', name: 'Vennesla kommune' },
    ]);
  });

  it('puts every Iveland record of the in-memory build into Iveland', async () => {
    const data = buildIvelandData(2026, '2026-11-20');
    const [cases] = await rows<{ n: number }>(
      sql`select count(*)::int as n from case_file where organisation_id = ${IVELAND}`,
    );
    const [posts] = await rows<{ n: number }>(
      sql`select count(*)::int as n from journal_post where organisation_id = ${IVELAND}`,
    );
    expect(cases!.n).toBe(data.cases.length);
    expect(posts!.n).toBe(data.journalPosts.length);
    expect(data.cases.length).toBeGreaterThanOrEqual(12);
  });
});

describe('each municipality numbers its own cases and journal posts from 1', () => {
  for (const [name, org] of [
    ['Vennesla', FIRST_ORGANISATION_ID],
    ['Iveland', IVELAND],
  ] as const) {
    it(`${name}: case and journal numbers are 1..n per year and the counters hold n`, async () => {
      const cases = await rows<{ year: number; seqs: number[] }>(
        sql`select case_year as year, array_agg(case_sequence order by case_sequence) as seqs
            from case_file where organisation_id = ${org} group by case_year`,
      );
      const posts = await rows<{ year: number; seqs: number[] }>(
        sql`select journal_year as year, array_agg(journal_sequence_number order by journal_sequence_number) as seqs
            from journal_post where organisation_id = ${org} group by journal_year`,
      );
      const counters = new Map(
        (
          await rows<{ series: string; value: number }>(
            sql`select series, value from number_counter where organisation_id = ${org}`,
          )
        ).map((r) => [r.series, r.value]),
      );
      expect(cases.length).toBeGreaterThan(0);
      for (const [kind, list] of [
        ['case', cases],
        ['journal', posts],
      ] as const) {
        for (const { year, seqs } of list) {
          expect(seqs).toEqual(seqs.map((_, i) => i + 1));
          expect(counters.get(`${kind}:${year}`)).toBe(seqs.length);
        }
      }
      const documents = await rows<{ case_id: string; n: number }>(
        sql`select case_id, max(document_number)::int as n from journal_post
            where organisation_id = ${org} group by case_id`,
      );
      for (const d of documents) expect(counters.get(`document:${d.case_id}`)).toBe(d.n);
    });
  }
});

describe('one person works for both municipalities', () => {
  it(`${SHARED_ARCHIVIST.username} has a user row and an ARCHIVIST grant in each`, async () => {
    const found = await rows<{ organisation_id: string; role: string }>(
      sql`select u.organisation_id, g.role from app_user u
          join role_grant g on g.organisation_id = u.organisation_id and g.user_id = u.id
          where u.username = ${SHARED_ARCHIVIST.username} order by u.organisation_id`,
    );
    expect(found).toEqual([
      { organisation_id: FIRST_ORGANISATION_ID, role: 'ARCHIVIST' },
      { organisation_id: IVELAND, role: 'ARCHIVIST' },
    ]);
  });

  it('every other username names one person only', async () => {
    const shared = await rows<{ username: string }>(
      sql`select username from app_user group by username having count(*) > 1`,
    );
    expect(shared).toEqual([{ username: SHARED_ARCHIVIST.username }]);
  });
});

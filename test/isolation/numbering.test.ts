import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_ORGANISATION_ID } from '../../src/db/migrations/Migration20261202100000_organisations';
import { query, sql } from '../../src/db/sqlTemplate';
import { IVELAND_ORGANISATION } from '../../src/db/seed';
import { todayInOslo } from '../../src/domain/workingDays';
import { toGlobalId } from '../../src/schema/globalId';
import { type GqlResponse, startTestServer, type TestServer } from '../support/server';

/**
 * Numbering per organisation under concurrency (domain.md, "Numbering"; docs/access-control.md,
 * "Organisations"): each municipality has its own case and journal series. 50 registrations in
 * each of two municipalities at the same moment (100 in flight) give each municipality the next
 * 50 numbers of its own series: consecutive, no duplicates, no number taken from the other.
 */
let server: TestServer;
const year = Number(todayInOslo().slice(0, 4));
const N = 50;
/** 100 registrations through the real server take seconds, more when other test files run. */
const SLOW = 120_000;

interface Municipality {
  name: string;
  id: string;
  shortName: string;
  username: string;
  unit: string;
  token: string;
}
const municipalities: Municipality[] = [
  {
    name: 'Vennesla',
    id: FIRST_ORGANISATION_ID,
    shortName: 'vennesla',
    username: 'saksbehandler',
    unit: 'PPT',
    token: '',
  },
  {
    name: 'Iveland',
    id: IVELAND_ORGANISATION.id,
    shortName: 'iveland',
    username: 'iveland.teknisk',
    unit: 'Plan og teknisk',
    token: '',
  },
];

const CREATE = `mutation($input: CreateCaseInput!) {
  createCase(input: $input) { id caseNumber }
}`;
const REGISTER = `mutation($input: RegisterJournalPostInput!) {
  registerJournalPost(input: $input) { id registryId documentNumber journalYear journalSequenceNumber }
}`;

async function counter(org: string, series: string): Promise<number> {
  const [row] = await query<{ value: number }>(
    server.orm.em.fork(),
    sql`select value from number_counter where organisation_id = ${org} and series = ${series}`,
  );
  return row?.value ?? 0;
}

const consecutive = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => from + i);

function ok<T>(r: GqlResponse<T>): T {
  expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
  return r.body.data as T;
}

beforeAll(async () => {
  server = await startTestServer({ data: 'municipalities' });
  for (const m of municipalities) {
    m.token = await server.tokenFor(m.username);
    const [unit] = await query<{ id: string }>(
      server.orm.em.fork(),
      sql`select id from unit where organisation_id = ${m.id} and name = ${m.unit}`,
    );
    m.unit = toGlobalId('Unit', unit!.id);
  }
});
afterAll(() => server?.close());

/** Case ids created by the first test, per municipality. */
const created = new Map<string, string[]>();

describe('cases created at the same moment in two municipalities are numbered per municipality', () => {
  it(
    `${N} in each, ${2 * N} in flight: each gets the next ${N} case numbers of its own series`,
    async () => {
      const before = new Map<string, number>();
      for (const m of municipalities) before.set(m.id, await counter(m.id, `case:${year}`));
      const results = await Promise.all(
        municipalities.flatMap((m) =>
          Array.from({ length: N }, (_, i) =>
            server
              .gql<{ createCase: { id: string; caseNumber: string } }>(
                CREATE,
                {
                  input: { title: `Samtidig sak ${i + 1} i ${m.name}`, responsibleUnitId: m.unit },
                },
                { token: m.token },
              )
              .then((r) => ({ m, c: ok(r).createCase })),
          ),
        ),
      );
      for (const m of municipalities) {
        const mine = results.filter((r) => r.m === m).map((r) => r.c);
        created.set(
          m.id,
          mine.map((c) => c.id),
        );
        const sequences = mine
          .map((c) => {
            const [y, s] = c.caseNumber.split('/').map(Number);
            expect(y).toBe(year);
            return s!;
          })
          .sort((a, b) => a - b);
        expect(sequences, m.name).toEqual(consecutive(before.get(m.id)! + 1, N));
        expect(await counter(m.id, `case:${year}`)).toBe(before.get(m.id)! + N);
      }
    },
    SLOW,
  );

  it('the database holds each case number once per municipality, with no gap', async () => {
    for (const m of municipalities) {
      const rows = await query<{ case_sequence: number }>(
        server.orm.em.fork(),
        sql`select case_sequence from case_file
            where organisation_id = ${m.id} and case_year = ${year} order by case_sequence`,
      );
      expect(
        rows.map((r) => r.case_sequence),
        m.name,
      ).toEqual(consecutive(1, rows.length));
      expect(rows.length).toBe(await counter(m.id, `case:${year}`));
    }
  });
});

describe('journal posts registered at the same moment in two municipalities are numbered per municipality', () => {
  it(
    `${N} in each, ${2 * N} in flight: each gets the next ${N} journal numbers of its own series`,
    async () => {
      const before = new Map<string, number>();
      for (const m of municipalities) before.set(m.id, await counter(m.id, `journal:${year}`));
      const results = await Promise.all(
        municipalities.flatMap((m) =>
          created.get(m.id)!.map((caseId, i) =>
            server
              .gql<{
                registerJournalPost: {
                  journalYear: number;
                  journalSequenceNumber: number;
                  documentNumber: number;
                };
              }>(
                REGISTER,
                {
                  input: { caseId, type: 'INCOMING', title: `Samtidig brev ${i + 1} i ${m.name}` },
                },
                { token: m.token },
              )
              .then((r) => ({ m, p: ok(r).registerJournalPost })),
          ),
        ),
      );
      for (const m of municipalities) {
        const mine = results.filter((r) => r.m === m).map((r) => r.p);
        expect(mine).toHaveLength(N);
        expect(new Set(mine.map((p) => p.journalYear))).toEqual(new Set([year]));
        expect(mine.every((p) => p.documentNumber === 1)).toBe(true);
        const sequences = mine.map((p) => p.journalSequenceNumber).sort((a, b) => a - b);
        expect(sequences, m.name).toEqual(consecutive(before.get(m.id)! + 1, N));
        expect(await counter(m.id, `journal:${year}`)).toBe(before.get(m.id)! + N);
      }
    },
    SLOW,
  );

  it('the database holds each journal number once per municipality, with no gap', async () => {
    for (const m of municipalities) {
      const rows = await query<{ n: number }>(
        server.orm.em.fork(),
        sql`select journal_sequence_number as n from journal_post
            where organisation_id = ${m.id} and journal_year = ${year} order by 1`,
      );
      expect(
        rows.map((r) => r.n),
        m.name,
      ).toEqual(consecutive(1, rows.length));
      expect(rows.length).toBe(await counter(m.id, `journal:${year}`));
    }
  });
});

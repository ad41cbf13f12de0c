import { randomUUID } from 'node:crypto';
import { FIRST_ORGANISATION_ID } from '../../src/db/migrations/Migration20261202100000_organisations';
import { type EntityManager } from '@mikro-orm/postgresql';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type UserViewer } from '../../src/auth/viewer';
import { query, sql } from '../../src/db/sqlTemplate';
import {
  AccessGroup,
  Case,
  CaseInternalContact,
  JournalPost,
  JournalPostType,
  JournalStatus,
  Role,
  Unit,
  User,
} from '../../src/entities';
import { defineAbilityFor } from '../../src/policies/ability';
import { caseFacts, journalPostFacts } from '../../src/queries/facts';
import { caseFields, journalPostFields } from '../../src/policies/fields';
import { accessibleWhere } from '../../src/policies/sql';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let em: EntityManager;
const units: Unit[] = [];
const users: User[] = [];
const groups: AccessGroup[] = [];
let serial = 0;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  em = server.orm.em.fork();
  for (let i = 0; i < 3; i++) units.push(em.create(Unit, { name: `Prop unit ${i}` }));
  for (let i = 0; i < 6; i++) {
    users.push(em.create(User, { username: `prop${i}`, displayName: `Prop ${i}`, active: true }));
  }
  for (let i = 0; i < 2; i++) groups.push(em.create(AccessGroup, { name: `Prop group ${i}` }));
  await em.flush();
});
afterAll(() => server?.close());

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const userIx = fc.integer({ min: 0, max: 5 });

const recordArb = fc.record({
  group: maybe(fc.integer({ min: 0, max: 1 })),
  creator: userIx,
  caseResponsible: maybe(userIx),
  contacts: fc.uniqueArray(userIx, { maxLength: 3 }),
  unit: fc.integer({ min: 0, max: 2 }),
  postResponsible: maybe(userIx),
});

const viewerArb = fc.record({
  user: userIx,
  grants: fc.uniqueArray(
    fc.record({
      role: fc.constantFrom(...Object.values(Role)),
      unit: maybe(fc.integer({ min: 0, max: 2 })),
    }),
    { maxLength: 4, selector: (g) => `${g.role}/${g.unit}` },
  ),
  groups: fc.uniqueArray(fc.integer({ min: 0, max: 1 }), { maxLength: 2 }),
});

type RecordSpec = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;

async function insert(records: RecordSpec[]): Promise<{ posts: string[]; cases: string[] }> {
  const posts: string[] = [];
  const cases: string[] = [];
  for (const r of records) {
    serial += 1;
    const common = {
      title: `Prop ${serial}`,
      publicTitle: `Prop ${serial}`,
      accessGroup: r.group === null ? null : groups[r.group]!,
      screenedFields: [],
    };
    const c = em.create(Case, {
      ...common,
      id: randomUUID(),
      caseYear: 2098,
      caseSequence: serial,
      caseNumber: `2098/${serial}`,
      responsibleUnit: units[r.unit]!,
      createdBy: users[r.creator]!,
      caseResponsible: r.caseResponsible === null ? null : users[r.caseResponsible]!,
    });
    for (const u of r.contacts) em.create(CaseInternalContact, { case: c, user: users[u]! });
    const p = em.create(JournalPost, {
      ...common,
      case: c,
      documentNumber: 1,
      journalYear: 2098,
      journalSequenceNumber: serial,
      type: JournalPostType.INCOMING,
      status: JournalStatus.REGISTERED,
      journalDate: '2098-01-01',
      responsibleUnit: units[r.unit]!,
      createdBy: users[r.creator]!,
      responsible: r.postResponsible === null ? null : users[r.postResponsible]!,
    });
    posts.push(p.id);
    cases.push(c.id);
  }
  await em.flush();
  return { posts, cases };
}

function viewerFrom(v: typeof viewerArb extends fc.Arbitrary<infer T> ? T : never): UserViewer {
  return {
    kind: 'user',
    organisationId: FIRST_ORGANISATION_ID,
    userId: users[v.user]!.id,
    username: users[v.user]!.username,
    displayName: 'Prop',
    unitId: null,
    grants: v.grants.map((g) => ({
      role: g.role,
      unitId: g.unit === null ? null : units[g.unit]!.id,
    })),
    accessGroupIds: v.groups.map((g) => groups[g]!.id),
  };
}

async function sqlIds(
  table: 'journal_post' | 'case_file',
  action: 'read' | 'readFull',
  viewer: UserViewer,
  ids: string[],
): Promise<string[]> {
  const ability = defineAbilityFor(viewer);
  const where =
    table === 'journal_post'
      ? accessibleWhere(ability, action, 'JournalPost', journalPostFields('jp', 'c'))
      : accessibleWhere(ability, action, 'Case', caseFields('c'));
  if (!where) return [];
  const from =
    table === 'journal_post'
      ? sql`journal_post jp join case_file c on c.id = jp.case_id where jp.id in (${ids})`
      : sql`case_file c where c.id in (${ids})`;
  const alias = table === 'journal_post' ? 'jp' : 'c';
  const rows = await query<{ id: string }>(
    em,
    sql`select ${{ sql: alias, params: [] }}.id from ${from} and (${where})`,
  );
  return rows.map((r) => r.id).sort();
}

describe('The SQL condition and the in-memory check agree on every record', () => {
  it('for random viewers and random journal posts and cases, read and readFull', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { minLength: 1, maxLength: 8 }),
        fc.array(viewerArb, { minLength: 1, maxLength: 4 }),
        async (records, viewers) => {
          const { posts, cases } = await insert(records);
          const postFacts = await journalPostFacts(em, posts);
          const caseFactsMap = await caseFacts(em, cases);
          for (const v of viewers) {
            const viewer = viewerFrom(v);
            const ability = defineAbilityFor(viewer);
            for (const action of ['read', 'readFull'] as const) {
              const inMemoryPosts = posts
                .filter((id) => ability.can(action, postFacts.get(id)!))
                .sort();
              expect(await sqlIds('journal_post', action, viewer, posts)).toEqual(inMemoryPosts);
              const inMemoryCases = cases
                .filter((id) => ability.can(action, caseFactsMap.get(id)!))
                .sort();
              expect(await sqlIds('case_file', action, viewer, cases)).toEqual(inMemoryCases);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('Fail closed: a viewer with no rules gets no rows, and no SQL is run for the list', () => {
  it('the anonymous public is told to sign in for cases and journal posts without reading them', async () => {
    server.statements.length = 0;
    const res = await server.gql(
      '{ cases { totalCount edges { node { id } } } journalPosts { totalCount edges { node { id } } } }',
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.body.data).toBeUndefined();
    // The request's own transaction (its organisation) is opened; no list is read.
    expect(server.statements.filter((s) => /case_file|journal_post/.test(s))).toEqual([]);
  });

  it('no rule means null from accessibleWhere, never an empty (match-all) condition', () => {
    const ability = defineAbilityFor({ kind: 'anonymous' });
    expect(
      accessibleWhere(ability, 'read', 'JournalPost', journalPostFields('jp', 'c')),
    ).toBeNull();
    expect(accessibleWhere(ability, 'readFull', 'Case', caseFields('c'))).toBeNull();
  });

  it('a rule on a field without an SQL mapping throws rather than being dropped', () => {
    const ability = defineAbilityFor(
      viewerFrom({ user: 0, grants: [{ role: Role.CASE_HANDLER, unit: 0 }], groups: [] }),
    );
    expect(() =>
      accessibleWhere(ability, 'readFull', 'JournalPost', { id: { column: 'jp.id' } }),
    ).toThrow(/No SQL mapping/);
  });
});

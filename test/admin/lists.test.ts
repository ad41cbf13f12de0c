import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql, type SqlFragment } from '../../src/db/sqlTemplate';
import { toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The administrative lists (users, units, access groups, screening codes, role grants, access-group
 * members) are keyset connections: the same rows forwards and backwards, text in Norwegian order,
 * filters narrowing them, and the same visibility as before they were paged.
 */
let server: TestServer;
const tokens: Record<string, string> = {};

const db = <T>(f: SqlFragment) => query<T>(server.orm.em.fork(), f);

async function gql(who: string, q: string, variables: Record<string, unknown> = {}) {
  const token = (tokens[who] ??= await server.tokenFor(who));
  return server.gql(q, variables, { token });
}

interface Page {
  nodes: Record<string, unknown>[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

/**
 * One page of `field` as `who`: `args` are the list's own arguments as GraphQL text (a filter, an
 * order, a group), `select` what each node gives.
 */
async function page(
  who: string,
  field: string,
  args: string,
  select: string,
  paging: Record<string, unknown>,
): Promise<Page> {
  const res = await gql(
    who,
    `query($first: Int, $after: String, $last: Int, $before: String) {
      list: ${field}(${args} first: $first, after: $after, last: $last, before: $before) {
        nodes { ${select} }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        totalCount
      }
    }`,
    paging,
  );
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data.list;
}

/** The whole list in pages of two forwards, and in pages of two backwards, in the list's order. */
async function bothWays(who: string, field: string, args: string, select: string) {
  const forwards: unknown[] = [];
  let after: string | null = null;
  for (;;) {
    const p = await page(who, field, args, select, { first: 2, after });
    forwards.push(...p.nodes);
    expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
    if (!p.pageInfo.hasNextPage) break;
    after = p.pageInfo.endCursor;
  }
  const pages: unknown[][] = [];
  let before: string | null = null;
  for (;;) {
    const p = await page(who, field, args, select, { last: 2, before });
    pages.unshift(p.nodes);
    expect(p.pageInfo.hasNextPage).toBe(before !== null);
    if (!p.pageInfo.hasPreviousPage) break;
    before = p.pageInfo.startCursor;
  }
  const whole = await page(who, field, args, select, { first: 100 });
  return { forwards, backwards: pages.flat(), whole };
}

async function unitId(name: string): Promise<string> {
  const [row] = await db<{ id: string }>(sql`select id from unit where name = ${name}`);
  return row!.id;
}

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  // Names that sort differently in Norwegian than in byte order, and an ended group and code.
  const parent = await unitId('PPT');
  for (const name of ['Åsen skole', 'Øvrebø barnehage', 'Ærlig kontor', 'Zulu-teamet']) {
    await db(sql`insert into unit (id, name, parent_id, created_at)
      values (gen_random_uuid(), ${name}, ${parent}, now())`);
  }
  await db(sql`insert into access_group (id, name, created_at, ended_at)
    values (gen_random_uuid(), 'Avsluttet prosjekt', now() - interval '2 days', now() - interval '1 day')`);
  await db(sql`insert into screening_code (id, code, name, legal_basis, default_screened_fields,
      valid_from, valid_to)
    values (gen_random_uuid(), '99', 'Utgått kode', 'Offl. § 99', '{}', '2020-01-01', '2021-12-31')`);
});
afterAll(() => server?.close());

describe('Every administrative list pages forwards and backwards through the same rows', () => {
  const LISTS: [string, string, string, string][] = [
    ['users', 'saksbehandler', '', 'id displayName'],
    [
      'users by username, descending',
      'saksbehandler',
      'orderBy: { field: USERNAME, direction: DESC },',
      'id username',
    ],
    ['units', 'saksbehandler', '', 'id name'],
    ['accessGroups', 'saksbehandler', 'filter: { includeEnded: true },', 'id name'],
    ['screeningCodes', 'saksbehandler', 'filter: { includeEnded: true },', 'id code'],
    ['roleGrantHistory', 'admin', '', 'role validFrom user { username }'],
  ];

  it.each(LISTS)('%s', async (label, who, args, select) => {
    const field = label.split(' ')[0]!;
    const { forwards, backwards, whole } = await bothWays(who, field, args, select);
    expect(whole.nodes.length).toBeGreaterThan(2);
    expect(whole.pageInfo.hasNextPage).toBe(false);
    expect(forwards).toEqual(whole.nodes);
    expect(backwards).toEqual(whole.nodes);
    expect(whole.totalCount).toBe(whole.nodes.length);
  });

  it('accessGroupMembers, with the whole history', async () => {
    const [group] = await db<{ id: string }>(sql`select id from access_group where name = 'Elev'`);
    const users = await db<{ id: string }>(sql`select id from app_user order by username limit 4`);
    for (const [i, u] of users.entries()) {
      await db(sql`insert into access_group_membership (id, group_id, user_id, valid_from, valid_to)
        values (gen_random_uuid(), ${group!.id}, ${u.id}, now() - ${`${10 - i} days`}::interval,
          now() - ${`${5 - i} days`}::interval)`);
    }
    const args = `groupId: "${toGlobalId('AccessGroup', group!.id)}", filter: { includeEnded: true },`;
    const { forwards, backwards, whole } = await bothWays(
      'admin',
      'accessGroupMembers',
      args,
      'validFrom validTo user { username }',
    );
    expect(whole.nodes.length).toBeGreaterThan(4);
    expect(forwards).toEqual(whole.nodes);
    expect(backwards).toEqual(whole.nodes);
    const starts = whole.nodes.map((m) => m.validFrom as string);
    expect([...starts].sort()).toEqual(starts);
    // Now: only the memberships that hold, none of the ended ones.
    const now = await page(
      'admin',
      'accessGroupMembers',
      args.replace(' includeEnded: true ', ' '),
      'validTo',
      {
        first: 100,
      },
    );
    expect(now.nodes.length).toBeLessThan(whole.nodes.length);
    for (const m of now.nodes) expect(m.validTo).toBeNull();
  });
});

describe('Names are listed in Norwegian order: Æ, Ø, Å after Z', () => {
  it('units, forwards and backwards', async () => {
    const names = (nodes: Record<string, unknown>[]) =>
      nodes.map((n) => n.name as string).filter((n) => /^(Åsen|Øvrebø|Ærlig|Zulu)/.test(n));
    const want = ['Zulu-teamet', 'Ærlig kontor', 'Øvrebø barnehage', 'Åsen skole'];
    const { forwards, backwards } = await bothWays('saksbehandler', 'units', '', 'name');
    expect(names(forwards as Record<string, unknown>[])).toEqual(want);
    expect(names(backwards as Record<string, unknown>[])).toEqual(want);
  });
});

describe('users may be ordered by username, either way', () => {
  it('descending is ascending reversed', async () => {
    const order = (direction: string) =>
      page(
        'saksbehandler',
        'users',
        `orderBy: { field: USERNAME, direction: ${direction} },`,
        'username',
        {
          first: 100,
        },
      );
    const up = (await order('ASC')).nodes.map((u) => u.username);
    const down = (await order('DESC')).nodes.map((u) => u.username);
    expect(up.length).toBeGreaterThan(2);
    expect(down).toEqual([...up].reverse());
    expect(up.indexOf('admin')).toBeLessThan(up.indexOf('saksbehandler'));
  });
});

describe('Filters narrow the lists', () => {
  it('units: by parent and by a search in the name', async () => {
    const ppt = toGlobalId('Unit', await unitId('PPT'));
    const children = await page(
      'saksbehandler',
      'units',
      `filter: { parentId: "${ppt}" },`,
      'name parent { name }',
      { first: 100 },
    );
    expect(children.nodes.length).toBeGreaterThanOrEqual(4);
    for (const u of children.nodes) expect(u.parent).toEqual({ name: 'PPT' });
    const found = await page('saksbehandler', 'units', 'filter: { query: "barneha" },', 'name', {
      first: 100,
    });
    expect(found.nodes.map((u) => u.name)).toContain('Øvrebø barnehage');
    for (const u of found.nodes) expect(String(u.name).toLowerCase()).toContain('barneha');
  });

  it('users: by a search, by unit, by active; an unknown order field is refused', async () => {
    const found = await page(
      'saksbehandler',
      'users',
      'filter: { query: "saksbeh" },',
      'username',
      { first: 100 },
    );
    expect(found.nodes.map((u) => u.username)).toContain('saksbehandler');
    const ppt = toGlobalId('Unit', await unitId('PPT'));
    const inPpt = await page(
      'saksbehandler',
      'users',
      `filter: { unitId: "${ppt}" },`,
      'unit { name }',
      { first: 100 },
    );
    for (const u of inPpt.nodes) expect(u.unit).toEqual({ name: 'PPT' });
    const inactive = await page('admin', 'users', 'filter: { active: false },', 'active', {
      first: 100,
    });
    for (const u of inactive.nodes) expect(u.active).toBe(false);
    const short = await gql('saksbehandler', '{ users(filter: { query: "sa" }) { totalCount } }');
    expect(short.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('access groups and screening codes: ended ones only with includeEnded', async () => {
    const groups = await page('saksbehandler', 'accessGroups', '', 'name endedAt', { first: 100 });
    expect(groups.nodes.map((g) => g.name)).not.toContain('Avsluttet prosjekt');
    for (const g of groups.nodes) expect(g.endedAt).toBeNull();
    const allGroups = await page(
      'saksbehandler',
      'accessGroups',
      'filter: { includeEnded: true },',
      'name',
      { first: 100 },
    );
    expect(allGroups.nodes.map((g) => g.name)).toContain('Avsluttet prosjekt');
    const codes = await page('saksbehandler', 'screeningCodes', '', 'code', { first: 100 });
    expect(codes.nodes.map((c) => c.code)).not.toContain('99');
    const allCodes = await page(
      'saksbehandler',
      'screeningCodes',
      'filter: { includeEnded: true },',
      'code',
      { first: 100 },
    );
    expect(allCodes.nodes.map((c) => c.code)).toContain('99');
  });

  it('role grants: of one user, and those held at a moment', async () => {
    const [leder] = await db<{ id: string }>(sql`select id from app_user where username = 'leder'`);
    const userId = toGlobalId('User', leder!.id);
    const mine = await page(
      'admin',
      'roleGrantHistory',
      `filter: { userId: "${userId}" },`,
      'user { username }',
      { first: 100 },
    );
    expect(mine.nodes.length).toBeGreaterThan(0);
    for (const g of mine.nodes) expect(g.user).toEqual({ username: 'leder' });
    const before = await page(
      'admin',
      'roleGrantHistory',
      'filter: { at: "2000-01-01T00:00:00Z" },',
      'role',
      { first: 100 },
    );
    expect(before.nodes).toEqual([]);
  });
});

describe('Who sees the lists is unchanged', () => {
  it('the directory lists are empty for a signed-in user with no role', async () => {
    await gql(
      'admin',
      'mutation { createUser(input: { username: "uten.liste", displayName: "Uten Liste" }) { id } }',
    );
    for (const field of ['users', 'units', 'accessGroups', 'screeningCodes']) {
      const p = await page('uten.liste', field, '', 'id', { first: 10 });
      expect(p.nodes).toEqual([]);
      expect(p.totalCount).toBe(0);
    }
  });

  it('the history lists are for administrators: FORBIDDEN for others', async () => {
    const [group] = await db<{ id: string }>(sql`select id from access_group where name = 'Elev'`);
    const gid = toGlobalId('AccessGroup', group!.id);
    for (const q of [
      '{ roleGrantHistory { totalCount } }',
      `{ accessGroupMembers(groupId: "${gid}") { nodes { validFrom } } }`,
    ]) {
      const res = await gql('arkivar', q);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

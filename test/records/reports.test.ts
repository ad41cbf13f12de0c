import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, raw, sql, type SqlFragment } from '../../src/db/sqlTemplate';
import { todayInOslo } from '../../src/domain/workingDays';
import { toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The follow-up reports (domain.md, "Words": restanseliste, forfallsliste) on the demo data. The
 * expected rows come from plain SQL over the tables: every internal user sees every journal post
 * (at least REDACTED), so the archivist's report is the whole truth and others differ only in
 * what they see of each row.
 */
let server: TestServer;
const tokens: Record<string, string> = {};
const today = todayInOslo();

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const db = <T>(f: SqlFragment) => query<T>(server.orm.em.fork(), f);

const POST = `id registryId type status title publicTitle titleScreened visibility journalDate
  dueDate writtenOff responsible { id username } responsibleUnit { id name } accessGroup { name }`;

interface Post {
  id: string;
  type: string;
  status: string;
  title: string;
  publicTitle: string;
  titleScreened: boolean;
  visibility: 'FULL' | 'REDACTED';
  journalDate: string;
  dueDate: string | null;
  writtenOff: boolean;
  responsible: { id: string; username: string } | null;
  responsibleUnit: { id: string; name: string };
  accessGroup: { name: string } | null;
}

interface Page {
  nodes: Post[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

type Report = 'backlog' | 'dueList';

const FILTER_TYPES: Record<Report, string> = { backlog: 'BacklogFilter', dueList: 'DueListFilter' };

/**
 * The report's filter from flat arguments: the due list takes its range as `dueDate: DateRange`.
 */
function filterOf(field: Report, args: Record<string, unknown>): Record<string, unknown> {
  if (field === 'backlog') return args;
  const { from, to, ...rest } = args;
  return from !== undefined || to !== undefined ? { ...rest, dueDate: { from, to } } : rest;
}

async function report(
  who: string | null,
  field: Report,
  args: Record<string, unknown> = {},
  page: Record<string, unknown> = { first: 100 },
) {
  return server.gql<Record<string, Page>>(
    `query Report($filter: ${FILTER_TYPES[field]}, $first: Int, $after: String, $last: Int, $before: String) {
      ${field}(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
        nodes { ${POST} }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        totalCount
      }
    }`,
    { filter: filterOf(field, args), ...page },
    who ? { token: tokens[who] ?? (tokens[who] = await server.tokenFor(who)) } : {},
  );
}

/** Every post of the report, page by page forwards. */
async function rows(who: string, field: Report, args = {}): Promise<Post[]> {
  const all: Post[] = [];
  let after: string | null = null;
  for (;;) {
    const res = await report(who, field, args, { first: 100, after });
    expect(res.body.errors).toBeUndefined();
    const page = res.body.data![field]!;
    all.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return all;
    after = page.pageInfo.endCursor;
  }
}

/** Every post of the report, page by page backwards from its end, in the report's order. */
async function rowsBackwards(who: string, field: Report, args = {}): Promise<Post[]> {
  const pages: Post[][] = [];
  let before: string | null = null;
  for (;;) {
    const res = await report(who, field, args, { last: 100, before });
    expect(res.body.errors).toBeUndefined();
    const page = res.body.data![field]!;
    pages.unshift(page.nodes);
    if (!page.pageInfo.hasPreviousPage) return pages.flat();
    before = page.pageInfo.startCursor;
  }
}

/** Global ids of the journal posts matching `where` over `jp`, in the given order. */
async function expected(where: SqlFragment, order: string): Promise<string[]> {
  const r = await db<{ id: string }>(
    sql`select jp.id from journal_post jp where ${where} order by ${raw(order)}, jp.id`,
  );
  return r.map((x) => toGlobalId('JournalPost', x.id));
}

const BACKLOG = sql`jp.type in ('INCOMING', 'INTERNAL_FOLLOW_UP') and jp.write_off_method is null
  and jp.status <> 'CANCELLED'`;
const OLDEST_FIRST = 'jp.journal_date, jp.journal_year, jp.journal_sequence_number';
const EARLIEST_DUE = 'jp.due_date, jp.journal_date, jp.journal_year, jp.journal_sequence_number';

async function unitId(name: string): Promise<string> {
  const r = await db<{ id: string }>(sql`select id from unit where name = ${name}`);
  return toGlobalId('Unit', r[0]!.id);
}

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.close());

describe('The backlog (restanseliste) lists the I and N posts not written off, oldest first', () => {
  it('holds every such post registered at least 21 days ago, and nothing else', async () => {
    const got = await rows('arkivar', 'backlog');
    const want = await expected(
      sql`${BACKLOG} and jp.journal_date <= ${today}::date - 21`,
      OLDEST_FIRST,
    );
    expect(want.length).toBeGreaterThan(0);
    expect(got.map((p) => p.id)).toEqual(want);
    for (const p of got) {
      expect(['INCOMING', 'INTERNAL_FOLLOW_UP']).toContain(p.type);
      expect(p.writtenOff).toBe(false);
      expect(p.status).not.toBe('CANCELLED');
    }
  });

  it('olderThanDays: 0 gives the whole backlog (30 posts in the demo data)', async () => {
    const got = await rows('arkivar', 'backlog', { olderThanDays: 0 });
    expect(got.map((p) => p.id)).toEqual(await expected(BACKLOG, OLDEST_FIRST));
    expect(got).toHaveLength(30);
    const dates = got.map((p) => p.journalDate);
    expect([...dates].sort()).toEqual(dates);
  });
});

describe('By default the backlog leaves out the last three weeks', () => {
  it('a post registered 21 days ago is in it, one registered 20 days ago is not', async () => {
    const posts = await db<{ id: string }>(
      sql`select jp.id from journal_post jp where ${BACKLOG} and jp.access_group_id is null
        order by jp.journal_date limit 2`,
    );
    const [older, newer] = posts.map((p) => p.id);
    await db(
      sql`update journal_post set journal_date = ${addDays(today, -21)} where id = ${older}`,
    );
    await db(
      sql`update journal_post set journal_date = ${addDays(today, -20)} where id = ${newer}`,
    );
    const ids = async (args: Record<string, unknown>) =>
      (await rows('arkivar', 'backlog', args)).map((p) => p.id);

    const byDefault = await ids({});
    expect(byDefault).toContain(toGlobalId('JournalPost', older!));
    expect(byDefault).not.toContain(toGlobalId('JournalPost', newer!));
    expect(await ids({ olderThanDays: 21 })).toEqual(byDefault);
    expect(await ids({ olderThanDays: 20 })).toContain(toGlobalId('JournalPost', newer!));
    expect(await ids({ olderThanDays: 0 })).toContain(toGlobalId('JournalPost', newer!));
    expect(await ids({ olderThanDays: 3650 })).toEqual(
      await expected(sql`${BACKLOG} and jp.journal_date <= ${today}::date - 3650`, OLDEST_FIRST),
    );
  });

  it.each([-1, 3651])('olderThanDays %i is refused naming the field', async (olderThanDays) => {
    const res = await report('arkivar', 'backlog', { olderThanDays });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['filter', 'olderThanDays'] }],
    });
  });
});

describe('Reports obey the access rules', () => {
  it('a REDACTED post in the backlog shows only its public form', async () => {
    const full = await rows('arkivar', 'backlog', { olderThanDays: 0 });
    const mine = await rows('admin', 'backlog', { olderThanDays: 0 });
    // Every internal user sees every post, at their own level.
    expect(mine.map((p) => p.id)).toEqual(full.map((p) => p.id));
    const redacted = mine.filter((p) => p.visibility === 'REDACTED');
    expect(redacted.length).toBeGreaterThan(0);
    const hidden = redacted.filter((p) => {
      const real = full.find((f) => f.id === p.id)!;
      return real.title !== p.title;
    });
    expect(hidden.length).toBeGreaterThan(0);
    for (const p of redacted) {
      expect(p.title).toBe(p.publicTitle);
      expect(p.responsible).toBeNull();
      expect(p.accessGroup).toBeNull();
    }
    for (const p of hidden) {
      const real = full.find((f) => f.id === p.id)!;
      expect(p.titleScreened).toBe(true);
      expect(res(mine)).not.toContain(real.title);
    }
  });

  it('a member of the access group sees the same post in full', async () => {
    const mine = await rows('elevtjeneste', 'backlog', { olderThanDays: 0 });
    const elev = mine.filter((p) => p.accessGroup?.name === 'Elev');
    expect(elev.length).toBeGreaterThan(0);
    for (const p of elev) expect(p.visibility).toBe('FULL');
  });

  it('a signed-in user with no role gets empty reports; the public is told to sign in', async () => {
    const created = await server.gql(
      'mutation { createUser(input: { username: "uten.rolle", displayName: "Uten Rolle" }) { id } }',
      {},
      { token: await server.tokenFor('admin') },
    );
    expect(created.body.errors).toBeUndefined();
    for (const who of ['uten.rolle', null]) {
      for (const field of ['backlog', 'dueList'] as const) {
        const res = await report(
          who,
          field,
          field === 'backlog' ? { olderThanDays: 0 } : {},
          // A small page: the public's cost budget is checked before the sign-in rule
          { first: 1 },
        );
        if (who === null) {
          expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
          continue;
        }
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data![field]!.nodes).toEqual([]);
        expect(res.body.data![field]!.totalCount).toBe(0);
      }
    }
  });
});

const res = (posts: Post[]) => JSON.stringify(posts);

describe('The backlog filters by unit and by handler, on what the viewer sees', () => {
  it('unitId keeps the posts of that responsible unit', async () => {
    const ppt = await unitId('PPT');
    const got = await rows('arkivar', 'backlog', { olderThanDays: 0, unitId: ppt });
    expect(got.length).toBeGreaterThan(0);
    for (const p of got) expect(p.responsibleUnit.name).toBe('PPT');
    const all = await rows('arkivar', 'backlog', { olderThanDays: 0 });
    expect(got.map((p) => p.id)).toEqual(
      all.filter((p) => p.responsibleUnit.name === 'PPT').map((p) => p.id),
    );
  });

  it('responsibleId keeps the posts of that handler', async () => {
    const all = await rows('arkivar', 'backlog', { olderThanDays: 0 });
    const handler = all.find((p) => p.responsible)!.responsible!;
    const got = await rows('arkivar', 'backlog', { olderThanDays: 0, responsibleId: handler.id });
    expect(got.length).toBeGreaterThan(0);
    expect(got.map((p) => p.id)).toEqual(
      all.filter((p) => p.responsible?.id === handler.id).map((p) => p.id),
    );
  });

  it('a REDACTED post never matches a filter by its (hidden) handler', async () => {
    // A handler of a restricted backlog post, which admin sees REDACTED.
    const [row] = await db<{ responsible_id: string }>(
      sql`select jp.responsible_id from journal_post jp where ${BACKLOG}
        and jp.access_group_id is not null and jp.responsible_id is not null limit 1`,
    );
    const responsibleId = toGlobalId('User', row!.responsible_id);
    const full = await rows('arkivar', 'backlog', { olderThanDays: 0, responsibleId });
    const mine = await rows('admin', 'backlog', { olderThanDays: 0, responsibleId });
    expect(mine.length).toBeLessThan(full.length);
    for (const p of mine) {
      expect(p.visibility).toBe('FULL');
      expect(p.responsible?.id).toBe(responsibleId);
    }
  });

  it('an id of the wrong kind is refused naming the field', async () => {
    const res = await report('arkivar', 'backlog', { unitId: toGlobalId('User', 'x') });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['filter', 'unitId'] }],
    });
  });
});

describe('The due list (forfallsliste) shows posts due in a range, or overdue ones by default', () => {
  it('without dates: posts past their due date, not written off, not cancelled', async () => {
    const got = await rows('arkivar', 'dueList');
    const want = await expected(
      sql`jp.due_date < ${today}::date and jp.write_off_method is null and jp.status <> 'CANCELLED'`,
      EARLIEST_DUE,
    );
    expect(want.length).toBeGreaterThan(0);
    expect(got.map((p) => p.id)).toEqual(want);
    for (const p of got) {
      expect(p.dueDate! < today).toBe(true);
      expect(p.writtenOff).toBe(false);
    }
  });

  it('from and to: due dates in the range, both ends included', async () => {
    const from = addDays(today, -120);
    const to = addDays(today, 30);
    const got = await rows('arkivar', 'dueList', { from, to });
    const want = await expected(
      sql`jp.due_date between ${from}::date and ${to}::date and jp.write_off_method is null
        and jp.status <> 'CANCELLED'`,
      EARLIEST_DUE,
    );
    expect(want.length).toBeGreaterThan(0);
    expect(got.map((p) => p.id)).toEqual(want);
    // Both ends count: a range of one day holds the posts due that day.
    const day = got[0]!.dueDate!;
    const oneDay = await rows('arkivar', 'dueList', { from: day, to: day });
    expect(oneDay.map((p) => p.id)).toEqual(got.filter((p) => p.dueDate === day).map((p) => p.id));
  });

  it('one end alone leaves the other open', async () => {
    const from = addDays(today, -30);
    const got = await rows('arkivar', 'dueList', { from });
    expect(got.map((p) => p.id)).toEqual(
      await expected(
        sql`jp.due_date >= ${from}::date and jp.write_off_method is null and jp.status <> 'CANCELLED'`,
        EARLIEST_DUE,
      ),
    );
    const to = addDays(today, -30);
    const upTo = await rows('arkivar', 'dueList', { to });
    expect(upTo.length).toBeGreaterThan(0);
    for (const p of upTo) expect(p.dueDate! <= to).toBe(true);
  });

  it('includeWrittenOff adds the posts already written off', async () => {
    const from = addDays(today, -400);
    const to = today;
    const open = await rows('arkivar', 'dueList', { from, to });
    const all = await rows('arkivar', 'dueList', { from, to, includeWrittenOff: true });
    expect(all.map((p) => p.id)).toEqual(
      await expected(
        sql`jp.due_date between ${from}::date and ${to}::date and jp.status <> 'CANCELLED'`,
        EARLIEST_DUE,
      ),
    );
    expect(all.some((p) => p.writtenOff)).toBe(true);
    expect(all.length).toBeGreaterThan(open.length);
  });

  it('unitId keeps the posts of that unit', async () => {
    const skole = await unitId('Vennesla skole');
    const from = addDays(today, -400);
    const got = await rows('arkivar', 'dueList', { from, unitId: skole });
    expect(got.length).toBeGreaterThan(0);
    for (const p of got) expect(p.responsibleUnit.name).toBe('Vennesla skole');
  });

  it('from after to is refused', async () => {
    const res = await report('arkivar', 'dueList', { from: today, to: addDays(today, -1) });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('REDACTED rows show their public form here too', async () => {
    const mine = await rows('saksbehandler', 'dueList', { from: addDays(today, -400) });
    const redacted = mine.filter((p) => p.visibility === 'REDACTED');
    expect(redacted.length).toBeGreaterThan(0);
    for (const p of redacted) {
      expect(p.title).toBe(p.publicTitle);
      expect(p.responsible).toBeNull();
    }
  });
});

/** More than the 500 posts a report used to stop at. */
const MANY = 520;

describe('A report has no cap: it pages through every post, forwards and backwards alike', () => {
  it('a backlog of more than 500 posts comes whole, oldest first, in pages of at most 100', async () => {
    // Copies of one open backlog post, registered today, so the backlog grows past the old cap.
    const [src] = await db<{ id: string }>(
      sql`select jp.id from journal_post jp where ${BACKLOG} and jp.access_group_id is null limit 1`,
    );
    const cols = await db<{ column_name: string }>(
      sql`select column_name from information_schema.columns
        where table_name = 'journal_post' and is_generated = 'NEVER'
          and column_name not in ('id', 'document_number', 'journal_year',
            'journal_sequence_number', 'journal_date')
        order by ordinal_position`,
    );
    const list = raw(cols.map((c) => `"${c.column_name}"`).join(', '));
    await db(sql`insert into journal_post (id, document_number, journal_year,
        journal_sequence_number, journal_date, ${list})
      select gen_random_uuid(), 10000 + g, 2099, g, ${today}::date, ${list}
      from journal_post, generate_series(1, ${MANY}) g where id = ${src!.id}`);

    const want = await expected(BACKLOG, OLDEST_FIRST);
    expect(want.length).toBeGreaterThan(MANY);
    const got = await rows('arkivar', 'backlog', { olderThanDays: 0 });
    expect(got.map((p) => p.id)).toEqual(want);
    const back = await rowsBackwards('arkivar', 'backlog', { olderThanDays: 0 });
    expect(back.map((p) => p.id)).toEqual(want);
    const first = await report('arkivar', 'backlog', { olderThanDays: 0 });
    expect(first.body.data!.backlog!.nodes).toHaveLength(100);
    expect(first.body.data!.backlog!.totalCount).toBe(want.length);
  });

  it('the due list pages the same rows both ways, with a count of what you see', async () => {
    const args = { from: addDays(today, -400), includeWrittenOff: true };
    const want = (await rows('saksbehandler', 'dueList', args)).map((p) => p.id);
    expect(want.length).toBeGreaterThan(3);
    const back = await rowsBackwards('saksbehandler', 'dueList', args);
    expect(back.map((p) => p.id)).toEqual(want);
    // Small pages: after the second post, then back before the fourth.
    const two = await report('saksbehandler', 'dueList', args, { first: 2 });
    const page = two.body.data!.dueList!;
    expect(page.nodes.map((p) => p.id)).toEqual(want.slice(0, 2));
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(page.totalCount).toBe(want.length);
    const next = await report('saksbehandler', 'dueList', args, {
      first: 2,
      after: page.pageInfo.endCursor,
    });
    expect(next.body.data!.dueList!.nodes.map((p) => p.id)).toEqual(want.slice(2, 4));
    const prev = await report('saksbehandler', 'dueList', args, {
      last: 2,
      before: next.body.data!.dueList!.pageInfo.endCursor,
    });
    expect(prev.body.data!.dueList!.nodes.map((p) => p.id)).toEqual(want.slice(1, 3));
    expect(prev.body.data!.dueList!.pageInfo).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: true,
    });
  });
});

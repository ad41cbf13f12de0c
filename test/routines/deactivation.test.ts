import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/schema/globalId';
import { MARKER, marker } from '../support/fixtures';
import { queuedMails } from '../support/mail';
import { startTestServer, type TestServer } from '../support/server';

/**
 * docs/daily-routines.md, "Deactivation and successors": a user holding open work is not
 * deactivated unless a successor takes it all over, in one audited transaction; the successor
 * must be allowed to take, and read in full, every item, and gets one summary mail without titles.
 */
let server: TestServer;
let adminToken: string;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  adminToken = await server.tokenFor('admin');
});
afterAll(() => server?.close());

const DEACTIVATE = `mutation($id: ID!, $s: ID) {
  deactivateUser(input: { id: $id, successorId: $s }) { username active }
}`;

const owner = () => server.orm.em.fork();

async function userId(username: string): Promise<string> {
  const [row] = await owner().execute<{ id: string }[]>(
    'select id from app_user where username = ?',
    [username],
  );
  return row!.id;
}

const gidOf = async (username: string) => toGlobalId('User', await userId(username));

function deactivate(username: string, successor: string | null) {
  return Promise.all([gidOf(username), successor ? gidOf(successor) : null]).then(([id, s]) =>
    server.gql(DEACTIVATE, { id, s }, { token: adminToken }),
  );
}

/** What nav.konsulent holds in the demo: backlog posts and open cases, by registry id. */
async function workOf(username: string) {
  const id = await userId(username);
  const posts = await owner().execute<
    { id: string; label: string; title: string; grouped: boolean }[]
  >(
    `select jp.id, c.case_number || '-' || jp.document_number as label, jp.title,
            jp.access_group_id is not null as grouped
       from journal_post jp join case_file c on c.id = jp.case_id
      where jp.responsible_id = ? and jp.type in ('INCOMING', 'INTERNAL_FOLLOW_UP')
        and jp.write_off_method is null and jp.status <> 'CANCELLED'`,
    [id],
  );
  const cases = await owner().execute<
    { id: string; label: string; title: string; grouped: boolean }[]
  >(
    `select id, case_number as label, title, access_group_id is not null as grouped
       from case_file where case_responsible_id = ? and status in ('RESERVED', 'IN_PROGRESS')`,
    [id],
  );
  return { posts, cases };
}

async function auditCount(action: string): Promise<number> {
  const [row] = await owner().execute<{ n: string }[]>(
    'select count(*) as n from audit_event where action = ?',
    [action],
  );
  return Number(row!.n);
}

async function isActive(username: string): Promise<boolean> {
  const [row] = await owner().execute<{ active: boolean }[]>(
    'select active from app_user where username = ?',
    [username],
  );
  return row!.active;
}

describe('A user holding open work is not deactivated without a successor', () => {
  it('CONFLICT lists the open work per kind by registry id and case number, never a title', async () => {
    const { posts, cases } = await workOf('nav.konsulent');
    expect(posts.length).toBeGreaterThan(0);
    expect(cases.length).toBeGreaterThan(0);
    const res = await deactivate('nav.konsulent', null);
    const error = res.body.errors?.[0];
    expect(error?.extensions?.code).toBe('CONFLICT');
    const openWork = error!.extensions!.openWork as {
      kind: string;
      count: number;
      items: string[];
    }[];
    expect(openWork.map((w) => w.kind)).toEqual(['BACKLOG', 'CASES']);
    const backlog = openWork.find((w) => w.kind === 'BACKLOG')!;
    const open = openWork.find((w) => w.kind === 'CASES')!;
    expect(backlog.count).toBe(posts.length);
    expect([...backlog.items].sort()).toEqual(posts.map((p) => p.label).sort());
    expect(open.count).toBe(cases.length);
    expect([...open.items].sort()).toEqual(cases.map((c) => c.label).sort());
    const text = JSON.stringify(res.body);
    for (const r of [...posts, ...cases]) expect(text).not.toContain(r.title);
    expect(await isActive('nav.konsulent')).toBe(true);
  });

  it('a user without open work is deactivated as before', async () => {
    const res = await deactivate('stab.leder', null);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.deactivateUser).toEqual({ username: 'stab.leder', active: false });
  });
});

describe('The successor must be able to take every item', () => {
  it('another unit: BAD_USER_INPUT on successorId, one error per item, nothing moves', async () => {
    const { posts, cases } = await workOf('nav.konsulent');
    const res = await deactivate('nav.konsulent', 'personal.radgiver');
    const error = res.body.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    const fieldErrors = error!.extensions!.fieldErrors as {
      path: unknown[];
      params: { item: string };
    }[];
    expect(fieldErrors.every((e) => e.path.at(-1) === 'successorId')).toBe(true);
    expect(fieldErrors.map((e) => e.params.item).sort()).toEqual(
      [...posts, ...cases].map((r) => r.label).sort(),
    );
    expect(await isActive('nav.konsulent')).toBe(true);
    expect(await workOf('nav.konsulent')).toEqual({ posts, cases });
  });

  it('a successor of the unit who does not read the grouped records in full is refused those', async () => {
    const created = await server.gql(
      `mutation { createUser(input: { username: "nav.vikar", displayName: "Vikar Navesen" }) { id } }`,
      {},
      { token: adminToken },
    );
    const id = created.body.data.createUser.id;
    const [nav] = await owner().execute<{ id: string }[]>(
      "select id from unit where name like 'NAV%' order by name limit 1",
    );
    const granted = await server.gql(
      `mutation($id: ID!, $u: ID) { assignRole(input: { id: $id, role: CASE_HANDLER, unitId: $u }) { id } }`,
      { id, u: toGlobalId('Unit', nav!.id) },
      { token: adminToken },
    );
    expect(granted.body.errors).toBeUndefined();
    const { posts, cases } = await workOf('nav.konsulent');
    const grouped = [...posts, ...cases].filter((r) => r.grouped).map((r) => r.label);
    expect(grouped.length).toBeGreaterThan(0);
    const res = await deactivate('nav.konsulent', 'nav.vikar');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const items = (
      res.body.errors![0]!.extensions!.fieldErrors as { params: { item: string } }[]
    ).map((e) => e.params.item);
    expect(items.sort()).toEqual(grouped.sort());
    expect(await workOf('nav.konsulent')).toEqual({ posts, cases });
  });

  it.each([
    ['the user themself', 'nav.konsulent'],
    ['a deactivated user', 'tidligere.ansatt'],
  ])('%s cannot be the successor', async (_, successor) => {
    const res = await deactivate('nav.konsulent', successor);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const [first] = res.body.errors![0]!.extensions!.fieldErrors as { path: unknown[] }[];
    expect(first!.path.at(-1)).toBe('successorId');
    expect(await isActive('nav.konsulent')).toBe(true);
  });
});

describe('The hand-over is one transaction', () => {
  it('a failure in the middle moves nothing, audits nothing and mails nothing', async () => {
    const before = await workOf('nav.konsulent');
    await owner()
      .execute(`create function refuse_deactivation() returns trigger language plpgsql as $$
      begin raise exception 'refused by the test'; end $$`);
    await owner().execute(`create trigger refuse_deactivation before update of active on app_user
      for each row when (new.active = false) execute function refuse_deactivation()`);
    try {
      const res = await deactivate('nav.konsulent', 'nav.saksbehandler');
      expect(res.body.errors?.[0]).toBeDefined();
    } finally {
      await owner().execute('drop trigger refuse_deactivation on app_user');
      await owner().execute('drop function refuse_deactivation()');
    }
    expect(await workOf('nav.konsulent')).toEqual(before);
    expect(await isActive('nav.konsulent')).toBe(true);
    expect(await auditCount('journalPost.handOver')).toBe(0);
    expect(await auditCount('case.handOver')).toBe(0);
    expect(await queuedMails(server.orm, 'user.workHandedOver')).toEqual([]);
  });
});

describe('With an eligible successor everything moves, audited, and the successor is told', () => {
  it('every item moves to the successor with its audit event; one summary mail without titles', async () => {
    const { posts, cases } = await workOf('nav.konsulent');
    // A canary in a title: it must not reach the mail.
    await owner().execute('update journal_post set title = ? where id = ?', [
      `Søknad ${marker('Overtatt')}`,
      posts[0]!.id,
    ]);
    const res = await deactivate('nav.konsulent', 'nav.saksbehandler');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.deactivateUser).toEqual({ username: 'nav.konsulent', active: false });

    expect(await workOf('nav.konsulent')).toEqual({ posts: [], cases: [] });
    const successor = await workOf('nav.saksbehandler');
    for (const p of posts) expect(successor.posts.map((x) => x.id)).toContain(p.id);
    for (const c of cases) expect(successor.cases.map((x) => x.id)).toContain(c.id);

    const from = await userId('nav.konsulent');
    const to = await userId('nav.saksbehandler');
    const events = await owner().execute<{ action: string; target_id: string; changes: unknown }[]>(
      `select action, target_id, changes from audit_event
        where action in ('journalPost.handOver', 'case.handOver', 'user.deactivate')
          and (action <> 'user.deactivate' or target_id = ?)`,
      [from],
    );
    expect(events.filter((e) => e.action === 'journalPost.handOver')).toHaveLength(posts.length);
    expect(events.filter((e) => e.action === 'case.handOver')).toHaveLength(cases.length);
    const caseEvent = events.find((e) => e.action === 'case.handOver')!;
    expect(caseEvent.changes).toEqual({ caseResponsibleId: { old: from, new: to } });
    const deactivation = events.find((e) => e.action === 'user.deactivate')!;
    expect(deactivation.changes).toEqual({
      active: { old: true, new: false },
      successorId: { old: null, new: to },
    });

    const mails = await queuedMails(server.orm, 'user.workHandedOver');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.recipient).toBe('nav.saksbehandler@vennesla.kommune.example');
    for (const r of [...posts, ...cases]) expect(mails[0]!.body).toContain(r.label);
    for (const r of [...posts, ...cases]) expect(mails[0]!.body).not.toContain(r.title);
    expect(mails[0]!.subject + mails[0]!.body).not.toContain(MARKER);
  });
});

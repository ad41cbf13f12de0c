import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { todayInOslo } from '../../src/domain/workingDays';
import { startTestServer, type TestServer } from '../support/server';
import { idOf } from '../../src/schema/globalId';

/**
 * Periodisering (docs/noark5.md, "Arkiv and arkivdel"): new cases go into the one ACTIVE archive
 * part; a part whose period has ended takes no new cases; in the overlap period its open cases
 * keep working; a CLOSED part takes no new posts; only administrators and archivists change parts.
 */
let server: TestServer;
const tokens = new Map<string, string>();
const today = todayInOslo();

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  for (const who of ['admin', 'arkivar', 'saksbehandler', 'leder']) {
    tokens.set(who, await server.tokenFor(who));
  }
});
afterAll(() => server?.close());

const as = (who: string | null, q: string, variables: Record<string, unknown> = {}) =>
  who ? server.gql(q, variables, { token: tokens.get(who)! }) : server.gql(q, variables);

const sqlRows = <T>(fragment: ReturnType<typeof sql>) => query<T>(server.orm.em.fork(), fragment);

const PARTS = `{ archiveParts(first: 20) { nodes { id title status periodStart periodEnd successor { title } archive { title } } } }`;
const CREATE_CASE = `mutation($input: CreateCaseInput!) { createCase(input: $input) { id caseNumber version archivePart { id title status } } }`;
const REGISTER = `mutation($input: RegisterJournalPostInput!) { registerJournalPost(input: $input) { id } }`;
const START = `mutation($input: StartNewPeriodInput!) { startNewPeriod(input: $input) { id title status periodStart } }`;
const CLOSE_PART = `mutation($input: CloseArchivePartInput!) { closeArchivePart(input: $input) { id status periodEnd } }`;
const REOPEN = `mutation($input: ReopenCaseInput!) { reopenCase(input: $input) { id status } }`;
const CLOSE_CASE = `mutation($input: CloseCaseInput!) { closeCase(input: $input) { id status } }`;

interface Part {
  id: string;
  title: string;
  status: string;
  periodStart: string;
  periodEnd: string | null;
}

const noErrors = (res: { body: { errors?: unknown } }) =>
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();

async function parts(): Promise<Part[]> {
  const res = await as('saksbehandler', PARTS);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.archiveParts.nodes;
}

async function unitId(): Promise<string> {
  const res = await as('arkivar', '{ units(first: 100) { nodes { id name } } }');
  return res.body.data.units.nodes.find((u: { name: string }) => u.name === 'PPT').id;
}

async function createCase(title: string) {
  const res = await as('arkivar', CREATE_CASE, {
    input: { title, responsibleUnitId: await unitId() },
  });
  return res;
}

async function auditCount(action: string): Promise<number> {
  const rows = await sqlRows<{ n: string }>(
    sql`select count(*) as n from audit_event where action = ${action}`,
  );
  return Number(rows[0]!.n);
}

describe('The demo archive has a closed part with older cases and an active one', () => {
  it('lists both parts to a case handler, the closed one with its successor', async () => {
    const list = await parts();
    expect(list.map((p) => p.status).sort()).toEqual(['ACTIVE', 'CLOSED']);
    const closed = list.find((p) => p.status === 'CLOSED')! as Part & {
      successor: { title: string };
    };
    const active = list.find((p) => p.status === 'ACTIVE')!;
    expect(closed.successor.title).toBe(active.title);
    expect(active).toMatchObject({ archive: { title: 'Vennesla kommunes arkiv' } });
    expect(closed.periodEnd! < active.periodStart).toBe(true);
    const counts = await sqlRows<{ status: string; n: string }>(
      sql`select p.status, count(*) as n from case_file c join archive_part p on p.id = c.archive_part_id group by p.status`,
    );
    expect(counts.every((r) => Number(r.n) > 0)).toBe(true);
    expect(counts).toHaveLength(2);
  });

  it('the public sees no archive parts', async () => {
    const res = await as(null, '{ archiveParts(first: 5) { nodes { id } } }');
    expect(res.body.data?.archiveParts?.nodes ?? []).toEqual([]);
  });
});

describe('Only administrators and archivists start a period or close a part', () => {
  it.each(['saksbehandler', 'leder'])('%s gets FORBIDDEN and nothing changes', async (who) => {
    const active = (await parts()).find((p) => p.status === 'ACTIVE')!;
    const res = await as(who, START, {
      input: { id: active.id, title: 'Ikke', periodStart: today, endAs: 'OVERLAP' },
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const closeRes = await as(who, CLOSE_PART, { input: { id: active.id } });
    expect(closeRes.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await auditCount('archivePart.endPeriod')).toBe(0);
    expect((await parts()).find((p) => p.id === active.id)!.status).toBe('ACTIVE');
  });

  it('viewerCan says so: an archivist may start a period from the active part, a handler may not', async () => {
    const q = `{ archiveParts(first: 5) { nodes { status viewerCan { startNewPeriod close } } } }`;
    const of = async (who: string) =>
      Object.fromEntries(
        (await as(who, q)).body.data.archiveParts.nodes.map(
          (p: { status: string; viewerCan: unknown }) => [p.status, p.viewerCan],
        ),
      );
    expect(await of('arkivar')).toEqual({
      ACTIVE: { startNewPeriod: true, close: false },
      CLOSED: { startNewPeriod: false, close: false },
    });
    expect(await of('saksbehandler')).toEqual({
      ACTIVE: { startNewPeriod: false, close: false },
      CLOSED: { startNewPeriod: false, close: false },
    });
  });

  it('the public is told to sign in', async () => {
    const res = await as(null, CLOSE_PART, { input: { id: 'x' } });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('an administrator is let through to the rules: a second active part is INVALID_STATE', async () => {
    const res = await as(
      'admin',
      `mutation { createArchivePart(input: { title: "To", periodStart: "${today}" }) { id } }`,
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });
});

describe('Periodisering: a closed part refuses new cases; open cases in the overlap period keep working', () => {
  it('runs a period change from start to closing the old part', async () => {
    const before = (await parts()).find((p) => p.status === 'ACTIVE')!;

    // A case created now lands in the active part.
    const old = await createCase('Sak fra gammel periode');
    noErrors(old);
    expect(old.body.data.createCase.archivePart).toMatchObject({ id: before.id, status: 'ACTIVE' });
    const oldCase = old.body.data.createCase;

    // A new period begins; the old part goes into the overlap period.
    const started = await as('arkivar', START, {
      input: { id: before.id, title: 'Sakarkiv ny periode', periodStart: today, endAs: 'OVERLAP' },
    });
    noErrors(started);
    const next = started.body.data.startNewPeriod;
    expect(next).toMatchObject({ status: 'ACTIVE', periodStart: today });
    const ended = (await parts()).find((p) => p.id === before.id)!;
    expect(ended.status).toBe('OVERLAP');
    expect(ended.periodEnd! < today).toBe(true);
    expect(await auditCount('archivePart.endPeriod')).toBe(1);

    // The overlap part's open case keeps working; a new case goes to the new part.
    const post = await as('arkivar', REGISTER, {
      input: { caseId: oldCase.id, type: 'INCOMING', title: 'Brev i overlappingsperioden' },
    });
    noErrors(post);
    const fresh = await createCase('Sak i ny periode');
    expect(fresh.body.data.createCase.archivePart.id).toBe(next.id);

    // The old part cannot be closed while it holds open cases.
    const early = await as('arkivar', CLOSE_PART, { input: { id: before.id } });
    expect(early.body.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    expect(early.body.errors?.[0]?.message).toMatch(/open cases?/);

    // Once every case in it is finished (the demo's by SQL, ours by the archive), it closes.
    await sqlRows(
      sql`update case_file set status = 'CLOSED' where archive_part_id = (select id from archive_part where status = 'OVERLAP') and case_number <> ${oldCase.caseNumber}`,
    );
    const closedCase = await as('arkivar', CLOSE_CASE, { input: { id: oldCase.id } });
    noErrors(closedCase);
    const closed = await as('arkivar', CLOSE_PART, { input: { id: before.id } });
    noErrors(closed);
    expect(closed.body.data.closeArchivePart.status).toBe('CLOSED');

    // A closed part's case takes no new posts, even reopened.
    const reopened = await as('arkivar', REOPEN, {
      input: { id: oldCase.id, reason: 'Ettersending' },
    });
    noErrors(reopened);
    const refused = await as('arkivar', REGISTER, {
      input: { caseId: oldCase.id, type: 'INCOMING', title: 'For sent' },
    });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    expect(refused.body.errors?.[0]?.message).toMatch(/closed archive part/);
  });

  it('with no active part, a new case is INVALID_STATE', async () => {
    await sqlRows(sql`update archive_part set status = 'CLOSED_PERIOD' where status = 'ACTIVE'`);
    try {
      const res = await createCase('Ingen aktiv arkivdel');
      expect(res.body.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    } finally {
      await sqlRows(
        sql`update archive_part set status = 'ACTIVE' where id = (select id from archive_part where status = 'CLOSED_PERIOD' order by period_start desc limit 1)`,
      );
    }
  });
});

describe('Ending a period as CLOSED_PERIOD moves the open cases into the new part', () => {
  it('leaves only finished cases behind', async () => {
    const active = (await parts()).find((p) => p.status === 'ACTIVE')!;
    const open = await createCase('Åpen sak som flytter');
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const res = await as('admin', START, {
      input: { id: active.id, title: 'Neste', periodStart: tomorrow, endAs: 'CLOSED_PERIOD' },
    });
    expect(res.body.errors).toBeUndefined();
    const moved = await as(
      'saksbehandler',
      `query($id: ID!) { node(id: $id) { ... on Case { archivePart { id } } } }`,
      {
        id: open.body.data.createCase.id,
      },
    );
    expect(moved.body.data.node.archivePart.id).toBe(res.body.data.startNewPeriod.id);
    const left = await sqlRows<{ n: string }>(
      sql`select count(*) as n from case_file c join archive_part p on p.id = c.archive_part_id where p.status = 'CLOSED_PERIOD' and c.status not in ('CLOSED', 'CANCELLED')`,
    );
    expect(Number(left[0]!.n)).toBe(0);

    // The move is a change of the case itself: a new version and an event in its own trail.
    const caseId = idOf('Case', open.body.data.createCase.id);
    const trail = await sqlRows<{ changes: { archivePartId: { old: string; new: string } } }>(
      sql`select changes from audit_event where action = 'case.changeArchivePart' and target_type = 'Case' and target_id = ${caseId}`,
    );
    expect(trail).toHaveLength(1);
    expect(trail[0]!.changes.archivePartId).toEqual({
      old: idOf('ArchivePart', active.id),
      new: idOf('ArchivePart', res.body.data.startNewPeriod.id),
    });
    const [row] = await sqlRows<{ version: number }>(
      sql`select version from case_file where id = ${caseId}`,
    );
    expect(row!.version).toBe(open.body.data.createCase.version + 1);
  });
});

describe('Whether each ended part may be closed is read for a whole page at once', () => {
  it('one statement for the open cases of every part on the page, however many parts are ended', async () => {
    const dayAfter = (days: number) => {
      const d = new Date(`${today}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + days);
      return d.toISOString().slice(0, 10);
    };
    const openCaseReads = async () => {
      server.statements.length = 0;
      const res = await as(
        'arkivar',
        `{ archiveParts(first: 20) { nodes { status viewerCan { close } } } }`,
      );
      noErrors(res);
      const ended = res.body.data.archiveParts.nodes.filter(
        (p: { status: string }) => p.status === 'OVERLAP' || p.status === 'CLOSED_PERIOD',
      ).length;
      const reads = server.statements.filter((s) => /from\s+case_file/i.test(s)).length;
      return { ended, reads };
    };
    for (const days of [30, 31, 32]) {
      const active = (await parts()).find((p) => p.status === 'ACTIVE')!;
      noErrors(
        await as('arkivar', START, {
          input: {
            id: active.id,
            title: `Periode +${days}`,
            periodStart: dayAfter(days),
            endAs: 'OVERLAP',
          },
        }),
      );
    }
    const { ended, reads } = await openCaseReads();
    expect(ended).toBeGreaterThanOrEqual(3);
    expect(reads).toBe(1);
  });
});

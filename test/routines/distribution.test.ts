import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../src/domain/journalPosts';
import { addWorkingDays, todayInOslo } from '../../src/domain/workingDays';
import { fromGlobalId } from '../../src/schema/globalId';
import { MARKER, marker } from '../support/fixtures';
import { queuedMails } from '../support/mail';
import { startTestServer, type TestServer } from '../support/server';
import {
  auditOf,
  newCase,
  ok,
  POST_FIELDS,
  type PostView,
  refusal,
  registerIncoming,
  type Routine,
  routineOn,
  unitGid,
  userGid,
} from './support';

/**
 * docs/daily-routines.md, "Distribution (fordeling)", and docs/notices.md, "Distribution": the
 * seeds' "Fase 1: Mottak og fordeling" on the Vennesla demo. PPT is led by `leder`, its handlers
 * are `saksbehandler` and `ppt.radgiver`; `stab.leder` leads Vennesla kommune, the unit above it.
 */
let server: TestServer;
let r: Routine;
const today = todayInOslo();

const DISTRIBUTE = `mutation($input: DistributeJournalPostInput!) {
  distributeJournalPost(input: $input) { ${POST_FIELDS} } }`;

const QUEUE = `query($unitId: ID!, $first: Int, $after: String) {
  distribution(unitId: $unitId, first: $first, after: $after) {
    totalCount nodes { id registryId } pageInfo { hasNextPage endCursor } } }`;

const distribute = (as: string, input: Record<string, unknown>) =>
  ok<{ distributeJournalPost: PostView }>(r, as, DISTRIBUTE, { input }).then(
    (d) => d.distributeJournalPost,
  );

/** A case of PPT that the archive opened on receipt: its case responsible is the archivist. */
const archiveCase = (title: string) => newCase(r, 'arkivar', 'PPT', title);

/** A case of PPT with `saksbehandler` as case responsible. */
const handlerCase = (title: string) => newCase(r, 'leder', 'PPT', title, 'saksbehandler');

async function queue(as: string, unit = 'PPT'): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const d: {
      distribution: {
        nodes: { id: string }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } = await ok(r, as, QUEUE, { unitId: unitGid(r, unit), first: 2, after });
    ids.push(...d.distribution.nodes.map((n) => n.id));
    if (!d.distribution.pageInfo.hasNextPage) return ids;
    after = d.distribution.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  r = await routineOn(server, [
    'arkivar',
    'leder',
    'saksbehandler',
    'ppt.radgiver',
    'stab.leder',
    'nav.leder',
    'nav.saksbehandler',
    'admin',
  ]);
});
afterAll(() => server?.close());

describe('An incoming letter registered by the archive goes to the case responsible', () => {
  it('gets the case responsible as its handler, not the archivist', async () => {
    const post = await registerIncoming(r, await handlerCase('Spesialundervisning – elev A'));
    expect(post.responsible?.username).toBe('saksbehandler');
    expect(post.status).toBe('REGISTERED');
  });

  it('tells the handler by mail: registry id, public title and due date, never the title', async () => {
    const caseId = await handlerCase('Søknad om skyss');
    const post = await registerIncoming(r, caseId, {
      title: `Søknad fra {${marker('navn')}}`,
      screeningCodeId: Buffer.from(`ScreeningCode:${r.codes['13']}`).toString('base64url'),
      accessGroupId: Buffer.from(`AccessGroup:${r.groups.Elev}`).toString('base64url'),
    });
    const mails = (await queuedMails(server.orm, 'journalPost.distributed')).filter((m) =>
      m.body.includes(post.registryId),
    );
    expect(mails.map((m) => m.recipient)).toEqual(['saksbehandler@vennesla.kommune.example']);
    const [mail] = mails;
    expect(mail!.subject).toContain(post.registryId);
    expect(mail!.body).toContain(`Offentlig tittel: ${post.publicTitle}`);
    const [y, m, d] = post.dueDate!.split('-');
    expect(mail!.body).toContain(`Forfallsdato: ${d}.${m}.${y}`);
    expect(mail!.body).toContain('Arkivgraf');
    expect(mail!.body).not.toContain(MARKER);
  });

  it('a letter registered by a handler stays theirs, and nobody is told', async () => {
    const caseId = await handlerCase('Egen registrering');
    const before = (await queuedMails(server.orm)).length;
    const post = await registerIncoming(r, caseId, {}, 'saksbehandler');
    expect(post.responsible?.username).toBe('saksbehandler');
    expect((await queuedMails(server.orm)).length).toBe(before);
  });
});

describe("Where the case has no handler the letter waits in its unit's queue", () => {
  it('has no handler and is in the distribution queue of PPT', async () => {
    const post = await registerIncoming(r, await archiveCase('Henvisning til PPT'));
    expect(post.responsible).toBeNull();
    expect(post.responsibleUnit.name).toBe('PPT');
    expect(await queue('leder')).toContain(post.id);
  });

  it("tells the unit's leaders by one mail each", async () => {
    const post = await registerIncoming(r, await archiveCase('Henvisning 2'));
    const mails = (await queuedMails(server.orm, 'journalPost.awaitingDistribution')).filter((m) =>
      m.subject.includes(post.registryId),
    );
    expect(mails.map((m) => m.recipient)).toEqual(['leder@vennesla.kommune.example']);
    expect(mails[0]!.body).toContain('PPT');
    expect(mails[0]!.body).toContain(post.publicTitle);
  });
});

describe('Leaders of the unit distribute a post: a handler and a due date', () => {
  it('the leader gives a queued post a handler; the due date is three weeks from today', async () => {
    const post = await registerIncoming(r, await archiveCase('Fordeling 1'));
    const done = await distribute('leder', {
      id: post.id,
      expectedVersion: post.version,
      responsibleId: userGid(r, 'saksbehandler'),
    });
    expect(done.responsible?.username).toBe('saksbehandler');
    expect(done.dueDate).toBe(addCalendarDays(today, 21));
    expect(await queue('leder')).not.toContain(post.id);
    const events = await auditOf(r, post.id);
    const event = events.find((e) => e.action === 'journalPost.distribute')!;
    expect(event.changes.responsibleId).toEqual({ old: null, new: r.users.saksbehandler });
    const mails = (await queuedMails(server.orm, 'journalPost.distributed')).filter((m) =>
      m.subject.includes(post.registryId),
    );
    expect(mails.map((m) => m.recipient)).toEqual(['saksbehandler@vennesla.kommune.example']);
  });

  it('urgent mail is due in two working days; a given due date wins', async () => {
    const urgent = await registerIncoming(r, await archiveCase('Haster'));
    const done = await distribute('leder', {
      id: urgent.id,
      responsibleId: userGid(r, 'saksbehandler'),
      urgent: true,
    });
    expect(done.dueDate).toBe(addWorkingDays(today, 2));
    const dated = await registerIncoming(r, await archiveCase('Med frist'));
    const given = addCalendarDays(today, 10);
    const withDate = await distribute('leder', {
      id: dated.id,
      responsibleId: userGid(r, 'saksbehandler'),
      urgent: true,
      dueDate: given,
    });
    expect(withDate.dueDate).toBe(given);
  });

  it('a due date in the past is BAD_USER_INPUT on dueDate, and nothing changes', async () => {
    const post = await registerIncoming(r, await archiveCase('Fortid'));
    const refused = await refusal(r, 'leder', DISTRIBUTE, {
      input: {
        id: post.id,
        responsibleId: userGid(r, 'saksbehandler'),
        dueDate: addCalendarDays(today, -1),
      },
    });
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.fields).toEqual([{ path: ['input', 'dueDate'], code: 'OUT_OF_RANGE' }]);
    expect(await queue('leder')).toContain(post.id);
  });

  it('redistribution hands the post on, keeps its due date, and is audited with old and new', async () => {
    const post = await registerIncoming(r, await archiveCase('Omfordeling'));
    const first = await distribute('leder', {
      id: post.id,
      responsibleId: userGid(r, 'saksbehandler'),
      dueDate: addCalendarDays(today, 7),
    });
    const again = await distribute('leder', {
      id: post.id,
      expectedVersion: first.version,
      responsibleId: userGid(r, 'ppt.radgiver'),
    });
    expect(again.responsible?.username).toBe('ppt.radgiver');
    expect(again.dueDate).toBe(addCalendarDays(today, 7));
    const events = (await auditOf(r, post.id)).filter((e) => e.action === 'journalPost.distribute');
    expect(events.at(-1)!.changes.responsibleId).toEqual({
      old: r.users.saksbehandler,
      new: r.users['ppt.radgiver'],
    });
  });

  it('a new due date for the same handler tells the handler; the same one again changes nothing', async () => {
    const post = await registerIncoming(r, await archiveCase('Ny frist'));
    await distribute('leder', { id: post.id, responsibleId: userGid(r, 'saksbehandler') });
    const dueMails = async () =>
      (await queuedMails(server.orm, 'journalPost.dueDateChanged')).filter((m) =>
        m.subject.includes(post.registryId),
      );
    expect(await dueMails()).toEqual([]);
    const sooner = addWorkingDays(today, 2);
    await distribute('leder', {
      id: post.id,
      responsibleId: userGid(r, 'saksbehandler'),
      dueDate: sooner,
    });
    const [mail, ...more] = await dueMails();
    expect(more).toEqual([]);
    expect(mail!.recipient).toBe('saksbehandler@vennesla.kommune.example');
    expect(mail!.subject).toBe(`Ny forfallsdato for journalpost ${post.registryId}`);
    expect(mail!.body).toContain(`Forfallsdato: ${sooner.split('-').reverse().join('.')}`);
    const refused = await refusal(r, 'leder', DISTRIBUTE, {
      input: { id: post.id, responsibleId: userGid(r, 'saksbehandler'), dueDate: sooner },
    });
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(await dueMails()).toHaveLength(1);
  });

  it('updateJournalPost still refuses the leader on a registered letter: distribution is the way', async () => {
    const post = await registerIncoming(r, await archiveCase('Endring'));
    const refused = await refusal(
      r,
      'leder',
      `mutation($input: UpdateJournalPostInput!) { updateJournalPost(input: $input) { id } }`,
      { input: { id: post.id, responsibleId: userGid(r, 'saksbehandler') } },
    );
    expect(refused.code).toBe('INVALID_STATE');
  });
});

describe('Who may distribute', () => {
  const cases: [string, 'ok' | 'FORBIDDEN'][] = [
    ['leder', 'ok'],
    ['stab.leder', 'ok'],
    ['arkivar', 'ok'],
    ['nav.leder', 'FORBIDDEN'],
    ['saksbehandler', 'FORBIDDEN'],
    ['admin', 'FORBIDDEN'],
  ];
  it.each(cases)('%s: %s', async (as, outcome) => {
    const post = await registerIncoming(r, await archiveCase(`Hvem ${as}`));
    const input = { id: post.id, responsibleId: userGid(r, 'ppt.radgiver') };
    if (outcome === 'ok') {
      expect((await distribute(as, input)).responsible?.username).toBe('ppt.radgiver');
    } else {
      expect((await refusal(r, as, DISTRIBUTE, { input })).code).toBe(outcome);
    }
  });

  it('a post the leader of another unit reads only REDACTED is FORBIDDEN too', async () => {
    const caseId = await archiveCase('Elevsak');
    const post = await registerIncoming(r, caseId, {
      accessGroupId: Buffer.from(`AccessGroup:${r.groups.Elev}`).toString('base64url'),
    });
    const refused = await refusal(r, 'nav.leder', DISTRIBUTE, {
      input: { id: post.id, responsibleId: userGid(r, 'ppt.radgiver') },
    });
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/REDACTED/);
  });
});

describe('The handler named must be eligible and read the post in full', () => {
  it('a handler of another unit, an unknown user and one who reads it REDACTED get the same refusal', async () => {
    const open = await registerIncoming(r, await archiveCase('Kandidat'));
    const elev = await registerIncoming(r, await archiveCase('Kandidat Elev'), {
      accessGroupId: Buffer.from(`AccessGroup:${r.groups.Elev}`).toString('base64url'),
    });
    const unknown = Buffer.from('User:00000000-0000-4000-8000-000000000000').toString('base64url');
    const attempts = [
      { id: open.id, responsibleId: userGid(r, 'nav.saksbehandler') },
      { id: open.id, responsibleId: unknown },
      // ppt.radgiver is a handler of PPT, but not in Elev: the post would be handed to them.
      { id: elev.id, responsibleId: userGid(r, 'ppt.radgiver') },
    ];
    const messages = new Set<string>();
    for (const input of attempts) {
      const refused = await refusal(r, 'leder', DISTRIBUTE, { input });
      expect(refused.code).toBe('BAD_USER_INPUT');
      expect(refused.fields).toEqual([{ path: ['input', 'responsibleId'], code: 'NOT_ALLOWED' }]);
      messages.add(refused.message);
    }
    expect(messages.size).toBe(1);
    expect(await queue('leder')).toEqual(expect.arrayContaining([open.id, elev.id]));
  });
});

describe('The distribution queue of a unit', () => {
  it('lists the waiting posts oldest first, page by page, for the leaders and the archive', async () => {
    const all = await queue('leder');
    expect(all.length).toBeGreaterThan(2);
    expect(await queue('stab.leder')).toEqual(all);
    expect(await queue('arkivar')).toEqual(all);
    const count = await ok(r, 'leder', QUEUE, { unitId: unitGid(r, 'PPT'), first: 1 });
    expect(count.distribution.totalCount).toBe(all.length);
  });

  it('is FORBIDDEN to handlers and to the leaders of other units', async () => {
    for (const as of ['saksbehandler', 'nav.leder']) {
      const refused = await refusal(r, as, QUEUE, { unitId: unitGid(r, 'PPT') });
      expect(refused.code).toBe('FORBIDDEN');
    }
  });

  it('an unknown unit is NOT_FOUND', async () => {
    const unknown = Buffer.from('Unit:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect((await refusal(r, 'arkivar', QUEUE, { unitId: unknown })).code).toBe('NOT_FOUND');
  });
});

describe('Assigning a case responsible may carry its open posts along', () => {
  const ASSIGN = `mutation($input: AssignCaseResponsibleInput!) {
    assignCaseResponsible(input: $input) { id } }`;
  const POST = `query($id: ID!) { journalPost(id: $id) { responsible { username } } }`;
  const handlerOf = async (id: string) =>
    (await ok(r, 'arkivar', POST, { id })).journalPost.responsible?.username ?? null;

  it('without the option the posts keep their handler', async () => {
    const caseId = await handlerCase('Uten overføring');
    const post = await registerIncoming(r, caseId);
    await ok(r, 'leder', ASSIGN, { input: { id: caseId, userId: userGid(r, 'ppt.radgiver') } });
    expect(await handlerOf(post.id)).toBe('saksbehandler');
  });

  it("with carryOpenPosts the previous responsible's and the unassigned open posts follow", async () => {
    const caseId = await archiveCase('Med overføring');
    const queued = await registerIncoming(r, caseId);
    await ok(r, 'leder', ASSIGN, { input: { id: caseId, userId: userGid(r, 'saksbehandler') } });
    const mine = await registerIncoming(r, caseId);
    const other = await registerIncoming(r, caseId, { responsibleId: userGid(r, 'leder') });
    expect(mine.responsible?.username).toBe('saksbehandler');
    await ok(r, 'leder', ASSIGN, {
      input: { id: caseId, userId: userGid(r, 'ppt.radgiver'), carryOpenPosts: true },
    });
    const [stored] = await r.server.orm.em
      .fork()
      .getConnection()
      .execute<{ username: string }[]>(
        'select u.username from case_file c join app_user u on u.id = c.case_responsible_id where c.id = ?',
        [fromGlobalId(caseId)!.id],
      );
    expect(stored!.username).toBe('ppt.radgiver');
    expect(await handlerOf(queued.id)).toBe('ppt.radgiver');
    expect(await handlerOf(mine.id)).toBe('ppt.radgiver');
    expect(await handlerOf(other.id)).toBe('leder');
    const events = (await auditOf(r, mine.id)).filter((e) => e.action === 'journalPost.distribute');
    expect(events.at(-1)!.changes.responsibleId).toEqual({
      old: r.users.saksbehandler,
      new: r.users['ppt.radgiver'],
    });
    const mails = (await queuedMails(server.orm, 'journalPost.distributed')).filter(
      (m) => m.subject.includes(mine.registryId) || m.subject.includes(queued.registryId),
    );
    expect(
      mails.filter((m) => m.recipient === 'ppt.radgiver@vennesla.kommune.example'),
    ).toHaveLength(2);
  });
});

describe('A mail never holds a screened title or a correspondent', () => {
  it('the canary of a screened title and a screened sender is in no queued mail', async () => {
    const caseId = await newCase(r, 'arkivar', 'Vennesla skole', 'Kanarifugl');
    const code = Buffer.from(`ScreeningCode:${r.codes['13']}`).toString('base64url');
    const post = await registerIncoming(r, caseId, {
      title: `Bekymringsmelding om {${marker('elev')}}`,
      screeningCodeId: code,
      accessGroupId: Buffer.from(`AccessGroup:${r.groups.Elev}`).toString('base64url'),
      correspondents: [{ role: 'SENDER', name: marker('Forelder') }],
    });
    await distribute('arkivar', { id: post.id, responsibleId: userGid(r, 'elevtjeneste') });
    const mails = await queuedMails(server.orm);
    expect(mails.some((m) => m.body.includes(post.registryId))).toBe(true);
    for (const m of mails) {
      expect(m.subject).not.toContain(MARKER);
      expect(m.body).not.toContain(MARKER);
    }
  });
});

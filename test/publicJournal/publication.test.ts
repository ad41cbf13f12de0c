import { afterAll, describe, expect, it } from 'vitest';
import { JournalPostType, JournalStatus } from '../../src/entities';
import { toGlobalId } from '../../src/schema/globalId';
import { PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Publication rules of the public journal (domain.md, "The public journal"): published types,
 * published statuses, the delay in working days, and the archivist's publish-now and hold.
 */
const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function world(today: string, env: Record<string, string> = {}) {
  const server = await startTestServer({ data: 'empty', today, env });
  servers.push(server);
  return { server, w: await new PublicWorld(server.orm.em.fork()).init() };
}

async function listed(server: TestServer, token?: string): Promise<string[]> {
  const res = await server.gql(
    '{ publicJournal(first: 100) { totalCount edges { node { id title } } } }',
    {},
    { token },
  );
  expect(res.body.errors).toBeUndefined();
  const titles = res.body.data.publicJournal.edges.map(
    (e: { node: { title: string } }) => e.node.title,
  );
  expect(res.body.data.publicJournal.totalCount).toBe(titles.length);
  return titles;
}

describe('Only the published types appear (default I and U)', () => {
  it('shows incoming and outgoing posts, never notes or case presentations', async () => {
    const { server, w } = await world('2026-06-15');
    for (const type of Object.values(JournalPostType)) {
      await w.post({
        type,
        status: JournalStatus.REGISTERED,
        journalDate: '2026-06-01',
        title: `Type ${type}`,
      });
    }
    expect((await listed(server)).sort()).toEqual(['Type INCOMING', 'Type OUTGOING']);
  });

  it('publishes N notes too when the setting says so', async () => {
    const { server, w } = await world('2026-06-15', { PUBLIC_JOURNAL_TYPES: 'I,U,N' });
    await w.post({
      type: JournalPostType.INTERNAL_FOLLOW_UP,
      journalDate: '2026-06-01',
      title: 'Notat N',
    });
    await w.post({
      type: JournalPostType.INTERNAL_NO_FOLLOW_UP,
      journalDate: '2026-06-01',
      title: 'Notat X',
    });
    expect(await listed(server)).toEqual(['Notat N']);
  });
});

describe('Only posts that are DISPATCHED, REGISTERED or ARCHIVED appear', () => {
  it('leaves out temporary, unfinished and cancelled posts', async () => {
    const { server, w } = await world('2026-06-15');
    for (const status of Object.values(JournalStatus)) {
      await w.post({
        type: JournalPostType.OUTGOING,
        status,
        journalDate: '2026-06-01',
        title: `Status ${status}`,
      });
    }
    expect((await listed(server)).sort()).toEqual([
      'Status ARCHIVED',
      'Status DISPATCHED',
      'Status REGISTERED',
    ]);
  });
});

describe('A post appears when its journal date plus three working days has come', () => {
  it('over a weekend: registered Thursday 12 March, published Tuesday 17 March', async () => {
    for (const [today, shown] of [
      ['2026-03-16', false],
      ['2026-03-17', true],
    ] as const) {
      const { server, w } = await world(today);
      await w.post({ journalDate: '2026-03-12', title: 'Brev fra torsdag' });
      expect(await listed(server)).toEqual(shown ? ['Brev fra torsdag'] : []);
    }
  });

  it('over Easter: registered Wednesday 1 April 2026, published Thursday 9 April', async () => {
    for (const [today, shown] of [
      ['2026-04-08', false],
      ['2026-04-09', true],
    ] as const) {
      const { server, w } = await world(today);
      await w.post({ journalDate: '2026-04-01', title: 'Brev før påske' });
      expect(await listed(server)).toEqual(shown ? ['Brev før påske'] : []);
    }
  });

  it('with PUBLIC_JOURNAL_DELAY_WORKDAYS=0 a post appears on its journal date', async () => {
    const { server, w } = await world('2026-03-12', { PUBLIC_JOURNAL_DELAY_WORKDAYS: '0' });
    await w.post({ journalDate: '2026-03-12', title: 'Samme dag' });
    expect(await listed(server)).toEqual(['Samme dag']);
  });
});

describe('An archivist may publish a post now, or hold it back with a reason', () => {
  it('publishNow shows a post before its delay; resetPublication takes it back', async () => {
    const { server, w } = await world('2026-06-15');
    const p = await w.post({ journalDate: '2026-06-15', title: 'Hastesak' });
    const id = toGlobalId('JournalPost', p.id);
    expect(await listed(server)).toEqual([]);
    const archivist = await server.tokenFor('pj.arkivar');
    const res = await server.gql(
      'mutation($id: ID!) { publishNow(input: { id: $id }) { id } }',
      { id },
      { token: archivist },
    );
    expect(res.body.errors).toBeUndefined();
    expect(await listed(server)).toEqual(['Hastesak']);
    await server.gql(
      'mutation($id: ID!) { resetPublication(input: { id: $id }) { id } }',
      { id },
      { token: archivist },
    );
    expect(await listed(server)).toEqual([]);
  });

  it('hold removes a published post at once and needs a reason; both are audited', async () => {
    const { server, w } = await world('2026-06-15');
    const p = await w.post({ journalDate: '2026-06-01', title: 'Feilregistrert' });
    const id = toGlobalId('JournalPost', p.id);
    const archivist = await server.tokenFor('pj.arkivar');
    const blank = await server.gql(
      'mutation($id: ID!) { holdFromPublicJournal(input: { id: $id, reason: " " }) { id } }',
      { id },
      { token: archivist },
    );
    expect(blank.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'reason'] }],
    });
    expect(await listed(server)).toEqual(['Feilregistrert']);
    const held = await server.gql(
      'mutation($id: ID!) { holdFromPublicJournal(input: { id: $id, reason: "Feil skjerming må rettes" }) { id } }',
      { id },
      { token: archivist },
    );
    expect(held.body.errors).toBeUndefined();
    expect(await listed(server)).toEqual([]);
    const events = await server.orm.em
      .fork()
      .getConnection()
      .execute(
        "select action, reason from audit_event where action like 'journalPost.%' order by id",
      );
    expect(events).toEqual([{ action: 'journalPost.hold', reason: 'Feil skjerming må rettes' }]);
  });

  it('handlers may do neither, the public is told to sign in', async () => {
    const { server, w } = await world('2026-06-15');
    const p = await w.post({ journalDate: '2026-06-15', title: 'Ikke ennå' });
    const id = toGlobalId('JournalPost', p.id);
    const handler = await server.tokenFor('pj.handler');
    const asHandler = await server.gql(
      'mutation($id: ID!) { publishNow(input: { id: $id }) { id } }',
      { id },
      { token: handler },
    );
    expect(asHandler.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const asPublic = await server.gql(
      'mutation($id: ID!) { publishNow(input: { id: $id }) { id } }',
      { id },
    );
    expect(asPublic.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await listed(server)).toEqual([]);
  });
});

describe('A post whose screening is corrected after publication shows the corrected form at once', () => {
  it('the next request already shows the public title', async () => {
    const { server, w } = await world('2026-06-15');
    const p = await w.post({
      journalDate: '2026-06-01',
      title: 'Søknad om permisjon – Kari Hansen',
    });
    expect(await listed(server)).toEqual(['Søknad om permisjon – Kari Hansen']);
    await server.orm.em
      .fork()
      .getConnection()
      .execute(
        `update journal_post set screening_code_id = ?, screened_fields = '{TITLE}', public_title = 'Søknad om permisjon – *****' where id = ?`,
        [w.code13.id, p.id],
      );
    expect(await listed(server)).toEqual(['Søknad om permisjon – *****']);
  });
});

describe('Everybody reads the same entries', () => {
  it('the public, a handler and an archivist get identical responses', async () => {
    const { server, w } = await world('2026-06-15');
    await w.post({
      journalDate: '2026-06-01',
      title: 'Elevmappe – {Ola Skjult}',
      screened: true,
      correspondents: [{ name: 'Per Skjult', screened: true }],
    });
    await w.post({
      journalDate: '2026-06-02',
      title: 'Innkjøp av pulter',
      correspondents: [{ name: 'Møbelhuset AS', isPerson: false }],
    });
    const query =
      '{ publicJournal { totalCount edges { cursor node { id registryId caseNumber caseTitle title type journalDate documentDate correspondents unit screened legalBasis writeOffMethod writeOffDate } } } }';
    const bodies = await Promise.all([
      server.gql(query),
      server.gql(query, {}, { token: await server.tokenFor('pj.handler') }),
      server.gql(query, {}, { token: await server.tokenFor('pj.arkivar') }),
    ]);
    expect(bodies[1]!.text).toBe(bodies[0]!.text);
    expect(bodies[2]!.text).toBe(bodies[0]!.text);
    const entries = bodies[0]!.body.data.publicJournal.edges.map((e: { node: unknown }) => e.node);
    expect(entries).toEqual([
      expect.objectContaining({
        title: 'Innkjøp av pulter',
        correspondents: ['Møbelhuset AS'],
        screened: false,
        legalBasis: null,
        unit: 'Offentlig enhet',
      }),
      expect.objectContaining({
        title: 'Elevmappe – *****',
        correspondents: ['*****'],
        screened: true,
        legalBasis: 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
        documentDate: null,
      }),
    ]);
    expect(bodies[0]!.text).not.toContain('Skjult');
    expect(bodies[0]!.text).not.toContain('Hemmelig');
  });
});

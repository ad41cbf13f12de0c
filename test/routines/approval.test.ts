import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/db/sqlTemplate';
import { toGlobalId } from '../../src/schema/globalId';
import { MARKER } from '../support/fixtures';
import { queuedMails } from '../support/mail';
import { startTestServer, type TestServer } from '../support/server';
import { M, type MadeCase, refusal, routineClient } from './approvalSupport';

/**
 * Approval by document type (docs/daily-routines.md, "Approval by document type (godkjenning)")
 * and its notices (docs/notices.md, "Approval"), through the real GraphQL server on the demo
 * data, whose organisations have the document types Sakkyndig vurdering and Vedtak (requiring
 * approval), Brev and Notat.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.close());

const { as, ok, rows, userId, makeCase, post, auditEvents } = routineClient(() => server, 7300);

const TYPES = `query($filter: DocumentTypeFilter) { documentTypes(first: 100, filter: $filter) {
  nodes { id name requiresApproval validTo } } }`;
const CREATE = `mutation($input: CreateDocumentTypeInput!) { createDocumentType(input: $input) { id name requiresApproval description } }`;
const UPDATE = `mutation($input: UpdateDocumentTypeInput!) { updateDocumentType(input: $input) { id name requiresApproval } }`;
const END = `mutation($input: EndDocumentTypeInput!) { endDocumentType(input: $input) { id validTo } }`;
const MINE = `query { awaitingMyApproval(first: 100) { totalCount nodes { id registryId } } }`;
const IN_UNIT = `query($unitId: ID!) { awaitingApproval(unitId: $unitId, first: 100) { totalCount nodes { id } } }`;
const CAN = `query($id: ID!) { journalPost(id: $id) { status viewerCan { dispatch sendForApproval } } }`;

async function typeId(name: string): Promise<string> {
  const types = await ok('saksbehandler', TYPES);
  return types.nodes.find((t: { name: string }) => t.name === name).id;
}
const unitGid = async (name: string) =>
  toGlobalId(
    'Unit',
    (await rows<{ id: string }>(sql`select id from unit where name = ${name}`))[0]!.id,
  );
const userGid = async (username: string) => toGlobalId('User', await userId(username));

describe('A finalised post whose type requires approval is dispatched only once approved', () => {
  let c: MadeCase;
  beforeAll(async () => {
    c = await makeCase();
  });

  it('a finalised Sakkyndig vurdering is refused at dispatch, naming the type and not the title', async () => {
    const p = await post(c, 'OUTGOING', {
      title: 'Sakkyndig vurdering for Nora Fjellstad',
      documentTypeId: await typeId('Sakkyndig vurdering'),
    });
    expect(p.documentType).toMatchObject({ name: 'Sakkyndig vurdering', requiresApproval: true });
    await ok('saksbehandler', M.finalize, { input: { id: p.id } });
    expect((await ok('saksbehandler', CAN, { id: p.id })).viewerCan).toEqual({
      dispatch: false,
      sendForApproval: true,
    });
    const error = refusal(
      await as('saksbehandler', M.dispatch, { input: { id: p.id } }),
      'INVALID_STATE',
    );
    expect(error.message).toMatch(/Sakkyndig vurdering.*approved/);
    expect(error.message).not.toContain('Fjellstad');
    expect((await ok('saksbehandler', CAN, { id: p.id })).status).toBe('FINALIZED');

    await ok('saksbehandler', M.send, { input: { id: p.id, approverId: await userGid('leder') } });
    await ok('leder', M.approve, { input: { id: p.id } });
    expect((await ok('saksbehandler', CAN, { id: p.id })).viewerCan.dispatch).toBe(true);
    expect(await ok('saksbehandler', M.dispatch, { input: { id: p.id } })).toMatchObject({
      status: 'DISPATCHED',
    });
  });

  it('a Brev, a type without approval, and a post without a type are dispatched when finalised', async () => {
    for (const extra of [{ documentTypeId: await typeId('Brev') }, {}]) {
      const p = await post(c, 'OUTGOING', { title: 'Svar', ...extra });
      await ok('saksbehandler', M.finalize, { input: { id: p.id } });
      expect(await ok('saksbehandler', M.dispatch, { input: { id: p.id } })).toMatchObject({
        status: 'DISPATCHED',
      });
    }
  });

  it('the type is changed while the post is open, and not once it is finalised', async () => {
    const p = await post(c, 'OUTGOING', { title: 'Vedtak om spesialundervisning' });
    expect(p.documentType).toBeNull();
    const updated = await ok('saksbehandler', M.update, {
      input: { id: p.id, documentTypeId: await typeId('Vedtak') },
    });
    expect(updated.documentType).toMatchObject({ name: 'Vedtak' });
    const [event] = await auditEvents(p.id, 'journalPost.update');
    expect(event!.changes.documentTypeId.old).toBeNull();
    await ok('saksbehandler', M.finalize, { input: { id: p.id } });
    refusal(
      await as('saksbehandler', M.update, {
        input: { id: p.id, documentTypeId: await typeId('Brev') },
      }),
      'INVALID_STATE',
    );
    refusal(await as('saksbehandler', M.dispatch, { input: { id: p.id } }), 'INVALID_STATE');
  });
});

describe('Document types are defined by administrators', () => {
  it('only ADMIN creates, changes and ends them; each change is audited', async () => {
    const input = { name: 'Tilsynsrapport', requiresApproval: true };
    for (const who of ['leder', 'arkivar', 'saksbehandler']) {
      refusal(await as(who, CREATE, { input }), 'FORBIDDEN');
    }
    const made = await ok('admin', CREATE, { input: { ...input, description: 'Rapporter' } });
    expect(made).toMatchObject({ name: 'Tilsynsrapport', requiresApproval: true });
    refusal(await as('admin', CREATE, { input }), 'CONFLICT');
    refusal(
      await as('admin', CREATE, { input: { name: '  ', requiresApproval: false } }),
      'BAD_USER_INPUT',
      'name',
    );

    for (const who of ['leder', 'arkivar']) {
      refusal(
        await as(who, UPDATE, { input: { id: made.id, requiresApproval: false } }),
        'FORBIDDEN',
      );
      refusal(await as(who, END, { input: { id: made.id } }), 'FORBIDDEN');
    }
    expect(
      await ok('admin', UPDATE, { input: { id: made.id, requiresApproval: false } }),
    ).toMatchObject({ requiresApproval: false });
    const rawId = made.id && Buffer.from(made.id, 'base64url').toString().split(':')[1];
    const events = await rows<{ action: string; changes: any }>(
      sql`select action, changes from audit_event where target_id = ${rawId} order by id`,
    );
    expect(events.map((e) => e.action)).toEqual(['documentType.create', 'documentType.update']);
    expect(events[1]!.changes).toEqual({ requiresApproval: { old: true, new: false } });

    await ok('admin', END, { input: { id: made.id } });
    refusal(await as('admin', END, { input: { id: made.id } }), 'INVALID_STATE');
  });

  it('an ended type is listed only on request and is not given to new posts', async () => {
    const made = await ok('admin', CREATE, {
      input: { name: 'Utgått type', requiresApproval: false },
    });
    // A type in use since 2025, whose last day has passed.
    const rawId = Buffer.from(made.id, 'base64url').toString().split(':')[1];
    await rows(sql`update document_type set valid_from = '2025-01-01' where id = ${rawId}`);
    await ok('admin', END, { input: { id: made.id, validTo: '2026-01-01' } });
    const names = async (includeEnded: boolean) =>
      (await ok('saksbehandler', TYPES, { filter: { includeEnded } })).nodes.map(
        (t: { name: string }) => t.name,
      );
    expect(await names(false)).not.toContain('Utgått type');
    expect(await names(true)).toContain('Utgått type');
    const c = await makeCase();
    refusal(
      await as('saksbehandler', M.register, {
        input: { caseId: c.gid, type: 'OUTGOING', title: 'Brev', documentTypeId: made.id },
      }),
      'BAD_USER_INPUT',
      'documentTypeId',
    );
  });

  it('every internal user reads the demo types', async () => {
    const types = await ok('saksbehandler', TYPES);
    expect(
      types.nodes
        .filter((t: { name: string }) =>
          ['Sakkyndig vurdering', 'Vedtak', 'Brev', 'Notat'].includes(t.name),
        )
        .map((t: { name: string; requiresApproval: boolean }) => [t.name, t.requiresApproval]),
    ).toEqual([
      ['Brev', false],
      ['Notat', false],
      ['Sakkyndig vurdering', true],
      ['Vedtak', true],
    ]);
  });
});

describe('The lists of posts awaiting approval', () => {
  let c: MadeCase;
  let sent: any;
  beforeAll(async () => {
    c = await makeCase();
    sent = await post(c, 'OUTGOING', {
      title: 'Sakkyndig vurdering til godkjenning',
      documentTypeId: await typeId('Sakkyndig vurdering'),
    });
    await ok('saksbehandler', M.send, {
      input: { id: sent.id, approverId: await userGid('leder') },
    });
  });

  it('awaitingMyApproval holds what is sent to me, and only that', async () => {
    const mine = await ok('leder', MINE);
    expect(mine.nodes.map((n: { id: string }) => n.id)).toContain(sent.id);
    expect((await ok('saksbehandler', MINE)).nodes.map((n: { id: string }) => n.id)).not.toContain(
      sent.id,
    );
    expect((await ok('stab.leder', MINE)).nodes.map((n: { id: string }) => n.id)).not.toContain(
      sent.id,
    );
  });

  it('awaitingApproval(unitId): leaders of the unit or above and archivists; others are refused', async () => {
    const ppt = await unitGid('PPT');
    for (const who of ['leder', 'stab.leder', 'arkivar']) {
      const list = await ok(who, IN_UNIT, { unitId: ppt });
      expect(
        list.nodes.map((n: { id: string }) => n.id),
        who,
      ).toContain(sent.id);
    }
    for (const who of ['saksbehandler', 'nav.leder', 'admin']) {
      refusal(await as(who, IN_UNIT, { unitId: ppt }), 'FORBIDDEN');
    }
    const unknown = toGlobalId('Unit', '00000000-0000-4000-8000-000000000000');
    refusal(await as('leder', IN_UNIT, { unitId: unknown }), 'NOT_FOUND');
    // A unit above PPT holds PPT's posts too.
    expect(
      (await ok('stab.leder', IN_UNIT, { unitId: await unitGid('Vennesla kommune') })).nodes.map(
        (n: { id: string }) => n.id,
      ),
    ).toContain(sent.id);
  });

  it('an approved post leaves both lists', async () => {
    const p = await post(c, 'OUTGOING', {
      title: 'Vedtak',
      documentTypeId: await typeId('Vedtak'),
    });
    await ok('saksbehandler', M.send, { input: { id: p.id, approverId: await userGid('leder') } });
    expect((await ok('leder', MINE)).nodes.map((n: { id: string }) => n.id)).toContain(p.id);
    await ok('leder', M.approve, { input: { id: p.id } });
    expect((await ok('leder', MINE)).nodes.map((n: { id: string }) => n.id)).not.toContain(p.id);
    expect(
      (await ok('leder', IN_UNIT, { unitId: await unitGid('PPT') })).nodes.map(
        (n: { id: string }) => n.id,
      ),
    ).not.toContain(p.id);
  });
});

describe('Approval notices', () => {
  it('sending and forwarding queue a mail to the leader asked; rejecting, to the handler, without the comment', async () => {
    const c = await makeCase();
    const p = await post(c, 'OUTGOING', {
      title: 'Sakkyndig vurdering',
      documentTypeId: await typeId('Sakkyndig vurdering'),
    });
    const before = (await queuedMails(server.orm)).length;
    await ok('saksbehandler', M.send, { input: { id: p.id, approverId: await userGid('leder') } });
    await ok('leder', M.forward, {
      input: { id: p.id, approverId: await userGid('stab.leder'), comment: 'Prinsipiell sak' },
    });
    await ok('stab.leder', M.reject, {
      input: { id: p.id, comment: 'Skriv om konklusjonen om eleven' },
    });
    const mails = (await queuedMails(server.orm)).slice(before);
    expect(mails.map((m) => [m.kind, m.recipient])).toEqual([
      ['journalPost.approvalRequested', 'leder@vennesla.kommune.example'],
      ['journalPost.approvalRequested', 'stab.leder@vennesla.kommune.example'],
      ['journalPost.approvalRejected', 'saksbehandler@vennesla.kommune.example'],
    ]);
    const [asked, forwarded, rejected] = mails;
    expect(asked!.subject).toContain(p.registryId);
    expect(asked!.body).toContain(`${p.registryId} – ${p.publicTitle}`);
    expect(asked!.body).toContain('Dokumenttype: Sakkyndig vurdering');
    expect(asked!.body).toContain('Morten Skaar');
    expect(forwarded!.body).toContain('Hilde Eikeland har videresendt');
    expect(forwarded!.body).not.toContain('Prinsipiell sak');
    expect(rejected!.body).toContain('Roar Bakke har ikke godkjent');
    expect(rejected!.body).not.toContain('konklusjonen');
  });

  it('a refused send queues nothing', async () => {
    const c = await makeCase();
    const p = await post(c, 'OUTGOING', { title: 'Brev' });
    const before = (await queuedMails(server.orm)).length;
    refusal(
      await as('saksbehandler', M.send, {
        input: { id: p.id, approverId: await userGid('nav.leder') },
      }),
      'BAD_USER_INPUT',
      'approverId',
    );
    expect(await queuedMails(server.orm)).toHaveLength(before);
  });

  it('canary: a screened title never appears in an approval mail', async () => {
    const c = await makeCase({ code: '13', group: 'Elev', title: `Elevsak ${MARKER}` });
    const p = await post(c, 'OUTGOING', {
      title: `Sakkyndig vurdering av {${MARKER}Ola Nordmann}`,
      documentTypeId: await typeId('Sakkyndig vurdering'),
    });
    expect(p.publicTitle).not.toContain(MARKER);
    await ok('saksbehandler', M.send, { input: { id: p.id, approverId: await userGid('leder') } });
    await ok('leder', M.reject, { input: { id: p.id, comment: `Rett ${MARKER} i teksten` } });
    await ok('saksbehandler', M.send, { input: { id: p.id, approverId: await userGid('leder') } });
    await ok('leder', M.approve, { input: { id: p.id, comment: `Fint, ${MARKER}` } });
    const mails = await queuedMails(server.orm);
    expect(mails.length).toBeGreaterThan(0);
    for (const m of mails) {
      expect(`${m.subject}\n${m.body}`).not.toContain(MARKER);
      expect(`${m.subject}\n${m.body}`).not.toContain('Ola Nordmann');
    }
    expect(mails.some((m) => m.kind === 'journalPost.approved')).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromGlobalId, toGlobalId } from '../../src/schema/globalId';
import { MARKER } from '../support/fixtures';
import { type ReceivedMail, type SmtpCapture, startSmtpCapture } from '../support/mail';
import { pdfa2b } from '../support/pdf';
import { startTestServer, type TestServer } from '../support/server';
import { M, routineClient } from './approvalSupport';
import {
  newCase,
  ok,
  POST_FIELDS,
  type PostView,
  registerIncoming,
  type Routine,
  routineOn,
  userGid,
} from './support';

/**
 * The seeds' three daily routines end to end on the Vennesla demo (docs/daily-routines.md,
 * docs/notices.md): every step through the real GraphQL server and HTTP routes, every notice
 * through the outbox's sender to a real SMTP server started here, read as it arrived.
 */
const BASE = 'https://arkiv.vennesla.example';
let capture: SmtpCapture;
let server: TestServer;
let r: Routine;

beforeAll(async () => {
  capture = await startSmtpCapture();
  server = await startTestServer({
    data: 'demo',
    mail: true,
    env: { SMTP_URL: capture.url, PUBLIC_BASE_URL: BASE },
  });
  r = await routineOn(server, ['arkivar', 'leder', 'saksbehandler', 'innsyn']);
});
afterAll(async () => {
  await server?.close();
  await capture?.close();
});

const address = (username: string) => `${username}@vennesla.kommune.example`;

/** Waits for the mail to `to` with `subject` to arrive at the SMTP server, and returns it. */
async function arrived(to: string, subject: string | RegExp): Promise<ReceivedMail> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mail = capture.received.find(
      (m) =>
        m.to.includes(to) &&
        (typeof subject === 'string' ? m.subject === subject : subject.test(m.subject)),
    );
    if (mail) return mail;
    if (Date.now() > deadline) {
      const seen = capture.received.map((m) => `${m.to.join(',')}: ${m.subject}`);
      throw new Error(`No mail to ${to} about ${String(subject)}; arrived: ${seen.join(' | ')}`);
    }
    await capture.waitFor(capture.received.length + 1, 500).catch(() => undefined);
  }
}

const DISTRIBUTE = `mutation($input: DistributeJournalPostInput!) {
  distributeJournalPost(input: $input) { ${POST_FIELDS} } }`;
const REGISTER = `mutation($input: RegisterJournalPostInput!) {
  registerJournalPost(input: $input) { ${POST_FIELDS} } }`;
const ASSIGN = `mutation($input: AssignCaseResponsibleInput!) {
  assignCaseResponsible(input: $input) { id caseResponsible { username } } }`;
const BACKLOG = `query($id: ID!) { journalPost(id: $id) { status writeOffMethod writtenOff } }`;

describe('Register incoming → distribute → handle → reply → write off', () => {
  // The routine (docs/daily-routines.md, "Distribution"): the archive registers post in a new case
  // to the unit; its leader gives the case to a handler; new letters in the case go straight to
  // that handler; the handler replies and writes the letter off.
  let caseId: string;
  let first: PostView;
  let second: PostView;

  it('the archive registers a letter in a new case: it waits for the unit, whose leader is told', async () => {
    caseId = await newCase(r, 'arkivar', 'PPT', 'Søknad om spesialundervisning');
    first = await registerIncoming(r, caseId, {
      title: 'Søknad om spesialundervisning',
      correspondents: [{ role: 'SENDER', name: 'Foresatte' }],
    });
    expect(first).toMatchObject({ status: 'REGISTERED', responsible: null });

    const mail = await arrived(
      address('leder'),
      `Journalpost ${first.registryId} venter på fordeling`,
    );
    expect(mail.from).toBe('noreply@arkivgraf.invalid');
    expect(mail.text).toContain('Hei, Hilde Eikeland.');
    expect(mail.text).toContain('venter på fordeling i PPT');
    expect(mail.text).toContain(`Journalpost: ${first.registryId}`);
    expect(mail.text).toContain('Offentlig tittel: Søknad om spesialundervisning');
  });

  it('the leader gives the case to a handler, and its letter with it: the handler is told', async () => {
    const assigned = await ok(r, 'leder', ASSIGN, {
      input: { id: caseId, userId: userGid(r, 'saksbehandler'), carryOpenPosts: true },
    });
    expect(assigned).toEqual({
      assignCaseResponsible: { id: caseId, caseResponsible: { username: 'saksbehandler' } },
    });
    const mail = await arrived(
      address('saksbehandler'),
      `Journalpost ${first.registryId} er fordelt til deg`,
    );
    expect(mail.text).toContain('Hei, Morten Skaar.');
    expect(mail.text).toMatch(/Forfallsdato: \d\d\.\d\d\.\d{4}/);
  });

  it('the leader sets a shorter due date: the handler is told', async () => {
    const data = await ok<{ distributeJournalPost: PostView }>(r, 'leder', DISTRIBUTE, {
      input: { id: first.id, responsibleId: userGid(r, 'saksbehandler'), urgent: true },
    });
    const due = data.distributeJournalPost.dueDate!;
    const mail = await arrived(
      address('saksbehandler'),
      `Ny forfallsdato for journalpost ${first.registryId}`,
    );
    expect(mail.text).toContain(`Forfallsdato: ${due.split('-').reverse().join('.')}`);
  });

  it('the next letter in the case goes straight to the handler', async () => {
    second = await registerIncoming(r, caseId, { title: 'Tilleggsopplysninger' });
    expect(second.responsible).toEqual({ username: 'saksbehandler' });
    await arrived(address('saksbehandler'), `Journalpost ${second.registryId} er fordelt til deg`);
  });

  it('the handler answers both by one letter, dispatches it and writes both off', async () => {
    const reply = (
      await ok<{ registerJournalPost: PostView }>(r, 'saksbehandler', REGISTER, {
        input: {
          caseId,
          type: 'OUTGOING',
          title: 'Svar på søknad om spesialundervisning',
          correspondents: [{ role: 'RECIPIENT', name: 'Foresatte' }],
        },
      })
    ).registerJournalPost;
    await ok(r, 'saksbehandler', M.finalize, { input: { id: reply.id } });
    await ok(r, 'saksbehandler', M.dispatch, { input: { id: reply.id } });
    for (const letter of [first, second]) {
      await ok(r, 'saksbehandler', M.writeOff, {
        input: { id: letter.id, method: 'REPLIED_BY_LETTER', replyId: reply.id },
      });
      expect(
        (await ok<{ journalPost: unknown }>(r, 'saksbehandler', BACKLOG, { id: letter.id }))
          .journalPost,
      ).toMatchObject({ writtenOff: true, writeOffMethod: 'REPLIED_BY_LETTER' });
    }
  });
});

describe('Send for approval → approve → dispatch', () => {
  const { ok: okAs, makeCase, post } = routineClient(() => server, 7900);

  it('a screened expert assessment goes to the leader and back, then out', async () => {
    const types = await okAs(
      'saksbehandler',
      `query { documentTypes(first: 100) { nodes { id name } } }`,
    );
    const expert = types.nodes.find((t: { name: string }) => t.name === 'Sakkyndig vurdering');
    const c = await makeCase({ code: '13', group: 'Elev', title: `Sakkyndig vurdering ${MARKER}` });
    const p = await post(c, 'OUTGOING', {
      title: `Sakkyndig vurdering av {${MARKER}Ola Nordmann}`,
      documentTypeId: expert.id,
    });
    await okAs('saksbehandler', M.finalize, { input: { id: p.id } });
    await okAs('saksbehandler', M.send, {
      input: { id: p.id, approverId: userGid(r, 'leder') },
    });

    const asked = await arrived(address('leder'), `Til godkjenning: ${p.registryId}`);
    expect(asked.text).toContain('Morten Skaar har sendt et dokument til godkjenning hos deg');
    const mine = await okAs('leder', `query { awaitingMyApproval(first: 100) { nodes { id } } }`);
    expect(mine.nodes.map((n: { id: string }) => n.id)).toContain(p.id);

    await okAs('leder', M.approve, { input: { id: p.id, comment: `Se ${MARKER} avsnitt 2` } });
    const approved = await arrived(address('saksbehandler'), `Godkjent: ${p.registryId}`);
    expect(approved.text).toContain('Hilde Eikeland har godkjent dokumentet');
    expect(approved.text).toContain('Det følger en kommentar, som du leser i Arkivgraf.');
    expect(approved.text).toContain('Dokumentet kan nå ekspederes.');

    expect(await okAs('saksbehandler', M.dispatch, { input: { id: p.id } })).toMatchObject({
      status: 'DISPATCHED',
    });
  });
});

describe('Insight request → notice → decision mail', () => {
  const SUBMIT = `mutation($input: SubmitInsightRequestInput!) {
    submitInsightRequest(input: $input) { reference dueDate } }`;
  const DECIDE = `mutation($id: ID!, $decisions: [InsightDecisionInput!]!) {
    decideInsightRequest(input: { id: $id, decisions: $decisions }) { status } }`;
  const requester = 'journalist@avisa.example';

  it('a journalist asks for a letter of the public journal and gets it by the link in the mail', async () => {
    const caseId = await newCase(r, 'arkivar', 'PPT', 'Tilskudd til leirskole', 'saksbehandler');
    const letter = await registerIncoming(r, caseId, { title: 'Søknad om tilskudd til leirskole' });
    const document = pdfa2b(`Søknad ${letter.registryId}`);
    const upload = await fetch(`${server.url}/documents/${letter.id}/ARCHIVE`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/pdf',
        authorization: `Bearer ${r.tokens.saksbehandler}`,
      },
      body: new Uint8Array(document),
    });
    expect(upload.status).toBeLessThan(300);
    // The archive publishes it at once rather than after the public journal's delay.
    await ok(
      r,
      'arkivar',
      `mutation($input: PublishNowInput!) { publishNow(input: $input) { id } }`,
      {
        input: { id: letter.id },
      },
    );

    const submitted = await server.gql<{
      submitInsightRequest: { reference: string; dueDate: string };
    }>(SUBMIT, {
      input: {
        entryIds: [toGlobalId('PublicJournalEntry', fromGlobalId(letter.id)!.id)],
        requesterEmail: requester,
        requesterName: 'Journalist',
      },
    });
    expect(submitted.body.errors).toBeUndefined();
    const { reference } = submitted.body.data!.submitInsightRequest;

    const receipt = await arrived(requester, /^Innsynskravet ditt er mottatt/);
    expect(receipt.text).toContain(`Referansen din: ${reference}`);
    expect(receipt.text).toContain(`- ${letter.registryId} Søknad om tilskudd til leirskole`);
    const notice = await arrived(address('innsyn'), /^Nytt innsynskrav: 1 dokument/);
    expect(notice.text).toContain(`- ${letter.registryId} Søknad om tilskudd til leirskole`);
    expect(notice.text).not.toContain(reference);
    expect(notice.text).not.toContain(requester);

    const [request] = await server.orm.em
      .fork()
      .getConnection()
      .execute<{ id: string }[]>('select id from insight_request where requester_email = ?', [
        requester,
      ]);
    await ok(r, 'innsyn', DECIDE, {
      id: toGlobalId('InsightRequest', request!.id),
      decisions: [{ journalPostId: letter.id, outcome: 'FULL' }],
    });

    const decision = await arrived(requester, /^Svar på innsynskravet ditt/);
    expect(decision.text).toContain(
      `${letter.registryId} Søknad om tilskudd til leirskole\n  Innsyn`,
    );
    expect(decision.text).toContain(
      `Etter det får du nye lenker på statussiden med referansen din: ${BASE}/journal/vennesla/innsyn/status`,
    );
    expect(decision.text).not.toContain(reference);
    const link = /Last ned: (\S+)/.exec(decision.text)![1]!;
    expect(link.startsWith(`${BASE}/insight-downloads/`)).toBe(true);
    const download = await fetch(`${server.url}${link.slice(BASE.length)}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(document)).toBe(true);
  });
});

describe('No mail of the routines holds a screened value', () => {
  it('the canary of the screened titles and comments is in no mail as it arrived', () => {
    expect(capture.received.length).toBeGreaterThanOrEqual(7);
    for (const mail of capture.received) {
      for (const text of [mail.raw, mail.subject, mail.text]) {
        expect(text).not.toContain(MARKER);
        expect(text).not.toContain('Ola Nordmann');
      }
    }
  });
});

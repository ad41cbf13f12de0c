import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../src/domain/journalPosts';
import { todayInOslo } from '../../src/domain/workingDays';
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
  userGid,
} from './support';

/**
 * docs/daily-routines.md, "Archive corrections (korrigering)": the archive corrects a registered
 * post's correspondents, handler, due date and received date (mottatt dato), each audited with
 * its old and new value; the received date of incoming letters from registration on.
 */
let server: TestServer;
let r: Routine;
const today = todayInOslo();

const CORRECT = `mutation($input: CorrectJournalPostInput!) {
  correctJournalPost(input: $input) { ${POST_FIELDS} correspondents { role name } } }`;

const REGISTER = `mutation($input: RegisterJournalPostInput!) {
  registerJournalPost(input: $input) { ${POST_FIELDS} } }`;

let caseId: string;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  r = await routineOn(server, ['arkivar', 'leder', 'saksbehandler', 'nav.saksbehandler']);
  caseId = await newCase(r, 'leder', 'PPT', 'Korrigeringer', 'saksbehandler');
});
afterAll(() => server?.close());

describe('The archive corrects correspondents, handler, due date and received date', () => {
  it('changes each, audits each with its old and new value, and tells the new handler', async () => {
    const post = await registerIncoming(r, caseId, {
      correspondents: [{ role: 'SENDER', name: 'Feil Avsender' }],
    });
    const received = addCalendarDays(today, -3);
    const due = addCalendarDays(today, 30);
    const data = await ok<{ correctJournalPost: PostView & { correspondents: unknown[] } }>(
      r,
      'arkivar',
      CORRECT,
      {
        input: {
          id: post.id,
          expectedVersion: post.version,
          reason: 'Registrert etter påskestengning',
          correspondents: [{ role: 'SENDER', name: 'Rett Avsender' }],
          responsibleId: userGid(r, 'leder'),
          dueDate: due,
          receivedDate: received,
        },
      },
    );
    const corrected = data.correctJournalPost;
    expect(corrected).toMatchObject({
      receivedDate: received,
      dueDate: due,
      responsible: { username: 'leder' },
      correspondents: [{ role: 'SENDER', name: 'Rett Avsender' }],
    });
    const event = (await auditOf(r, post.id)).find((e) => e.action === 'journalPost.correct')!;
    expect(event.changes.receivedDate).toEqual({ old: today, new: received });
    expect(event.changes.dueDate).toEqual({ old: post.dueDate, new: due });
    expect(event.changes.responsibleId).toEqual({
      old: r.users.saksbehandler,
      new: r.users.leder,
    });
    expect(event.changes.correspondents!.old).toMatchObject([{ name: 'Feil Avsender' }]);
    expect(event.changes.correspondents!.new).toMatchObject([{ name: 'Rett Avsender' }]);
    const mails = (await queuedMails(server.orm, 'journalPost.distributed')).filter((m) =>
      m.subject.includes(post.registryId),
    );
    expect(mails.map((m) => m.recipient)).toEqual([
      'saksbehandler@vennesla.kommune.example',
      'leder@vennesla.kommune.example',
    ]);
  });

  it('a handler who may not be named is BAD_USER_INPUT on responsibleId, and nothing changes', async () => {
    const post = await registerIncoming(r, caseId);
    const refused = await refusal(r, 'arkivar', CORRECT, {
      input: {
        id: post.id,
        reason: 'Feil saksbehandler',
        responsibleId: userGid(r, 'nav.saksbehandler'),
        dueDate: addCalendarDays(today, 5),
      },
    });
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.fields).toEqual([{ path: ['input', 'responsibleId'], code: 'NOT_ALLOWED' }]);
    const after = await ok(r, 'arkivar', `query($id: ID!) { journalPost(id: $id) { dueDate } }`, {
      id: post.id,
    });
    expect(after.journalPost.dueDate).toBe(post.dueDate);
  });

  it('only the archive corrects: a leader is FORBIDDEN', async () => {
    const post = await registerIncoming(r, caseId);
    const refused = await refusal(r, 'leder', CORRECT, {
      input: { id: post.id, reason: 'Frist', dueDate: addCalendarDays(today, 5) },
    });
    expect(refused.code).toBe('FORBIDDEN');
  });
});

describe('An incoming letter has a received date (mottatt dato)', () => {
  it('is the journal date unless given', async () => {
    const post = await registerIncoming(r, caseId);
    expect(post.receivedDate).toBe(post.journalDate);
    const late = await registerIncoming(r, caseId, {
      documentDate: addCalendarDays(today, -10),
      receivedDate: addCalendarDays(today, -4),
    });
    expect(late.receivedDate).toBe(addCalendarDays(today, -4));
  });

  it('is not after today, nor before the document date', async () => {
    for (const [extra, min] of [
      [{ receivedDate: addCalendarDays(today, 1) }, 'future'],
      [
        { documentDate: addCalendarDays(today, -2), receivedDate: addCalendarDays(today, -5) },
        'early',
      ],
    ] as const) {
      const refused = await refusal(r, 'arkivar', REGISTER, {
        input: { caseId, type: 'INCOMING', title: `Mottatt ${min}`, ...extra },
      });
      expect(refused.code).toBe('BAD_USER_INPUT');
      expect(refused.fields).toEqual([{ path: ['input', 'receivedDate'], code: 'OUT_OF_RANGE' }]);
    }
  });

  it('other types have none: giving one is NOT_ALLOWED, at registration and in a correction', async () => {
    const refused = await refusal(r, 'saksbehandler', REGISTER, {
      input: { caseId, type: 'OUTGOING', title: 'Svar', receivedDate: today },
    });
    expect(refused.fields).toEqual([{ path: ['input', 'receivedDate'], code: 'NOT_ALLOWED' }]);
    const reply = await ok(r, 'saksbehandler', REGISTER, {
      input: { caseId, type: 'OUTGOING', title: 'Svar' },
    });
    expect(reply.registerJournalPost.receivedDate).toBeNull();
    const correction = await refusal(r, 'arkivar', CORRECT, {
      input: { id: reply.registerJournalPost.id, reason: 'Dato', receivedDate: today },
    });
    expect(correction.fields).toEqual([{ path: ['input', 'receivedDate'], code: 'NOT_ALLOWED' }]);
  });

  it('a correction of the received date is not after today either', async () => {
    const post = await registerIncoming(r, caseId);
    const refused = await refusal(r, 'arkivar', CORRECT, {
      input: { id: post.id, reason: 'Dato', receivedDate: addCalendarDays(today, 2) },
    });
    expect(refused.fields).toEqual([{ path: ['input', 'receivedDate'], code: 'OUT_OF_RANGE' }]);
  });

  it('is mottattDato of the journalpost in the Noark 5 service interface', async () => {
    const post = await registerIncoming(r, caseId, { receivedDate: addCalendarDays(today, -1) });
    const rawId = Buffer.from(post.id, 'base64url').toString('utf8').split(':')[1];
    const res = await fetch(`${server.url}/noark5v5/api/sakarkiv/journalpost/${rawId}/`, {
      headers: { authorization: `Bearer ${r.tokens.arkivar}` },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).mottattDato).toBe(addCalendarDays(today, -1));
  });
});

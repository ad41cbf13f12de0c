import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailOnlyLoggedWarning } from '../../src/mail/transport';
import { loadConfig } from '../../src/config';
import { queueMail } from '../../src/domain/notices/outbox';
import { queuedMails, type SmtpCapture, startSmtpCapture } from '../support/mail';
import {
  createTestOrganisation,
  FIRST_ORGANISATION_ID,
  inOrganisation,
} from '../support/organisations';
import { startTestServer, type TestServer } from '../support/server';

/**
 * docs/notices.md, "The outbox": mails are written with the change they tell of and sent by the
 * server's sender from the table, through a real SMTP server started here.
 */

const FROM = 'Arkivet i Vennesla <arkiv@vennesla.kommune.example>';

interface Mail {
  recipient: string;
  subject: string;
  body: string;
  kind?: string;
}

const mail = (n: number, over: Partial<Mail> = {}): Mail => ({
  recipient: `mottaker${n}@vennesla.kommune.example`,
  subject: `Ny journalpost til fordeling: 2026/${n}-1`,
  body: `Journalpost 2026/${n}-1 «Søknad om skoleskyss» er fordelt til deg.\n`,
  ...over,
});

/** Queues the mails in one committed transaction of the organisation (the owner's pool). */
async function queue(server: TestServer, mails: Mail[], organisationId = FIRST_ORGANISATION_ID) {
  return inOrganisation(server.orm.em, organisationId, async (em) => {
    const ids = mails.map((m) => queueMail(em, { kind: 'test.notice', ...m }).id);
    await em.flush();
    return ids;
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds (the sender runs on its own clock). */
async function eventually(check: () => Promise<boolean>, what: string, ms = 15_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function row(server: TestServer, id: string) {
  return (await queuedMails(server.orm)).find((m) => m.id === id)!;
}

/** Seconds from now until the mail's next attempt, by the database's clock. */
async function secondsToNextAttempt(server: TestServer, id: string): Promise<number> {
  const [r] = await server.orm.em
    .fork()
    .execute<{ s: number }[]>(
      `select extract(epoch from next_attempt_at - now())::float8 as s from mail_message where id = ?`,
      [id],
    );
  return r!.s;
}

/** Makes a mail due now, as the back-off would after its wait. */
const dueNow = (server: TestServer, id: string) =>
  server.orm.em
    .fork()
    .execute(`update mail_message set next_attempt_at = now() where id = ?`, [id], 'run');

let capture: SmtpCapture;
const servers: TestServer[] = [];

async function sender(opts: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer({
    data: 'empty',
    mail: true,
    ...opts,
    env: { SMTP_URL: capture.url, MAIL_FROM: FROM, ...opts.env },
  });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  capture = await startSmtpCapture();
});

afterEach(async () => {
  // Servers first: their senders finish the mail in hand before the SMTP server goes.
  await Promise.all(servers.splice(0).map((s) => s.close()));
  capture.received.splice(0);
  capture.failNext(0);
});

afterAll(async () => {
  await capture.close();
});

describe('A mail queued with a committed change is sent, and its body emptied', () => {
  it('arrives with the sender, recipient, subject and text queued', async () => {
    const server = await sender();
    const [id] = await queue(server, [mail(7)]);
    const [received] = await capture.waitFor(1);
    expect(received).toMatchObject({
      from: 'arkiv@vennesla.kommune.example',
      to: ['mottaker7@vennesla.kommune.example'],
      subject: 'Ny journalpost til fordeling: 2026/7-1',
      text: 'Journalpost 2026/7-1 «Søknad om skoleskyss» er fordelt til deg.\n',
    });
    expect(received!.raw).toMatch(/^From: Arkivet i Vennesla <arkiv@vennesla\.kommune\.example>/m);
    expect(received!.raw).toContain(`Message-ID: <${id}@vennesla.kommune.example>`);
    await eventually(async () => !!(await row(server, id!)).sentAt, 'the mail marked sent');
    expect(await row(server, id!)).toMatchObject({
      body: '',
      attempts: 1,
      failedAt: null,
      lastError: null,
      subject: 'Ny journalpost til fordeling: 2026/7-1',
    });
  });

  it('a mail of another organisation is sent as well', async () => {
    const server = await sender();
    const iveland = await createTestOrganisation(server.orm, { shortName: 'iveland-mail' });
    await queue(server, [mail(1, { recipient: 'arkiv@iveland.kommune.example' })], iveland);
    await queue(server, [mail(2)]);
    const received = await capture.waitFor(2);
    expect(received.flatMap((m) => m.to).sort()).toEqual([
      'arkiv@iveland.kommune.example',
      'mottaker2@vennesla.kommune.example',
    ]);
  });
});

describe('A rolled-back change sends nothing', () => {
  it('the mail of a transaction that rolled back never arrives; a later one does', async () => {
    const server = await sender();
    await expect(
      inOrganisation(server.orm.em, FIRST_ORGANISATION_ID, async (em) => {
        queueMail(em, { kind: 'test.notice', ...mail(1) });
        await em.flush();
        throw new Error('the change is refused');
      }),
    ).rejects.toThrow('the change is refused');
    await queue(server, [mail(2)]);
    await capture.waitFor(1);
    await sleep(500);
    expect(capture.received.map((m) => m.subject)).toEqual([
      'Ny journalpost til fordeling: 2026/2-1',
    ]);
    expect((await queuedMails(server.orm)).map((m) => m.subject)).toEqual([
      'Ny journalpost til fordeling: 2026/2-1',
    ]);
  });
});

describe('No mail is lost when the server stops between the commit and the sending', () => {
  it('a mail committed while no sender runs is sent by the next server to start', async () => {
    const first = await startTestServer({ data: 'empty' });
    servers.push(first);
    const [id] = await queue(first, [mail(3)]);
    await sleep(300);
    expect(capture.received).toEqual([]);
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    const second = await sender({ databaseUrl: first.databaseUrl });
    const [received] = await capture.waitFor(1);
    expect(received!.subject).toBe('Ny journalpost til fordeling: 2026/3-1');
    await eventually(async () => !!(await row(second, id!)).sentAt, 'the mail marked sent');
  });

  it('a mail whose sender dies while handing it over stays unsent and goes with the next', async () => {
    const first = await startTestServer({ data: 'empty' });
    servers.push(first);
    const ids = await queue(first, [mail(4), mail(5)]);
    // A sender holds the row, as while it talks to the SMTP server, then dies: its transaction
    // rolls back without marking the mail.
    const holder = first.orm.em.fork();
    await holder.begin();
    await holder.execute(`select id from mail_message where id = ? for update`, [ids[0]]);
    await sender({ databaseUrl: first.databaseUrl });
    await capture.waitFor(1);
    await sleep(500);
    expect(capture.received.map((m) => m.subject)).toEqual([
      'Ny journalpost til fordeling: 2026/5-1',
    ]);
    await holder.rollback();
    await capture.waitFor(2);
    expect(capture.received.map((m) => m.subject)).toEqual([
      'Ny journalpost til fordeling: 2026/5-1',
      'Ny journalpost til fordeling: 2026/4-1',
    ]);
  });
});

describe('A mail the SMTP server refuses is tried again with a growing wait', () => {
  it('two refusals: 30 s, then 60 s, each with the SMTP reply kept; the third try arrives', async () => {
    const server = await sender();
    capture.failNext(2);
    const [id] = await queue(server, [mail(6)]);

    await eventually(async () => (await row(server, id!)).attempts === 1, 'the first refusal');
    expect(await row(server, id!)).toMatchObject({
      sentAt: null,
      failedAt: null,
      lastError: '451 Try again later',
    });
    expect(await secondsToNextAttempt(server, id!)).toBeGreaterThan(20);
    expect(await secondsToNextAttempt(server, id!)).toBeLessThanOrEqual(30);
    await sleep(300);
    expect((await row(server, id!)).attempts).toBe(1);

    await dueNow(server, id!);
    await eventually(async () => (await row(server, id!)).attempts === 2, 'the second refusal');
    expect(await secondsToNextAttempt(server, id!)).toBeGreaterThan(50);
    expect(await secondsToNextAttempt(server, id!)).toBeLessThanOrEqual(60);

    await dueNow(server, id!);
    await capture.waitFor(1);
    await eventually(async () => !!(await row(server, id!)).sentAt, 'the mail marked sent');
    expect(await row(server, id!)).toMatchObject({ attempts: 3, body: '', failedAt: null });
    expect(capture.received).toHaveLength(1);
  });

  it('gives up after MAIL_MAX_ATTEMPTS: the mail is kept as failed and a warning is logged', async () => {
    const server = await sender({ env: { MAIL_MAX_ATTEMPTS: '2' }, captureLogs: true });
    capture.failNext(10);
    const [id] = await queue(server, [mail(8, { kind: 'journalPost.distributed' })]);
    await eventually(async () => (await row(server, id!)).attempts === 1, 'the first refusal');
    await dueNow(server, id!);
    await eventually(async () => !!(await row(server, id!)).failedAt, 'the mail given up');
    expect(await row(server, id!)).toMatchObject({
      attempts: 2,
      sentAt: null,
      lastError: '451 Try again later',
    });
    const warnings = server.logs.filter((l) => l.level === 40 && l.mailId === id);
    expect(warnings).toEqual([
      expect.objectContaining({
        kind: 'journalPost.distributed',
        attempts: 2,
        error: '451 Try again later',
        msg: 'mail given up after MAIL_MAX_ATTEMPTS attempts',
      }),
    ]);
    // The log names the mail, never its text.
    expect(JSON.stringify(server.logs)).not.toContain('skoleskyss');

    capture.failNext(0);
    await dueNow(server, id!);
    await sleep(500);
    expect(capture.received).toEqual([]);
  });
});

describe('Several senders on one database send each mail once', () => {
  it('two servers with their senders deliver 30 mails exactly once', async () => {
    const first = await sender();
    const second = await sender({ databaseUrl: first.databaseUrl });
    await queue(
      second,
      Array.from({ length: 30 }, (_, i) => mail(i + 1)),
    );
    await capture.waitFor(30);
    await sleep(800);
    const subjects = capture.received.map((m) => m.subject);
    expect(subjects).toHaveLength(30);
    expect(new Set(subjects).size).toBe(30);
    await eventually(
      async () => (await queuedMails(first.orm)).every((m) => m.sentAt && m.attempts === 1),
      'every mail marked sent once',
    );
  });
});

describe('Without SMTP_URL mail is written to the log, and the start says so', () => {
  it('one warning at start; each mail in the log with its kind, recipient and subject, never its body', async () => {
    const server = await startTestServer({ data: 'empty', mail: true, captureLogs: true });
    servers.push(server);
    const [id] = await queue(server, [mail(9, { kind: 'insightRequest.received' })]);
    await eventually(async () => !!(await row(server, id!)).sentAt, 'the mail written');
    expect(server.logs.filter((l) => l.level === 40)).toEqual([
      expect.objectContaining({
        msg: 'SMTP_URL is not set: mails are written to the log instead of sent',
      }),
    ]);
    expect(server.logs.filter((l) => l.mailId === id && l.bodyLength)).toEqual([
      expect.objectContaining({
        level: 30,
        kind: 'insightRequest.received',
        recipient: 'mottaker9@vennesla.kommune.example',
        subject: 'Ny journalpost til fordeling: 2026/9-1',
        bodyLength: 'Journalpost 2026/9-1 «Søknad om skoleskyss» er fordelt til deg.\n'.length,
      }),
    ]);
    expect(JSON.stringify(server.logs)).not.toContain('skoleskyss');
    expect((await row(server, id!)).body).toBe('');
    expect(capture.received).toEqual([]);
  });

  it('in production the warning says plainly that no mail is sent', () => {
    // Production refuses to start without the keys all instances share (config.ts).
    const production = {
      NODE_ENV: 'production',
      AUTH_SECRET: 'a-shared-token-key-of-at-least-32-characters',
      INSIGHT_LINK_SECRET: 'a-shared-link-key-of-at-least-32-characters',
    };
    const config = loadConfig(production);
    expect(mailOnlyLoggedWarning(config.mail, config.env)).toMatch(
      /^SMTP_URL is not set: NO MAIL IS SENT/,
    );
    const withSmtp = loadConfig({ ...production, SMTP_URL: 'smtp://mail.example:25' });
    expect(mailOnlyLoggedWarning(withSmtp.mail, withSmtp.env)).toBeNull();
  });

  it('tests start no sender unless they ask; elsewhere it runs by default', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).mail.senderEnabled).toBe(false);
    expect(loadConfig({}).mail.senderEnabled).toBe(true);
    expect(loadConfig({ MAIL_SENDER_ENABLED: 'false' }).mail.senderEnabled).toBe(false);
  });
});

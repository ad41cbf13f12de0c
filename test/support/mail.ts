import { type AddressInfo } from 'node:net';
import { type MikroORM } from '@mikro-orm/postgresql';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One mail as the outbox holds it (owner's pool: every organisation's rows). */
export interface QueuedMail {
  organisationId: string;
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  dedupeKey: string | null;
  attempts: number;
  sentAt: Date | null;
  failedAt: Date | null;
  lastError: string | null;
}

/** The outbox's rows, oldest first; `kind` narrows them. */
export async function queuedMails(orm: MikroORM, kind?: string): Promise<QueuedMail[]> {
  return orm.em.fork().execute<QueuedMail[]>(
    `select organisation_id as "organisationId", id, kind, recipient, subject, body,
            dedupe_key as "dedupeKey", attempts, sent_at as "sentAt", failed_at as "failedAt",
            last_error as "lastError"
       from mail_message ${kind ? 'where kind = ?' : ''}
      order by created_at, id`,
    kind ? [kind] : [],
  );
}

/** A mail as it arrived at the SMTP server, decoded. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The raw message as it came over the wire, for leak probes */
  raw: string;
}

export interface SmtpCapture {
  /** smtp://127.0.0.1:<port>: give it to the server as SMTP_URL */
  url: string;
  received: ReceivedMail[];
  /** Refuse the next `n` messages with a temporary failure (451) */
  failNext(n: number): void;
  /** Resolves when `n` mails in all have arrived (or rejects after `timeoutMs`) */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a random port (the `smtp-server` package), keeping every message it
 * accepts. No authentication, no TLS: it listens on 127.0.0.1 only.
 */
export async function startSmtpCapture(): Promise<SmtpCapture> {
  const received: ReceivedMail[] = [];
  let failures = 0;
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures > 0) {
          failures -= 1;
          const err = Object.assign(new Error('Try again later'), { responseCode: 451 });
          callback(err);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        void simpleParser(raw).then((parsed) => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            raw,
          });
          waiters.splice(0).forEach((w) => w());
          callback();
        }, callback);
      });
    },
  });
  // A sender killed in mid-session (the kill -9 drill) resets its connection: not the catcher's
  // error. Anything else still fails the test.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET') throw err;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    failNext(n) {
      failures = n;
    },
    async waitFor(n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) {
          throw new Error(`Expected ${n} mails, ${received.length} arrived`);
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

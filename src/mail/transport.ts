import { createTransport } from 'nodemailer';
import { type Logger } from 'pino';
import { type MailSettings } from '../config';

/**
 * How a mail leaves the system (docs/notices.md, "Configuration"): over SMTP when SMTP_URL is set,
 * else into the log. The outbox (services/mailOutbox.ts) decides what is sent and when; a
 * transport only hands one message over and says whether it was accepted.
 */

/** One plain-text mail to one recipient. */
export interface MailToSend {
  /** The outbox row's id: the Message-ID, so a mail sent twice after a crash is recognisable */
  id: string;
  /** What the notice is about, e.g. "journalPost.distributed" */
  kind: string;
  from: string;
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  /** Resolves once the mail is accepted; rejects with a `MailSendError` otherwise */
  send(mail: MailToSend): Promise<void>;
  /** Closes what the transport holds open */
  close(): void;
}

/**
 * A refused or failed hand-over: the SMTP reply code and text, or the network error's code. Never
 * holds the mail's body, so it may be stored (`last_error`) and logged.
 */
export class MailSendError extends Error {}

/** Longest failure text kept: an SMTP reply is one line, a network error a short message. */
const MAX_ERROR = 500;

/** An SMTP server that does not answer is given up on in seconds, not nodemailer's minutes. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** nodemailer over SMTP_URL (smtp:// or smtps://, with user and password in the URL if needed). */
export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = createTransport({ url: smtpUrl, ...TIMEOUTS });
  return {
    async send(mail) {
      try {
        await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: `<${mail.id}@${domainOf(mail.from)}>`,
        });
      } catch (err) {
        throw new MailSendError(describeFailure(err));
      }
    },
    close() {
      transporter.close();
    },
  };
}

/**
 * Without SMTP_URL: each mail is noted in the log at info level instead of sent. Never its body: a
 * notice may name a record the log's readers may not read, and a receipt holds the requester's
 * reference (docs/notices.md, "Configuration").
 */
export function logTransport(log: Logger): MailTransport {
  return {
    async send(mail) {
      log.info(
        {
          mailId: mail.id,
          kind: mail.kind,
          recipient: mail.to,
          subject: mail.subject,
          bodyLength: mail.text.length,
        },
        'mail written to the log (SMTP_URL is not set)',
      );
    },
    close() {},
  };
}

/** The transport SMTP_URL asks for. */
export function mailTransport(settings: MailSettings, log: Logger): MailTransport {
  return settings.smtpUrl ? smtpTransport(settings.smtpUrl) : logTransport(log);
}

/**
 * The one warning a server start gives when mail goes only to the log (none when SMTP_URL is set
 * or this process sends no mail).
 */
export function mailOnlyLoggedWarning(settings: MailSettings, env: string): string | null {
  if (settings.smtpUrl || !settings.senderEnabled) return null;
  return env === 'production'
    ? 'SMTP_URL is not set: NO MAIL IS SENT. Notices are written to the log only; set SMTP_URL to send them'
    : 'SMTP_URL is not set: mails are written to the log instead of sent';
}

function domainOf(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split('@')[1]?.trim() || 'arkivgraf.invalid';
}

/** The SMTP reply (code and text) or the network error (code and message); never the message. */
function describeFailure(err: unknown): string {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  const reply = e.response ?? '';
  const text =
    e.responseCode === undefined
      ? `${e.code ?? 'ERROR'} ${e.message ?? String(err)}`
      : reply.startsWith(String(e.responseCode))
        ? reply
        : `${e.responseCode} ${reply}`;
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR);
}

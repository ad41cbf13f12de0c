import { DriverException } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';
import { type Logger } from 'pino';
import { type MailSettings, type PublicJournalSettings } from '../config';
import { inOrganisation } from '../db/organisationScope';
import { query, sql } from '../db/sqlTemplate';
import { type MailTransport, MailSendError } from '../mail/transport';
import { listOrganisations } from '../queries/organisations';
import { queueScheduledNotices } from './scheduledNotices';

/**
 * The sender of the mail outbox (docs/notices.md, "The outbox"). Every MAIL_POLL_MS it goes through
 * the organisations and, in a transaction set to each, takes the due mails one at a time with
 * `for update skip locked`: the row stays locked while the mail is handed over, so however many
 * processes or servers send from one database, none takes a mail another is sending. Accepted:
 * marked sent and its body emptied, in the same transaction. Refused: tried again after a back-off
 * that doubles from 30 s up to an hour, and given up after MAIL_MAX_ATTEMPTS tries (kept, with
 * `failed_at`, the last SMTP reply and the body, so an operator may send it again, and a warning
 * in the log).
 *
 * At least once: a process that stops after the SMTP server accepted a mail and before its
 * transaction committed leaves the row unsent, and the mail goes again (with the same Message-ID).
 * A mail whose change rolled back was never in the table.
 *
 * Once a minute per organisation it also queues the notices due by the calendar
 * (services/scheduledNotices.ts) for today in Norway.
 */

/** Mails sent from one organisation before the next organisation's turn */
const PER_TURN = 50;
/** How often the calendar's notices are looked for, per organisation */
const SCHEDULE_MS = 60_000;
/** The first retry's wait; each failure doubles it, up to `MAX_RETRY_SECONDS` */
const RETRY_SECONDS = 30;
const MAX_RETRY_SECONDS = 3600;

export interface MailOutboxSettings {
  mail: MailSettings;
  transport: MailTransport;
  /** The calendar date in Norway */
  today: () => string;
  log: Logger;
  /** Which posts the public journal shows: for the digests of its e-mail alerts */
  publicJournal?: PublicJournalSettings;
}

interface DueMail {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  body: string;
}

/** The sender of one server process: started once, stopped before the pool closes. */
export class MailOutbox {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly scheduledAt = new Map<string, number>();

  constructor(
    private readonly pool: EntityManager,
    private readonly settings: MailOutboxSettings,
  ) {}

  start(): void {
    this.next(0);
  }

  /** Finishes the mail being handed over (no further one is taken) and closes the transport. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
    this.settings.transport.close();
  }

  private next(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.sendDue().then(
        (more) => this.next(more ? 0 : this.settings.mail.pollMs),
        (err: unknown) => {
          this.settings.log.error({ error: loggable(err) }, 'the mail outbox could not be read');
          this.next(this.settings.mail.pollMs);
        },
      );
    }, ms);
    // The sender never keeps a process alive by itself: the HTTP server does.
    this.timer.unref();
  }

  /** One round over the organisations; true when one of them has more mail due. */
  private async sendDue(): Promise<boolean> {
    let more = false;
    for (const { id } of await listOrganisations(this.pool.fork())) {
      if (this.stopped) return false;
      await this.queueScheduled(id);
      try {
        let sent = 0;
        while (sent < PER_TURN && !this.stopped && (await this.sendOne(id))) sent += 1;
        more ||= sent === PER_TURN;
      } catch (err) {
        this.settings.log.error(
          { organisationId: id, error: loggable(err) },
          'the mail outbox of an organisation could not be sent',
        );
      }
    }
    return more && !this.stopped;
  }

  /** Sends the organisation's next due mail, if any, in a transaction of its own. */
  private sendOne(organisationId: string): Promise<boolean> {
    const { transport, mail: settings, log } = this.settings;
    return inOrganisation(this.pool, organisationId, async (em) => {
      const [due] = await query<DueMail>(
        em,
        sql`select id, kind, recipient, subject, body from mail_message
             where sent_at is null and failed_at is null and next_attempt_at <= now()
             order by next_attempt_at, id
             limit 1
             for update skip locked`,
      );
      if (!due) return false;
      try {
        await transport.send({
          id: due.id,
          kind: due.kind,
          from: settings.from,
          to: due.recipient,
          subject: due.subject,
          text: due.body,
        });
      } catch (err) {
        const error =
          err instanceof MailSendError ? err.message : `ERROR ${loggable(err).type as string}`;
        const [failed] = await query<{ attempts: number; gaveUp: boolean }>(
          em,
          sql`update mail_message
                 set attempts = attempts + 1, last_error = ${error},
                     next_attempt_at = now() + make_interval(secs =>
                       least(${RETRY_SECONDS} * power(2, least(attempts, 30)), ${MAX_RETRY_SECONDS})),
                     failed_at = case when attempts + 1 >= ${settings.maxAttempts} then now() end
               where id = ${due.id}
           returning attempts, failed_at is not null as "gaveUp"`,
        );
        const about = { mailId: due.id, kind: due.kind, attempts: failed!.attempts, error };
        if (failed!.gaveUp) log.warn(about, 'mail given up after MAIL_MAX_ATTEMPTS attempts');
        else log.info(about, 'mail not accepted; it is tried again later');
        return true;
      }
      await query(
        em,
        sql`update mail_message set sent_at = now(), body = '', attempts = attempts + 1
             where id = ${due.id}`,
      );
      log.info({ mailId: due.id, kind: due.kind }, 'mail sent');
      return true;
    });
  }

  /** The calendar's notices of the organisation, once a minute. */
  private async queueScheduled(organisationId: string): Promise<void> {
    const now = Date.now();
    if (now - (this.scheduledAt.get(organisationId) ?? -Infinity) < SCHEDULE_MS) return;
    this.scheduledAt.set(organisationId, now);
    try {
      const queued = await inOrganisation(this.pool, organisationId, async (em) => {
        const { publicJournal, mail } = this.settings;
        const alerts = publicJournal && { publicJournal, publicBaseUrl: mail.publicBaseUrl };
        const count = await queueScheduledNotices(em, this.settings.today(), alerts);
        await em.flush();
        return count;
      });
      if (queued > 0)
        this.settings.log.info({ organisationId, queued }, 'scheduled notices queued');
    } catch (err) {
      this.settings.log.error(
        { organisationId, error: loggable(err) },
        'scheduled notices could not be queued',
      );
    }
  }
}

/** An error as it may be logged: a database error by its code alone (its text may hold values). */
function loggable(err: unknown): Record<string, unknown> {
  if (err instanceof DriverException) return { type: err.name, sqlState: err.sqlState };
  const e = err instanceof Error ? err : new Error(String(err));
  return { type: e.name, message: e.message };
}

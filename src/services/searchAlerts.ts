import { type EntityManager } from '@mikro-orm/postgresql';
import { type PublicJournalSettings } from '../config';
import { query, sql } from '../db/sqlTemplate';
import { publishedPosts } from '../domain/publicJournal';
import {
  alertConfirmMail,
  alertDigestMail,
  type MailText,
} from '../domain/notices/publicJournalAlerts';
import { queueMail, queueMailOnce } from '../domain/notices/outbox';
import {
  alertAddress,
  alertTokenHash,
  type AlertTokenPurpose,
  CONFIRM_RESEND_HOURS,
  DIGEST_MAX_ENTRIES,
  DIGESTS_PER_RUN,
  isAlertToken,
  MAX_ALERTS_PER_ADDRESS,
  newAlertToken,
  UNCONFIRMED_DAYS,
} from '../domain/searchAlerts';
import { currentOrganisation } from '../queries/insightNotices';
import { publicEntriesPublishedSince, type PublicJournalFilter } from '../queries/publicJournal';
import { type ServiceContext } from './context';
import { inTransaction } from './funnel';

/**
 * E-mail alerts per saved search of the public journal (docs/public-journal.md, "E-mail alerts").
 * The public subscribes, confirms and unsubscribes with no sign-in: these are not audited as a
 * user's acts, each is idempotent, and each answers the same whether or not an address already
 * has an alert. The digests are queued by the sender's clock (services/scheduledNotices.ts).
 * Mails through the outbox (domain/notices/outbox.ts), texts in domain/notices/publicJournalAlerts.ts.
 */

/** What the alerts' links are built from. */
export interface AlertLinks {
  /** PUBLIC_BASE_URL: every link in a mail starts with it */
  publicBaseUrl: string;
  organisation: { name: string; shortName: string };
}

/** What the sender's clock needs for the digests. */
export interface SearchAlertSettings {
  publicJournal: PublicJournalSettings;
  publicBaseUrl: string;
}

/** A search as the journal page hands it over: its query string and the filter it stands for. */
export interface SavedSearch {
  /** The normalized query string without `?` ('' for the whole journal) */
  search: string;
  filter: PublicJournalFilter;
}

const journalUrl = (links: AlertLinks) =>
  `${links.publicBaseUrl}/journal/${encodeURIComponent(links.organisation.shortName)}`;

const searchUrl = (links: AlertLinks, search: string) =>
  `${journalUrl(links)}${search ? `?${search}` : ''}`;

/** A fresh token of `purpose` for the alert, of which only the hash is kept; the link is returned. */
async function tokenLink(
  em: EntityManager,
  links: AlertLinks,
  alertId: string,
  purpose: AlertTokenPurpose,
): Promise<string> {
  const token = newAlertToken();
  await query(
    em,
    sql`insert into search_alert_token (token_hash, alert_id, purpose)
        values (${alertTokenHash(token)}, ${alertId}, ${purpose})`,
  );
  const path = purpose === 'confirm' ? 'bekreft' : 'avmeld';
  return `${journalUrl(links)}/varsel/${path}?token=${token}`;
}

async function queueConfirm(
  em: EntityManager,
  links: AlertLinks,
  alert: { id: string; email: string; search: string },
  requestId: string,
): Promise<void> {
  const text: MailText = alertConfirmMail({
    organisationName: links.organisation.name,
    search: alert.search,
    searchUrl: searchUrl(links, alert.search),
    confirmUrl: await tokenLink(em, links, alert.id, 'confirm'),
    unsubscribeUrl: await tokenLink(em, links, alert.id, 'unsubscribe'),
    expiresInDays: UNCONFIRMED_DAYS,
  });
  queueMail(em, {
    kind: 'publicJournal.alertConfirm',
    recipient: alert.email,
    requestId,
    ...text,
  });
}

/**
 * Subscribes `email` to `saved` in the organisation of `ctx` (varsel om nye oppføringer):
 *
 * - a new alert is unconfirmed and gets a confirm mail;
 * - one already waiting for confirmation gets the confirm mail again, at most once an hour;
 * - one already confirmed, or an address with MAX_ALERTS_PER_ADDRESS alerts, gets nothing.
 *
 * The caller shows the same page in every case. An address that is not one is BAD_USER_INPUT
 * (`email`).
 */
export async function subscribeSearchAlert(
  ctx: ServiceContext,
  links: AlertLinks,
  emailGiven: string,
  saved: SavedSearch,
): Promise<void> {
  const email = alertAddress(emailGiven);
  await inTransaction(ctx, async (em) => {
    await deleteExpired(em, sql`and email = ${email}`);
    const [created] = await query<{ id: string }>(
      em,
      sql`insert into search_alert (id, email, search, filter)
          select gen_random_uuid(), ${email}, ${saved.search}, ${JSON.stringify(saved.filter)}::jsonb
           where (select count(*) from search_alert where email = ${email}) < ${MAX_ALERTS_PER_ADDRESS}
          on conflict (organisation_id, email, search) do nothing
          returning id`,
    );
    if (created) {
      await queueConfirm(em, links, { id: created.id, email, search: saved.search }, ctx.requestId);
      return;
    }
    const [again] = await query<{ id: string }>(
      em,
      sql`update search_alert set confirm_sent_at = now()
           where email = ${email} and search = ${saved.search} and confirmed_at is null
             and confirm_sent_at <= now() - make_interval(hours => ${CONFIRM_RESEND_HOURS})
          returning id`,
    );
    if (again) {
      await queueConfirm(em, links, { id: again.id, email, search: saved.search }, ctx.requestId);
    }
  });
}

/** The alert a link's token belongs to, if the token is well formed and known. */
async function alertOfToken(
  em: EntityManager,
  token: string,
  purpose: AlertTokenPurpose,
): Promise<{ id: string; confirmed: boolean } | null> {
  if (!isAlertToken(token)) return null;
  const [row] = await query<{ id: string; confirmed: boolean }>(
    em,
    sql`select a.id, a.confirmed_at is not null as confirmed
          from search_alert_token t join search_alert a on a.id = t.alert_id
         where t.token_hash = ${alertTokenHash(token)} and t.purpose = ${purpose}
           and (a.confirmed_at is not null
                or a.created_at > now() - make_interval(days => ${UNCONFIRMED_DAYS}))
         for update of a`,
  );
  return row ?? null;
}

/**
 * Confirms the alert of a confirm link; true when it is confirmed now or was before (opening the
 * link twice is no mistake), false for a link that is unknown or whose alert has expired or ended.
 * Entries public at the moment of confirmation are not new to its first digest.
 */
export async function confirmSearchAlert(ctx: ServiceContext, token: string): Promise<boolean> {
  return inTransaction(ctx, async (em) => {
    const alert = await alertOfToken(em, token, 'confirm');
    if (!alert) return false;
    if (alert.confirmed) return true;
    await trackPublished(em, ctx.publicJournal, ctx.today);
    await query(
      em,
      sql`update search_alert set confirmed_at = now(), digest_since = now()
           where id = ${alert.id}`,
    );
    return true;
  });
}

/**
 * Ends the alert of an unsubscribe link (its tokens go with it). The same whether the link was
 * known, used before or never valid: the caller shows one page.
 */
export async function unsubscribeSearchAlert(ctx: ServiceContext, token: string): Promise<void> {
  await inTransaction(ctx, async (em) => {
    const alert = await alertOfToken(em, token, 'unsubscribe');
    if (alert) await query(em, sql`delete from search_alert where id = ${alert.id}`);
  });
}

async function deleteExpired(em: EntityManager, and = sql``): Promise<void> {
  await query(
    em,
    sql`delete from search_alert
         where confirmed_at is null
           and created_at <= now() - make_interval(days => ${UNCONFIRMED_DAYS}) ${and}`,
  );
}

/**
 * Notes every entry public today that was not seen public before, at this transaction's time:
 * what a digest's "new" is measured against. Serialised per organisation (an advisory lock held
 * to the end of the transaction), so a digest never misses an entry another process is noting.
 */
async function trackPublished(
  em: EntityManager,
  settings: PublicJournalSettings,
  today: string,
): Promise<void> {
  await query(
    em,
    sql`select pg_advisory_xact_lock(hashtext('search_alert_published'),
                                     hashtext(current_organisation()::text))`,
  );
  await query(
    em,
    sql`insert into search_alert_published (journal_post_id)
        select jp.id from journal_post jp where ${publishedPosts('jp', settings, today)}
        on conflict do nothing`,
  );
}

interface DueAlert {
  id: string;
  email: string;
  search: string;
  filter: PublicJournalFilter;
  /** As text, microseconds kept */
  digest_since: string;
}

/**
 * The digests of the transaction's organisation (kind `publicJournal.alertDigest`): once a day per
 * confirmed alert, the entries of its search that became public since its last digest, newest
 * first, at most DIGEST_MAX_ENTRIES and how many more; nothing when none is new (they wait for the
 * next day's). Also deletes alerts left unconfirmed for UNCONFIRMED_DAYS. Returns how many were
 * queued.
 */
export async function queueSearchAlertDigests(
  em: EntityManager,
  today: string,
  settings: SearchAlertSettings,
): Promise<number> {
  await deleteExpired(em);
  const [any] = await query<{ id: string }>(
    em,
    sql`select id from search_alert where confirmed_at is not null limit 1`,
  );
  if (!any) return 0;
  await trackPublished(em, settings.publicJournal, today);
  const due = await query<DueAlert>(
    em,
    sql`select id, email, search, filter, digest_since::text as digest_since from search_alert
         where confirmed_at is not null and (checked_on is null or checked_on < ${today})
         order by id limit ${DIGESTS_PER_RUN}
         for update skip locked`,
  );
  if (!due.length) return 0;
  const organisation = await currentOrganisation(em);
  if (!organisation) return 0;
  const links: AlertLinks = { publicBaseUrl: settings.publicBaseUrl, organisation };
  let queued = 0;
  for (const alert of due) {
    const found = await publicEntriesPublishedSince(
      em,
      settings.publicJournal,
      today,
      alert.filter,
      alert.digest_since,
      DIGEST_MAX_ENTRIES,
    );
    if (found.total === 0) {
      await query(em, sql`update search_alert set checked_on = ${today} where id = ${alert.id}`);
      continue;
    }
    const text = alertDigestMail({
      organisationName: organisation.name,
      search: alert.search,
      today,
      entries: found.entries.map((e) => ({
        registryId: e.registry_id,
        title: e.title,
        journalDate: e.journal_date,
        url: `${journalUrl(links)}/${e.registry_id}`,
      })),
      total: found.total,
      searchUrl: searchUrl(links, alert.search),
      unsubscribeUrl: await tokenLink(em, links, alert.id, 'unsubscribe'),
    });
    const done = await queueMailOnce(em, {
      kind: 'publicJournal.alertDigest',
      recipient: alert.email,
      dedupeKey: `publicJournal.alertDigest:${alert.id}:${today}`,
      ...text,
    });
    // Entries noted up to now (this transaction's time, the lock held) were in this digest.
    await query(
      em,
      sql`update search_alert set checked_on = ${today}, digest_since = now()
           where id = ${alert.id}`,
    );
    if (done) queued += 1;
  }
  return queued;
}

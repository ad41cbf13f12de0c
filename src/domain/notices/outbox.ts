import { type EntityManager } from '@mikro-orm/postgresql';
import { MailMessage, User } from '../../entities';

/**
 * The mail outbox (docs/notices.md, "The outbox"): a notice is queued on the transaction of the
 * change it tells of, so it is sent exactly when that change commits. Bodies are plain text in
 * Norwegian bokmål, and never carry a screened value: a record is named by its registry id and
 * its public title, never its title, a correspondent's or a party's name.
 */
export interface OutgoingMail {
  /** What the notice is about, e.g. "journalPost.distributed" */
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  /** The request whose change queues it; none for a scheduled notice */
  requestId?: string | null;
}

/** Queues one mail with the change (flushed with it). */
export function queueMail(em: EntityManager, mail: OutgoingMail): MailMessage {
  const message = em.create(MailMessage, {
    kind: mail.kind,
    recipient: mail.recipient,
    subject: mail.subject,
    body: mail.body,
    requestId: mail.requestId ?? null,
  });
  em.persist(message);
  return message;
}

/**
 * Queues a mail that must go once whatever asks for it again (a reminder): nothing is queued when
 * one with the same key is already in the outbox. Written at once, not at flush.
 */
export async function queueMailOnce(
  em: EntityManager,
  mail: OutgoingMail & { dedupeKey: string },
): Promise<boolean> {
  const rows = await em.execute<{ id: string }[]>(
    `insert into "mail_message" ("id", "kind", "recipient", "subject", "body", "dedupe_key", "request_id")
     values (gen_random_uuid(), ?, ?, ?, ?, ?, ?)
     on conflict ("organisation_id", "dedupe_key") do nothing
     returning "id"`,
    [mail.kind, mail.recipient, mail.subject, mail.body, mail.dedupeKey, mail.requestId ?? null],
  );
  return rows.length > 0;
}

/** The addresses of the active users named who have one, by user id. */
export async function addressesOf(
  em: EntityManager,
  userIds: readonly string[],
): Promise<Map<string, { email: string; displayName: string }>> {
  if (!userIds.length) return new Map();
  const users = await em.find(User, { id: { $in: [...new Set(userIds)] }, active: true });
  return new Map(
    users
      .filter((u) => !!u.email)
      .map((u) => [u.id, { email: u.email!, displayName: u.displayName }]),
  );
}

/**
 * Queues one mail to each user named who has an address (a user without one gets none), the
 * text made for them by `compose`.
 */
export async function queueMailToUsers(
  em: EntityManager,
  userIds: readonly string[],
  compose: (user: { displayName: string }) => Omit<OutgoingMail, 'recipient'>,
): Promise<number> {
  const addresses = await addressesOf(em, userIds);
  for (const user of addresses.values()) {
    queueMail(em, { ...compose(user), recipient: user.email });
  }
  return addresses.size;
}

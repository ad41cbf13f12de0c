import { type EntityManager } from '@mikro-orm/postgresql';
import { type PublicJournalSettings } from '../../config';
import { query, sql } from '../../db/sqlTemplate';
import { InsightRequest, InsightRequestItem, JournalPost, Unit, User } from '../../entities';
import { publishedPosts } from '../publicJournal';
import { recordAudit } from '../audit';
import { InputErrors } from '../inputErrors';
import { addWorkingDays } from '../workingDays';
import { checkEmail, checkMessage, checkName, MAX_ITEMS } from './input';
import { newReference, referenceHash } from './reference';

/** Working days after receipt: the answer is due (offl. § 29, the Ombud's practice) … */
export const DUE_WORKING_DAYS = 3;
/** … and a request still unanswered after this many counts as refused (offl. § 32). */
export const REFUSED_AFTER_WORKING_DAYS = 5;

/** One requested entry as given: its position in the list and the journal post it names, if any. */
export interface RequestedEntry {
  position: number;
  given: string;
  /** The journal post of the public journal entry's id, or null when `given` is not an entry id */
  journalPostId: string | null;
  /** The kind of record `given` names when it is a well-formed id of another kind, else null */
  otherKind: string | null;
}

export interface SubmitInput {
  entries: RequestedEntry[];
  requesterName?: string | null;
  requesterEmail: string;
  message?: string | null;
}

export interface SubmitContext {
  /** A signed-in submitter, or null for the public */
  actorId: string | null;
  requestId: string;
  today: string;
  publicJournal: PublicJournalSettings;
  /**
   * The organisations whose public journals the entries may be in (every one for the API, the
   * journal's own for its form), in the order their receipts are given
   */
  organisations: readonly string[];
  /**
   * Told of each request once it is stored, while the transaction is set to its organisation
   * (the receipt and the handlers' notices are queued there)
   */
  notify?: (em: EntityManager, submitted: SubmittedRequest) => Promise<void>;
}

/** One request of a submission: the organisation that publishes its entries, and its receipt. */
export interface SubmittedRequest {
  organisationId: string;
  request: InsightRequest;
  reference: string;
}

/**
 * Runs `work` with `em`'s transaction set to `organisationId` (row-level security; inserts take it
 * as their organisation_id), then back to the organisation it had. For a submission naming posts of
 * several organisations in one transaction, which serves no other statement meanwhile.
 */
async function asOrganisation<T>(
  em: EntityManager,
  organisationId: string,
  work: () => Promise<T>,
): Promise<T> {
  const [before] = await query<{ organisation: string | null }>(
    em,
    sql`select current_setting('arkivgraf.organisation', true) as organisation`,
  );
  await query(em, sql`select set_config('arkivgraf.organisation', ${organisationId}, true)`);
  try {
    return await work();
  } finally {
    await query(
      em,
      sql`select set_config('arkivgraf.organisation', ${before?.organisation ?? ''}, true)`,
    );
  }
}

interface PublishedPost {
  id: string;
  responsible_id: string | null;
  responsible_unit_id: string;
  organisation_id: string;
}

const shown = (given: string) => (given.length > 40 ? `${given.slice(0, 40)}…` : given);

/**
 * An id of another kind of record (a journal post's, say) is a mistake of the client, not a
 * question about the public journal: INVALID_ID at its position. Telling it says nothing about any
 * record: the kind is written in the id itself.
 */
function addOtherKinds(errors: InputErrors, entries: RequestedEntry[]): void {
  for (const e of entries) {
    if (e.otherKind === null) continue;
    errors.add(
      ['entryIds', e.position],
      'INVALID_ID',
      `entryIds[${e.position}] is the id of a ${e.otherKind}, not of a PublicJournalEntry`,
      { type: 'PublicJournalEntry' },
    );
  }
}

/**
 * Innsynskrav from anyone: one to 50 entries of the public journal as it is today (duplicates
 * collapse), an e-mail address, optionally a name and a message. The entries are looked up in the
 * public journal of each organisation of `ctx.organisations`, and each organisation gets a request
 * of its own with the entries it publishes (the records creator answers for its records), with its
 * own reference. Each item is routed to its post's responsible person and unit. Returns the
 * requests and their references, which are shown once, on the receipt, and kept only as a hash.
 *
 * An entry that is not in a public journal right now is refused with its position, and with
 * nothing else about it: whether such a post exists, and where, is not the public's to learn.
 */
export async function submitInsightRequest(
  em: EntityManager,
  ctx: SubmitContext,
  input: SubmitInput,
): Promise<SubmittedRequest[]> {
  const field = 'entryIds';
  const errors = new InputErrors();
  addOtherKinds(errors, input.entries);
  if (input.entries.length === 0) {
    errors.add(field, 'REQUIRED', 'Name at least one entry of the public journal');
  }
  const unique = new Map<string, RequestedEntry>();
  for (const entry of input.entries) {
    const key = entry.journalPostId ?? `given:${entry.given}`;
    if (!unique.has(key)) unique.set(key, entry);
  }
  if (unique.size > MAX_ITEMS) {
    errors.add(
      field,
      'TOO_LONG',
      `An insight request may name at most ${MAX_ITEMS} entries; this one names ${unique.size}. Send the rest in another request.`,
      { max: MAX_ITEMS },
    );
  }
  const checked = {
    requesterEmail: errors.check(() => checkEmail(input.requesterEmail)),
    requesterName: errors.check(() => checkName(input.requesterName)),
    message: errors.check(() => checkMessage(input.message)),
  };

  const entries = [...unique.values()];
  const ids = entries.flatMap((e) => (e.journalPostId ? [e.journalPostId] : []));
  const found = new Map<string, PublishedPost>();
  for (const organisationId of ctx.organisations) {
    const rest = ids.filter((id) => !found.has(id));
    if (rest.length === 0) break;
    const published = await asOrganisation(em, organisationId, () =>
      query<PublishedPost>(
        em,
        sql`select jp.id, jp.responsible_id, jp.responsible_unit_id,
            jp.organisation_id::text as organisation_id from journal_post jp
          where jp.id in (${rest}) and ${publishedPosts('jp', ctx.publicJournal, ctx.today)}`,
      ),
    );
    for (const p of published) found.set(p.id, p);
  }
  for (const e of entries) {
    if (e.otherKind !== null || (e.journalPostId && found.has(e.journalPostId))) continue;
    errors.add(
      [field, e.position],
      'UNKNOWN_REFERENCE',
      `${field}[${e.position}] ("${shown(e.given)}") is not in the public journal; ask only for its entries (their id is in the public journal and its downloads)`,
    );
  }
  const { requesterEmail, requesterName, message } = errors.throwIfAny(checked);

  const submitted: SubmittedRequest[] = [];
  for (const organisationId of ctx.organisations) {
    const own = entries.filter(
      (e) => found.get(e.journalPostId!)!.organisation_id === organisationId,
    );
    if (own.length === 0) continue;
    submitted.push(
      await asOrganisation(em, organisationId, async () => {
        const created: SubmittedRequest = {
          organisationId,
          ...(await createRequest(em, ctx, own, found, { requesterEmail, requesterName, message })),
        };
        await ctx.notify?.(em, created);
        return created;
      }),
    );
  }
  return submitted;
}

/** One request of the transaction's organisation, its items and its audit event, flushed. */
async function createRequest(
  em: EntityManager,
  ctx: SubmitContext,
  entries: RequestedEntry[],
  found: Map<string, PublishedPost>,
  requester: { requesterEmail: string; requesterName: string | null; message: string | null },
): Promise<{ request: InsightRequest; reference: string }> {
  const { requesterEmail, requesterName, message } = requester;
  const reference = newReference();
  const request = em.create(InsightRequest, {
    referenceHash: referenceHash(reference),
    receivedOn: ctx.today,
    dueDate: addWorkingDays(ctx.today, DUE_WORKING_DAYS),
    answerDeadline: addWorkingDays(ctx.today, REFUSED_AFTER_WORKING_DAYS),
    requesterName,
    requesterEmail,
    message,
    submittedBy: ctx.actorId ? em.getReference(User, ctx.actorId) : null,
  });
  entries.forEach((entry, position) => {
    const post = found.get(entry.journalPostId!)!;
    em.create(InsightRequestItem, {
      request,
      position,
      journalPost: em.getReference(JournalPost, post.id),
      assignee: post.responsible_id ? em.getReference(User, post.responsible_id) : null,
      unit: em.getReference(Unit, post.responsible_unit_id),
    });
  });
  recordAudit(em, {
    actorId: ctx.actorId,
    requestId: ctx.requestId,
    action: 'insightRequest.submit',
    targetType: 'InsightRequest',
    targetId: request.id,
    changes: {
      journalPostIds: { old: null, new: entries.map((e) => e.journalPostId) },
      dueDate: { old: null, new: request.dueDate },
    },
  });
  await em.flush();
  return { request, reference };
}

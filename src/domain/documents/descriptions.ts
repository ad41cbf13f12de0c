import { LockMode } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../../db/sqlTemplate';
import {
  Document,
  DocumentDescription,
  DocumentRole,
  DocumentStatus,
  JournalPost,
  JournalStatus,
  ScreeningCode,
  User,
} from '../../entities';
import { type Actor } from '../administration';
import { recordAudit } from '../audit';
import { badInput, invalidState, notFound } from '../errors';
import { isContentLocked, registryId } from '../journalPosts/common';
import { assertExpectedVersion } from '../versions';

/**
 * Document descriptions (dokumentbeskrivelse, docs/noark5.md): a journal post's main document
 * (number 1) and its attachments (2, 3, … in the order added: one above the highest there is).
 *
 * | change                          | allowed when                                                     |
 * |---------------------------------|------------------------------------------------------------------|
 * | add an attachment               | the post is not cancelled and its content is open                |
 * | change the title                | the post is not cancelled (also FINALISED: Noark 5 krav 3.2.33)   |
 * | UNDER_EDITING → FINALISED       | always (not cancelled); never back (krav 3.2.32)                  |
 * | set the own screening code      | not cancelled; set or replaced, never lifted alone (it only adds) |
 * | remove                          | an attachment, UNDER_EDITING, of a post whose content is open, none of its files released |
 *
 * A FINALISED description's files are replaced only by an archivist's correction, as a locked
 * post's are (krav 3.2.31): `contentLocked`.
 */

/** The files of the description are changed only by correction. */
export const contentLocked = (
  post: Pick<JournalPost, 'type' | 'status'>,
  d: Pick<DocumentDescription, 'status'>,
): boolean => isContentLocked(post) || d.status === DocumentStatus.FINALISED;

/** Whether an attachment may be removed (the post's content open, the attachment unfinished). */
export const mayRemove = (
  post: Pick<JournalPost, 'type' | 'status'>,
  d: Pick<DocumentDescription, 'role' | 'status'>,
): boolean =>
  d.role === DocumentRole.ATTACHMENT &&
  d.status === DocumentStatus.UNDER_EDITING &&
  !isContentLocked(post);

/** Whether the post's main document has its own screening (an insight decision never releases it in full). */
export async function mainHasOwnScreening(em: EntityManager, postId: string): Promise<boolean> {
  const [row] = await query<{ screened: boolean }>(
    em,
    sql`select screening_code_id is not null as screened from document_description
      where journal_post_id = ${postId} and document_number = 1`,
  );
  return !!row?.screened;
}

/** Whether attachments may be added to the post. */
export const mayAddAttachment = (post: Pick<JournalPost, 'type' | 'status'>): boolean =>
  !isContentLocked(post);

/** Whether the status may go from `from` to `to`: forwards only. */
export const mayChangeStatus = (from: DocumentStatus, to: DocumentStatus): boolean =>
  from === to || to === DocumentStatus.FINALISED;

const TITLE_MAX = 1000;

/** The most documents one post holds: a post's descriptions are read as one plain list. */
export const MAX_DOCUMENTS_PER_POST = 100;

export function descriptionTitle(title: string): string {
  const t = title.replace(/\s+/g, ' ').trim();
  if (!t) throw badInput('title', 'REQUIRED', 'Give the document a title');
  if (t.length > TITLE_MAX) {
    throw badInput('title', 'TOO_LONG', `The title must be at most ${TITLE_MAX} characters`, {
      max: TITLE_MAX,
    });
  }
  return t;
}

/** What the audit trail records of a description (its title stays in the trail, as a post's). */
const summary = (d: DocumentDescription) => ({
  documentNumber: d.documentNumber,
  role: d.role,
  title: d.title,
  status: d.status,
  screeningCodeId: d.screeningCode?.id ?? null,
});

/**
 * What an event about a document is filed under: the post, for its main document without a
 * screening of its own (whoever reads the post in full reads it), else the description itself,
 * whose values the audit trail shows only to those who read it in full (policies/audit.ts).
 */
export function auditTarget(
  post: Pick<JournalPost, 'id'>,
  d: Pick<DocumentDescription, 'id' | 'role' | 'screeningCode'>,
): { targetType: 'JournalPost' | 'DocumentDescription'; targetId: string } {
  return d.role === DocumentRole.MAIN && !d.screeningCode
    ? { targetType: 'JournalPost', targetId: post.id }
    : { targetType: 'DocumentDescription', targetId: d.id };
}

function audit(
  actor: Actor,
  action: string,
  post: JournalPost,
  d: DocumentDescription,
  changes: object,
) {
  return {
    actorId: actor.userId,
    requestId: actor.requestId,
    action,
    ...auditTarget(post, d),
    changes: changes as Record<string, { old: unknown; new: unknown }>,
  };
}

/** The post, locked for the change (changes to one post's documents wait for one another). */
export async function lockPost(em: EntityManager, postId: string): Promise<JournalPost> {
  const post = await em.findOne(
    JournalPost,
    { id: postId },
    { populate: ['case'], refresh: true, lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (!post) throw notFound('The journal post');
  if (post.status === JournalStatus.CANCELLED) {
    throw invalidState(
      post.status,
      `${registryId(post)} is cancelled; its documents stay as they are`,
    );
  }
  return post;
}

/**
 * The post's main description, made at its first file when the post has none yet: titled as the
 * post, FINALISED when the post's content is already locked (a letter scanned after registering).
 */
export async function mainDescription(
  em: EntityManager,
  actor: Actor,
  post: JournalPost,
): Promise<DocumentDescription> {
  const found = await em.findOne(DocumentDescription, { journalPost: post, documentNumber: 1 });
  if (found) return found;
  const made = em.create(DocumentDescription, {
    journalPost: post,
    documentNumber: 1,
    role: DocumentRole.MAIN,
    title: post.title,
    status: isContentLocked(post) ? DocumentStatus.FINALISED : DocumentStatus.UNDER_EDITING,
    createdBy: em.getReference(User, actor.userId),
  });
  recordAudit(
    em,
    audit(actor, 'documentDescription.create', post, made, {
      'documentDescriptions.1': { old: null, new: summary(made) },
    }),
  );
  return made;
}

/** The post `postId`, locked, while `what` may still be added to it; else INVALID_STATE. */
async function lockOpenPost(
  em: EntityManager,
  postId: string,
  what: 'attachments' | 'documents',
): Promise<JournalPost> {
  const post = await lockPost(em, postId);
  if (!mayAddAttachment(post)) {
    throw invalidState(
      post.status,
      `${registryId(post)} is locked (finalised or registered); ${what} are added while it is open`,
    );
  }
  return post;
}

async function screeningCode(em: EntityManager, id: string): Promise<ScreeningCode> {
  const code = await em.findOne(ScreeningCode, { id });
  if (!code) {
    throw badInput('screeningCodeId', 'UNKNOWN_REFERENCE', 'No such screening code');
  }
  return code;
}

export interface NewAttachment {
  postId: string;
  title: string;
  screeningCodeId: string | null;
}

/** Adds an attachment (vedlegg) with the next document number; the main document first if none. */
export async function addAttachment(
  em: EntityManager,
  actor: Actor,
  input: NewAttachment,
): Promise<DocumentDescription> {
  const title = descriptionTitle(input.title);
  const post = await lockOpenPost(em, input.postId, 'attachments');
  const code = input.screeningCodeId ? await screeningCode(em, input.screeningCodeId) : null;
  await mainDescription(em, actor, post);
  // One above the highest there is: numbers are never shifted (the audit trail names them), so
  // removing an attachment in the middle leaves a gap.
  const [row] = await query<{ last: number }>(
    em,
    sql`select coalesce(max(document_number), 1) as last from document_description
      where journal_post_id = ${post.id}`,
  );
  if (Number(row!.last) >= MAX_DOCUMENTS_PER_POST) {
    throw invalidState(
      post.status,
      `${registryId(post)} holds ${MAX_DOCUMENTS_PER_POST} documents, the most one post takes`,
    );
  }
  const made = em.create(DocumentDescription, {
    journalPost: post,
    documentNumber: Number(row!.last) + 1,
    role: DocumentRole.ATTACHMENT,
    title,
    screeningCode: code,
    createdBy: em.getReference(User, actor.userId),
  });
  recordAudit(
    em,
    audit(actor, 'documentDescription.create', post, made, {
      [`documentDescriptions.${made.documentNumber}`]: { old: null, new: summary(made) },
    }),
  );
  await em.flush();
  return made;
}

export interface DescriptionChange {
  id: string;
  expectedVersion: number | null;
  title?: string | null;
  status?: DocumentStatus | null;
  screeningCodeId?: string | null;
}

async function lockedDescription(
  em: EntityManager,
  id: string,
): Promise<{ post: JournalPost; description: DocumentDescription }> {
  const found = await em.findOne(DocumentDescription, { id }, { populate: ['journalPost'] });
  if (!found) throw notFound('The document description');
  const post = await lockPost(em, found.journalPost.id);
  const description = await em.findOneOrFail(
    DocumentDescription,
    { id },
    { refresh: true, populate: ['screeningCode'] },
  );
  return { post, description };
}

/** Changes the title, status or own screening of a description (audited). */
export async function changeDescription(
  em: EntityManager,
  actor: Actor,
  input: DescriptionChange,
): Promise<DocumentDescription> {
  const { post, description } = await lockedDescription(em, input.id);
  assertExpectedVersion(description, input.expectedVersion, 'The document description');
  const before = summary(description);
  if (input.title !== undefined && input.title !== null) {
    description.title = descriptionTitle(input.title);
  }
  if (input.status) {
    if (!mayChangeStatus(description.status, input.status)) {
      throw invalidState(
        description.status,
        'A finalised document (dokumentet er ferdigstilt) is never set back to under editing',
      );
    }
    description.status = input.status;
  }
  if (input.screeningCodeId !== undefined) {
    if (input.screeningCodeId === null) {
      throw badInput(
        'screeningCodeId',
        'NOT_ALLOWED',
        "A document's own screening is set or replaced, never lifted on its own",
      );
    }
    description.screeningCode = await screeningCode(em, input.screeningCodeId);
  }
  const after = summary(description);
  if (JSON.stringify(after) === JSON.stringify(before)) return description;
  recordAudit(
    em,
    audit(actor, 'documentDescription.update', post, description, {
      [`documentDescriptions.${description.documentNumber}`]: { old: before, new: after },
    }),
  );
  await em.flush();
  return description;
}

/** Removes an unfinished attachment and its files (audited with what was removed). */
export async function removeAttachment(
  em: EntityManager,
  actor: Actor,
  input: { id: string; expectedVersion: number | null },
): Promise<void> {
  const { post, description } = await lockedDescription(em, input.id);
  assertExpectedVersion(description, input.expectedVersion, 'The document description');
  if (!mayRemove(post, description)) {
    throw invalidState(
      description.status,
      description.role === DocumentRole.MAIN
        ? 'The main document is never removed'
        : 'Only an attachment under editing, of a post that is still open, can be removed',
    );
  }
  const [released] = await query<{ n: number }>(
    em,
    sql`select count(*)::int as n from insight_request_item i
      join document d on d.id = i.released_document_id
      where d.document_description_id = ${description.id}`,
  );
  if (Number(released!.n) > 0) {
    throw invalidState(description.status, 'A file of this attachment was released; it stays');
  }
  const files = await em.find(Document, { description }, { orderBy: { id: 'asc' } });
  recordAudit(
    em,
    audit(actor, 'documentDescription.remove', post, description, {
      [`documentDescriptions.${description.documentNumber}`]: {
        old: { ...summary(description), files: files.map((f) => f.sha256) },
        new: null,
      },
    }),
  );
  for (const f of files) em.remove(f);
  em.remove(description);
  await em.flush();
}

export interface NewMainDocument {
  postId: string;
  title: string;
}

/**
 * Adds the post's main document (hoveddokument, number 1) with its own title, before any file;
 * a post has one, so a second is refused.
 */
export async function addMainDocument(
  em: EntityManager,
  actor: Actor,
  input: NewMainDocument,
): Promise<DocumentDescription> {
  const title = descriptionTitle(input.title);
  const post = await lockOpenPost(em, input.postId, 'documents');
  if (await em.findOne(DocumentDescription, { journalPost: post, documentNumber: 1 })) {
    throw invalidState(post.status, `${registryId(post)} has its main document already`);
  }
  const made = em.create(DocumentDescription, {
    journalPost: post,
    documentNumber: 1,
    role: DocumentRole.MAIN,
    title,
    createdBy: em.getReference(User, actor.userId),
  });
  recordAudit(
    em,
    audit(actor, 'documentDescription.create', post, made, {
      'documentDescriptions.1': { old: null, new: summary(made) },
    }),
  );
  await em.flush();
  return made;
}

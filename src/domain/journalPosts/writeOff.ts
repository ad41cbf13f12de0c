import { type EntityManager } from '@mikro-orm/postgresql';
import { JournalPost, JournalPostType, JournalStatus, User, WriteOffMethod } from '../../entities';
import { badInput, invalidState } from '../errors';
import { InputErrors } from '../inputErrors';
import {
  type ActorToday,
  auditPost,
  needsFollowUp,
  optionalText,
  registryId,
  snapshot,
  stateOf,
  statusWord,
} from './common';
import { mayBeReply, mayWriteOff } from './states';

/** The kinds of post that can be the reply of each method; methods without one take none. */
const REPLY_TYPES: Partial<Record<WriteOffMethod, JournalPostType[]>> = {
  [WriteOffMethod.REPLIED_BY_LETTER]: [JournalPostType.OUTGOING],
  [WriteOffMethod.REPLIED_BY_EMAIL]: [JournalPostType.OUTGOING],
  [WriteOffMethod.REPLIED_BY_NOTE]: [
    JournalPostType.INTERNAL_FOLLOW_UP,
    JournalPostType.INTERNAL_NO_FOLLOW_UP,
  ],
};

const METHOD_WORDS: Record<WriteOffMethod, string> = {
  [WriteOffMethod.REPLIED_BY_LETTER]: 'BU (reply by letter)',
  [WriteOffMethod.REPLIED_BY_EMAIL]: 'BE (reply by e-mail)',
  [WriteOffMethod.REPLIED_BY_PHONE]: 'TLF (reply by phone)',
  [WriteOffMethod.REPLIED_BY_NOTE]: 'BN (reply by note)',
  [WriteOffMethod.NOTED]: 'TO (noted)',
  [WriteOffMethod.TAKEN_INTO_ACCOUNT]: 'TE (taken into account)',
  [WriteOffMethod.CASE_CLOSED]: 'SA (case closed)',
};

export interface WriteOffInput {
  method: WriteOffMethod;
  /** The reply post's id; the service has checked that the actor reads it in full */
  replyId: string | null;
  note: string | null | undefined;
  /** The argument that named the posts ("id" or "ids"), for BAD_USER_INPUT */
  postsField: string;
}

/**
 * Avskrivning of I and N posts (domain.md, "Write-off"): the method, who, when, a note (required
 * for TLF) and the reply post where there is one: an outgoing post (U) for BU and BE, a note (N
 * or X) for BN, in the same case. One reply may write off several posts at once; all of them are
 * written off or none. SA is kept for closing a case.
 */
export async function writeOffJournalPosts(
  em: EntityManager,
  actor: ActorToday,
  posts: JournalPost[],
  input: WriteOffInput,
): Promise<JournalPost[]> {
  const { method } = input;
  const errors = new InputErrors();
  if (method === WriteOffMethod.CASE_CLOSED) {
    errors.add('method', 'NOT_ALLOWED', 'SA (case closed) is used only when a case is closed');
  }
  const checkedNote = errors.check(() => optionalText('note', input.note));
  if (method === WriteOffMethod.REPLIED_BY_PHONE && checkedNote === null) {
    errors.add('note', 'REQUIRED', 'A write-off by phone (TLF) needs a note of what was said');
  }
  if (!posts.length) {
    errors.add(input.postsField, 'REQUIRED', 'Name at least one journal post');
  }
  for (const post of posts) {
    if (!needsFollowUp(post.type)) {
      errors.add(
        input.postsField,
        'NOT_ALLOWED',
        `${registryId(post)} is neither incoming (I) nor an internal note with follow-up (N); only those are written off`,
      );
    }
  }
  const checkedReply = await errors.checkAsync(() => checkReply(em, posts, input));
  const { note, reply } = errors.throwIfAny({ note: checkedNote, reply: checkedReply });

  for (const post of posts) {
    if (post.writeOffMethod) {
      throw invalidState(
        post.status,
        `${registryId(post)} was already written off on ${post.writeOffDate ?? 'an earlier date'} (${METHOD_WORDS[post.writeOffMethod]})`,
      );
    }
    if (!mayWriteOff(stateOf(post))) {
      throw invalidState(
        post.status,
        `${registryId(post)} is ${statusWord(post.status)} and is not written off`,
      );
    }
  }

  for (const post of posts) {
    const before = snapshot(post);
    post.writeOffMethod = method;
    post.writeOffDate = actor.today;
    post.writtenOffBy = em.getReference(User, actor.userId);
    post.writeOffNote = note;
    post.writeOffReply = reply;
    auditPost(em, actor, 'writeOff', post, before);
  }
  return posts;
}

async function checkReply(
  em: EntityManager,
  posts: JournalPost[],
  input: WriteOffInput,
): Promise<JournalPost | null> {
  const types = REPLY_TYPES[input.method];
  if (!input.replyId) return null;
  if (!types) {
    throw badInput(
      'replyId',
      'NOT_ALLOWED',
      `A write-off as ${METHOD_WORDS[input.method]} has no reply document; leave replyId out`,
    );
  }
  const reply = await em.findOne(JournalPost, { id: input.replyId }, { populate: ['case'] });
  if (!reply) throw badInput('replyId', 'UNKNOWN_REFERENCE', 'replyId names no journal post');
  if (!types.includes(reply.type)) {
    throw badInput(
      'replyId',
      'NOT_ALLOWED',
      `${registryId(reply)} cannot be the reply of ${METHOD_WORDS[input.method]}: it must be ${
        types.includes(JournalPostType.OUTGOING) ? 'an outgoing document (U)' : 'a note (N or X)'
      }`,
    );
  }
  for (const post of posts) {
    if (post.case.id !== reply.case.id) {
      throw badInput(
        'replyId',
        'NOT_ALLOWED',
        `The reply ${registryId(reply)} is in another case than ${registryId(post)}`,
      );
    }
    if (post.id === reply.id) {
      throw badInput('replyId', 'NOT_ALLOWED', `${registryId(post)} cannot be its own reply`);
    }
  }
  if (!mayBeReply(reply)) {
    throw badInput(
      'replyId',
      'NOT_ALLOWED',
      reply.status === JournalStatus.CANCELLED
        ? `${registryId(reply)} is cancelled and cannot be the reply`
        : `${registryId(reply)} is ${statusWord(reply.status)}; a reply must be finalised before it writes anything off`,
    );
  }
  return reply;
}

/**
 * Cancelling a reply undoes every write-off it made (docs/daily-routines.md, "Write-off"): those
 * posts lose method, date, who, note and reply and return to the backlog, each with its own audit
 * event naming the reply. Done for every such post, also one the canceller does not read in full:
 * it follows from the cancel the canceller may make and widens nobody's reading; nothing of those
 * posts is returned or put in a message.
 */
export async function undoWriteOffsBy(
  em: EntityManager,
  actor: ActorToday,
  reply: JournalPost,
): Promise<number> {
  const posts = await em.find(JournalPost, { writeOffReply: reply.id }, { orderBy: { id: 'asc' } });
  const reason = `${registryId(reply)} was cancelled`;
  for (const post of posts) {
    const before = snapshot(post);
    post.writeOffMethod = null;
    post.writeOffDate = null;
    post.writtenOffBy = null;
    post.writeOffNote = null;
    post.writeOffReply = null;
    auditPost(em, actor, 'writeOffUndone', post, before, { reason });
  }
  return posts.length;
}

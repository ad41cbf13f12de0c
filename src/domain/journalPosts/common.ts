import { type EntityManager } from '@mikro-orm/postgresql';
import {
  Correspondent,
  type CorrespondentRole,
  JournalPost,
  JournalStatus,
  ScreenedField,
  User,
} from '../../entities';
import { type Actor } from '../administration';
import { type Changes, diff, recordAudit } from '../audit';
import { badInput, type FieldPath, invalidState, notFound } from '../errors';
import { checkIdentifier, maskIdentifier } from '../identifiers';
import { InputErrors } from '../inputErrors';
import { checkCorrespondentName } from '../screeningInput';
import { isContentLocked, type PostState } from './states';

export { isContentLocked, needsFollowUp } from './states';

/**
 * Shared pieces of the journal post life cycle (domain.md, "Life cycle"): loading a post inside
 * the mutation's transaction, its registry id, which states lock its content, snapshots for the
 * audit trail, and correspondents.
 *
 * WHO may act is never decided here: the services ask the policies first. These
 * functions decide only whether the post is in a state that allows the action.
 */

/** Who acts, and the calendar date in Norway when the request began. */
export interface ActorToday extends Actor {
  today: string;
}

/**
 * The post with its case, read from the database inside the caller's transaction (never from an
 * identity map filled earlier in the request), so the version it carries is the one the
 * optimistic lock checks on flush.
 */
export async function loadPost(em: EntityManager, id: string): Promise<JournalPost> {
  const post = await em.findOne(JournalPost, { id }, { populate: ['case'], refresh: true });
  if (!post) throw notFound('The journal post');
  return post;
}

/** RegistreringsID "2026/123-8": case number and document number. */
export const registryId = (post: JournalPost): string =>
  `${post.case.caseNumber}-${post.documentNumber}`;

const STATUS_WORDS: Record<JournalStatus, string> = {
  [JournalStatus.TEMPORARY]: 'temporarily registered (midlertidig registrert)',
  [JournalStatus.REGISTERED_BY_HANDLER]: 'registered by a handler and awaits the archive',
  [JournalStatus.RESERVED]: 'reserved (being written)',
  [JournalStatus.REGISTERED]: 'registered (journalført)',
  [JournalStatus.FINALIZED]: 'finalised',
  [JournalStatus.APPROVED]: 'approved',
  [JournalStatus.DISPATCHED]: 'dispatched',
  [JournalStatus.ARCHIVED]: 'archived',
  [JournalStatus.CANCELLED]: 'cancelled',
};

/** The status in words, for messages a front end shows as they are. */
export const statusWord = (status: JournalStatus): string => STATUS_WORDS[status];

/**
 * The post's state as the rules of states.ts read it. `screeningTemporary`: whether its screening
 * code is temporary, and `requiresApproval`, whether its document type must be approved, for the
 * callers that have loaded the code or the type.
 */
export const stateOf = (
  post: JournalPost,
  screeningTemporary = false,
  requiresApproval = false,
): PostState => ({
  type: post.type,
  status: post.status,
  approverId: post.approver?.id ?? null,
  writeOffMethod: post.writeOffMethod ?? null,
  screeningTemporary,
  screeningAssessedOn: post.screeningAssessedOn ?? null,
  requiresApproval,
});

export function assertContentUnlocked(post: JournalPost): void {
  if (isContentLocked(post)) {
    throw invalidState(
      post.status,
      `${registryId(post)} is ${statusWord(post.status)}; only an archivist's correction can change it`,
    );
  }
}

const FREE_TEXT_MAX = 4000;

/** A required free text (reason, comment): trimmed, not empty. */
export function requiredText(
  field: string | FieldPath,
  value: string | null | undefined,
  what: string,
): string {
  const text = value?.trim() ?? '';
  if (!text) throw badInput(field, 'REQUIRED', `${what} is required`);
  if (text.length > FREE_TEXT_MAX) {
    throw badInput(field, 'TOO_LONG', `${what} must be at most ${FREE_TEXT_MAX} characters`, {
      max: FREE_TEXT_MAX,
    });
  }
  return text;
}

export function optionalText(field: string, value: string | null | undefined): string | null {
  const text = value?.trim() || null;
  if (text && text.length > FREE_TEXT_MAX) {
    throw badInput(field, 'TOO_LONG', `${field} must be at most ${FREE_TEXT_MAX} characters`, {
      max: FREE_TEXT_MAX,
    });
  }
  return text;
}

/** The stored fields of a post, as the audit trail records them (ids for references). */
export function snapshot(post: JournalPost): Record<string, unknown> {
  return {
    status: post.status,
    title: post.title,
    publicTitle: post.publicTitle,
    documentDate: post.documentDate ?? null,
    receivedDate: post.receivedDate ?? null,
    dueDate: post.dueDate ?? null,
    responsibleId: post.responsible?.id ?? null,
    accessGroupId: post.accessGroup?.id ?? null,
    documentTypeId: post.documentType?.id ?? null,
    screeningCodeId: post.screeningCode?.id ?? null,
    screenedFields: [...post.screenedFields],
    legalBasis: post.legalBasis ?? null,
    screeningExpiresOn: post.screeningExpiresOn ?? null,
    screeningAssessedOn: post.screeningAssessedOn ?? null,
    approverId: post.approver?.id ?? null,
    approvedById: post.approvedBy?.id ?? null,
    approvedAt: post.approvedAt ?? null,
    finalizedAt: post.finalizedAt ?? null,
    dispatchedAt: post.dispatchedAt ?? null,
    writeOffMethod: post.writeOffMethod ?? null,
    writeOffDate: post.writeOffDate ?? null,
    writtenOffById: post.writtenOffBy?.id ?? null,
    writeOffNote: post.writeOffNote ?? null,
    writeOffReplyId: post.writeOffReply?.id ?? null,
  };
}

export interface CorrespondentData {
  role: CorrespondentRole;
  name: string;
  screened: boolean;
  isPerson: boolean;
  address: string | null;
  email: string | null;
  nationalId: string | null;
  organizationNumber: string | null;
}

/**
 * A correspondent as the audit trail keeps it: the identifiers masked (never the number, see
 * domain/identifiers.ts), so also the comparison of before and after sees only the masks.
 */
export const correspondentSnapshot = (
  c: Omit<CorrespondentData, 'address' | 'email' | 'nationalId' | 'organizationNumber'> & {
    address?: string | null;
    email?: string | null;
    nationalId?: string | null;
    organizationNumber?: string | null;
  },
): CorrespondentData => ({
  role: c.role,
  name: c.name,
  screened: c.screened,
  isPerson: c.isPerson,
  address: c.address ?? null,
  email: c.email ?? null,
  nationalId: maskIdentifier(c.nationalId),
  organizationNumber: maskIdentifier(c.organizationNumber),
});

export async function correspondentsOf(
  em: EntityManager,
  post: JournalPost,
): Promise<Correspondent[]> {
  return em.find(Correspondent, { journalPost: post }, { orderBy: { position: 'asc' } });
}

/**
 * Correspondents as typed in: `screened` defaults to whether the post's screened fields include
 * CORRESPONDENT_NAME; a screened correspondent needs a screening code on the post; a name that may
 * become public must not carry a national identity number; a national id or organisation number
 * must have valid check digits (one of them: a person or an organisation).
 */
export function checkCorrespondents(
  input: readonly {
    role: CorrespondentRole;
    name: string;
    screened?: boolean | null;
    isPerson?: boolean | null;
    address?: string | null;
    email?: string | null;
    nationalId?: string | null;
    organizationNumber?: string | null;
  }[],
  screening: { hasCode: boolean; screenedFields: readonly ScreenedField[] },
): CorrespondentData[] {
  const byDefault = screening.screenedFields.includes(ScreenedField.CORRESPONDENT_NAME);
  const errors = new InputErrors();
  const checked = input.map((c, i) => {
    const screened = c.screened ?? byDefault;
    if (screened && !screening.hasCode) {
      errors.add(
        ['correspondents', i, 'screened'],
        'NOT_ALLOWED',
        'A screened correspondent needs a screening code (tilgangskode) on the journal post',
      );
    }
    return {
      role: c.role,
      name: errors.check(() => checkCorrespondentName(c.name, screened, i)) ?? '',
      screened,
      isPerson: c.isPerson ?? true,
      address: c.address?.trim() || null,
      email: c.email?.trim() || null,
      ...correspondentIdentifiers(errors, i, c),
    };
  });
  errors.throwIfAny();
  return checked;
}

/** A correspondent's identifiers, digits only; errors name the field and never the value. */
function correspondentIdentifiers(
  errors: InputErrors,
  index: number,
  c: { nationalId?: string | null; organizationNumber?: string | null },
): { nationalId: string | null; organizationNumber: string | null } {
  const path = (field: string) => ['correspondents', index, field];
  const nationalId = checkIdentifier(errors, path('nationalId'), 'nationalId', c.nationalId);
  const organizationNumber = checkIdentifier(
    errors,
    path('organizationNumber'),
    'organizationNumber',
    c.organizationNumber,
  );
  if (nationalId && organizationNumber) {
    errors.add(
      path('organizationNumber'),
      'NOT_ALLOWED',
      'A correspondent is a person (national identity number) or an organisation (organisation number), not both',
    );
  }
  return { nationalId: nationalId ?? null, organizationNumber: organizationNumber ?? null };
}

/**
 * The checks of checkCorrespondents that hold whatever the post's screening turns out to be, for
 * when the screening itself was refused: a blank name, a number in a name left public on purpose.
 */
export const checkCorrespondentsAnyScreening = (
  input: Parameters<typeof checkCorrespondents>[0],
): CorrespondentData[] =>
  checkCorrespondents(input, {
    hasCode: true,
    screenedFields: [ScreenedField.CORRESPONDENT_NAME],
  });

/** Replaces the correspondents of a post, positions 0..n in the given order. */
export async function replaceCorrespondents(
  em: EntityManager,
  post: JournalPost,
  existing: Correspondent[],
  next: CorrespondentData[],
): Promise<void> {
  for (const c of existing) em.remove(c);
  next.forEach((c, position) => em.create(Correspondent, { journalPost: post, position, ...c }));
}

/**
 * After a change of screening: when the new screening covers correspondent names and the old one
 * did not (or the other way round), every correspondent takes the new default; otherwise the
 * per-correspondent choice (avskjerming av kontakt) stays. Names that become public are checked
 * for national identity numbers.
 */
export function rescreenCorrespondents(
  existing: Correspondent[],
  before: { hasCode: boolean; screenedFields: readonly ScreenedField[] },
  after: { hasCode: boolean; screenedFields: readonly ScreenedField[] },
): void {
  const covered = (s: typeof before) =>
    s.hasCode && s.screenedFields.includes(ScreenedField.CORRESPONDENT_NAME);
  const now = covered(after);
  const errors = new InputErrors();
  existing.forEach((c, i) => {
    if (!after.hasCode) c.screened = false;
    else if (covered(before) !== now) c.screened = now;
    errors.check(() => checkCorrespondentName(c.name, c.screened, i));
  });
  errors.throwIfAny();
}

/**
 * The user named as approver (godkjenner). Whether they may approve is decided before, by the
 * eligibility rules (policies/eligibility.ts); here the user is only loaded.
 */
export async function approverUser(
  em: EntityManager,
  userId: string | null,
  field: string,
): Promise<User> {
  const user = userId ? await em.findOne(User, { id: userId }) : null;
  if (!user) throw badInput(field, 'UNKNOWN_REFERENCE', `${field} names no user`);
  return user;
}

/**
 * Writes the audit event of a change to a post, with the changed fields' old and new values, in
 * the caller's transaction. The post's `updatedAt` is touched so that its version is bumped and
 * checked even when only its correspondents changed.
 */
export function auditPost(
  em: EntityManager,
  actor: Actor,
  action: string,
  post: JournalPost,
  before: Record<string, unknown>,
  extra: { reason?: string | null; changes?: Changes } = {},
): void {
  post.updatedAt = new Date();
  const changes = { ...diff(before, snapshot(post)), ...extra.changes };
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: `journalPost.${action}`,
    targetType: 'JournalPost',
    targetId: post.id,
    changes,
    reason: extra.reason ?? null,
  });
}

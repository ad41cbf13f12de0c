import { type EntityManager } from '@mikro-orm/postgresql';
import {
  type AccessGroup,
  type JournalPost,
  JournalPostType,
  ScreenedField,
  ScreeningCode,
  User,
} from '../../entities';
import { type Changes } from '../audit';
import { usableDocumentType } from '../documentTypes';
import { badInput, invalidState } from '../errors';
import { InputErrors } from '../inputErrors';
import { parseTitle } from '../publicTitle';
import { screenedFieldsFor, screeningExpiresOn } from '../screening';
import {
  requireAccessGroup,
  resolveTitles,
  usableAccessGroup,
  usableScreeningCode,
} from '../screeningInput';
import {
  type ActorToday,
  assertContentUnlocked,
  auditPost,
  checkCorrespondents,
  checkCorrespondentsAnyScreening,
  correspondentSnapshot,
  correspondentsOf,
  type CorrespondentData,
  registryId,
  replaceCorrespondents,
  requiredText,
  rescreenCorrespondents,
  snapshot,
  statusWord,
} from './common';
import { checkReceivedDate } from './register';
import { isClosedForGood, mayAssessScreening } from './states';

/** What a change may say about title and screening; null or undefined = unchanged. */
interface TitleAndScreeningChange {
  title?: string | null;
  publicTitle?: string | null;
  screeningCodeId?: string | null;
  screenedFields?: ScreenedField[] | null;
  legalBasis?: string | null;
}

const given = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

/**
 * Applies a change of title and/or screening to a post by the rules of domain.md ("Public
 * titles", screening): screened fields are the code's defaults unless given (XX screens all); the
 * legal basis is kept only when it differs from the code's; expiry is the journal date plus the
 * code's duration. A post whose title stays screened keeps its public title unless a new one is
 * given or the new title carries `{…}` markers. A code that is not changed is not re-checked for
 * being in use today (old posts keep codes that have since ended).
 *
 * Returns whether the screening (code or fields) changed, for the correspondents' flags.
 */
/** Screened fields and a legal basis mean nothing without a screening code. */
function refuseScreeningWithoutCode(
  errors: InputErrors,
  change: { screenedFields?: ScreenedField[] | null; legalBasis?: string | null },
): void {
  if (change.screenedFields?.length) {
    errors.add(
      'screenedFields',
      'NOT_ALLOWED',
      'Screened fields need a screening code (tilgangskode)',
    );
  }
  if (change.legalBasis?.trim()) {
    errors.add(
      'legalBasis',
      'NOT_ALLOWED',
      'A legal basis (skjermingshjemmel) needs a screening code',
    );
  }
}

async function applyTitleAndScreening(
  em: EntityManager,
  post: JournalPost,
  change: TitleAndScreeningChange,
  today: string,
): Promise<boolean> {
  const currentCodeId = post.screeningCode?.id ?? null;
  const codeChanged = given(change.screeningCodeId) && change.screeningCodeId !== currentCodeId;
  const screeningTouched = codeChanged || given(change.screenedFields) || given(change.legalBasis);
  if (!screeningTouched && !given(change.title) && !given(change.publicTitle)) return false;

  const errors = new InputErrors();
  const found = codeChanged
    ? await errors.checkAsync(() => usableScreeningCode(em, change.screeningCodeId!, today))
    : currentCodeId
      ? await em.findOneOrFail(ScreeningCode, { id: currentCodeId })
      : null;
  const code: ScreeningCode | null = found ?? null;
  if (found === null) refuseScreeningWithoutCode(errors, change);
  const fields = code
    ? screenedFieldsFor(code, change.screenedFields ?? (codeChanged ? null : post.screenedFields))
    : [];
  const basis = code
    ? ((change.legalBasis?.trim() || (codeChanged ? null : post.legalBasis)) ?? null)
    : null;

  const titleWasScreened =
    currentCodeId !== null &&
    post.screenedFields.includes(ScreenedField.TITLE) &&
    post.publicTitle !== post.title;
  const newTitleHasMarkers = given(change.title) && parseTitle(change.title).derivedPublicTitle;
  const checked = errors.check(() =>
    resolveTitles(
      {
        title: change.title ?? post.title,
        publicTitle:
          change.publicTitle ?? (!newTitleHasMarkers && titleWasScreened ? post.publicTitle : null),
      },
      fields.includes(ScreenedField.TITLE),
    ),
  );
  const { titles } = errors.throwIfAny({ titles: checked });

  const fieldsChanged = JSON.stringify(fields) !== JSON.stringify(post.screenedFields);
  post.title = titles.title;
  post.publicTitle = titles.publicTitle;
  post.screeningCode = code;
  post.screenedFields = fields;
  post.legalBasis = code && basis && basis !== code.legalBasis ? basis : null;
  if (codeChanged) {
    post.screeningExpiresOn = code
      ? screeningExpiresOn(post.journalDate, code.defaultDurationYears)
      : null;
  }
  return codeChanged || fieldsChanged;
}

/** True once the group is set (or stays); a bad group throws. */
async function applyAccessGroup(
  em: EntityManager,
  post: JournalPost,
  accessGroupId: string | null | undefined,
): Promise<true> {
  if (!given(accessGroupId) || accessGroupId === post.accessGroup?.id) return true;
  post.accessGroup = (await usableAccessGroup(em, accessGroupId)) as AccessGroup;
  return true;
}

/** Need to know: checked when a change sets the post's code or group. */
async function checkNeedToKnow(
  em: EntityManager,
  errors: InputErrors,
  post: JournalPost,
  change: { screeningCodeId?: string | null; accessGroupId?: string | null },
): Promise<void> {
  if (!given(change.screeningCodeId) && !given(change.accessGroupId)) return;
  const code = post.screeningCode
    ? await em.findOneOrFail(ScreeningCode, { id: post.screeningCode.id })
    : null;
  errors.check(() => requireAccessGroup(code, post.accessGroup ?? null));
}

/** Screening facts before a change, for `rescreenCorrespondents`. */
const screeningOf = (post: JournalPost) => ({
  hasCode: post.screeningCode !== null && post.screeningCode !== undefined,
  screenedFields: [...post.screenedFields],
});

function correspondentChanges(
  before: CorrespondentData[],
  after: CorrespondentData[],
): Changes | undefined {
  const old = before.map(correspondentSnapshot);
  const next = after.map(correspondentSnapshot);
  return JSON.stringify(old) === JSON.stringify(next)
    ? undefined
    : { correspondents: { old, new: next } };
}

export interface UpdateInput extends TitleAndScreeningChange {
  documentDate?: string | null;
  dueDate?: string | null;
  correspondents?:
    | {
        role: CorrespondentData['role'];
        name: string;
        screened?: boolean | null;
        isPerson?: boolean | null;
        address?: string | null;
        email?: string | null;
        nationalId?: string | null;
        organizationNumber?: string | null;
      }[]
    | null;
  responsibleId?: string | null;
  accessGroupId?: string | null;
  /** Dokumenttype; null or omitted: unchanged */
  documentTypeId?: string | null;
}

/**
 * Endring av journalpost while its content is unlocked (RESERVED for U/N/X/S; TEMPORARY or
 * REGISTERED_BY_HANDLER for I). Only the given fields change; null means "unchanged". A temporary
 * screening (XX) is replaced only through the screening assessment.
 */
export async function updateJournalPost(
  em: EntityManager,
  actor: ActorToday,
  post: JournalPost,
  input: UpdateInput,
): Promise<JournalPost> {
  assertContentUnlocked(post);
  const before = snapshot(post);
  const beforeScreening = screeningOf(post);
  if (post.screeningCode && given(input.screeningCodeId)) {
    const current = await em.findOneOrFail(ScreeningCode, { id: post.screeningCode.id });
    if (current.temporary && input.screeningCodeId !== current.id) {
      throw badInput(
        'screeningCodeId',
        'NOT_ALLOWED',
        `The screening of ${registryId(post)} is temporary (${current.code}); assess it (assessScreening) to replace it`,
      );
    }
  }
  const existing = await correspondentsOf(em, post);
  const oldCorrespondents = existing.map(correspondentSnapshot);

  const errors = new InputErrors();
  const rescreened = await errors.checkAsync(() =>
    applyTitleAndScreening(em, post, input, actor.today),
  );
  const grouped = await errors.checkAsync(() => applyAccessGroup(em, post, input.accessGroupId));
  if (rescreened !== undefined && grouped) await checkNeedToKnow(em, errors, post, input);
  if (given(input.documentTypeId) && input.documentTypeId !== post.documentType?.id) {
    post.documentType = await errors.checkAsync(() =>
      usableDocumentType(em, input.documentTypeId!, actor.today),
    );
  }
  const correspondents = given(input.correspondents)
    ? errors.check(() =>
        rescreened === undefined
          ? checkCorrespondentsAnyScreening(input.correspondents!)
          : checkCorrespondents(input.correspondents!, screeningOf(post)),
      )
    : undefined;
  errors.throwIfAny();
  if (given(input.documentDate)) post.documentDate = input.documentDate;
  if (given(input.dueDate)) post.dueDate = input.dueDate;
  if (given(input.responsibleId) && input.responsibleId !== post.responsible?.id) {
    // Who may be named is decided before (policies/eligibility.ts).
    post.responsible = em.getReference(User, input.responsibleId);
  }

  let newCorrespondents = oldCorrespondents;
  if (correspondents) {
    newCorrespondents = correspondents;
    await replaceCorrespondents(em, post, existing, newCorrespondents);
  } else if (rescreened) {
    rescreenCorrespondents(existing, beforeScreening, screeningOf(post));
    newCorrespondents = existing.map(correspondentSnapshot);
  }

  const extra = correspondentChanges(oldCorrespondents, newCorrespondents);
  if (!extra && JSON.stringify(before) === JSON.stringify(snapshot(post))) return post;
  auditPost(em, actor, 'update', post, before, { changes: extra });
  return post;
}

export interface CorrectInput extends TitleAndScreeningChange {
  accessGroupId?: string | null;
  documentDate?: string | null;
  /** Mottatt dato, incoming posts only */
  receivedDate?: string | null;
  dueDate?: string | null;
  /** Replace the correspondents when given */
  correspondents?: UpdateInput['correspondents'];
  /** The handler; whether they may be named is decided before (the services) */
  responsibleId?: string | null;
}

/**
 * Arkivets korrigering: the only way to change a post whose content is locked. Title, public
 * title, screening (recomputed by the screening rules), access group, document date, received
 * date (incoming posts: not after today, not before the document date), due date,
 * correspondents and handler; the reason and the old values are kept in the audit event.
 */
export async function correctJournalPost(
  em: EntityManager,
  actor: ActorToday,
  post: JournalPost,
  input: CorrectInput,
  reasonText: string | null | undefined,
): Promise<JournalPost> {
  const errors = new InputErrors();
  const checkedReason = errors.check(() =>
    requiredText('reason', reasonText, 'A reason for the correction'),
  );
  const before = snapshot(post);
  const beforeScreening = screeningOf(post);
  const existing = await correspondentsOf(em, post);
  const oldCorrespondents = existing.map(correspondentSnapshot);

  const rescreened = await errors.checkAsync(() =>
    applyTitleAndScreening(em, post, input, actor.today),
  );
  const grouped = await errors.checkAsync(() => applyAccessGroup(em, post, input.accessGroupId));
  if (rescreened !== undefined && grouped) await checkNeedToKnow(em, errors, post, input);
  const correspondents = given(input.correspondents)
    ? errors.check(() =>
        rescreened === undefined
          ? checkCorrespondentsAnyScreening(input.correspondents!)
          : checkCorrespondents(input.correspondents!, screeningOf(post)),
      )
    : undefined;
  const incoming = post.type === JournalPostType.INCOMING;
  if (given(input.receivedDate) && !incoming) {
    errors.add(
      'receivedDate',
      'NOT_ALLOWED',
      'Only incoming documents (I) have a received date (mottatt dato)',
    );
  } else if (incoming) {
    checkReceivedDate(
      errors,
      input.receivedDate ?? null,
      input.documentDate ?? post.documentDate ?? null,
      actor.today,
    );
  }
  const { reason } = errors.throwIfAny({ reason: checkedReason });
  if (given(input.documentDate)) post.documentDate = input.documentDate;
  if (given(input.receivedDate)) post.receivedDate = input.receivedDate;
  if (given(input.dueDate)) post.dueDate = input.dueDate;
  if (given(input.responsibleId) && input.responsibleId !== post.responsible?.id) {
    post.responsible = em.getReference(User, input.responsibleId);
  }
  let newCorrespondents = existing.map(correspondentSnapshot);
  if (correspondents) {
    newCorrespondents = correspondents;
    await replaceCorrespondents(em, post, existing, correspondents);
  } else if (rescreened) {
    rescreenCorrespondents(existing, beforeScreening, screeningOf(post));
    newCorrespondents = existing.map(correspondentSnapshot);
  }

  const extra = correspondentChanges(oldCorrespondents, newCorrespondents);
  if (!extra && JSON.stringify(before) === JSON.stringify(snapshot(post))) {
    throw badInput([], 'NOT_ALLOWED', 'The correction changes nothing');
  }
  auditPost(em, actor, 'correct', post, before, { reason, changes: extra });
  return post;
}

export interface AssessInput {
  screeningCodeId: string | null;
  screenedFields?: ScreenedField[] | null;
  publicTitle?: string | null;
  legalBasis?: string | null;
}

/**
 * Offentlighetsvurdering of a post with a temporary screening (XX): the temporary code is
 * replaced by the assessed one (none = the post is open to the public), screened fields, public
 * title and correspondents' flags are recomputed, and the assessment date is set. A TEMPORARY post
 * stays TEMPORARY until the archive confirms it.
 */
export async function assessScreening(
  em: EntityManager,
  actor: ActorToday,
  post: JournalPost,
  input: AssessInput,
): Promise<JournalPost> {
  if (isClosedForGood(post)) {
    throw invalidState(
      post.status,
      `${registryId(post)} is ${statusWord(post.status)}; its screening stays`,
    );
  }
  const current = post.screeningCode
    ? await em.findOneOrFail(ScreeningCode, { id: post.screeningCode.id })
    : null;
  if (!mayAssessScreening({ status: post.status, screeningTemporary: !!current?.temporary })) {
    throw invalidState(
      post.status,
      `The screening of ${registryId(post)} is not temporary and has been assessed; only an archivist's correction can change it`,
    );
  }
  const errors = new InputErrors();
  const found = await errors.checkAsync(() =>
    usableScreeningCode(em, input.screeningCodeId, actor.today),
  );
  if (found?.temporary) {
    errors.add(
      'screeningCodeId',
      'NOT_ALLOWED',
      `Assess the screening: choose a screening code other than the temporary ${found.code}, or none`,
    );
  }
  if (found === null) refuseScreeningWithoutCode(errors, input);
  const code = found ?? null;
  if (found !== undefined) errors.check(() => requireAccessGroup(code, post.accessGroup ?? null));
  const before = snapshot(post);
  const beforeScreening = screeningOf(post);
  const existing = await correspondentsOf(em, post);
  const oldCorrespondents = existing.map(correspondentSnapshot);

  const fields = code ? screenedFieldsFor(code, input.screenedFields) : [];
  const checked = errors.check(() =>
    resolveTitles(
      {
        title: post.title,
        publicTitle:
          input.publicTitle ?? (post.publicTitle !== post.title ? post.publicTitle : null),
      },
      fields.includes(ScreenedField.TITLE),
    ),
  );
  const { titles } = errors.throwIfAny({ titles: checked });
  const basis = input.legalBasis?.trim() || null;
  post.title = titles.title;
  post.publicTitle = titles.publicTitle;
  post.screeningCode = code;
  post.screenedFields = fields;
  post.legalBasis = code && basis && basis !== code.legalBasis ? basis : null;
  post.screeningExpiresOn = code
    ? screeningExpiresOn(post.journalDate, code.defaultDurationYears)
    : null;
  post.screeningAssessedOn = actor.today;
  rescreenCorrespondents(existing, beforeScreening, screeningOf(post));

  auditPost(em, actor, 'assessScreening', post, before, {
    changes: correspondentChanges(oldCorrespondents, existing.map(correspondentSnapshot)),
  });
  return post;
}

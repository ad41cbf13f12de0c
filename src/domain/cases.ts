import { LockMode } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';
import {
  type AccessGroup,
  Case,
  CaseInternalContact,
  CaseStatus,
  JournalPost,
  JournalPostType,
  JournalStatus,
  RemarkType,
  ScreenedField,
  type ScreeningCode,
  Unit,
  User,
  WriteOffMethod,
} from '../entities';
import { query, sql } from '../db/sqlTemplate';
import { type Actor } from './administration';
import { activePart } from './archiveParts';
import {
  awaitsArchiveCheck,
  closableFrom,
  isCaseChangeable,
  isClosed,
  mayCancelCase,
} from './caseStates';
import { type Changes, diff, recordAudit } from './audit';
import { badInput, conflict, invalidState, notFound } from './errors';
import { InputErrors } from './inputErrors';
import { caseSeries, nextNumber } from './numbering';
import { parseTitle } from './publicTitle';
import { createRemark, remarkText } from './remarks';
import { screenedFieldsFor, screeningExpiresOn } from './screening';
import {
  resolveTitles,
  requireAccessGroup,
  resolveTitleAndScreening,
  usableAccessGroup,
  usableScreeningCode,
} from './screeningInput';
import { todayInOslo } from './workingDays';

/**
 * The life cycle of a case (domain.md, "Life cycle"): RESERVED (created by a handler) →
 * IN_PROGRESS (after the archive's check, or at once when the archive creates it) →
 * CLOSED_BY_HANDLER → CLOSED (by the archive); reopened by the archive with a reason; CANCELLED
 * (utgår) while it holds nothing but cancelled posts.
 *
 * Each function runs inside the caller's transaction and adds its audit event there. They check
 * the STATE a case must be in (the pure rules of caseStates.ts); WHO may do each action, and who
 * may be named, is decided before, by the service (services/cases.ts) asking the policies. Every
 * refusal is an AppError with a message a front end can show as it is, naming the case number.
 */

/** Posts whose work is not done yet: a case with any of them cannot be closed. */
const UNFINISHED: ReadonlySet<JournalStatus> = new Set([
  JournalStatus.RESERVED,
  JournalStatus.FINALIZED,
  JournalStatus.APPROVED,
  JournalStatus.TEMPORARY,
  JournalStatus.REGISTERED_BY_HANDLER,
]);

/** I and N posts must be written off (avskrevet); closing the case does it for the rest (SA). */
const FOLLOW_UP: ReadonlySet<JournalPostType> = new Set([
  JournalPostType.INCOMING,
  JournalPostType.INTERNAL_FOLLOW_UP,
]);

const STATUS_TEXT: Record<CaseStatus, string> = {
  [CaseStatus.RESERVED]: 'reserved and not yet checked by the archive',
  [CaseStatus.IN_PROGRESS]: 'in progress',
  [CaseStatus.CLOSED_BY_HANDLER]: 'closed by the handler',
  [CaseStatus.CLOSED]: 'closed',
  [CaseStatus.CANCELLED]: 'cancelled',
};

const REASON_MAX = 2000;

function audit(actor: Actor, action: string, c: Case) {
  return {
    actorId: actor.userId,
    requestId: actor.requestId,
    action,
    targetType: 'Case',
    targetId: c.id,
  };
}

/** The audited fields of a case, as plain values. */
function snapshot(c: Case): Record<string, unknown> {
  return {
    title: c.title,
    publicTitle: c.publicTitle,
    status: c.status,
    responsibleUnitId: c.responsibleUnit.id,
    caseResponsibleId: c.caseResponsible?.id ?? null,
    accessGroupId: c.accessGroup?.id ?? null,
    screeningCodeId: c.screeningCode?.id ?? null,
    screenedFields: [...c.screenedFields],
    legalBasis: c.legalBasis ?? null,
    screeningExpiresOn: c.screeningExpiresOn ?? null,
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A required free-text reason (begrunnelse), trimmed. */
export function requiredReason(reason: string, what: string): string {
  const r = reason.trim();
  if (!r) throw badInput('reason', 'REQUIRED', `Give a reason for ${what}`);
  if (r.length > REASON_MAX) {
    throw badInput('reason', 'TOO_LONG', `The reason must be at most ${REASON_MAX} characters`, {
      max: REASON_MAX,
    });
  }
  return r;
}

/** The unit a new case is to belong to (ansvarlig enhet). */
export async function responsibleUnit(em: EntityManager, id: string): Promise<Unit> {
  const unit = await em.findOne(Unit, { id });
  if (!unit) {
    throw badInput('responsibleUnitId', 'UNKNOWN_REFERENCE', 'responsibleUnitId names no unit');
  }
  return unit;
}

/**
 * Loads the case for a change inside the transaction. Its `version` makes the change fail with
 * CONFLICT (services/funnel.ts) when another transaction changed the case since it was read.
 *
 * `lock`: the case row stays locked (FOR UPDATE) until the transaction ends, for changes that
 * depend on the case's journal posts (closing, cancelling): a registration that reads the case
 * FOR SHARE waits, and then finds the case closed.
 */
export async function loadCase(em: EntityManager, id: string, lock = false): Promise<Case> {
  if (lock) {
    await em.findOne(Case, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }
  const c = await em.findOne(Case, { id }, { populate: ['screeningCode', 'responsibleUnit'] });
  if (!c) throw notFound('The case');
  return c;
}

/** Metadata may change until the case is closed by the archive or cancelled. */
export function assertChangeable(c: Case): void {
  if (isCaseChangeable(c.status)) return;
  if (c.status === CaseStatus.CLOSED) {
    throw invalidState(
      c.status,
      `The case ${c.caseNumber} is closed; reopen it before changing it`,
    );
  }
  if (c.status === CaseStatus.CANCELLED) {
    throw invalidState(
      c.status,
      `The case ${c.caseNumber} is cancelled and can no longer be changed`,
    );
  }
}

/**
 * The user named case responsible (saksansvarlig). Whether they may be is decided before, by the
 * eligibility rules (policies/eligibility.ts); here the user is only loaded.
 */
async function namedUser(em: EntityManager, field: string, userId: string): Promise<User> {
  const user = await em.findOne(User, { id: userId });
  if (!user) throw badInput(field, 'UNKNOWN_REFERENCE', `${field} names no user`);
  return user;
}

export interface CreateCaseData {
  title: string;
  publicTitle: string | null;
  responsibleUnitId: string;
  caseResponsibleId: string | null;
  accessGroupId: string | null;
  screeningCodeId: string | null;
  screenedFields: ScreenedField[] | null;
  legalBasis: string | null;
  /** The calendar date in Norway: the case year and the start of the screening period */
  today: string;
  /** The creator may do the archive's check themselves: the case starts IN_PROGRESS */
  checkedByArchive: boolean;
}

/** Opprett sak: the next case number of the year, RESERVED until the archive has checked it. */
export async function createCase(
  em: EntityManager,
  actor: Actor,
  input: CreateCaseData,
): Promise<Case> {
  const errors = new InputErrors();
  const { unit, screening, caseResponsible } = errors.throwIfAny({
    unit: await errors.checkAsync(() => responsibleUnit(em, input.responsibleUnitId)),
    screening: await errors.checkAsync(() =>
      resolveTitleAndScreening(em, { ...input, journalDate: input.today }, input.today),
    ),
    caseResponsible: await errors.checkAsync(() =>
      namedUser(em, 'caseResponsibleId', input.caseResponsibleId ?? actor.userId),
    ),
  });
  const archivePart = await activePart(em);
  const year = Number(input.today.slice(0, 4));
  const sequence = await nextNumber(em, caseSeries(year));
  const c = em.create(Case, {
    caseYear: year,
    caseSequence: sequence,
    caseNumber: `${year}/${sequence}`,
    title: screening.title,
    publicTitle: screening.publicTitle,
    status: input.checkedByArchive ? CaseStatus.IN_PROGRESS : CaseStatus.RESERVED,
    archivePart,
    responsibleUnit: unit,
    caseResponsible,
    createdBy: em.getReference(User, actor.userId),
    accessGroup: screening.accessGroup,
    screeningCode: screening.screeningCode,
    screenedFields: screening.screenedFields,
    legalBasis: screening.legalBasis,
    screeningExpiresOn: screening.screeningExpiresOn,
  });
  recordAudit(em, {
    ...audit(actor, 'case.create', c),
    changes: diff({}, { caseNumber: c.caseNumber, archivePartId: archivePart.id, ...snapshot(c) }),
  });
  return c;
}

/** The changes of an UpdateCaseInput: undefined = keep; null = clear (or back to the default). */
export interface UpdateCaseData {
  title?: string | null;
  publicTitle?: string | null;
  accessGroupId?: string | null;
  screeningCodeId?: string | null;
  screenedFields?: ScreenedField[] | null;
  legalBasis?: string | null;
  today: string;
}

/**
 * Endre sak: only the fields given change. A new screening code brings its default screened
 * fields, legal basis and duration (counted from the day the case was created) unless those are
 * given too; a code or access group already on the case stays even if it has since ended.
 */
export async function updateCase(
  em: EntityManager,
  actor: Actor,
  id: string,
  input: UpdateCaseData,
): Promise<Case> {
  const c = await loadCase(em, id);
  assertChangeable(c);
  const before = snapshot(c);

  const oldCode = c.screeningCode ?? null;
  const codeChanged =
    input.screeningCodeId !== undefined && input.screeningCodeId !== (oldCode?.id ?? null);
  const errors = new InputErrors();
  const found = codeChanged
    ? await errors.checkAsync(() =>
        usableScreeningCode(em, input.screeningCodeId ?? null, input.today),
      )
    : oldCode;
  const code: ScreeningCode | null = found ?? null;
  if (found === null && input.screenedFields?.length) {
    errors.add(
      'screenedFields',
      'NOT_ALLOWED',
      'Screened fields need a screening code (tilgangskode)',
    );
  }
  const screenedFields = !code
    ? []
    : codeChanged || input.screenedFields !== undefined
      ? screenedFieldsFor(code, input.screenedFields)
      : c.screenedFields;
  const basis =
    input.legalBasis !== undefined
      ? input.legalBasis?.trim() || null
      : codeChanged
        ? null
        : (c.legalBasis ?? null);
  const legalBasis = code && basis && basis !== code.legalBasis ? basis : null;
  const expiresOn = codeChanged
    ? code
      ? screeningExpiresOn(todayInOslo(c.createdAt), code.defaultDurationYears)
      : null
    : (c.screeningExpiresOn ?? null);

  const oldGroup = c.accessGroup ?? null;
  const groupChanged =
    input.accessGroupId !== undefined && input.accessGroupId !== (oldGroup?.id ?? null);
  const groupFound = groupChanged
    ? await errors.checkAsync(() => usableAccessGroup(em, input.accessGroupId ?? null))
    : oldGroup;
  const accessGroup: AccessGroup | null = groupFound ?? null;
  // Need to know: checked when this change sets the code or the group (an older record keeps
  // its title changes possible until its screening is touched).
  if ((codeChanged || groupChanged) && found !== undefined && groupFound !== undefined) {
    errors.check(() => requireAccessGroup(code, accessGroup));
  }

  const wasTitleScreened = c.screenedFields.includes(ScreenedField.TITLE);
  const titleScreened = screenedFields.includes(ScreenedField.TITLE);
  if (
    input.title !== undefined ||
    input.publicTitle !== undefined ||
    wasTitleScreened !== titleScreened
  ) {
    const title = input.title !== undefined ? (input.title ?? '') : c.title;
    // An explicit public title wins; new {markers} derive a new one; otherwise a public form
    // the case already has is kept.
    const publicTitle =
      input.publicTitle !== undefined
        ? input.publicTitle
        : input.title && parseTitle(input.title).derivedPublicTitle
          ? null
          : c.publicTitle !== c.title
            ? c.publicTitle
            : null;
    const titles = errors.check(() => resolveTitles({ title, publicTitle }, titleScreened));
    if (titles) {
      c.title = titles.title;
      c.publicTitle = titles.publicTitle;
    }
  }
  errors.throwIfAny();
  c.screeningCode = code;
  c.screenedFields = screenedFields;
  c.legalBasis = legalBasis;
  c.screeningExpiresOn = expiresOn;
  c.accessGroup = accessGroup;

  const changes = diff(before, snapshot(c));
  if (accessGroup !== oldGroup) {
    // Posts carry the access group they inherited at registration. Those still on the case's
    // old group follow it, so restricting a case restricts what is already in it; posts given a
    // group of their own keep theirs.
    const followed = await query<{ id: string }>(
      em,
      sql`update journal_post set access_group_id = ${accessGroup?.id ?? null}, version = version + 1
          where case_id = ${c.id} and access_group_id is not distinct from ${oldGroup?.id ?? null}
          returning id`,
    );
    if (followed.length) {
      changes.journalPostsAccessGroup = {
        old: oldGroup?.id ?? null,
        new: followed.map((r) => r.id),
      };
    }
  }
  if (Object.keys(changes).length) {
    recordAudit(em, { ...audit(actor, 'case.update', c), changes });
  }
  return c;
}

/** Godkjenn sak, the archive's check: RESERVED → IN_PROGRESS. */
export async function approveCase(em: EntityManager, actor: Actor, id: string): Promise<Case> {
  const c = await loadCase(em, id);
  if (!awaitsArchiveCheck(c.status)) {
    throw invalidState(
      c.status,
      `The case ${c.caseNumber} is ${STATUS_TEXT[c.status]}; only a reserved case awaits the archive's check`,
    );
  }
  c.status = CaseStatus.IN_PROGRESS;
  recordAudit(em, {
    ...audit(actor, 'case.approve', c),
    changes: { status: { old: CaseStatus.RESERVED, new: c.status } },
  });
  return c;
}

/**
 * Avslutt sak. The archive closes a case in progress or closed by its handler (CLOSED); a handler
 * closes a case in progress (CLOSED_BY_HANDLER). Refused while any journal post is unfinished.
 * Open I and N posts are written off with SA (CASE_CLOSED); when the archive closes, every
 * post that is not cancelled becomes ARCHIVED. A remark saying why (avslutningsmerknad) is stored
 * as a CLOSING remark of the case, named in the same audit event.
 */
export async function closeCase(
  em: EntityManager,
  actor: Actor,
  id: string,
  input: { byArchive: boolean; today: string; remark?: string | null },
): Promise<Case> {
  const remark = input.remark == null ? null : remarkText(input.remark, 'remark');
  const c = await loadCase(em, id, true);
  const n = c.caseNumber;
  if (!closableFrom(input.byArchive).includes(c.status)) {
    throw invalidState(
      c.status,
      c.status === CaseStatus.RESERVED
        ? `The case ${n} is reserved and not yet checked by the archive; it cannot be closed before it is approved (cancel it instead if it is not needed)`
        : c.status === CaseStatus.CLOSED_BY_HANDLER
          ? `The case ${n} is already closed by the handler; the archive closes it for good`
          : `The case ${n} is ${STATUS_TEXT[c.status]} and cannot be closed`,
    );
  }
  const posts = await em.find(JournalPost, { case: c }, { orderBy: { documentNumber: 'asc' } });
  const unfinished = posts.filter((p) => UNFINISHED.has(p.status));
  if (unfinished.length) {
    const shown = unfinished.slice(0, 5).map((p) => `${n}-${p.documentNumber}`);
    const more = unfinished.length > shown.length ? ', …' : '';
    throw invalidState(
      c.status,
      `${n} has ${plural(unfinished.length, 'unfinished journal post', 'unfinished journal posts')} (${shown.join(', ')}${more}); finish or cancel them first`,
    );
  }

  const writtenOff = posts.filter(
    (p) => FOLLOW_UP.has(p.type) && !p.writeOffMethod && p.status !== JournalStatus.CANCELLED,
  );
  for (const p of writtenOff) {
    p.writeOffMethod = WriteOffMethod.CASE_CLOSED;
    p.writeOffDate = input.today;
    p.writtenOffBy = em.getReference(User, actor.userId);
  }
  const archived = input.byArchive
    ? posts.filter(
        (p) => p.status !== JournalStatus.CANCELLED && p.status !== JournalStatus.ARCHIVED,
      )
    : [];
  for (const p of archived) p.status = JournalStatus.ARCHIVED;

  const old = { status: c.status, closedAt: c.closedAt ?? null };
  c.status = input.byArchive ? CaseStatus.CLOSED : CaseStatus.CLOSED_BY_HANDLER;
  c.closedAt = new Date();
  const changes: Changes = {
    status: { old: old.status, new: c.status },
    closedAt: { old: old.closedAt, new: c.closedAt },
  };
  if (writtenOff.length) {
    changes.writtenOffPostIds = { old: null, new: writtenOff.map((p) => p.id) };
  }
  if (archived.length) changes.archivedPostIds = { old: null, new: archived.map((p) => p.id) };
  if (remark !== null) {
    const closing = createRemark(
      em,
      actor,
      { caseId: c.id },
      { type: RemarkType.CLOSING, text: remark },
    );
    changes.remark = { old: null, new: { id: closing.id, type: closing.type } };
  }
  recordAudit(em, { ...audit(actor, 'case.close', c), changes });
  return c;
}

/** Gjenåpne sak: the archive reopens a closed case, with a reason (IN_PROGRESS). */
export async function reopenCase(
  em: EntityManager,
  actor: Actor,
  id: string,
  reason: string,
): Promise<Case> {
  const why = requiredReason(reason, 'reopening the case');
  const c = await loadCase(em, id);
  if (!isClosed(c.status)) {
    throw invalidState(
      c.status,
      `The case ${c.caseNumber} is ${STATUS_TEXT[c.status]}, not closed`,
    );
  }
  const old = { status: c.status, closedAt: c.closedAt ?? null };
  c.status = CaseStatus.IN_PROGRESS;
  c.closedAt = null;
  recordAudit(em, {
    ...audit(actor, 'case.reopen', c),
    changes: {
      status: { old: old.status, new: c.status },
      closedAt: { old: old.closedAt, new: null },
    },
    reason: why,
  });
  return c;
}

/**
 * Sak utgår: a case registered by mistake (a duplicate) is cancelled, with a reason. It stays on
 * record. Only while it is open and holds no journal post other than cancelled ones.
 */
export async function cancelCase(
  em: EntityManager,
  actor: Actor,
  id: string,
  reason: string,
): Promise<Case> {
  const why = requiredReason(reason, 'cancelling the case');
  const c = await loadCase(em, id, true);
  const n = c.caseNumber;
  if (!mayCancelCase(c.status)) {
    throw invalidState(
      c.status,
      c.status === CaseStatus.CANCELLED
        ? `The case ${n} is already cancelled`
        : `The case ${n} is ${STATUS_TEXT[c.status]}; a closed case cannot be cancelled`,
    );
  }
  const live = await em.count(JournalPost, { case: c, status: { $ne: JournalStatus.CANCELLED } });
  if (live) {
    throw invalidState(
      c.status,
      `The case ${n} holds ${plural(live, 'journal post that is', 'journal posts that are')} not cancelled; cancel them first, or close the case instead`,
    );
  }
  const old = c.status;
  c.status = CaseStatus.CANCELLED;
  recordAudit(em, {
    ...audit(actor, 'case.cancel', c),
    changes: { status: { old, new: c.status } },
    reason: why,
  });
  return c;
}

/** Legg til intern kontakt: the user may then read the case in full. */
export async function addInternalContact(
  em: EntityManager,
  actor: Actor,
  input: { caseId: string; userId: string },
): Promise<Case> {
  const c = await loadCase(em, input.caseId);
  const user = await namedUser(em, 'userId', input.userId);
  if (await em.count(CaseInternalContact, { case: c, user })) {
    throw conflict(`${user.displayName} is already an internal contact on ${c.caseNumber}`);
  }
  em.create(CaseInternalContact, { case: c, user, addedBy: em.getReference(User, actor.userId) });
  recordAudit(em, {
    ...audit(actor, 'case.addInternalContact', c),
    changes: { internalContact: { old: null, new: { userId: user.id } } },
  });
  return c;
}

/** Fjern intern kontakt. */
export async function removeInternalContact(
  em: EntityManager,
  actor: Actor,
  input: { caseId: string; userId: string },
): Promise<Case> {
  const c = await loadCase(em, input.caseId);
  const contact = await em.findOne(CaseInternalContact, { case: c, user: input.userId });
  if (!contact) throw notFound('That internal contact');
  em.remove(contact);
  recordAudit(em, {
    ...audit(actor, 'case.removeInternalContact', c),
    changes: { internalContact: { old: { userId: input.userId }, new: null } },
  });
  return c;
}

/** Tildel saksansvarlig: the case gets a new case responsible. */
export async function assignCaseResponsible(
  em: EntityManager,
  actor: Actor,
  input: { caseId: string; userId: string },
): Promise<Case> {
  const c = await loadCase(em, input.caseId);
  assertChangeable(c);
  const user = await namedUser(em, 'userId', input.userId);
  const old = c.caseResponsible?.id ?? null;
  if (old === user.id) {
    throw conflict(`${user.displayName} is already the case responsible for ${c.caseNumber}`);
  }
  c.caseResponsible = user;
  recordAudit(em, {
    ...audit(actor, 'case.assignResponsible', c),
    changes: { caseResponsibleId: { old, new: user.id } },
  });
  return c;
}

import { LockMode } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';
import {
  Case,
  CaseStatus,
  Correspondent,
  JournalPost,
  JournalPostType,
  JournalStatus,
  type ScreenedField,
  ScreeningCode,
  User,
} from '../../entities';
import { assertPartTakesPosts } from '../archiveParts';
import { recordAudit } from '../audit';
import { acceptsPosts } from '../caseStates';
import { usableDocumentType } from '../documentTypes';
import { badInput, invalidState, notFound } from '../errors';
import { InputErrors } from '../inputErrors';
import { documentSeries, journalSeries, nextNumber } from '../numbering';
import { isScreeningActive } from '../screening';
import { resolveTitleAndScreening } from '../screeningInput';
import {
  type ActorToday,
  checkCorrespondents,
  checkCorrespondentsAnyScreening,
  correspondentSnapshot,
  needsFollowUp,
  snapshot,
} from './common';
import { type UpdateInput } from './content';

/** Forfallsdato for I and N posts when none is given: three weeks (calendar days) later. */
export const DEFAULT_DUE_DAYS = 21;

export function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** What the registration says, apart from the ids of the records it names. */
export interface RegisterInput {
  type: JournalPostType;
  title: string;
  publicTitle?: string | null;
  documentDate?: string | null;
  /** Mottatt dato, incoming posts only: the journal date when none */
  receivedDate?: string | null;
  dueDate?: string | null;
  correspondents?: UpdateInput['correspondents'];
  screenedFields?: ScreenedField[] | null;
  legalBasis?: string | null;
  screeningPending?: boolean | null;
  /** Dokumenttype: the id of a type (already of the right kind), which must be in use */
  documentTypeId?: string | null;
}

export interface RegisterOptions {
  input: RegisterInput;
  caseId: string;
  /**
   * Ids already checked to be of the right kind, the responsible one also eligible. No
   * responsible: the actor, except for an incoming post registered by the archive, which goes to
   * the case responsible, or, where the case has none, to its unit's queue (no responsible).
   */
  responsibleId: string | null;
  accessGroupId: string | null;
  screeningCodeId: string | null;
  /**
   * The archive registers this post (the policies let the viewer register incoming post in any
   * case): an incoming letter is then REGISTERED (or TEMPORARY) at once.
   */
  byArchive: boolean;
}

/**
 * Mottatt dato: not after today (a letter is registered once it has come), and not before its
 * document date (a letter is not received before it was written).
 */
export function checkReceivedDate(
  errors: InputErrors,
  receivedDate: string | null,
  documentDate: string | null,
  today: string,
): void {
  if (!receivedDate) return;
  if (receivedDate > today) {
    errors.add('receivedDate', 'OUT_OF_RANGE', 'receivedDate must be today or earlier', {
      max: today,
    });
  } else if (documentDate && receivedDate < documentDate) {
    errors.add(
      'receivedDate',
      'OUT_OF_RANGE',
      'receivedDate must be the document date (dokumentdato) or later',
      { min: documentDate },
    );
  }
}

/**
 * The case responsible, where the case has one who is still active and is not the archivist
 * registering (a case the archive opened on receipt is the unit's to distribute).
 */
async function activeCaseResponsible(
  em: EntityManager,
  caseFile: Case,
  actorId: string,
): Promise<string | null> {
  if (!caseFile.caseResponsible || caseFile.caseResponsible.id === actorId) return null;
  const user = await em.findOne(User, { id: caseFile.caseResponsible.id, active: true });
  return user?.id ?? null;
}

/** The temporary code (XX, midlertidig sperret) in use today. */
async function temporaryCode(em: EntityManager, today: string): Promise<ScreeningCode> {
  const code = await em.findOne(
    ScreeningCode,
    {
      temporary: true,
      validFrom: { $lte: today },
      $or: [{ validTo: null }, { validTo: { $gte: today } }],
    },
    { orderBy: { code: 'asc' } },
  );
  if (!code) {
    throw badInput(
      'screeningPending',
      'NOT_ALLOWED',
      'No temporary screening code (like XX, midlertidig sperret) is in use; ask an administrator to create one',
    );
  }
  return code;
}

/**
 * Registrering av journalpost (domain.md, "Life cycle" and "Numbering").
 *
 * - Status: an incoming letter registered by the archive is REGISTERED, or TEMPORARY while its
 *   screening is still to be assessed (`screeningPending`, or a temporary code such as XX given);
 *   registered by a handler it is REGISTERED_BY_HANDLER until the archive's check (with a
 *   temporary code it must also be assessed before that check). U, N, X and S start RESERVED.
 * - Access group and screening (code, screened fields, legal basis override) are the case's
 *   unless given; a case whose screening has expired passes none on. A TEMPORARY post gets the
 *   temporary code (XX) instead.
 * - journalDate = today; journal year and sequence number from the year's counter, document
 *   number from the case's counter. Both counters stay locked until the transaction ends, so the
 *   numbers are gapless among committed posts; they are drawn last, after every check, to hold
 *   the locks as briefly as possible.
 */
export async function registerJournalPost(
  em: EntityManager,
  actor: ActorToday,
  opts: RegisterOptions,
): Promise<JournalPost> {
  const { input } = opts;
  const { today } = actor;
  // FOR SHARE: the case cannot be closed while a post is being registered in it.
  const caseFile = await em.findOne(
    Case,
    { id: opts.caseId },
    { lockMode: LockMode.PESSIMISTIC_READ, refresh: true },
  );
  if (!caseFile) throw notFound('The case');
  if (!acceptsPosts(caseFile.status)) {
    throw invalidState(
      caseFile.status,
      caseFile.status === CaseStatus.CANCELLED
        ? `The case ${caseFile.caseNumber} is cancelled (utgår); no documents can be registered in it`
        : `The case ${caseFile.caseNumber} is closed; reopen it before registering new documents`,
    );
  }
  await assertPartTakesPosts(em, caseFile);

  const errors = new InputErrors();
  const incoming = input.type === JournalPostType.INCOMING;
  if (input.screeningPending && !incoming) {
    errors.add(
      'screeningPending',
      'NOT_ALLOWED',
      'Only incoming documents are registered temporarily while their screening is assessed',
    );
  }

  // Screening: given, or pending (the temporary code), or inherited from the case.
  let codeId: string | null;
  let fields: ScreenedField[] | null | undefined = input.screenedFields;
  let legalBasis = input.legalBasis;
  if (input.screeningPending) {
    codeId =
      opts.screeningCodeId ?? (await errors.checkAsync(() => temporaryCode(em, today)))?.id ?? null;
  } else if (opts.screeningCodeId) {
    codeId = opts.screeningCodeId;
  } else if (
    caseFile.screeningCode &&
    isScreeningActive(
      {
        screeningCodeId: caseFile.screeningCode.id,
        screeningExpiresOn: caseFile.screeningExpiresOn ?? null,
      },
      today,
    )
  ) {
    codeId = caseFile.screeningCode.id;
    fields ??= caseFile.screenedFields;
    legalBasis ??= caseFile.legalBasis;
  } else {
    codeId = null;
  }
  if (!codeId && input.legalBasis?.trim()) {
    errors.add(
      'legalBasis',
      'NOT_ALLOWED',
      'A legal basis (skjermingshjemmel) needs a screening code',
    );
  }
  const found = await errors.checkAsync(() =>
    resolveTitleAndScreening(
      em,
      {
        title: input.title,
        publicTitle: input.publicTitle,
        screeningCodeId: codeId,
        screenedFields: fields,
        legalBasis,
        accessGroupId: opts.accessGroupId ?? caseFile.accessGroup?.id ?? null,
        journalDate: today,
      },
      today,
    ),
  );
  const pending = incoming && (found?.screeningCode?.temporary ?? false);
  if (found && input.screeningPending && !pending) {
    errors.add(
      'screeningCodeId',
      'NOT_ALLOWED',
      'A temporary registration needs a temporary screening code such as XX (midlertidig sperret)',
    );
  }

  const checked = errors.check(() =>
    found
      ? checkCorrespondents(input.correspondents ?? [], {
          hasCode: found.screeningCode !== null,
          screenedFields: found.screenedFields,
        })
      : checkCorrespondentsAnyScreening(input.correspondents ?? []),
  );
  if (input.receivedDate && !incoming) {
    errors.add(
      'receivedDate',
      'NOT_ALLOWED',
      'Only incoming documents (I) have a received date (mottatt dato)',
    );
  }
  const receivedDate = incoming ? (input.receivedDate ?? today) : null;
  checkReceivedDate(errors, receivedDate, input.documentDate ?? null, today);
  const documentType = input.documentTypeId
    ? await errors.checkAsync(() => usableDocumentType(em, input.documentTypeId!, today))
    : null;
  const { screening, correspondents } = errors.throwIfAny({
    screening: found,
    correspondents: checked,
  });

  const responsibleId =
    opts.responsibleId ??
    (incoming && opts.byArchive
      ? await activeCaseResponsible(em, caseFile, actor.userId)
      : actor.userId);
  const responsible = responsibleId ? em.getReference(User, responsibleId) : null;

  let status: JournalStatus;
  if (!incoming) status = JournalStatus.RESERVED;
  else if (!opts.byArchive) status = JournalStatus.REGISTERED_BY_HANDLER;
  else status = pending ? JournalStatus.TEMPORARY : JournalStatus.REGISTERED;

  const journalYear = Number(today.slice(0, 4));
  const journalSequenceNumber = await nextNumber(em, journalSeries(journalYear));
  const documentNumber = await nextNumber(em, documentSeries(caseFile.id));

  const post = em.create(JournalPost, {
    case: caseFile,
    documentNumber,
    journalYear,
    journalSequenceNumber,
    type: input.type,
    status,
    title: screening.title,
    publicTitle: screening.publicTitle,
    journalDate: today,
    documentDate: input.documentDate ?? null,
    receivedDate,
    dueDate:
      input.dueDate ??
      (needsFollowUp(input.type) ? addCalendarDays(today, DEFAULT_DUE_DAYS) : null),
    responsible,
    responsibleUnit: caseFile.responsibleUnit,
    createdBy: em.getReference(User, actor.userId),
    accessGroup: screening.accessGroup,
    screeningCode: screening.screeningCode,
    legalBasis: screening.legalBasis,
    screenedFields: screening.screenedFields,
    screeningExpiresOn: screening.screeningExpiresOn,
    documentType: documentType ?? null,
  });
  correspondents.forEach((c, position) =>
    em.create(Correspondent, { journalPost: post, position, ...c }),
  );

  const changes = Object.fromEntries(
    Object.entries({
      ...snapshot(post),
      caseId: caseFile.id,
      type: post.type,
      registryId: `${caseFile.caseNumber}-${documentNumber}`,
      journalDate: today,
      journalYear,
      journalSequenceNumber,
      documentNumber,
      correspondents: correspondents.map(correspondentSnapshot),
    })
      .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => [k, { old: null, new: v }]),
  );
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: 'journalPost.register',
    targetType: 'JournalPost',
    targetId: post.id,
    changes,
  });
  return post;
}

// Turns the case stories into cases, journal posts and correspondents: places every step on a
// working day, numbers cases and posts without gaps, gives each post a status consistent with the
// life cycle in domain.md, screens it, and writes off what has been dealt with.
import { parseTitle } from '../../domain/publicTitle';
import {
  CaseStatus,
  CorrespondentRole,
  JournalPostType,
  JournalStatus,
  ScreenedField,
  WriteOffMethod,
} from '../../entities/enums';
import { type CaseDef, type PostType, type StepDef, type WriteOffHint } from './cases';
import {
  addDays,
  addYears,
  at,
  daysBetween,
  maxDate,
  minDate,
  workdayOnOrAfter,
  workdayOnOrBefore,
  yearOf,
} from './dates';
import { type Directory } from './directory';
import {
  type CasePartyRow,
  type CaseRow,
  type CorrespondentRow,
  type CounterRow,
  type InternalContactRow,
  type JournalPostRow,
} from './model';
import { type Rng } from './random';
import { screeningCode, type ScreeningCodeDef } from './screeningCodes';

const POST_TYPE: Record<PostType, JournalPostType> = {
  I: JournalPostType.INCOMING,
  U: JournalPostType.OUTGOING,
  N: JournalPostType.INTERNAL_FOLLOW_UP,
  X: JournalPostType.INTERNAL_NO_FOLLOW_UP,
  S: JournalPostType.CASE_PRESENTATION,
};

const DISPATCHED_OR_LATER = new Set([
  JournalStatus.DISPATCHED,
  JournalStatus.REGISTERED,
  JournalStatus.ARCHIVED,
]);

/** Due date of I and N posts: three weeks after registration. */
const DUE_DAYS = 21;

/** A text that is hidden from the public: a marked part of a title or a screened name. */
export interface HiddenText {
  text: string;
  /** The screening still applies on the reference date */
  active: boolean;
}

export interface Timeline {
  cases: CaseRow[];
  internalContacts: InternalContactRow[];
  journalPosts: JournalPostRow[];
  correspondents: CorrespondentRow[];
  counters: CounterRow[];
  caseParties: CasePartyRow[];
  hidden: HiddenText[];
  /** Texts anyone may read: public titles, unscreened correspondents, notes, bases */
  openTexts: string[];
  /** Texts public only because their screening has expired */
  expiredTexts: string[];
}

interface Screening {
  code: ScreeningCodeDef | null;
  fields: ScreenedField[];
  expiresOn: string | null;
  legalBasis: string | null;
}

interface Titles {
  title: string;
  publicTitle: string;
  hidden: string[];
}

interface CaseDraft {
  index: number;
  def: CaseDef;
  id: string;
  created: string;
  /** The last day a post may be registered */
  end: string;
  /** The handler closed the case (CLOSED_BY_HANDLER, and before the archive's CLOSED) */
  handlerClosed: string | null;
  /** The archive closed the case (CLOSED) */
  archiveClosed: string | null;
  responsible: string;
  createdBy: string;
  titles: Titles;
  screening: Screening;
  posts: PostDraft[];
  year: number;
  sequence: number;
  createdAt: Date;
}

interface PostDraft {
  kase: CaseDraft;
  step: StepDef;
  episode: number;
  index: number;
  date: string;
  id: string;
  type: JournalPostType;
  status: JournalStatus;
  documentNumber: number;
  responsible: string;
  createdBy: string;
  titles: Titles;
  screening: Screening;
  answers: PostDraft[];
  answeredBy: PostDraft[];
  writeOff: {
    method: WriteOffMethod;
    date: string;
    by: string;
    note: string | null;
    reply: PostDraft | null;
  } | null;
  year: number;
  sequence: number;
  createdAt: Date;
}

const isActive = (s: Screening, today: string): boolean =>
  s.code !== null && (s.expiresOn === null || today < s.expiresOn);

function titlesOf(
  input: string,
  explicit: string | undefined,
  s: Screening,
  where: string,
): Titles {
  const parsed = parseTitle(input);
  const hidden = [...input.matchAll(/\{([^{}]*)\}/g)].map((m) => (m[1] ?? '').trim());
  if (s.fields.includes(ScreenedField.TITLE)) {
    const publicTitle = explicit ?? parsed.derivedPublicTitle;
    if (!publicTitle) throw new Error(`${where}: screened title without markers or public title`);
    for (const h of hidden) {
      if (publicTitle.includes(h)) throw new Error(`${where}: "${h}" is in the public title`);
    }
    return { title: parsed.title, publicTitle, hidden };
  }
  if (hidden.length > 0 || explicit !== undefined) {
    throw new Error(`${where}: markers or public title on a title that is not screened`);
  }
  return { title: parsed.title, publicTitle: parsed.title, hidden: [] };
}

function screeningFor(code: ScreeningCodeDef | null, from: string, legalBasis?: string): Screening {
  if (!code) {
    if (legalBasis) throw new Error(`Legal basis ${legalBasis} without a screening code`);
    return { code: null, fields: [], expiresOn: null, legalBasis: null };
  }
  return {
    code,
    fields: [...code.defaultScreenedFields],
    expiresOn: code.defaultDurationYears ? addYears(from, code.defaultDurationYears) : null,
    legalBasis: legalBasis ?? null,
  };
}

export function buildTimeline(
  defs: CaseDef[],
  dir: Directory,
  rng: Rng,
  ids: Rng,
  today: string,
): Timeline {
  const drafts = defs.map((def, index) => draftCase(def, index, dir, rng, ids, today));
  for (const kase of drafts) {
    placePosts(kase, rng, today);
    for (const post of kase.posts) settlePost(post, dir, rng, ids, today);
    writeOffs(kase, dir, rng, today);
  }
  numberAll(drafts);
  return emit(drafts, dir, rng, ids, today);
}

function draftCase(
  def: CaseDef,
  index: number,
  dir: Directory,
  rng: Rng,
  ids: Rng,
  today: string,
): CaseDraft {
  const where = `Case "${def.title}"`;
  const closed = def.status === CaseStatus.CLOSED || def.status === CaseStatus.CLOSED_BY_HANDLER;
  if (closed !== (def.closeAfter !== undefined)) {
    throw new Error(`${where}: closeAfter goes with a closed status`);
  }
  if (def.created >= today) throw new Error(`${where}: created on or after the reference date`);
  const handlerClosed = def.closeAfter
    ? workdayOnOrBefore(addDays(def.created, def.closeAfter))
    : null;
  if (handlerClosed && handlerClosed >= today) throw new Error(`${where}: closed in the future`);
  const archiveClosed =
    handlerClosed && def.status === CaseStatus.CLOSED
      ? minDate(workdayOnOrAfter(addDays(handlerClosed, rng.int(4, 25))), addDays(today, -1))
      : null;
  const end = handlerClosed ?? today;

  const responsible = def.responsible ?? dir.pickHandler(rng, def.unit, def.created, end);
  if (!dir.handles(responsible, def.unit, def.created, end)) {
    throw new Error(`${where}: ${responsible} does not handle ${def.unit} cases throughout`);
  }
  let createdBy = def.createdBy;
  if (!createdBy) {
    createdBy =
      def.status === CaseStatus.RESERVED || rng.chance(0.5) ? responsible : dir.pickRegistrar(rng);
  }
  const byHandler = dir.handles(createdBy, def.unit, def.created);
  if (!byHandler && !dir.isArchivist(createdBy, def.created)) {
    throw new Error(`${where}: ${createdBy} may not create it`);
  }
  if (def.status === CaseStatus.RESERVED && !byHandler) {
    throw new Error(`${where}: a RESERVED case is one a handler created`);
  }
  if (def.legalBasis && !def.code) throw new Error(`${where}: legal basis without code`);
  const screening = screeningFor(
    def.code ? screeningCode(def.code) : null,
    def.created,
    def.legalBasis,
  );
  return {
    index,
    def,
    id: ids.uuid(),
    created: def.created,
    end,
    handlerClosed,
    archiveClosed,
    responsible,
    createdBy,
    titles: titlesOf(def.title, def.publicTitle, screening, where),
    screening,
    posts: [],
    year: yearOf(def.created),
    sequence: 0,
    createdAt: new Date(0),
  };
}

/** Puts every step on a date; steps that would fall after the case's last day do not happen. */
function placePosts(kase: CaseDraft, rng: Rng, today: string): void {
  const span = daysBetween(kase.created, kase.end);
  const placed: { step: StepDef; episode: number; index: number; date: string }[] = [];
  kase.def.episodes.forEach((episode, e) => {
    const length = episode.steps.reduce((sum, s) => sum + (s.gap ?? 0), 0);
    let offset: number;
    const p = episode.placement;
    if (p === 'start') offset = 0;
    else if (p === 'random') offset = rng.int(0, Math.max(0, span - length));
    else if (p === 'end') {
      // Just before the closing; in an open case, some time in the last few months.
      const slack = kase.handlerClosed ? 4 : Math.min(90, Math.floor(span / 3));
      offset = Math.max(0, span - length - rng.int(0, slack));
    } else {
      if (kase.def.status !== CaseStatus.IN_PROGRESS && kase.def.status !== CaseStatus.RESERVED) {
        throw new Error(`Case "${kase.def.title}": a recent episode in a case that is not open`);
      }
      offset = Math.max(0, daysBetween(kase.created, addDays(today, -p.daysAgo)));
    }
    for (const [i, step] of episode.steps.entries()) {
      offset += step.gap ?? 0;
      const date = workdayOnOrAfter(addDays(kase.created, offset));
      if (date > kase.end) break;
      placed.push({ step, episode: e, index: i, date });
    }
  });
  placed.sort((a, b) =>
    a.date !== b.date
      ? a.date < b.date
        ? -1
        : 1
      : a.episode !== b.episode
        ? a.episode - b.episode
        : a.index - b.index,
  );
  kase.posts = placed.map((p, i) => ({
    kase,
    step: p.step,
    episode: p.episode,
    index: p.index,
    date: p.date,
    id: '',
    type: POST_TYPE[p.step.type],
    status: JournalStatus.RESERVED,
    documentNumber: i + 1,
    responsible: '',
    createdBy: '',
    titles: { title: '', publicTitle: '', hidden: [] },
    screening: { code: null, fields: [], expiresOn: null, legalBasis: null },
    answers: [],
    answeredBy: [],
    writeOff: null,
    year: yearOf(p.date),
    sequence: 0,
    createdAt: new Date(0),
  }));
  // Replies: an index in the same episode, or the key of a step anywhere in the case.
  for (const post of kase.posts) {
    for (const ref of post.step.answers ?? []) {
      const target = kase.posts.find((t) =>
        typeof ref === 'number'
          ? t.episode === post.episode && t.index === ref
          : t.step.key === ref,
      );
      if (!target || target.documentNumber >= post.documentNumber) continue;
      if (
        target.type !== JournalPostType.INCOMING &&
        target.type !== JournalPostType.INTERNAL_FOLLOW_UP
      ) {
        throw new Error(
          `"${post.step.title}" answers "${target.step.title}", which needs no reply`,
        );
      }
      post.answers.push(target);
      target.answeredBy.push(post);
    }
  }
}

function outgoingStatus(rng: Rng, age: number, approval: boolean): JournalStatus {
  const S = JournalStatus;
  if (age <= 2) {
    return rng.weighted([
      [S.RESERVED, 5],
      [S.FINALIZED, 3],
      [S.APPROVED, approval ? 3 : 0],
    ]);
  }
  if (age <= 10) {
    return rng.weighted([
      [S.RESERVED, 1],
      [S.FINALIZED, 2],
      [S.APPROVED, approval ? 2 : 0],
      [S.DISPATCHED, 6],
    ]);
  }
  if (age <= 40) {
    return rng.weighted([
      [S.DISPATCHED, 11],
      [S.REGISTERED, 9],
    ]);
  }
  // Now and then a draft is forgotten for months.
  return rng.weighted([
    [S.REGISTERED, 88],
    [S.DISPATCHED, 10],
    [S.RESERVED, 2],
  ]);
}

function settlePost(post: PostDraft, dir: Directory, rng: Rng, ids: Rng, today: string): void {
  const { kase, step } = post;
  const where = `"${step.title}" in "${kase.def.title}"`;
  post.id = ids.uuid();
  const age = daysBetween(post.date, today);
  const caseStatus = kase.def.status;

  // Screening: the case's, unless the step has its own.
  post.screening = step.code
    ? screeningFor(screeningCode(step.code), post.date, step.legalBasis)
    : kase.screening.code
      ? {
          ...kase.screening,
          expiresOn: kase.screening.code.defaultDurationYears
            ? addYears(post.date, kase.screening.code.defaultDurationYears)
            : null,
          legalBasis: step.legalBasis ?? kase.screening.legalBasis,
        }
      : screeningFor(null, post.date, step.legalBasis);
  post.titles = titlesOf(step.title, step.publicTitle, post.screening, where);
  const temporary = post.screening.code?.temporary === true;
  if (temporary && post.type !== JournalPostType.INCOMING) {
    throw new Error(`${where}: code XX is for incoming letters awaiting assessment`);
  }

  // Who is responsible on the day.
  post.responsible =
    dir.handles(kase.responsible, kase.def.unit, post.date) && rng.chance(0.75)
      ? kase.responsible
      : dir.pickHandler(rng, kase.def.unit, post.date);

  // Status.
  const S = JournalStatus;
  const random = rng.next(); // drawn for every post, so one post's status never shifts another's
  if (caseStatus === CaseStatus.CANCELLED || step.cancelled) post.status = S.CANCELLED;
  else if (caseStatus === CaseStatus.CLOSED) post.status = S.ARCHIVED;
  else if (post.type === JournalPostType.INCOMING) {
    if (temporary) post.status = S.TEMPORARY;
    else if (caseStatus === CaseStatus.RESERVED) post.status = S.REGISTERED_BY_HANDLER;
    else if (caseStatus === CaseStatus.IN_PROGRESS && age <= 10 && random < 0.4) {
      post.status = S.REGISTERED_BY_HANDLER;
    } else post.status = S.REGISTERED;
  } else if (caseStatus === CaseStatus.CLOSED_BY_HANDLER) {
    post.status = random < 0.85 ? S.REGISTERED : S.DISPATCHED;
  } else {
    post.status = outgoingStatus(rng, age, step.approval === true);
    // The archive has not checked anything in a case it has not checked itself.
    if (caseStatus === CaseStatus.RESERVED && post.status === S.REGISTERED) {
      post.status = S.DISPATCHED;
    }
    const linked = post.answers.length > 0 || post.answeredBy.length > 0;
    if (!linked && age > 10 && post.type !== JournalPostType.CASE_PRESENTATION && random < 0.05) {
      post.status = S.CANCELLED;
    }
  }
  if (temporary && post.status !== S.TEMPORARY) {
    throw new Error(`${where}: code XX only on posts still awaiting assessment`);
  }

  // Who registered it.
  if (post.type === JournalPostType.INCOMING) {
    post.createdBy =
      post.status === S.REGISTERED_BY_HANDLER
        ? post.responsible
        : temporary || rng.chance(0.75)
          ? dir.pickRegistrar(rng)
          : post.responsible;
  } else {
    post.createdBy = post.responsible;
  }
}

function hintMethod(
  hint: WriteOffHint | undefined,
  type: JournalPostType,
  rng: Rng,
): WriteOffMethod {
  switch (hint) {
    case 'TO':
      return WriteOffMethod.NOTED;
    case 'TE':
      return WriteOffMethod.TAKEN_INTO_ACCOUNT;
    case 'TLF':
      return WriteOffMethod.REPLIED_BY_PHONE;
    case 'BE':
      return WriteOffMethod.REPLIED_BY_EMAIL;
    default:
      return type === JournalPostType.INTERNAL_FOLLOW_UP
        ? WriteOffMethod.TAKEN_INTO_ACCOUNT
        : rng.pick([WriteOffMethod.NOTED, WriteOffMethod.TAKEN_INTO_ACCOUNT]);
  }
}

const PHONE_NOTES = [
  'Avklart på telefon.',
  'Ringt tilbake og gitt muntlig svar.',
  'Avklart i telefonsamtale, ingen videre oppfølging.',
];

function writeOffs(kase: CaseDraft, dir: Directory, rng: Rng, today: string): void {
  const S = JournalStatus;
  const needs = (p: PostDraft) =>
    (p.type === JournalPostType.INCOMING || p.type === JournalPostType.INTERNAL_FOLLOW_UP) &&
    p.status !== S.CANCELLED &&
    p.status !== S.TEMPORARY &&
    p.status !== S.REGISTERED_BY_HANDLER;

  // Replies that have gone out write off what they answer (one reply may answer several).
  for (const reply of kase.posts) {
    if (!DISPATCHED_OR_LATER.has(reply.status)) continue;
    for (const target of reply.answers) {
      if (!needs(target) || target.writeOff) continue;
      target.writeOff = {
        method:
          reply.type === JournalPostType.OUTGOING
            ? rng.chance(0.75)
              ? WriteOffMethod.REPLIED_BY_LETTER
              : WriteOffMethod.REPLIED_BY_EMAIL
            : WriteOffMethod.REPLIED_BY_NOTE,
        date: reply.date,
        by: reply.responsible,
        note: null,
        reply,
      };
    }
  }

  for (const post of kase.posts) {
    if (!needs(post) || post.writeOff) continue;
    const waitingForReply = post.answeredBy.length > 0;
    const age = daysBetween(post.date, today);
    const p = age > DUE_DAYS ? 0.85 : age > 5 ? 0.45 : 0.15;
    const drawn = rng.next();
    if (waitingForReply || drawn >= p) continue; // stays on the backlog
    const method = hintMethod(post.step.writeOff, post.type, rng);
    const date = minDate(
      workdayOnOrAfter(addDays(post.date, rng.int(1, Math.max(1, Math.min(20, age))))),
      kase.handlerClosed ?? today,
    );
    post.writeOff = {
      method,
      date: maxDate(date, post.date),
      by: post.responsible,
      note: method === WriteOffMethod.REPLIED_BY_PHONE ? rng.pick(PHONE_NOTES) : null,
      reply: null,
    };
  }

  // Closing a case deals with what is left: the handler notes it, the archive writes off with SA.
  for (const post of kase.posts) {
    if (!needs(post) || post.writeOff) continue;
    if (kase.def.status === CaseStatus.CLOSED && kase.archiveClosed) {
      post.writeOff = {
        method: WriteOffMethod.CASE_CLOSED,
        date: kase.archiveClosed,
        by: dir.pickRegistrar(rng),
        note: null,
        reply: null,
      };
    } else if (kase.def.status === CaseStatus.CLOSED_BY_HANDLER && kase.handlerClosed) {
      post.writeOff = {
        method: WriteOffMethod.NOTED,
        date: kase.handlerClosed,
        by: kase.responsible,
        note: null,
        reply: null,
      };
    }
  }
}

/** Case numbers and journal numbers per year, gapless, in the order things happened. */
function numberAll(drafts: CaseDraft[]): void {
  const byCreation = [...drafts].sort((a, b) =>
    a.created !== b.created ? (a.created < b.created ? -1 : 1) : a.index - b.index,
  );
  const caseSeq = new Map<number, number>();
  let previous = '';
  let sameDay = 0;
  for (const kase of byCreation) {
    sameDay = kase.created === previous ? sameDay + 1 : 0;
    previous = kase.created;
    const next = (caseSeq.get(kase.year) ?? 0) + 1;
    caseSeq.set(kase.year, next);
    kase.sequence = next;
    kase.createdAt = at(kase.created, 6 * 60 + 2 * sameDay);
  }

  const posts = drafts.flatMap((d) => d.posts);
  posts.sort((a, b) =>
    a.date !== b.date
      ? a.date < b.date
        ? -1
        : 1
      : a.kase.index !== b.kase.index
        ? a.kase.index - b.kase.index
        : a.documentNumber - b.documentNumber,
  );
  const journalSeq = new Map<number, number>();
  previous = '';
  sameDay = 0;
  for (const post of posts) {
    sameDay = post.date === previous ? sameDay + 1 : 0;
    previous = post.date;
    const next = (journalSeq.get(post.year) ?? 0) + 1;
    journalSeq.set(post.year, next);
    post.sequence = next;
    post.createdAt = at(post.date, 7 * 60 + 3 * sameDay);
  }
}

function emit(drafts: CaseDraft[], dir: Directory, rng: Rng, ids: Rng, today: string): Timeline {
  const out: Timeline = {
    cases: [],
    internalContacts: [],
    journalPosts: [],
    correspondents: [],
    counters: [],
    caseParties: [],
    hidden: [],
    openTexts: [],
    expiredTexts: [],
  };
  const uid = (username: string) => dir.user(username).row.id;
  const later = (a: Date, b: Date | null) => (b && b > a ? b : a);

  const record = (titles: Titles, s: Screening) => {
    out.openTexts.push(titles.publicTitle);
    if (s.legalBasis) out.openTexts.push(s.legalBasis);
    if (!s.fields.includes(ScreenedField.TITLE)) return;
    const active = isActive(s, today);
    if (!active) out.expiredTexts.push(titles.title);
    for (const text of titles.hidden) out.hidden.push({ text, active });
  };

  for (const kase of drafts) {
    const closedAt = kase.archiveClosed
      ? at(kase.archiveClosed, 13 * 60)
      : kase.handlerClosed
        ? at(kase.handlerClosed, 14 * 60)
        : null;
    out.cases.push({
      id: kase.id,
      caseYear: kase.year,
      caseSequence: kase.sequence,
      caseNumber: `${kase.year}/${kase.sequence}`,
      title: kase.titles.title,
      publicTitle: kase.titles.publicTitle,
      status: kase.def.status,
      responsibleUnitId: dir.unitId(kase.def.unit),
      caseResponsibleId: uid(kase.responsible),
      createdById: uid(kase.createdBy),
      accessGroupId: kase.def.group ? dir.groupId(kase.def.group) : null,
      screeningCodeId: kase.def.code ? dir.codeId(kase.def.code) : null,
      legalBasis: kase.screening.legalBasis,
      screenedFields: kase.screening.fields,
      screeningExpiresOn: kase.screening.expiresOn,
      createdAt: kase.createdAt,
      updatedAt: later(kase.createdAt, closedAt),
      closedAt,
    });
    record(kase.titles, kase.screening);

    for (const username of kase.def.contacts ?? []) {
      const added = workdayOnOrAfter(addDays(kase.created, 2));
      if (!dir.isInternal(username, added)) {
        throw new Error(`${username} cannot be a contact on "${kase.def.title}"`);
      }
      out.internalContacts.push({
        caseId: kase.id,
        userId: uid(username),
        addedById: uid(kase.responsible),
        addedAt: at(added, 9 * 60),
      });
    }

    for (const post of kase.posts) {
      const s = post.screening;
      const group = post.step.group ?? kase.def.group;
      const w = post.writeOff;
      const isFollowUp =
        post.type === JournalPostType.INCOMING || post.type === JournalPostType.INTERNAL_FOLLOW_UP;
      let documentDate: string | null = post.date;
      if (post.type === JournalPostType.INCOMING) {
        documentDate = rng.chance(0.08) ? null : addDays(post.date, -rng.int(0, 4));
      }
      const writeOffAt = w ? at(w.date, 13 * 60 + 30) : null;
      const archivedAt =
        post.status === JournalStatus.ARCHIVED && kase.archiveClosed
          ? at(kase.archiveClosed, 13 * 60)
          : null;
      out.journalPosts.push({
        id: post.id,
        caseId: kase.id,
        documentNumber: post.documentNumber,
        journalYear: post.year,
        journalSequenceNumber: post.sequence,
        type: post.type,
        status: post.status,
        title: post.titles.title,
        publicTitle: post.titles.publicTitle,
        journalDate: post.date,
        documentDate,
        dueDate: isFollowUp ? addDays(post.date, DUE_DAYS) : null,
        responsibleId: uid(post.responsible),
        responsibleUnitId: dir.unitId(kase.def.unit),
        createdById: uid(post.createdBy),
        accessGroupId: group ? dir.groupId(group) : null,
        screeningCodeId: s.code ? dir.codeId(s.code.code) : null,
        legalBasis: s.legalBasis,
        screenedFields: s.fields,
        screeningExpiresOn: s.expiresOn,
        screeningAssessedOn: s.code && post.status !== JournalStatus.TEMPORARY ? post.date : null,
        writeOffMethod: w?.method ?? null,
        writeOffDate: w?.date ?? null,
        writtenOffById: w ? uid(w.by) : null,
        writeOffNote: w?.note ?? null,
        writeOffReplyId: w?.reply?.id ?? null,
        createdAt: post.createdAt,
        updatedAt: later(later(post.createdAt, writeOffAt), archivedAt),
      });
      record(post.titles, s);
      if (w?.note) out.openTexts.push(w.note);

      const screened = s.fields.includes(ScreenedField.CORRESPONDENT_NAME);
      const active = isActive(s, today);
      const parties: [CorrespondentRole, StepDef['from']][] =
        post.type === JournalPostType.INCOMING
          ? [
              [CorrespondentRole.SENDER, post.step.from],
              [CorrespondentRole.COPY_RECIPIENT, post.step.copy],
            ]
          : post.type === JournalPostType.OUTGOING
            ? [
                [CorrespondentRole.RECIPIENT, post.step.to],
                [CorrespondentRole.COPY_RECIPIENT, post.step.copy],
              ]
            : [];
      if (post.type === JournalPostType.INCOMING && !post.step.from?.length) {
        throw new Error(`"${post.step.title}": an incoming letter needs a sender`);
      }
      if (post.type === JournalPostType.OUTGOING && !post.step.to?.length) {
        throw new Error(`"${post.step.title}": an outgoing letter needs a recipient`);
      }
      let position = 0;
      for (const [role, list] of parties) {
        for (const c of list ?? []) {
          out.correspondents.push({
            id: ids.uuid(),
            journalPostId: post.id,
            position: position++,
            role,
            name: c.name,
            screened,
            isPerson: c.isPerson,
            address: c.address,
            email: c.email,
          });
          if (!screened) out.openTexts.push(c.name);
          else if (!active) out.expiredTexts.push(c.name);
          else out.hidden.push({ text: c.name, active: true });
          if (screened && !active) out.hidden.push({ text: c.name, active: false });
        }
      }
    }
  }

  // Counters continue each series from the last number used.
  const max = (pairs: [string, number][]) => {
    const m = new Map<string, number>();
    for (const [k, v] of pairs) m.set(k, Math.max(m.get(k) ?? 0, v));
    return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  };
  for (const [series, value] of max(out.cases.map((c) => [`case:${c.caseYear}`, c.caseSequence]))) {
    out.counters.push({ series, value });
  }
  for (const [series, value] of max(
    out.journalPosts.map((p) => [`journal:${p.journalYear}`, p.journalSequenceNumber]),
  )) {
    out.counters.push({ series, value });
  }
  for (const kase of drafts) {
    out.counters.push({ series: `document:${kase.id}`, value: kase.posts.length });
  }
  // Last, so the ids drawn for everything else stay what they were before cases had parties.
  for (const kase of drafts) {
    (kase.def.parties ?? []).forEach((p, position) =>
      out.caseParties.push({
        id: ids.uuid(),
        caseId: kase.id,
        position,
        name: p.name,
        role: p.role,
        nationalId: p.nationalId ?? null,
        organizationNumber: p.organizationNumber ?? null,
        postalAddress: p.postalAddress ?? null,
        postalCode: p.postalCode ?? null,
        postalTown: p.postalTown ?? null,
      }),
    );
  }
  return out;
}

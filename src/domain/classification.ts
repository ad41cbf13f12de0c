import { type EntityManager } from '@mikro-orm/postgresql';
import {
  type Case,
  CaseClass,
  CaseClassRole,
  Class,
  ClassificationSystem,
  ClassificationType,
} from '../entities';
import { type Actor } from './administration';
import { diff, recordAudit } from './audit';
import { assertChangeable, loadCase } from './cases';
import { badInput, invalidState, notFound } from './errors';
import { InputErrors } from './inputErrors';
import { containsNationalId, isValidNationalId } from './nationalId';
import { SCREENED_MARKER } from './publicTitle';
import { assertExpectedVersion } from './versions';

/**
 * Klassifikasjonssystem and klasse (docs/noark5.md, "Klassifikasjonssystem and klasse"). Which
 * user may do each change is decided before, in services/classification.ts with
 * policies/classification.ts; here are the rules of the data:
 *
 * - A class of a person-number scheme (NATIONAL_ID) has a national id number (fødselsnummer or
 *   D-nummer, both check digits valid) as klasseID and is screened: its public form is `*****`
 *   for klasseID and title (the title of a pupil or personnel folder's class is the person's
 *   name). A national id number anywhere in the klasseID or title of any other class is refused,
 *   as those are public.
 * - A parent class is in the same system, and no class is its own ancestor.
 * - A system's type is fixed once it has classes: it decides whether they are screened.
 * - A case has at most one primary class and ordered secondary classes, each class once.
 */

/** Is a class of a system of this type screened? */
export const screensClasses = (type: ClassificationType): boolean =>
  type === ClassificationType.NATIONAL_ID;

const TITLE_MAX = 200;
const DESCRIPTION_MAX = 2000;
const CLASS_ID_MAX = 100;
/** Secondary classes of one case (sekundærklassifikasjoner) */
export const SECONDARY_MAX = 20;

/** A required text, trimmed; undefined when wrong, the mistake collected in `errors`. */
function text(
  errors: InputErrors,
  field: string,
  value: string,
  max: number,
  what: string,
): string | undefined {
  const t = value.trim();
  if (!t) {
    errors.add(field, 'REQUIRED', `Give ${what}`);
    return undefined;
  }
  if (t.length > max) {
    errors.add(field, 'TOO_LONG', `The ${field} must be at most ${max} characters`, { max });
    return undefined;
  }
  return t;
}

/** An optional text, trimmed; blank is none. */
function optionalText(value: string | null | undefined, field: string, max: number) {
  const t = value?.trim() || null;
  if (t && t.length > max) {
    throw badInput(field, 'TOO_LONG', `The ${field} must be at most ${max} characters`, { max });
  }
  return t;
}

function audit(actor: Actor, action: string, targetType: string, targetId: string) {
  return { actorId: actor.userId, requestId: actor.requestId, action, targetType, targetId };
}

// ── Classification systems ─────────────────────────────────────────────────────────────────

export interface SystemData {
  title: string;
  type: ClassificationType;
  description?: string | null;
}

function snapshotSystem(s: ClassificationSystem): Record<string, unknown> {
  return { title: s.title, type: s.type, description: s.description ?? null };
}

/** Opprett klassifikasjonssystem. A title already taken is CONFLICT (the unique index). */
export function createClassificationSystem(
  em: EntityManager,
  actor: Actor,
  input: SystemData,
): ClassificationSystem {
  const errors = new InputErrors();
  const title = text(errors, 'title', input.title, TITLE_MAX, 'the system a title');
  const description = errors.check(() =>
    optionalText(input.description, 'description', DESCRIPTION_MAX),
  );
  const ok = errors.throwIfAny({ title, description });
  const system = em.create(ClassificationSystem, {
    title: ok.title,
    type: input.type,
    description: ok.description,
  });
  recordAudit(em, {
    ...audit(actor, 'classificationSystem.create', 'ClassificationSystem', system.id),
    changes: diff({}, snapshotSystem(system)),
  });
  return system;
}

export interface SystemChanges {
  id: string;
  expectedVersion?: number | null;
  title?: string | null;
  type?: ClassificationType | null;
  description?: string | null;
}

/** Loads a system for a change; unknown is NOT_FOUND (every internal user sees every system). */
export async function loadSystem(em: EntityManager, id: string): Promise<ClassificationSystem> {
  const system = await em.findOne(ClassificationSystem, { id });
  if (!system) throw notFound('The classification system');
  return system;
}

/** Endre klassifikasjonssystem: title, description, and the type while it has no class. */
export async function updateClassificationSystem(
  em: EntityManager,
  actor: Actor,
  input: SystemChanges,
): Promise<ClassificationSystem> {
  const system = await loadSystem(em, input.id);
  assertExpectedVersion(
    system,
    input.expectedVersion,
    `The classification system "${system.title}"`,
  );
  const before = snapshotSystem(system);
  const errors = new InputErrors();
  const title =
    input.title === undefined || input.title === null
      ? system.title
      : text(errors, 'title', input.title, TITLE_MAX, 'the system a title');
  const description =
    input.description === undefined
      ? (system.description ?? null)
      : errors.check(() => optionalText(input.description, 'description', DESCRIPTION_MAX));
  const ok = errors.throwIfAny({ title, description });
  if (input.type && input.type !== system.type) {
    const classes = await em.count(Class, { system: system.id });
    if (classes > 0) {
      throw invalidState(
        'HAS_CLASSES',
        `The classification system "${system.title}" has classes; its type decides whether they are screened and can no longer change`,
      );
    }
    system.type = input.type;
  }
  system.title = ok.title;
  system.description = ok.description;
  recordAudit(em, {
    ...audit(actor, 'classificationSystem.update', 'ClassificationSystem', system.id),
    changes: diff(before, snapshotSystem(system)),
  });
  return system;
}

// ── Classes ────────────────────────────────────────────────────────────────────────────────

/**
 * The klasseID and title of a class of `system`, checked: a national id number is the klasseID
 * of a person-number scheme's class and nowhere else. The messages never repeat the value.
 */
function checkClassValues(
  errors: InputErrors,
  system: ClassificationSystem,
  values: { classId?: string; title?: string },
): void {
  const screened = screensClasses(system.type);
  if (values.classId !== undefined) {
    if (screened && !isValidNationalId(values.classId)) {
      errors.add(
        'classId',
        'INVALID_FORMAT',
        'A class of a person-number scheme has a national id number (fødselsnummer or D-nummer, 11 digits with valid check digits) as klasseID',
      );
    } else if (!screened && containsNationalId(values.classId)) {
      errors.add(
        'classId',
        'NOT_ALLOWED',
        'A national id number may be a klasseID only in a person-number scheme, where it is screened',
      );
    }
  }
  if (values.title !== undefined && !screened && containsNationalId(values.title)) {
    errors.add(
      'title',
      'NOT_ALLOWED',
      'The title of a class outside a person-number scheme is public and may not hold a national id number',
    );
  }
}

/** The parent named for a class of `system`: a class of the same system. */
async function parentClass(
  em: EntityManager,
  system: ClassificationSystem,
  parentId: string,
): Promise<Class> {
  const parent = await em.findOne(Class, { id: parentId });
  if (!parent) throw badInput('parentId', 'UNKNOWN_REFERENCE', 'parentId names no class');
  if (parent.system.id !== system.id) {
    throw badInput(
      'parentId',
      'NOT_ALLOWED',
      'The parent class (overordnet klasse) must be in the same classification system',
    );
  }
  return parent;
}

/** The public form of a class's klasseID and title: `*****` in a person-number scheme. */
function publicForm(screened: boolean, classId: string, title: string) {
  return screened
    ? { publicClassId: SCREENED_MARKER, publicTitle: SCREENED_MARKER }
    : { publicClassId: classId, publicTitle: title };
}

function snapshotClass(k: Class): Record<string, unknown> {
  // Ids only: the audit trail is read by more people than read a screened class in full.
  return { systemId: k.system.id, parentId: k.parent?.id ?? null };
}

export interface ClassData {
  systemId: string;
  classId: string;
  title: string;
  parentId?: string | null;
}

/** Opprett klasse. A klasseID already in the system is CONFLICT (the unique index). */
export async function createClass(
  em: EntityManager,
  actor: Actor,
  system: ClassificationSystem,
  input: ClassData,
): Promise<Class> {
  const errors = new InputErrors();
  const classId = text(errors, 'classId', input.classId, CLASS_ID_MAX, 'a klasseID');
  const title = text(errors, 'title', input.title, TITLE_MAX, 'the class a title');
  checkClassValues(errors, system, { classId, title });
  const parent = input.parentId
    ? await errors.checkAsync(() => parentClass(em, system, input.parentId!))
    : null;
  const ok = errors.throwIfAny({ classId, title, parent });
  const screened = screensClasses(system.type);
  const k = em.create(Class, {
    system,
    classId: ok.classId,
    title: ok.title,
    screened,
    ...publicForm(screened, ok.classId, ok.title),
    parent: ok.parent,
  });
  recordAudit(em, {
    ...audit(actor, 'class.create', 'Class', k.id),
    changes: diff({}, { systemId: system.id, parentId: ok.parent?.id ?? null }),
  });
  return k;
}

/** Loads a class for a change, with its system; unknown is NOT_FOUND. */
export async function loadClass(em: EntityManager, id: string): Promise<Class> {
  const k = await em.findOne(Class, { id }, { populate: ['system'] });
  if (!k) throw notFound('The class');
  return k;
}

export interface ClassChanges {
  classId?: string | null;
  title?: string | null;
  /** undefined: keep; null: no parent */
  parentId?: string | null;
  expectedVersion?: number | null;
}

/** Endre klasse: klasseID, title, parent (never a descendant of itself). */
export async function updateClass(
  em: EntityManager,
  actor: Actor,
  k: Class,
  input: ClassChanges,
): Promise<Class> {
  assertExpectedVersion(k, input.expectedVersion, 'The class');
  const system = k.system as ClassificationSystem;
  const before = snapshotClass(k);
  const errors = new InputErrors();
  const classId =
    input.classId === undefined || input.classId === null
      ? k.classId
      : text(errors, 'classId', input.classId, CLASS_ID_MAX, 'a klasseID');
  const title =
    input.title === undefined || input.title === null
      ? k.title
      : text(errors, 'title', input.title, TITLE_MAX, 'the class a title');
  checkClassValues(errors, system, {
    classId: input.classId === undefined || input.classId === null ? undefined : classId,
    title: input.title === undefined || input.title === null ? undefined : title,
  });
  let parent: Class | null | undefined = k.parent ?? null;
  if (input.parentId !== undefined) {
    parent = input.parentId
      ? await errors.checkAsync(() => parentClass(em, system, input.parentId!))
      : null;
    if (parent && (await isDescendantOrSelf(em, parent, k.id))) {
      errors.add(
        'parentId',
        'NOT_ALLOWED',
        'A class cannot be placed under itself or one of its own subclasses',
      );
    }
  }
  const ok = errors.throwIfAny({ classId, title, parent });
  const [oldClassId, oldTitle] = [k.classId, k.title];
  k.classId = ok.classId;
  k.title = ok.title;
  Object.assign(k, publicForm(k.screened, ok.classId, ok.title));
  k.parent = ok.parent;
  await em.flush();
  recordAudit(em, {
    ...audit(actor, 'class.update', 'Class', k.id),
    // Which of klasseID and title changed, never their values (see snapshotClass).
    changes: {
      ...diff(before, snapshotClass(k)),
      ...(ok.classId !== oldClassId ? { classIdChanged: { old: false, new: true } } : {}),
      ...(ok.title !== oldTitle ? { titleChanged: { old: false, new: true } } : {}),
    },
  });
  return k;
}

/** Is `candidate` the class `id` or below it? Walks up from the candidate (classes are shallow). */
async function isDescendantOrSelf(em: EntityManager, candidate: Class, id: string) {
  const seen = new Set<string>();
  let current: Class | null = candidate;
  while (current && !seen.has(current.id)) {
    if (current.id === id) return true;
    seen.add(current.id);
    current = current.parent ? await em.findOne(Class, { id: current.parent.id }) : null;
  }
  return false;
}

// ── The classes of a case ──────────────────────────────────────────────────────────────────

export interface CaseClasses {
  primaryClassId: string | null;
  secondaryClassIds: string[];
}

/** The ids of a case's classes now: primary, then the secondary ones in order. */
async function currentClasses(em: EntityManager, caseId: string): Promise<CaseClasses> {
  const rows = await em.find(CaseClass, { case: caseId }, { orderBy: { position: 'asc' } });
  return {
    primaryClassId: rows.find((r) => r.role === CaseClassRole.PRIMARY)?.class.id ?? null,
    secondaryClassIds: rows
      .filter((r) => r.role === CaseClassRole.SECONDARY)
      .map((r) => r.class.id),
  };
}

/**
 * Checks the classes named for a case: each exists, none twice, at most SECONDARY_MAX
 * secondary ones. `notEligible` are the screened classes the actor may not name (they do not read
 * them in full); one already on the case stays allowed.
 */
async function checkNamed(
  em: EntityManager,
  input: CaseClasses,
  current: CaseClasses,
  notEligible: ReadonlySet<string>,
): Promise<void> {
  const errors = new InputErrors();
  const named = [
    ...(input.primaryClassId
      ? [{ id: input.primaryClassId, path: ['primaryClassId'] as (string | number)[] }]
      : []),
    ...input.secondaryClassIds.map((id, i) => ({ id, path: ['secondaryClassIds', i] })),
  ];
  if (input.secondaryClassIds.length > SECONDARY_MAX) {
    errors.add(
      'secondaryClassIds',
      'TOO_LONG',
      `A case has at most ${SECONDARY_MAX} secondary classes`,
      { max: SECONDARY_MAX },
    );
  }
  const found = new Set(
    (await em.find(Class, { id: { $in: named.map((n) => n.id) } }, { fields: ['id'] })).map(
      (k) => k.id,
    ),
  );
  const onCase = new Set([
    ...(current.primaryClassId ? [current.primaryClassId] : []),
    ...current.secondaryClassIds,
  ]);
  const seen = new Set<string>();
  for (const { id, path } of named) {
    if (!found.has(id)) {
      errors.add(path, 'UNKNOWN_REFERENCE', 'This names no class');
    } else if (seen.has(id)) {
      errors.add(path, 'DUPLICATE', 'A class is given to a case once, as primary or secondary');
    } else if (notEligible.has(id) && !onCase.has(id)) {
      errors.add(
        path,
        'NOT_ALLOWED',
        'You may name a class of a person-number scheme only where you read it in full: as an archivist, or when it is already on a case you read in full',
      );
    }
    seen.add(id);
  }
  errors.throwIfAny();
}

/**
 * Klassifisering av sak: the case's primary class (primærklassifikasjon) and ordered secondary
 * classes (sekundærklassifikasjon), replacing the ones it had. The case's version changes.
 */
export async function setCaseClasses(
  em: EntityManager,
  actor: Actor,
  caseId: string,
  input: CaseClasses,
  notEligible: ReadonlySet<string>,
): Promise<Case> {
  const c = await loadCase(em, caseId);
  assertChangeable(c);
  const before = await currentClasses(em, caseId);
  await checkNamed(em, input, before, notEligible);
  await em.nativeDelete(CaseClass, { case: c.id });
  const rows = [
    ...(input.primaryClassId ? [{ id: input.primaryClassId, role: CaseClassRole.PRIMARY }] : []),
    ...input.secondaryClassIds.map((id) => ({ id, role: CaseClassRole.SECONDARY })),
  ];
  rows.forEach(({ id, role }, i) => {
    em.create(CaseClass, {
      case: c,
      class: em.getReference(Class, id),
      role,
      position: role === CaseClassRole.PRIMARY ? 0 : input.primaryClassId ? i : i + 1,
    });
  });
  c.updatedAt = new Date();
  recordAudit(em, {
    ...audit(actor, 'case.setClasses', 'Case', c.id),
    changes: diff({ ...before }, { ...input }),
  });
  return c;
}

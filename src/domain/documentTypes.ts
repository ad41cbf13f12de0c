import { type EntityManager } from '@mikro-orm/postgresql';
import { DocumentType } from '../entities';
import { type Actor } from './administration';
import { recordAudit } from './audit';
import { badInput, conflict, invalidState, notFound } from './errors';
import { InputErrors } from './inputErrors';

/**
 * Document types (dokumenttyper, docs/daily-routines.md, "Approval by document type"): each
 * organisation names its own, and says which must be approved by a leader before dispatch. Types
 * are ended, never deleted, so a post keeps the type it was given. Each function runs inside the
 * caller's transaction and adds its audit event there; WHO may change them is decided before
 * (policies/administration.ts).
 */

/** The state `extensions.state` names for a type past its last day. */
const ENDED = 'ENDED';
const NAME_MAX = 200;
const DESCRIPTION_MAX = 4000;

/** In use on `today`: started, and not past its last day. */
export const isDocumentTypeInUse = (
  t: Pick<DocumentType, 'validFrom' | 'validTo'>,
  today: string,
): boolean => t.validFrom <= today && (!t.validTo || t.validTo >= today);

function checkName(errors: InputErrors, value: string | null | undefined): string | undefined {
  const name = value?.trim() ?? '';
  if (!name) errors.add('name', 'REQUIRED', 'name must not be empty');
  else if (name.length > NAME_MAX) {
    errors.add('name', 'TOO_LONG', `name must be at most ${NAME_MAX} characters`, {
      max: NAME_MAX,
    });
  } else return name;
  return undefined;
}

function checkDescription(errors: InputErrors, value: string | null | undefined): string | null {
  const text = value?.trim() || null;
  if (text && text.length > DESCRIPTION_MAX) {
    errors.add(
      'description',
      'TOO_LONG',
      `description must be at most ${DESCRIPTION_MAX} characters`,
      { max: DESCRIPTION_MAX },
    );
  }
  return text;
}

async function assertNameFree(em: EntityManager, name: string, exceptId?: string): Promise<void> {
  const taken = await em.count(DocumentType, {
    name,
    ...(exceptId && { id: { $ne: exceptId } }),
  });
  if (taken) throw conflict(`A document type named "${name}" already exists`);
}

const audit = (actor: Actor, action: string, id: string) => ({
  actorId: actor.userId,
  requestId: actor.requestId,
  action: `documentType.${action}`,
  targetType: 'DocumentType',
  targetId: id,
});

export interface DocumentTypeInput {
  name: string;
  requiresApproval: boolean;
  description?: string | null;
}

/** A new type, in use from `today`. */
export async function createDocumentType(
  em: EntityManager,
  actor: Actor,
  input: DocumentTypeInput,
  today: string,
): Promise<DocumentType> {
  const errors = new InputErrors();
  const checked = checkName(errors, input.name);
  const description = checkDescription(errors, input.description);
  const { name } = errors.throwIfAny({ name: checked });
  await assertNameFree(em, name);
  const type = em.create(DocumentType, {
    name,
    description,
    requiresApproval: input.requiresApproval,
    validFrom: today,
  });
  recordAudit(em, {
    ...audit(actor, 'create', type.id),
    changes: {
      name: { old: null, new: name },
      requiresApproval: { old: null, new: type.requiresApproval },
      description: { old: null, new: description },
    },
  });
  return type;
}

async function mustFind(em: EntityManager, id: string): Promise<DocumentType> {
  const type = await em.findOne(DocumentType, { id });
  if (!type) throw notFound('The document type');
  return type;
}

/** Changes the given fields (undefined or null: unchanged; description "" clears it). */
export async function updateDocumentType(
  em: EntityManager,
  actor: Actor,
  input: {
    id: string;
    name?: string | null;
    requiresApproval?: boolean | null;
    description?: string | null;
  },
): Promise<DocumentType> {
  const type = await mustFind(em, input.id);
  const errors = new InputErrors();
  const name =
    input.name === undefined || input.name === null ? type.name : checkName(errors, input.name);
  const description =
    input.description === undefined || input.description === null
      ? (type.description ?? null)
      : checkDescription(errors, input.description);
  errors.throwIfAny();
  if (name && name !== type.name) await assertNameFree(em, name, type.id);
  const before = {
    name: type.name,
    requiresApproval: type.requiresApproval,
    description: type.description ?? null,
  };
  type.name = name ?? type.name;
  type.requiresApproval = input.requiresApproval ?? type.requiresApproval;
  type.description = description;
  const after = {
    name: type.name,
    requiresApproval: type.requiresApproval,
    description: type.description ?? null,
  };
  const changes = Object.fromEntries(
    Object.entries(after)
      .filter(([k, v]) => before[k as keyof typeof before] !== v)
      .map(([k, v]) => [k, { old: before[k as keyof typeof before], new: v }]),
  );
  recordAudit(em, { ...audit(actor, 'update', type.id), changes });
  return type;
}

/** Ends the type: no new post takes it after `validTo`; posts that have it keep it. */
export async function endDocumentType(
  em: EntityManager,
  actor: Actor,
  input: { id: string; validTo: string },
): Promise<DocumentType> {
  const type = await mustFind(em, input.id);
  if (type.validTo) {
    throw invalidState(ENDED, `The document type ${type.name} has already ended`);
  }
  if (input.validTo < type.validFrom) {
    throw badInput('validTo', 'OUT_OF_RANGE', `validTo must be on or after ${type.validFrom}`, {
      min: type.validFrom,
    });
  }
  type.validTo = input.validTo;
  recordAudit(em, {
    ...audit(actor, 'end', type.id),
    changes: { validTo: { old: null, new: input.validTo } },
  });
  return type;
}

/**
 * The type a post is given (registration or change): it must exist and be in use today; else
 * BAD_USER_INPUT on `field`.
 */
export async function usableDocumentType(
  em: EntityManager,
  id: string,
  today: string,
  field = 'documentTypeId',
): Promise<DocumentType> {
  const type = await em.findOne(DocumentType, { id });
  if (!type) throw badInput(field, 'UNKNOWN_REFERENCE', `${field} names no document type`);
  if (!isDocumentTypeInUse(type, today)) {
    throw badInput(field, 'NOT_ALLOWED', `The document type ${type.name} is not in use`);
  }
  return type;
}

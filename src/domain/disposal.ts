import { LockMode } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sqlTemplate';
import { ArchivePart, Class, Disposal, DisposalDecision, DisposalStatus, User } from '../entities';
import { type Actor } from './administration';
import { recordAudit } from './audit';
import { badInput, forbidden, inputError, invalidState, notFound, type FieldError } from './errors';
import { assertExpectedVersion } from './versions';

/**
 * Bevaring og kassasjon (docs/noark5.md, "Bevaring og kassasjon").
 *
 * A disposal decision (kassasjonsvedtak) with its legal basis (kassasjonshjemmel) and retention
 * period (bevaringstid, years) is set on a class or an archive part; a case inherits its primary
 * class's, else its archive part's (queries/disposal.ts). A disposal (kassasjon) is proposed by one
 * archivist and carried out only when ANOTHER confirms it: then, in one transaction with its
 * audit events, every file (dokumentobjekt) concerned loses its bytes, while its row (file name,
 * size, SHA-256), the description's kassertDato/kassertAv and the disposal itself remain.
 */

/** A disposal decision as set on a class or archive part; null clears it. */
export interface DisposalRule {
  decision: DisposalDecision;
  authority: string | null;
  retentionYears: number | null;
}

const AUTHORITY_MAX = 500;
const BASIS_MAX = 2000;
export const RETENTION_MAX_YEARS = 1000;

/** The rule as it is stored: text trimmed, a DISPOSE decision with a period and a basis. */
export function checkedRule(rule: DisposalRule): DisposalRule {
  const authority = rule.authority?.trim() || null;
  const errors: FieldError[] = [];
  if (authority && authority.length > AUTHORITY_MAX) {
    errors.push({
      path: ['authority'],
      code: 'TOO_LONG',
      message: `The legal basis must be at most ${AUTHORITY_MAX} characters`,
      params: { max: AUTHORITY_MAX },
    });
  }
  const years = rule.retentionYears;
  if (years !== null && (!Number.isInteger(years) || years < 0 || years > RETENTION_MAX_YEARS)) {
    errors.push({
      path: ['retentionYears'],
      code: 'OUT_OF_RANGE',
      message: `The retention period is a whole number of years from 0 to ${RETENTION_MAX_YEARS}`,
      params: { min: 0, max: RETENTION_MAX_YEARS },
    });
  }
  if (rule.decision === DisposalDecision.DISPOSE) {
    if (years === null) {
      errors.push({
        path: ['retentionYears'],
        code: 'REQUIRED',
        message: 'A decision to dispose (kasseres) needs a retention period (bevaringstid)',
        params: {},
      });
    }
    if (!authority) {
      errors.push({
        path: ['authority'],
        code: 'REQUIRED',
        message: 'A decision to dispose (kasseres) needs its legal basis (kassasjonshjemmel)',
        params: {},
      });
    }
  }
  if (errors.length) throw inputError(errors);
  return { decision: rule.decision, authority, retentionYears: years };
}

function ruleOf(holder: Class | ArchivePart): DisposalRule | null {
  return holder.disposalDecision
    ? {
        decision: holder.disposalDecision as DisposalDecision,
        authority: holder.disposalAuthority ?? null,
        retentionYears: holder.retentionYears ?? null,
      }
    : null;
}

/** Sets (or with null clears) the decision of a class or archive part, audited. */
export async function setDisposalRule<T extends Class | ArchivePart>(
  em: EntityManager,
  actor: Actor,
  holder: T,
  rule: DisposalRule | null,
): Promise<T> {
  const next = rule ? checkedRule(rule) : null;
  const before = ruleOf(holder);
  holder.disposalDecision = next?.decision ?? null;
  holder.disposalAuthority = next?.authority ?? null;
  holder.retentionYears = next?.retentionYears ?? null;
  const type = holder instanceof Class ? 'Class' : 'ArchivePart';
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: `${type === 'Class' ? 'class' : 'archivePart'}.setDisposalRule`,
    targetType: type,
    targetId: holder.id,
    changes: { disposalRule: { old: before, new: next } },
  });
  await em.flush();
  return holder;
}

/** What a proposal names: cases (all their documents) and single descriptions with their remark. */
export interface DisposalTargets {
  caseIds: string[];
  documents: { id: string; remarkId: string }[];
}

function checkBasis(basis: string): string {
  const b = basis.trim();
  if (!b) throw badInput('basis', 'REQUIRED', 'Give the basis of the disposal (kassasjonshjemmel)');
  if (b.length > BASIS_MAX) {
    throw badInput('basis', 'TOO_LONG', `The basis must be at most ${BASIS_MAX} characters`, {
      max: BASIS_MAX,
    });
  }
  return b;
}

/** At most this many cases, and as many single documents, in one disposal. */
export const DISPOSAL_MAX_ITEMS = 100;

/** Each case and document at most once, at least one of them, at most 100 of each. */
export function checkTargets(targets: DisposalTargets): void {
  if (targets.caseIds.length === 0 && targets.documents.length === 0) {
    throw badInput('caseIds', 'REQUIRED', 'Name at least one case or document to dispose of');
  }
  for (const [field, n] of [
    ['caseIds', targets.caseIds.length],
    ['documents', targets.documents.length],
  ] as const) {
    if (n > DISPOSAL_MAX_ITEMS) {
      throw badInput(field, 'TOO_LONG', `At most ${DISPOSAL_MAX_ITEMS} in one disposal`, {
        max: DISPOSAL_MAX_ITEMS,
      });
    }
  }
  const dup = (ids: string[], field: string) => {
    const i = ids.findIndex((id, n) => ids.indexOf(id) !== n);
    if (i >= 0) throw badInput([field, i], 'DUPLICATE', 'Each record may be named only once');
  };
  dup(targets.caseIds, 'caseIds');
  dup(
    targets.documents.map((d) => d.id),
    'documents',
  );
}

/**
 * The single documents must not be disposed of already, and each one's remark must be on its
 * case or its journal post: the seeds' police certificate is destroyed only once a remark records
 * the check it served (docs/noark5.md).
 */
export async function checkSingleDocuments(
  em: EntityManager,
  documents: DisposalTargets['documents'],
): Promise<void> {
  if (documents.length === 0) return;
  const rows = await query<{ id: string; disposed: boolean; remark_fits: boolean }>(
    em,
    sql`select dd.id, dd.disposed_at is not null as disposed,
        exists (select 1 from remark r where r.id = x.remark_id
          and (r.case_id = jp.case_id or r.journal_post_id = jp.id)) as remark_fits
      from jsonb_to_recordset(${JSON.stringify(documents.map((d) => ({ id: d.id, remark_id: d.remarkId })))}::jsonb)
        as x(id uuid, remark_id uuid)
      join document_description dd on dd.id = x.id
      join journal_post jp on jp.id = dd.journal_post_id`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  documents.forEach((d, i) => {
    const row = byId.get(d.id)!;
    if (row.disposed) {
      throw invalidState('DISPOSED', 'The document has been disposed of already');
    }
    if (!row.remark_fits) {
      throw badInput(
        ['documents', i, 'remarkId'],
        'NOT_ALLOWED',
        'Name a remark (merknad) registered on the case or journal post of the document, recording the check it served',
      );
    }
  });
}

/** Kassasjon proposed: nothing is destroyed until another archivist confirms it. */
export async function proposeDisposal(
  em: EntityManager,
  actor: Actor,
  input: DisposalTargets & { basis: string },
): Promise<Disposal> {
  const basis = checkBasis(input.basis);
  await checkSingleDocuments(em, input.documents);
  const disposal = em.create(Disposal, { basis, proposedBy: em.getReference(User, actor.userId) });
  await em.flush();
  const items = [
    ...input.caseIds.map((id) => ({ case_id: id, document_description_id: null, remark_id: null })),
    ...input.documents.map((d) => ({
      case_id: null,
      document_description_id: d.id,
      remark_id: d.remarkId,
    })),
  ];
  await em.execute(
    ...statement(sql`insert into disposal_item (id, disposal_id, case_id, document_description_id, remark_id)
      select gen_random_uuid(), ${disposal.id}, x.case_id, x.document_description_id, x.remark_id
      from jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
        as x(case_id uuid, document_description_id uuid, remark_id uuid)`),
  );
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: 'disposal.propose',
    targetType: 'Disposal',
    targetId: disposal.id,
    changes: {
      status: { old: null, new: DisposalStatus.PROPOSED },
      basis: { old: null, new: basis },
      caseIds: { old: null, new: input.caseIds },
      documentDescriptionIds: { old: null, new: input.documents.map((d) => d.id) },
    },
  });
  return disposal;
}

function statement(s: ReturnType<typeof sql>): [string, unknown[], 'run'] {
  return [s.sql, s.params, 'run'];
}

/** The disposal, locked FOR UPDATE, still PROPOSED and at the version the client loaded. */
export async function proposedDisposal(
  em: EntityManager,
  id: string,
  expectedVersion?: number | null,
): Promise<Disposal> {
  const disposal = await em.findOne(
    Disposal,
    { id },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  );
  if (!disposal) throw notFound('The disposal');
  assertExpectedVersion(disposal, expectedVersion, 'The disposal');
  if (disposal.status !== DisposalStatus.PROPOSED) {
    throw invalidState(
      disposal.status,
      disposal.status === DisposalStatus.CONFIRMED
        ? 'The disposal has been carried out already'
        : 'The disposal was cancelled',
    );
  }
  return disposal;
}

/** The cases and single descriptions a disposal names. */
export async function targetsOf(em: EntityManager, disposalId: string): Promise<DisposalTargets> {
  const rows = await query<{
    case_id: string | null;
    document_description_id: string | null;
    remark_id: string | null;
  }>(
    em,
    sql`select case_id, document_description_id, remark_id from disposal_item
      where disposal_id = ${disposalId} order by id`,
  );
  return {
    caseIds: rows.flatMap((r) => (r.case_id ? [r.case_id] : [])),
    documents: rows.flatMap((r) =>
      r.document_description_id ? [{ id: r.document_description_id, remarkId: r.remark_id! }] : [],
    ),
  };
}

export const OWN_PROPOSAL =
  'Four eyes: the archivist who proposed a disposal cannot confirm it; another archivist must';

/** Four eyes: FORBIDDEN to the archivist who proposed the disposal. */
export function assertSecondArchivist(disposal: Disposal, actor: Actor): void {
  if (disposal.proposedBy.id === actor.userId) throw forbidden(OWN_PROPOSAL);
}

/**
 * Utført kassasjon: a second archivist confirms. Every file of every description concerned (all
 * the descriptions of the cases' posts, and the single ones) loses its bytes — the column is set
 * to NULL, not hidden — in the same transaction as the disposal's status and the audit events.
 * Returns the number of files destroyed.
 */
export async function confirmDisposal(
  em: EntityManager,
  actor: Actor,
  disposal: Disposal,
  targets: DisposalTargets,
): Promise<number> {
  assertSecondArchivist(disposal, actor);
  const descriptionIds = targets.documents.map((d) => d.id);
  const destroyed = await query<{
    id: string;
    document_description_id: string;
    variant: string;
    version: number;
    size: number;
    sha256: string;
  }>(
    em,
    sql`with concerned as (
        select dd.id from document_description dd join journal_post jp on jp.id = dd.journal_post_id
        where dd.disposed_at is null
          and (jp.case_id in (${targets.caseIds.length ? targets.caseIds : [null]})
            or dd.id in (${descriptionIds.length ? descriptionIds : [null]}))
      ), marked as (
        update document_description dd set disposed_at = now(), disposed_by_id = ${actor.userId},
          disposal_id = ${disposal.id}, version = dd.version + 1
        from concerned where dd.id = concerned.id and dd.disposed_at is null returning dd.id
      ), audited as (
        insert into audit_event (actor_id, action, target_type, target_id, changes, request_id)
        select ${actor.userId}::uuid, 'documentDescription.dispose', 'DocumentDescription', id,
          ${JSON.stringify({ disposalId: { old: null, new: disposal.id } })}::jsonb, ${actor.requestId}
        from marked
      )
      update document d set content = null, disposed_at = now()
      from concerned where d.document_description_id = concerned.id and d.content is not null
      returning d.id, d.document_description_id, d.variant, d.version, d.size, d.sha256`,
  );
  disposal.status = DisposalStatus.CONFIRMED;
  disposal.confirmedBy = em.getReference(User, actor.userId);
  disposal.confirmedAt = new Date();
  // The trace names what was destroyed by ids, sizes and checksums: never a title or file name,
  // which may be screened, in the audit log that more people read than the records.
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: 'disposal.confirm',
    targetType: 'Disposal',
    targetId: disposal.id,
    changes: {
      status: { old: DisposalStatus.PROPOSED, new: DisposalStatus.CONFIRMED },
      destroyedFiles: {
        old: null,
        new: destroyed.map((d) => ({
          id: d.id,
          documentDescriptionId: d.document_description_id,
          variant: d.variant,
          version: Number(d.version),
          size: Number(d.size),
          sha256: d.sha256,
        })),
      },
    },
  });
  await em.flush();
  return destroyed.length;
}

/** A proposal withdrawn before it was confirmed: nothing was destroyed. */
export async function cancelDisposal(
  em: EntityManager,
  actor: Actor,
  disposal: Disposal,
): Promise<Disposal> {
  disposal.status = DisposalStatus.CANCELLED;
  disposal.cancelledBy = em.getReference(User, actor.userId);
  disposal.cancelledAt = new Date();
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: 'disposal.cancel',
    targetType: 'Disposal',
    targetId: disposal.id,
    changes: { status: { old: DisposalStatus.PROPOSED, new: DisposalStatus.CANCELLED } },
  });
  await em.flush();
  return disposal;
}

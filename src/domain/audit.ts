import { type EntityManager } from '@mikro-orm/postgresql';
import { AuditEvent, User } from '../entities';

export type Changes = Record<string, { old: unknown; new: unknown }>;

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  changes?: Changes | null;
  reason?: string | null;
  requestId: string;
}

/**
 * Adds the audit event to the unit of work of the change it describes, so both are committed (or
 * rolled back) together.
 */
export function recordAudit(em: EntityManager, entry: AuditEntry): AuditEvent {
  return em.create(AuditEvent, {
    actor: entry.actorId ? em.getReference(User, entry.actorId) : null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    changes: entry.changes ?? null,
    reason: entry.reason ?? null,
    requestId: entry.requestId,
  });
}

/** The fields that differ between two snapshots, with their old and new values. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Changes {
  const out: Changes = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const o = before[key] ?? null;
    const n = after[key] ?? null;
    if (JSON.stringify(o) !== JSON.stringify(n)) out[key] = { old: o, new: n };
  }
  return out;
}

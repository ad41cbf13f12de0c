import { type UserViewer, type Viewer } from '../auth/viewer';
import { raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { Role } from '../entities/enums';
import { type AppAbility, defineAbilityFor } from './ability';
import { caseFields, journalPostFields } from './fields';
import { accessibleWhere } from './sql';

/**
 * The audit trail (hendelseslogg) and the access log.
 *
 * Who reads the trail at all is in administration.ts (`read` on `AuditEvent`: ADMIN and
 * ARCHIVIST). This file holds the two finer rules.
 *
 * 1. **What of an event a reader sees** (`auditValuesVisible`). An event about a record carries
 *    the record's old and new values (a correction of a restricted post holds its real title,
 *    perhaps a pupil's name) and a free-text reason that may quote them. Being ADMIN gives no
 *    right to read restricted records (domain.md, "Roles"), so the trail must not become a side
 *    door: the values (`changes` and `reason`) of an event are shown only when
 *
 *    - events about a Unit, User, RoleGrant, AccessGroup, AccessGroupMembership or ScreeningCode:
 *      always (administration holds no content of records);
 *    - the access log's `case.readFull` and `journalPost.readFull`: always (no values, only the
 *      role that gave the access);
 *    - events about a Case or a JournalPost: when the reader is FULL on that record now;
 *    - anything else, or no target at all: only for a reader FULL on every record (archivists).
 *
 *    Otherwise the event is listed with its field names kept and every value replaced by the
 *    screened marker `*****` (and the reason, if any, by the marker too). FULL is decided by the
 *    same `readFull` rules as everywhere, in SQL, against the record as it is now; an event whose
 *    record no longer exists is redacted. Unknown target types fail closed.
 *
 * 2. **Which full reads are logged** (`readsThroughRole`, `withoutRoleAccess`). domain.md, "Audit":
 *    reads of restricted records in full by users who hold that access only through the ARCHIVIST
 *    or LEADER role are logged. A read is logged when the viewer is FULL on a record with an access
 *    group, and would not be FULL with their ARCHIVIST and LEADER grants taken away (a member of
 *    the group, the case responsible, an internal contact … is not logged, whatever roles they
 *    also hold).
 */

/** Target types of administrative events: their values never hold content of records. */
export const ADMINISTRATIVE_TARGET_TYPES = [
  'Unit',
  'User',
  'RoleGrant',
  'AccessGroup',
  'AccessGroupMembership',
  'ScreeningCode',
] as const;

/**
 * The actions of the access log (domain/accessLog.ts). Written by the system, they carry no values
 * of the record, only the role that gave the access in `reason`, so they are shown in full.
 */
export const ACCESS_EVENT_ACTIONS = {
  Case: 'case.readFull',
  JournalPost: 'journalPost.readFull',
} as const;

/** The screened marker, as in public titles. */
export const SCREENED_VALUE = '*****';

/** Full on every case and every journal post: an unconditional `readFull` on both. */
function fullOnEveryRecord(ability: AppAbility): boolean {
  return (['Case', 'JournalPost'] as const).every((subject) => {
    const rules = ability.rulesFor('readFull', subject);
    return rules.some((r) => !r.inverted && !r.conditions) && rules.every((r) => !r.inverted);
  });
}

/**
 * SQL: may the reader see the values of the audit event row `e` (its `changes` and `reason`)?
 * See the rule at the top of this file.
 */
export function auditValuesVisible(ability: AppAbility, e: string): SqlFragment {
  const caseFull = accessibleWhere(ability, 'readFull', 'Case', caseFields('ac')) ?? raw('false');
  const postFull =
    accessibleWhere(ability, 'readFull', 'JournalPost', journalPostFields('ajp', 'apc')) ??
    raw('false');
  const type = raw(`${e}.target_type`);
  const id = raw(`${e}.target_id`);
  return sql`(case
      when ${type} in (${[...ADMINISTRATIVE_TARGET_TYPES]}) then true
      when ${raw(`${e}.action`)} in (${Object.values(ACCESS_EVENT_ACTIONS)}) then true
      when ${type} = 'Case' then exists (
        select 1 from case_file ac where ac.id = ${id} and (${caseFull}))
      when ${type} = 'JournalPost' then exists (
        select 1 from journal_post ajp join case_file apc on apc.id = ajp.case_id
        where ajp.id = ${id} and (${postFull}))
      else ${raw(fullOnEveryRecord(ability) ? 'true' : 'false')}
    end)`;
}

/** The roles whose full access to restricted records is logged on every read. */
export const LOGGED_ROLES: readonly Role[] = [Role.ARCHIVIST, Role.LEADER];

/** Might this viewer read something in full only through a logged role? (A cheap first test.) */
export function readsThroughRole(viewer: Viewer): viewer is UserViewer {
  return viewer.kind === 'user' && viewer.grants.some((g) => LOGGED_ROLES.includes(g.role));
}

/**
 * The same viewer without their ARCHIVIST and LEADER grants: what they would read in full through
 * their own relations alone (memberships, creator, case responsible, internal contact, post
 * responsible). Use it for `readFull` only.
 *
 * A user whose only roles are the logged ones would have no grant left and so not be an internal
 * user, losing their relations too; such a viewer keeps one INSIGHT_HANDLER grant for no unit, a
 * role that gives no full access to any record (records.ts looks at ARCHIVIST and LEADER only).
 */
export function withoutRoleAccess(viewer: UserViewer): UserViewer {
  const kept = viewer.grants.filter((g) => !LOGGED_ROLES.includes(g.role));
  return {
    ...viewer,
    grants: kept.length ? kept : [{ role: Role.INSIGHT_HANDLER, unitId: null }],
  };
}

/**
 * SQL over a journal post `jp` (with its case `c`) or a case `c`: the viewer reads it in full, it
 * has an access group, and without ARCHIVIST and LEADER the viewer would see it REDACTED.
 */
export function fullOnlyThroughRole(
  viewer: UserViewer,
  ability: AppAbility,
  subject: 'Case' | 'JournalPost',
  aliases: { record: string; case: string },
): SqlFragment {
  const fields =
    subject === 'Case'
      ? caseFields(aliases.record)
      : journalPostFields(aliases.record, aliases.case);
  const full = accessibleWhere(ability, 'readFull', subject, fields);
  if (!full) return raw('false');
  const own =
    accessibleWhere(defineAbilityFor(withoutRoleAccess(viewer)), 'readFull', subject, fields) ??
    raw('false');
  return sql`(${raw(aliases.record)}.access_group_id is not null and (${full}) and not (${own}))`;
}

import { hasRole, type UserViewer, type Viewer } from '../auth/viewer';
import { raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { Role } from '../entities/enums';
import { type AppAbility, defineAbilityFor } from './ability';
import { caseFields, descriptionFields, journalPostFields } from './fields';
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
 *    - events about a Unit, User, RoleGrant, AccessGroup, AccessGroupMembership, ScreeningCode or
 *      DocumentType:
 *      always (administration holds no content of records);
 *    - the access log's `case.readFull` and `journalPost.readFull`: always (no values, only the
 *      role or the access group that gave the access);
 *    - events about a Case or a JournalPost: when the reader is FULL on that record now;
 *    - events about a DocumentDescription (an attachment, or a document screened on its own):
 *      when the reader reads that description in full now (documents.ts);
 *    - anything else, or no target at all: only for a reader FULL on every record (archivists).
 *
 *    Otherwise the event is listed with its field names kept and every value replaced by the
 *    screened marker `*****` (and the reason, if any, by the marker too). FULL is decided by the
 *    same `readFull` rules as everywhere, in SQL, against the record as it is now; an event whose
 *    record no longer exists is redacted. Unknown target types fail closed.
 *
 * 2. **Which full reads are logged** (`readsThroughRoleOrMembership`, `withoutRoleAccess`,
 *    `fullOnlyThroughRoleOrMembership`, `accessReason`). domain.md, "Audit". A read is logged when
 *    the viewer gets a restricted record (a case or journal post with an access group) in full,
 *    and reads it in full only through a role or a membership: with their ARCHIVIST and LEADER
 *    grants and their access-group memberships taken away they would see it REDACTED. Personal
 *    relations (creator, case responsible, internal contact, post responsible, approver) are not
 *    logged, whatever roles or memberships the viewer also holds; open records and REDACTED reads
 *    never are. The event's `reason` names what gave the access, the first that applies of: the
 *    ARCHIVIST role, the LEADER role, membership of the record's access group (a fixed text and the
 *    group's name, never a value of the record).
 */

/** Target types of administrative events: their values never hold content of records. */
export const ADMINISTRATIVE_TARGET_TYPES = [
  'Unit',
  'User',
  'RoleGrant',
  'AccessGroup',
  'AccessGroupMembership',
  'ScreeningCode',
  'ArchivePart',
  'DocumentType',
] as const;

/**
 * The actions of the access log (services/accessLog.ts). Written by the system, they carry no values
 * of the record, only the role or membership that gave the access in `reason`, so they are shown
 * in full.
 */
export const ACCESS_EVENT_ACTIONS = {
  Case: 'case.readFull',
  JournalPost: 'journalPost.readFull',
} as const;

/** The screened marker, as in public titles. */
export const SCREENED_VALUE = '*****';

/**
 * Full on every case and every journal post of the viewer's organisation: a `readFull` on both
 * with no condition but the organisation (ability.ts adds it to every rule).
 */
function fullOnEveryRecord(ability: AppAbility): boolean {
  const onlyOrganisation = (conditions: unknown) =>
    !conditions ||
    (typeof conditions === 'object' && Object.keys(conditions).join() === 'organisationId');
  return (['Case', 'JournalPost'] as const).every((subject) => {
    const rules = ability.rulesFor('readFull', subject);
    return (
      rules.some((r) => !r.inverted && onlyOrganisation(r.conditions)) &&
      rules.every((r) => !r.inverted)
    );
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
  const descriptionFull =
    accessibleWhere(
      ability,
      'readFull',
      'DocumentDescription',
      descriptionFields('adsc', 'ajp', 'apc'),
    ) ?? raw('false');
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
      when ${type} = 'DocumentDescription' then exists (
        select 1 from document_description adsc join journal_post ajp on ajp.id = adsc.journal_post_id
          join case_file apc on apc.id = ajp.case_id
        where adsc.id = ${id} and (${postFull}) and (${descriptionFull}))
      else ${raw(fullOnEveryRecord(ability) ? 'true' : 'false')}
    end)`;
}

/** The roles whose full access to restricted records is logged on every read. */
export const LOGGED_ROLES: readonly Role[] = [Role.ARCHIVIST, Role.LEADER];

/**
 * Might this viewer read something in full only through a logged role or a membership? A cheap
 * first test: every other viewer reads restricted records in full through relations alone.
 */
export function readsThroughRoleOrMembership(viewer: Viewer): viewer is UserViewer {
  return (
    viewer.kind === 'user' &&
    (viewer.accessGroupIds.length > 0 || viewer.grants.some((g) => LOGGED_ROLES.includes(g.role)))
  );
}

/**
 * The same viewer without their ARCHIVIST and LEADER grants and without their access-group
 * memberships: what they would read in full through their own relations alone (creator, case
 * responsible, internal contact, post responsible, approver). Use it for `readFull` only.
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
    accessGroupIds: [],
  };
}

interface RecordAliases {
  /** the case or journal post */
  record: string;
  /** its case (the record itself for a case) */
  case: string;
}

function fieldsOf(subject: 'Case' | 'JournalPost', aliases: RecordAliases) {
  return subject === 'Case'
    ? caseFields(aliases.record)
    : journalPostFields(aliases.record, aliases.case);
}

/**
 * SQL over a journal post `jp` (with its case `c`) or a case `c`: the viewer reads it in full, it
 * has an access group, and without ARCHIVIST, LEADER and memberships the viewer would see it
 * REDACTED.
 */
export function fullOnlyThroughRoleOrMembership(
  viewer: UserViewer,
  ability: AppAbility,
  subject: 'Case' | 'JournalPost',
  aliases: RecordAliases,
): SqlFragment {
  const fields = fieldsOf(subject, aliases);
  const full = accessibleWhere(ability, 'readFull', subject, fields);
  if (!full) return raw('false');
  const own =
    accessibleWhere(defineAbilityFor(withoutRoleAccess(viewer)), 'readFull', subject, fields) ??
    raw('false');
  return sql`(${raw(aliases.record)}.access_group_id is not null and (${full}) and not (${own}))`;
}

/**
 * SQL text: what gave the access to a record that `fullOnlyThroughRoleOrMembership` logs, over the
 * record's access group `group`. ARCHIVIST reads everything; else a LEADER grant when it alone
 * (memberships taken away) gives the access; else it is the membership.
 */
export function accessReason(
  viewer: UserViewer,
  subject: 'Case' | 'JournalPost',
  aliases: RecordAliases & { group: string },
): SqlFragment {
  if (hasRole(viewer, Role.ARCHIVIST))
    return sql`${'Full access through the ARCHIVIST role'}::text`;
  const throughRoles =
    accessibleWhere(
      defineAbilityFor({ ...viewer, accessGroupIds: [] }),
      'readFull',
      subject,
      fieldsOf(subject, aliases),
    ) ?? raw('false');
  return sql`(case when ${throughRoles} then ${'Full access through the LEADER role'}::text
    else ${'Full access through membership of '}::text || ${raw(aliases.group)}.name end)`;
}

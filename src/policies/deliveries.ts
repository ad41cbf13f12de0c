import { hasRole, type Viewer } from '../auth/viewer';
import { raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { Role } from '../entities/enums';

/**
 * The archive log (arkivlogg) of deliveries and the specialist systems (fagsystemer) that send
 * them (docs/noark5-service-interface.md, "Deliveries and the archive log").
 *
 * | who                          | reads                                                  |
 * |------------------------------|--------------------------------------------------------|
 * | ARCHIVIST                    | the whole organisation's log and every system          |
 * | ADMIN                        | every system (registers them); not the log             |
 * | a system's owner             | the system and its log (systemansvarlig)               |
 * | anybody else                 | nothing: an empty list, never a refusal that tells     |
 *
 * The log holds no record values, only codes, keys, ids and the refusal messages the sender got;
 * the record of an entry is read through the ordinary record rules, so it is null for a reader
 * who does not see it. Registering a system is administration (policies/administration.ts).
 */

/** SQL over a delivery row `alias`: the viewer reads it in the archive log. */
export function archiveLogVisible(viewer: Viewer, alias: string): SqlFragment {
  if (viewer.kind !== 'user') return raw('false');
  if (hasRole(viewer, Role.ARCHIVIST)) return raw('true');
  return sql`${raw(alias)}.user_id in (select o.user_id from specialist_system o where o.owner_id = ${viewer.userId})`;
}

/** SQL over a specialist_system row `alias`: the viewer reads its archive log. */
export function systemLogVisible(viewer: Viewer, alias: string): SqlFragment {
  if (viewer.kind !== 'user') return raw('false');
  if (hasRole(viewer, Role.ARCHIVIST)) return raw('true');
  return sql`${raw(alias)}.owner_id = ${viewer.userId}`;
}

/** SQL over a specialist_system row `alias`: the viewer reads the system (not its log). */
export function systemVisible(viewer: Viewer, alias: string): SqlFragment {
  if (hasRole(viewer, Role.ADMIN)) return raw('true');
  return systemLogVisible(viewer, alias);
}

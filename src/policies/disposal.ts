import { type Viewer, hasRole } from '../auth/viewer';
import { type SqlFragment, sql } from '../db/sqlTemplate';
import { Role } from '../entities/enums';
import { descriptionFields, journalPostFields } from './fields';
import { accessibleWhere } from './sql';
import { type AppAbility, type RuleBuilder } from './subjects';
import { type Refusal } from './writes';

/**
 * Bevaring og kassasjon (docs/noark5.md, "Bevaring og kassasjon"): who sees the disposal list and
 * carries out disposals. The decisions on classes and archive parts are set by whoever
 * administers them (policies/classification.ts, policies/archiveParts.ts).
 *
 * | who       | may                                                                           |
 * |-----------|-------------------------------------------------------------------------------|
 * | ARCHIVIST | read the disposal list and disposals (`read`); propose, confirm and cancel a  |
 * |           | disposal (`carryOut`), reading every record it destroys in full               |
 *
 * Four eyes: the archivist who confirms a disposal is never the one who proposed it (a rule of the
 * domain, domain/disposal.ts, and a check of the database). Write rights never exceed read rights:
 * a case or document the archivist does not see is NOT_FOUND; one they see only REDACTED, or a
 * case holding a post or document they do not read in full, is FORBIDDEN.
 */
export function disposalRules(viewer: Viewer, { can }: RuleBuilder): void {
  if (hasRole(viewer, Role.ARCHIVIST)) can(['read', 'carryOut'], 'Disposal');
}

export const DISPOSAL_REFUSAL =
  'Only archivists may see the disposal list and propose, confirm or cancel a disposal (kassasjon)';

/** May the viewer see disposals (`read`) or carry them out (`carryOut`)? null when allowed. */
export function refuseDisposal(ability: AppAbility, action: 'read' | 'carryOut'): Refusal | null {
  return ability.can(action, 'Disposal') ? null : { code: 'FORBIDDEN', message: DISPOSAL_REFUSAL };
}

/** The refusal when something a disposal would destroy is not read in full by the archivist. */
export const NOT_ALL_READ_IN_FULL: Refusal = {
  code: 'FORBIDDEN',
  message:
    'You do not read every journal post and document concerned in full; only one who does may dispose of them',
};

/**
 * The description `dd` (post `jp`, case `c`) is NOT read in full by the viewer, as SQL: neither
 * its post nor the description itself (its own screening) may be unread by whoever destroys it.
 */
export function descriptionNotReadInFull(
  ability: AppAbility,
  dd: string,
  jp: string,
  c: string,
): SqlFragment {
  const post = accessibleWhere(ability, 'readFull', 'JournalPost', journalPostFields(jp, c));
  const own = accessibleWhere(
    ability,
    'readFull',
    'DocumentDescription',
    descriptionFields(dd, jp, c),
  );
  return post && own ? sql`not coalesce((${post}) and (${own}), false)` : sql`true`;
}

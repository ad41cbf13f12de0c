import { type Viewer, hasRole } from '../auth/viewer';
import { raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { Role } from '../entities/enums';
import { caseFields, classFields } from './fields';
import { accessibleWhere } from './sql';
import { type AppAbility, asSubject, type RuleBuilder } from './subjects';
import { isInternal } from './viewerFacts';
import { type Refusal } from './writes';

/**
 * Classification systems (klassifikasjonssystemer) and their classes (klasser). Field of a class:
 * `screened` (a class of a person-number scheme, whose klasseID is a national id number).
 *
 * | who                                   | may                                                    |
 * |---------------------------------------|--------------------------------------------------------|
 * | every internal user                   | read systems and classes; an unscreened class in full, |
 * |                                       | a screened one in its public form (`*****`)           |
 * | whoever reads a case FULL             | read the screened classes of that case in full         |
 * | ARCHIVIST                             | read every class in full; administer systems and       |
 * |                                       | classes                                                |
 * | ADMIN                                 | administer systems and unscreened classes              |
 *
 * A screened class is read like the title of a restricted record: its public form hides the
 * number and the person's name. Whoever administers a class reads it in full (write rights never
 * exceed read rights), which is why ADMIN, who reads no restricted record, administers only the
 * unscreened ones.
 */
export function classificationRules(viewer: Viewer, { can }: RuleBuilder): void {
  if (!isInternal(viewer)) return;
  can('read', ['ClassificationSystem', 'Class']);
  can('readFull', 'Class', { screened: false });
  if (hasRole(viewer, Role.ARCHIVIST)) {
    can('readFull', 'Class');
    can('administer', ['ClassificationSystem', 'Class']);
  } else if (hasRole(viewer, Role.ADMIN)) {
    can('administer', 'ClassificationSystem');
    can('administer', 'Class', { screened: false });
  }
}

export const CLASSIFICATION_SYSTEM_REFUSAL =
  'Only administrators and archivists may create or change classification systems (klassifikasjonssystemer)';

export const CLASS_REFUSAL =
  'Only administrators and archivists may create or change classes (klasser); classes of a person-number scheme only archivists';

/** May the viewer create or change classification systems? null when allowed, else the refusal. */
export function refuseSystemAdministration(ability: AppAbility): Refusal | null {
  return ability.can('administer', 'ClassificationSystem')
    ? null
    : { code: 'FORBIDDEN', message: CLASSIFICATION_SYSTEM_REFUSAL };
}

/** May the viewer create or change a class, screened or not? null when allowed, else the refusal. */
export function refuseClassAdministration(ability: AppAbility, screened: boolean): Refusal | null {
  return ability.can('administer', asSubject('Class', { screened }))
    ? null
    : { code: 'FORBIDDEN', message: CLASS_REFUSAL };
}

/**
 * The viewer reads the class `k` in full, as SQL: by the rules above, or because the viewer reads
 * FULL a case classified with it (primary or secondary). null: no class in full (never for an
 * internal user, who reads every unscreened class).
 */
export function classReadFull(ability: AppAbility, k: string): SqlFragment | null {
  const own = accessibleWhere(ability, 'readFull', 'Class', classFields(k));
  const caseFull = accessibleWhere(ability, 'readFull', 'Case', caseFields('fc'));
  const viaCase = caseFull
    ? sql`${raw(k)}.id in (select fcc.class_id from case_class fcc join case_file fc on fc.id = fcc.case_id where ${caseFull})`
    : null;
  const parts = [own, viaCase].filter((p): p is SqlFragment => p !== null);
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : sql`(${parts[0]!}) or (${parts[1]!})`;
}

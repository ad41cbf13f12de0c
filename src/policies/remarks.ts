import { type SqlFragment, sql } from '../db/sqlTemplate';
import { type AppAbility } from './subjects';
import { caseFields, journalPostFields } from './fields';
import { accessibleWhere } from './sql';

/**
 * Remarks (merknader, docs/noark5.md "Merknad") are screened with their record and are never
 * public:
 *
 * | the viewer …                          | remarks of the record                     |
 * |---------------------------------------|-------------------------------------------|
 * | reads the case or post in full (FULL) | every remark: type, text, by, at          |
 * | sees it REDACTED, or not at all       | none: no text, no count, no sign of them  |
 * | the public                            | none (no rule gives the public a record)  |
 *
 * There is no public form of a remark: its text is free text about the matter and may name
 * anyone, so nothing of it is shown where the record is shown in its public form. Adding one is the
 * record's `addRemark` action (cases.ts, journalPosts.ts), which the write rule (writes.ts) gives
 * only on top of FULL.
 */

/**
 * The condition under which the viewer reads the remarks of cases `c`, as SQL; null when no case
 * is read in full (the caller returns no remark without a query).
 */
export function caseRemarksReadable(ability: AppAbility, c: string): SqlFragment | null {
  const fields = caseFields(c);
  const read = accessibleWhere(ability, 'read', 'Case', fields);
  const full = accessibleWhere(ability, 'readFull', 'Case', fields);
  return read && full ? sql`(${read} and ${full})` : null;
}

/** The same for the remarks of journal posts `jp` in their cases `c`. */
export function journalPostRemarksReadable(
  ability: AppAbility,
  jp: string,
  c: string,
): SqlFragment | null {
  const fields = journalPostFields(jp, c);
  const read = accessibleWhere(ability, 'read', 'JournalPost', fields);
  const full = accessibleWhere(ability, 'readFull', 'JournalPost', fields);
  return read && full ? sql`(${read} and ${full})` : null;
}

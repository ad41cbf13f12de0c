import { raw, type SqlFragment } from '../db/sqlTemplate';

/**
 * Parties (sakspart) of a case the viewer may see.
 *
 * | viewer of the case | role, position | name                                          | identifiers, address |
 * |--------------------|----------------|-----------------------------------------------|----------------------|
 * | FULL               | shown          | shown                                         | shown                |
 * | REDACTED           | shown          | hidden while the case's screening applies (skjerming av navn på parter: a screened case is often screened for who it is about) | never |
 * | NONE               | the case does not exist for the viewer                                                 |
 *
 * National ids and organisation numbers are never public in any form (docs/security.md,
 * "Identifiers"). Written over a row `t` of the visible cases (queries/cases.ts), which carries
 * `is_full` and `screening_active`, and a party `cp`.
 */
export const partyNameVisible: SqlFragment = raw('(t.is_full or not t.screening_active)');

/** Identifiers and the postal address: FULL viewers of the case only. */
export const partyDetailsVisible: SqlFragment = raw('t.is_full');

/**
 * The search by identifier (`cases(filter: { partyIdentifier })`) matches only cases the viewer
 * reads in full, and correspondents only of posts the viewer reads in full: `row` is a visible
 * case or journal post. A REDACTED row never matches, so neither a count nor an order can tell that a
 * hidden record names the person.
 */
export const identifierSearchable = (row: 't' | 'p'): SqlFragment => raw(`${row}.is_full`);

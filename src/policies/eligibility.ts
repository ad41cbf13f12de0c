import { type Grant } from '../auth/viewer';
import { Role } from '../entities/enums';

/**
 * Who may be named by a write (docs/access-control.md, "Who may be named"). Naming a person
 * responsible, an approver or an assignee hands them the record in full, so each target must
 * already belong to the record's part of the organisation; a write never hands a record to
 * someone outside it. Pure rules over facts loaded by queries/facts.ts.
 *
 * | target                                   | eligible when the user is active and holds now …         |
 * |------------------------------------------|----------------------------------------------------------|
 * | case responsible, journal post responsible | CASE_HANDLER or LEADER for the record's responsible unit (or for the whole organisation), or ARCHIVIST |
 * | approver (godkjenner) of a journal post  | LEADER for the record's unit or one of its parents (or for the whole organisation) |
 * | internal contact of a case               | any role (an internal user)                              |
 * | assignee of an insight request item      | a role for the post's unit (or the whole organisation), or ARCHIVIST, and reads the post in full |
 *
 * An archivist is not an eligible approver unless also a leader: approval is a leader's act, and
 * an approver who could not approve would leave the document stuck.
 */

/** A user as the target of a write. */
export interface Candidate {
  userId: string;
  active: boolean;
  /** The grants the user holds now */
  grants: readonly Grant[];
}

const grantCovers = (g: Grant, units: readonly string[]) =>
  g.unitId === null || units.includes(g.unitId);

/** `units`: the record's responsible unit(s) (a journal post: its own unit and its case's). */
export function mayBeResponsible(candidate: Candidate, units: readonly string[]): boolean {
  if (!candidate.active) return false;
  return candidate.grants.some(
    (g) =>
      g.role === Role.ARCHIVIST ||
      ((g.role === Role.CASE_HANDLER || g.role === Role.LEADER) && grantCovers(g, units)),
  );
}

/** `unitsAndParents`: the record's unit(s) and every parent of them. */
export function mayApprove(candidate: Candidate, unitsAndParents: readonly string[]): boolean {
  if (!candidate.active) return false;
  return candidate.grants.some((g) => g.role === Role.LEADER && grantCovers(g, unitsAndParents));
}

export function mayBeInternalContact(candidate: Candidate): boolean {
  return candidate.active && candidate.grants.length > 0;
}

/** The role part of the assignee rule; reading the post in full is checked with the ability. */
export function mayBeAssignee(candidate: Candidate, units: readonly string[]): boolean {
  if (!candidate.active) return false;
  return candidate.grants.some(
    (g) => g.role === Role.ARCHIVIST || (g.role !== Role.ADMIN && grantCovers(g, units)),
  );
}

/** Why a target is refused, for BAD_USER_INPUT on the argument that named them. */
export const ELIGIBILITY_REFUSALS = {
  responsible:
    "must name an active case handler or leader of the record's responsible unit, or an archivist",
  approver: "must name an active leader (LEADER) of the record's unit or of a unit above it",
  internalContact: 'must name an active user who holds a role',
  assignee:
    "must name an active user with a role in the journal post's unit, or an archivist, who reads the post in full",
} as const;

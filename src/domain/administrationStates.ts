/**
 * The states administrative records must be in for each change: used by the changes themselves
 * (administration.ts, as CONFLICT with the text returned) and by `viewerCan`, so a button shown is
 * a button that works. Each function returns why the change does not apply now, or null.
 */

/** Deaktiver bruker: an active user, and never oneself. */
export function deactivationConflict(
  user: { id: string; username: string; active: boolean },
  actorId: string,
): string | null {
  if (user.id === actorId) return 'You cannot deactivate yourself';
  if (!user.active) return `${user.username} is already deactivated`;
  return null;
}

/** Tildel rolle: only an active user is given roles. */
export function roleGrantConflict(user: { username: string; active: boolean }): string | null {
  return user.active ? null : `${user.username} is deactivated and cannot be given roles`;
}

/** A new member of an access group (tilgangsgruppe): only while the group has not ended. */
export function newMemberConflict(group: { name: string; endedAt?: Date | null }): string | null {
  return group.endedAt ? `The access group ${group.name} has ended and takes no new members` : null;
}

/** Avslutt tilgangsgruppe: a group ends once. */
export function endGroupConflict(group: { name: string; endedAt?: Date | null }): string | null {
  return group.endedAt ? `The access group ${group.name} has already ended` : null;
}

/** Avslutt tilgangskode: a screening code (tilgangskode) is given its last day once. */
export function endScreeningCodeConflict(code: {
  code: string;
  validTo?: string | null;
}): string | null {
  return code.validTo ? `The screening code ${code.code} has already ended` : null;
}

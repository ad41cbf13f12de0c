/**
 * The states administrative records must be in for each change: used by the changes themselves
 * (administration.ts) and by `viewerCan`, so a button shown is a button that works.
 */

/** Deaktiver bruker: an active user other than oneself. */
export const mayDeactivateUser = (user: { id: string; active: boolean }, actorId: string) =>
  user.id !== actorId && user.active;

/** Tildel rolle: only an active user is given roles. */
export const takesRoles = (user: { active: boolean }): boolean => user.active;

/** An access group (tilgangsgruppe) takes new members, and may be ended, until it has ended. */
export const isGroupOpen = (group: { endedAt?: Date | null }): boolean => !group.endedAt;

/** Avslutt tilgangskode: a screening code (tilgangskode) is given its last day once. */
export const mayEndScreeningCode = (code: { validTo?: string | null }): boolean => !code.validTo;

/**
 * Words every notice shares (docs/notices.md): Norwegian dates and the one closing line that
 * says the mail was sent by the system and cannot be answered.
 */

/** 2026-12-03 → 03.12.2026, the way Norwegian readers write dates. */
export function norwegianDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

/** The last line of every notice. */
export const AUTOMATIC_NOTE =
  'Denne e-posten er sendt automatisk fra Arkivgraf. Du kan ikke svare på den.';

/**
 * Where an entry's and a case's own pages are (permalinks.tsx), under a journal's page (`/journal/
 * {org}` or `/journal`): `/journal/vennesla/2026/30-4` and `/journal/vennesla/sak/2026/30`. The
 * numbers are digits, `/` and `-` only (saksnummer is `{year}/{sequence}`), so they stand in a
 * path as they are.
 */
export const entryPath = (journalPage: string, registryId: string) =>
  `${journalPage}/${registryId}`;

export const casePath = (journalPage: string, caseNumber: string) =>
  `${journalPage}/sak/${caseNumber}`;

import { staleVersion } from './errors';

/**
 * Optimistic locking across requests: a client that edits what it loaded earlier sends the
 * version it saw, and a change made by someone else in between is refused instead of overwritten.
 * (Changes that overlap in time are caught by the version column itself.)
 */
export function assertExpectedVersion(
  record: { version: number },
  expected: number | null | undefined,
  label: string,
): void {
  if (expected === null || expected === undefined || record.version === expected) return;
  throw staleVersion(
    `${label} was changed by someone else after you loaded it (you had version ${expected}, it is now ${record.version}); reload it and try again`,
    record.version,
  );
}

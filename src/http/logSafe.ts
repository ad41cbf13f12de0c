import { DriverException } from '@mikro-orm/core';

/**
 * An error as it may be logged. A database error's message holds the SQL with its parameters:
 * search text, titles, names, sometimes screened values. So for database errors only the kind,
 * the SQLSTATE code, the constraint and the stack frames are kept; other errors keep their
 * message, which the code wrote.
 */
export function loggableError(err: unknown): Record<string, unknown> {
  const original =
    err instanceof Error && 'originalError' in err && err.originalError instanceof Error
      ? err.originalError
      : err;
  const e = original instanceof Error ? original : new Error(String(original));
  const head = `${e.name}: ${e.message}`;
  // V8 writes the frames under the first line; MikroORM appends the errors it wraps after a blank
  // line, their messages among them, so only the first block of frames is kept.
  const frames = e.stack?.startsWith(head)
    ? e.stack.slice(head.length).split('\n\n')[0]?.trim()
    : undefined;
  if (e instanceof DriverException) {
    return {
      type: e.name,
      code: e.code,
      sqlState: e.sqlState,
      constraint: (e as { constraint?: string }).constraint,
      stack: frames || undefined,
    };
  }
  return { type: e.name, message: e.message, stack: frames || e.stack };
}

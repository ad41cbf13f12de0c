import { expect } from 'vitest';

/** One entry of `extensions.fieldErrors`. */
export interface FieldErrorJson {
  path: (string | number)[];
  code: string;
  message: string;
  params: Record<string, unknown>;
}

/** `decisions[0].legalBasis` → `["decisions", 0, "legalBasis"]`. */
export function pathOf(field: string): (string | number)[] {
  return field
    .split('.')
    .flatMap((part) => part.split(/\[(\d+)\]/).filter((s) => s !== ''))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The field errors a GraphQL error carries (none unless it is BAD_USER_INPUT). */
export const fieldErrorsOf = (error: any): FieldErrorJson[] => error?.extensions?.fieldErrors ?? [];

/** The error names this field of a mutation's input (written `a.b[0].c`), by its path from `input`. */
export function expectInputFieldError(error: any, field: string): void {
  expect(
    fieldErrorsOf(error).map((e) => e.path),
    JSON.stringify(error),
  ).toContainEqual(['input', ...pathOf(field)]);
}

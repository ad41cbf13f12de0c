import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FIELD_ERROR_CODES } from '../../src/domain/errors';
import { CLIENT_CODES } from '../../src/http/errors';

/**
 * The error table of docs/security.md ("Errors: what each code means for a client") names exactly
 * the codes a client can get: AppError's, the ones the HTTP layer writes itself, and Apollo's own.
 */
const root = join(__dirname, '../..');

const ERRORS_SECTION = '## Errors: what each code means for a client';
const FIELD_ERRORS_SECTION = '### Field errors';

function section(start: string, end?: string): string {
  const text = readFileSync(join(root, 'docs/security.md'), 'utf8');
  const from = text.indexOf(start);
  expect(from, start).toBeGreaterThanOrEqual(0);
  const to = end ? text.indexOf(end, from) : -1;
  return text.slice(from, to < 0 ? undefined : to);
}

/** The codes in the first column of the tables of a section. */
const codesIn = (text: string): string[] =>
  [...text.matchAll(/^\| `([A-Z_]+)` +\|/gm)].map((m) => m[1]!);

const documentedCodes = () => codesIn(section(ERRORS_SECTION, FIELD_ERRORS_SECTION));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : /\.tsx?$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

/** Codes written literally by the HTTP layer and the errors module: `code: 'X'` and sendJsonError. */
function literalCodes(): string[] {
  const files = [...sourceFiles(join(root, 'src/http')), join(root, 'src/domain/errors.ts')];
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [
      ...text.matchAll(/code: '([A-Z][A-Z_]+)'/g),
      ...text.matchAll(/sendJsonError\(\s*res,\s*[^,]+,\s*'([A-Z][A-Z_]+)'/g),
    ].map((m) => m[1]!);
  });
}

describe('The error table in the docs names every code the server can give, and no other', () => {
  const produced = new Set<string>([
    ...ERROR_CODES,
    ...CLIENT_CODES,
    ...Object.values(ApolloServerErrorCode),
    ...literalCodes(),
  ]);

  it('finds the codes of every source', () => {
    for (const code of [
      'RATE_LIMITED',
      'PAYLOAD_TOO_LARGE',
      'QUERY_TOO_COMPLEX',
      'QUERY_TIMEOUT',
      'STALE_VERSION',
      'INVALID_STATE',
    ]) {
      expect(produced).toContain(code);
    }
  });

  it('each documented once, in the same set', () => {
    const documented = documentedCodes();
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...produced].sort());
  });
});

describe('The field error codes in the docs are exactly those of extensions.fieldErrors', () => {
  it('each documented once, in the same set', () => {
    const documented = codesIn(section(FIELD_ERRORS_SECTION));
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...FIELD_ERROR_CODES].sort());
  });
});

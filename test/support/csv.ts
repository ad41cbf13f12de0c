import { expect } from 'vitest';

/**
 * RFC 4180 as the download writes it: fields quoted when needed, "" inside quotes, CRLF rows;
 * cells separated by `delimiter` (`;` in the Norwegian download).
 */
export function parseCsv(text: string, delimiter: ',' | ';' = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(quoted, 'no field is left open').toBe(false);
  expect(field === '' && row.length === 0, 'the last record ends with CRLF').toBe(true);
  return rows;
}

import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors';
import {
  compileFilter,
  type FieldMap,
  parseFilter,
  parseOrderBy,
} from '../../src/queries/noark5/odata';
import { JOURNALPOST_LIST, SAKSMAPPE_LIST } from '../../src/queries/noark5/lists';

const FIELDS: FieldMap = {
  tittel: {
    expr: 't.title',
    type: 'text',
    trigram: { table: 'case_file', columns: ['title', 'public_title'] },
  },
  mappeID: { expr: 't.case_number', type: 'text' },
  saksaar: { expr: 't.case_year', type: 'integer' },
  journaldato: { expr: 't.journal_date', type: 'date' },
  opprettetDato: { expr: 't.created_at', type: 'timestamp' },
  systemID: { expr: 't.id', type: 'uuid' },
  'saksstatus/kode': { expr: 't.status_code', type: 'text' },
};

const compiled = (filter: string) => compileFilter(parseFilter(filter), FIELDS);

/** The message of the 400 a filter gets. */
function refusal(filter: string): string {
  try {
    compiled(filter);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_USER_INPUT');
    return (err as AppError).message;
  }
  throw new Error(`${filter} was accepted`);
}

describe('a $filter compiles to a parameterised condition over the supported fields', () => {
  it.each([
    ["tittel eq 'Søknad'", '(t.title = ?)', ['Søknad']],
    ["tittel ne 'x'", '(t.title <> ?)', ['x']],
    ['saksaar gt 2020', '(t.case_year > ?)', [2020]],
    [
      'saksaar ge 2020 and saksaar le 2026',
      '((t.case_year >= ?) and (t.case_year <= ?))',
      [2020, 2026],
    ],
    [
      'saksaar lt 2020 or saksaar eq 2026',
      '((t.case_year < ?) or (t.case_year = ?))',
      [2020, 2026],
    ],
    ['not (saksaar eq 2020)', '(not coalesce((t.case_year = ?), false))', [2020]],
    ['2020 lt saksaar', '(t.case_year > ?)', [2020]],
    ["journaldato ge DateTime'2017-02-15'", '(t.journal_date >= ?::date)', ['2017-02-15']],
    ["journaldato lt '2017-02-15'", '(t.journal_date < ?::date)', ['2017-02-15']],
    [
      "opprettetDato gt datetime'2017-02-15T10:00:00Z'",
      '(t.created_at > ?::timestamptz)',
      ['2017-02-15T10:00:00Z'],
    ],
    ['year(journaldato) eq 2017', '(extract(year from t.journal_date)::int = ?)', [2017]],
    // A title search starts from the trigram indexes of both stored titles; the effective one decides.
    [
      "startswith(tittel,'Søk')",
      '(t.id in (select x.id from case_file x where x.title ilike ? or x.public_title ilike ?) and (t.title ilike ?))',
      ['Søk%', 'Søk%', 'Søk%'],
    ],
    [
      "contains(tittel,'50%')",
      '(t.id in (select x.id from case_file x where x.title ilike ? or x.public_title ilike ?) and (t.title ilike ?))',
      ['%50\\%%', '%50\\%%', '%50\\%%'],
    ],
    [
      "substringof('elev',tittel)",
      '(t.id in (select x.id from case_file x where x.title ilike ? or x.public_title ilike ?) and (t.title ilike ?))',
      ['%elev%', '%elev%', '%elev%'],
    ],
    ["startswith(mappeID,'2')", '(t.case_number ilike ?)', ['2%']],
    ["tittel eq 'O''Brien'", '(t.title = ?)', ["O'Brien"]],
    ['tittel eq null', '(t.title is null)', []],
    ["saksstatus/kode eq 'B'", '(t.status_code = ?)', ['B']],
    [
      "systemID eq '0e6b7d52-5a3c-4c57-9f49-2b8f6a1d1c11'",
      '(t.id = ?::uuid)',
      ['0e6b7d52-5a3c-4c57-9f49-2b8f6a1d1c11'],
    ],
  ])('%s', (filter, text, params) => {
    const fragment = compiled(filter);
    expect(fragment.sql).toBe(text);
    expect(fragment.params).toEqual(params);
  });

  it('the saksmappe and journalpost titles search from the trigram indexes of both stored titles', () => {
    for (const [list, table] of [
      [SAKSMAPPE_LIST, 'case_file'],
      [JOURNALPOST_LIST, 'journal_post'],
    ] as const) {
      for (const field of ['tittel', 'offentligTittel']) {
        const sql = compileFilter(parseFilter(`contains(${field},'elev')`), list.fields).sql;
        expect(sql).toContain(
          `select x.id from ${table} x where x.title ilike ? or x.public_title ilike ?`,
        );
      }
    }
  });

  it('binds and tighter than or, and parentheses group', () => {
    expect(compiled('saksaar eq 1 or saksaar eq 2 and saksaar eq 3').sql).toBe(
      '((t.case_year = ?) or ((t.case_year = ?) and (t.case_year = ?)))',
    );
    expect(compiled('(saksaar eq 1 or saksaar eq 2) and saksaar eq 3').sql).toBe(
      '(((t.case_year = ?) or (t.case_year = ?)) and (t.case_year = ?))',
    );
  });

  it('never puts the client’s text into the SQL itself', () => {
    const fragment = compiled("tittel eq 'x''); drop table case_file; --'");
    expect(fragment.sql).toBe('(t.title = ?)');
  });
});

describe('whatever the subset does not know is 400, naming the unsupported part', () => {
  it.each([
    ["hemmelig eq 'x'", "'hemmelig'"],
    ["endswith(tittel,'x')", 'endswith'],
    ["tolower(tittel) eq 'x'", 'tolower'],
    ["tittel eq 'x' xor saksaar eq 1", "'xor'"],
    ["tittel has 'x'", "'has'"],
    ['tittel eq', 'ends too early'],
    ["(tittel eq 'x'", 'ends too early'],
    ["tittel eq 'x", 'Unterminated'],
    ['saksaar eq tittel', 'two fields'],
    ["saksaar eq 'x'", 'whole number'],
    ["journaldato eq 'i går'", 'date'],
    ["journaldato eq '2017-02-30'", 'date'],
    ["systemID eq 'abc'", 'UUID'],
    ['year(tittel) eq 2017', 'year() takes a date field'],
    ["contains(saksaar,'1')", 'text field'],
    ["contains(tittel,'el')", 'at least 3 characters'],
    ['saksaar gt null', 'null'],
    ['tittel eq #', "Unexpected character '#'"],
    ['', 'empty'],
  ])('%s', (filter, named) => {
    expect(refusal(filter)).toContain(named);
  });

  it('refuses a filter longer than 2000 characters and nesting deeper than 32', () => {
    expect(refusal(`tittel eq '${'x'.repeat(2000)}'`)).toContain('longer than');
    expect(refusal(`${'('.repeat(40)}saksaar eq 1${')'.repeat(40)}`)).toContain('nested');
  });
});

describe('$orderby takes the list’s order fields, asc or desc', () => {
  it('parses terms and refuses others by name', () => {
    expect(parseOrderBy('mappeID desc, tittel', ['mappeID', 'tittel'])).toEqual([
      { field: 'mappeID', desc: true },
      { field: 'tittel', desc: false },
    ]);
    expect(() => parseOrderBy('hemmelig', ['mappeID'])).toThrow(/'hemmelig'/);
    expect(() => parseOrderBy('mappeID sideways', ['mappeID'])).toThrow(/not an order/);
  });
});

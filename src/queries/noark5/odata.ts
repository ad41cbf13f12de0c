import { badInput } from '../../domain/errors';
import { joinSql, raw, sql, type SqlFragment } from '../../db/sqlTemplate';
import { likeEscaped, MIN_SUBSTRING_SEARCH } from '../list';

/**
 * The OData subset of the service interface (docs/noark5-service-interface.md, "OData"): a
 * `$filter` is parsed here into a small tree and compiled into a parameterised SQL condition over
 * the columns of a list's visible relation (alias `t`, effective values only), through a map of
 * the fields each entity supports. Nothing of the client's text reaches SQL but as a parameter;
 * every field, function or form this subset does not know is refused (400) by name.
 */

/** The type of a supported field's column, which decides the literals it is compared with. */
export type FieldType = 'text' | 'integer' | 'date' | 'timestamp' | 'uuid';

export interface ODataField {
  /** SQL over the row alias `t`: an effective column (or an expression of them) */
  expr: string;
  type: FieldType;
  /**
   * A title searched by startswith/contains: the table and the trigram-indexed columns its
   * effective value is one of, so a search starts from the indexes (queries/list.ts, "Trigrams")
   * instead of testing every visible row.
   */
  trigram?: { table: string; columns: readonly string[] };
}

export type FieldMap = Record<string, ODataField>;

type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'datetime'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

export type Operand = { kind: 'field'; path: string } | { kind: 'year'; path: string } | Literal;

export type ComparisonOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterExpr =
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'compare'; op: ComparisonOp; left: Operand; right: Operand }
  | { kind: 'startswith' | 'contains'; path: string; value: string };

/** Longer filters and deeper nesting are refused: no client needs them, and they cost to plan. */
export const MAX_FILTER_LENGTH = 2000;
const MAX_DEPTH = 32;

const COMPARISONS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

type Token =
  | { t: 'name'; v: string; at: number }
  | { t: 'string'; v: string; at: number }
  | { t: 'datetime'; v: string; at: number }
  | { t: 'number'; v: number; at: number }
  | { t: '(' | ')' | ','; at: number };

const NAME = /[A-Za-z_\u00c0-\u024f][A-Za-z0-9_\u00c0-\u024f/.]*/y;
const NUMBER = /-?\d+(?:\.\d+)?/y;

function refuse(message: string): never {
  throw badInput('$filter', 'INVALID_FORMAT', message);
}

/** The string literal starting at `at` (a quote), with `''` for a quote inside. */
function stringAt(text: string, at: number): [string, number] {
  let out = '';
  let i = at + 1;
  for (;;) {
    if (i >= text.length) refuse(`Unterminated string literal at position ${at + 1}`);
    const ch = text[i]!;
    if (ch === "'") {
      if (text[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      return [out, i + 1];
    }
    out += ch;
    i += 1;
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ t: ch, at: i });
      i += 1;
    } else if (ch === "'") {
      const [v, next] = stringAt(text, i);
      tokens.push({ t: 'string', v, at: i });
      i = next;
    } else {
      NUMBER.lastIndex = i;
      const num = NUMBER.exec(text);
      if (num && !/[A-Za-z_]/.test(text[i + num[0].length] ?? '')) {
        tokens.push({ t: 'number', v: Number(num[0]), at: i });
        i += num[0].length;
        continue;
      }
      NAME.lastIndex = i;
      const name = NAME.exec(text);
      if (!name) refuse(`Unexpected character '${ch}' at position ${i + 1}`);
      const word = name[0];
      i += word.length;
      // DateTime'2017-02-15' (OData v2/v3) or datetime'…': a typed literal.
      if (/^datetime$/i.test(word) && text[i] === "'") {
        const [v, next] = stringAt(text, i);
        tokens.push({ t: 'datetime', v, at: i - word.length });
        i = next;
      } else {
        tokens.push({ t: 'name', v: word, at: i - word.length });
      }
    }
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterExpr {
    if (this.tokens.length === 0) refuse('The filter is empty');
    const expr = this.or(0);
    const rest = this.tokens[this.i];
    if (rest) refuse(`Unexpected ${describe(rest)} at position ${rest.at + 1}`);
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(): Token {
    const token = this.tokens[this.i];
    if (!token) refuse('The filter ends too early');
    this.i += 1;
    return token;
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token?.t === 'name' && token.v === word;
  }

  private expect(t: '(' | ')' | ','): void {
    const token = this.next();
    if (token.t !== t)
      refuse(`Expected '${t}' but found ${describe(token)} at position ${token.at + 1}`);
  }

  private or(depth: number): FilterExpr {
    if (depth > MAX_DEPTH) refuse('The filter is nested too deeply');
    let left = this.and(depth);
    while (this.isWord('or')) {
      this.i += 1;
      left = { kind: 'or', left, right: this.and(depth) };
    }
    return left;
  }

  private and(depth: number): FilterExpr {
    let left = this.unary(depth);
    while (this.isWord('and')) {
      this.i += 1;
      left = { kind: 'and', left, right: this.unary(depth) };
    }
    return left;
  }

  private unary(depth: number): FilterExpr {
    if (this.isWord('not')) {
      this.i += 1;
      return { kind: 'not', expr: this.unary(depth + 1) };
    }
    const token = this.peek();
    if (token?.t === '(') {
      this.i += 1;
      const inner = this.or(depth + 1);
      this.expect(')');
      return inner;
    }
    if (token?.t === 'name' && this.tokens[this.i + 1]?.t === '(') {
      const name = token.v;
      if (name === 'startswith' || name === 'contains' || name === 'substringof') {
        return this.textFunction(name);
      }
    }
    const left = this.operand();
    const op = this.next();
    if (op.t !== 'name' || !COMPARISONS.has(op.v)) {
      refuse(
        `Expected a comparison (eq, ne, gt, ge, lt, le) but found ${describe(op)} at position ${op.at + 1}`,
      );
    }
    return { kind: 'compare', op: op.v as ComparisonOp, left, right: this.operand() };
  }

  /** startswith(field,'x'), contains(field,'x'), substringof('x',field) */
  private textFunction(name: 'startswith' | 'contains' | 'substringof'): FilterExpr {
    this.i += 2;
    const first = this.next();
    this.expect(',');
    const second = this.next();
    this.expect(')');
    const [field, value] = name === 'substringof' ? [second, first] : [first, second];
    if (field.t !== 'name' || value.t !== 'string') {
      refuse(`${name} takes a field and a string literal`);
    }
    return {
      kind: name === 'startswith' ? 'startswith' : 'contains',
      path: field.v,
      value: value.v,
    };
  }

  private operand(): Operand {
    const token = this.next();
    switch (token.t) {
      case 'string':
        return { kind: 'string', value: token.v };
      case 'datetime':
        return { kind: 'datetime', value: token.v };
      case 'number':
        return { kind: 'number', value: token.v };
      case 'name': {
        if (token.v === 'true' || token.v === 'false') {
          return { kind: 'boolean', value: token.v === 'true' };
        }
        if (token.v === 'null') return { kind: 'null' };
        if (this.peek()?.t === '(') {
          if (token.v !== 'year') refuse(`The function ${token.v}() is not supported`);
          this.i += 1;
          const field = this.next();
          if (field.t !== 'name') refuse('year() takes a field');
          this.expect(')');
          return { kind: 'year', path: field.v };
        }
        return { kind: 'field', path: token.v };
      }
      default:
        return refuse(`Unexpected ${describe(token)} at position ${token.at + 1}`);
    }
  }
}

function describe(token: Token): string {
  switch (token.t) {
    case 'name':
      return `'${token.v}'`;
    case 'string':
    case 'datetime':
      return 'a string literal';
    case 'number':
      return 'a number';
    default:
      return `'${token.t}'`;
  }
}

/** The tree of a `$filter`; a syntax error or an unknown function is a 400 naming it. */
export function parseFilter(text: string): FilterExpr {
  if (text.length > MAX_FILTER_LENGTH) {
    refuse(`The filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  return new Parser(tokenize(text)).parse();
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fieldOf(fields: FieldMap, path: string): ODataField {
  const field = Object.hasOwn(fields, path) ? fields[path] : undefined;
  if (!field) {
    refuse(
      `The field '${path}' is not supported in $filter here; supported: ${Object.keys(fields).join(', ')}`,
    );
  }
  return field;
}

/** A real calendar day: PostgreSQL refuses 2017-02-30 with an error, which would be a 500. */
function realDay(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return (
    y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
  );
}

/** A date or a moment as the literal gives it, checked before PostgreSQL would fail on it. */
function temporal(literal: Literal, path: string): string {
  const value = literal.kind === 'string' || literal.kind === 'datetime' ? literal.value : null;
  if (
    value !== null &&
    (DAY.test(value) || MOMENT.test(value)) &&
    realDay(value) &&
    !Number.isNaN(Date.parse(value))
  ) {
    return value;
  }
  return refuse(`'${path}' is compared with a date such as '2017-02-15' or DateTime'2017-02-15'`);
}

const SQL_OP: Record<ComparisonOp, string> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
};
const FLIPPED: Record<ComparisonOp, ComparisonOp> = {
  eq: 'eq',
  ne: 'ne',
  gt: 'lt',
  ge: 'le',
  lt: 'gt',
  le: 'ge',
};

function comparison(
  fields: FieldMap,
  op: ComparisonOp,
  left: Operand,
  right: Operand,
): SqlFragment {
  if (left.kind !== 'field' && left.kind !== 'year') {
    if (right.kind === 'field' || right.kind === 'year')
      return comparison(fields, FLIPPED[op], right, left);
    refuse('A comparison needs a field on one side');
  }
  if (right.kind === 'field' || right.kind === 'year') {
    refuse('Comparing two fields is not supported: compare a field with a literal');
  }
  const field = fieldOf(fields, left.path);
  const sqlOp = raw(SQL_OP[op]);
  if (left.kind === 'year') {
    if (field.type !== 'date' && field.type !== 'timestamp')
      refuse(`year() takes a date field, not '${left.path}'`);
    if (right.kind !== 'number' || !Number.isInteger(right.value))
      refuse('year() is compared with a whole number');
    return sql`(extract(year from ${raw(field.expr)})::int ${sqlOp} ${right.value})`;
  }
  const expr = raw(field.expr);
  if (right.kind === 'null') {
    if (op === 'eq') return sql`(${expr} is null)`;
    if (op === 'ne') return sql`(${expr} is not null)`;
    refuse('null is compared with eq or ne only');
  }
  switch (field.type) {
    case 'integer':
      if (
        right.kind !== 'number' ||
        !Number.isInteger(right.value) ||
        Math.abs(right.value) >= 2 ** 31
      ) {
        refuse(`'${left.path}' is compared with a whole number`);
      }
      return sql`(${expr} ${sqlOp} ${right.value})`;
    case 'date':
      return sql`(${expr} ${sqlOp} ${temporal(right, left.path)}::date)`;
    case 'timestamp':
      return sql`(${expr} ${sqlOp} ${temporal(right, left.path)}::timestamptz)`;
    case 'uuid':
      if (right.kind !== 'string' || !UUID.test(right.value)) {
        refuse(`'${left.path}' is compared with a systemID (a UUID)`);
      }
      return sql`(${expr} ${sqlOp} ${right.value}::uuid)`;
    case 'text':
      if (right.kind !== 'string') refuse(`'${left.path}' is compared with a string literal`);
      return sql`(${expr} ${sqlOp} ${right.value})`;
  }
}

/** The SQL condition of a filter tree over the supported fields; refused (400) by name. */
export function compileFilter(expr: FilterExpr, fields: FieldMap): SqlFragment {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return sql`(${joinSql([compileFilter(expr.left, fields), compileFilter(expr.right, fields)], ` ${expr.kind} `)})`;
    case 'not':
      // A NULL comparison stays unmatched under not, as in OData: coalesce makes it false first.
      return sql`(not coalesce(${compileFilter(expr.expr, fields)}, false))`;
    case 'compare':
      return comparison(fields, expr.op, expr.left, expr.right);
    case 'startswith':
    case 'contains': {
      const field = fieldOf(fields, expr.path);
      if (field.type !== 'text') refuse(`${expr.kind} takes a text field, not '${expr.path}'`);
      const escaped = likeEscaped(expr.value);
      const pattern = expr.kind === 'startswith' ? `${escaped}%` : `%${escaped}%`;
      const exact = sql`(${raw(field.expr)} ilike ${pattern})`;
      if (!field.trigram) return exact;
      if ([...expr.value].length < MIN_SUBSTRING_SEARCH) {
        refuse(
          `${expr.kind} on '${expr.path}' needs at least ${MIN_SUBSTRING_SEARCH} characters (a shorter text would test every record)`,
        );
      }
      // The effective title is one of the stored ones, so the indexed columns give a superset of
      // the matches; the exact test on the effective column alone decides what the caller gets.
      const { table, columns } = field.trigram;
      const candidates = joinSql(
        columns.map((c) => sql`${raw(`x.${c}`)} ilike ${pattern}`),
        ' or ',
      );
      return sql`(t.id in (select x.id from ${raw(table)} x where ${candidates}) and ${exact})`;
    }
  }
}

/** One key of `$orderby`: a supported field and its direction. */
export interface OrderTerm {
  field: string;
  desc: boolean;
}

/** `$orderby=field [asc|desc], …` over the fields of `supported`; anything else 400. */
export function parseOrderBy(text: string, supported: readonly string[]): OrderTerm[] {
  const terms = text.split(',').map((part) => part.trim());
  if (terms.length > 3) throw badInput('$orderby', 'INVALID_FORMAT', 'Order by at most 3 fields');
  return terms.map((term) => {
    const m = /^(\S+)(?:\s+(asc|desc))?$/.exec(term);
    if (!m)
      throw badInput('$orderby', 'INVALID_FORMAT', `'${term}' is not an order (field asc|desc)`);
    const field = m[1]!;
    if (!supported.includes(field)) {
      throw badInput(
        '$orderby',
        'INVALID_FORMAT',
        `The field '${field}' is not supported in $orderby here; supported: ${supported.join(', ')}`,
      );
    }
    return { field, desc: m[2] === 'desc' };
  });
}

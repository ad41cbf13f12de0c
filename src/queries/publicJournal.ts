import { type EntityManager } from '@mikro-orm/postgresql';
import { type PublicJournalSettings } from '../config';
import { cursorBatches } from '../db/cursor';
import { beginInOrganisation, endInOrganisation, onServerOf } from '../db/organisationScope';
import { joinSql, query, raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { badInput } from '../domain/errors';
import { SCREENED_MARKER } from '../domain/publicTitle';
import { personalNameSearchCutoff, publishedPosts } from '../domain/publicJournal';
import {
  type CorrespondentRole,
  type JournalPostType,
  type WriteOffMethod,
} from '../entities/enums';
import { correspondentHiddenFromPublic } from '../policies/publicJournal';
import { publicTitle, screeningActive, titleScreened } from '../policies/redaction';
import { ExpiringCache } from './expiringCache';
import {
  type CountSource,
  listPage,
  type ListResult,
  type Range,
  searchPrefilter,
  type SearchPrefilter,
  type TotalCount,
} from './list';
import {
  decodeCursor,
  encodeCursor,
  inDirection,
  type ListOrder,
  orderBy,
  type PageRequest,
  type SortDirection,
  type SortKey,
} from './pagination';

/** One line of the public journal: public forms only, the same for every reader. */
export interface PublicEntryRow extends Record<string, unknown> {
  id: string;
  registry_id: string;
  journal_year: number;
  journal_sequence_number: number;
  case_number: string;
  case_title: string;
  /** The case's primary class (arkivkode) in its public form: `*****` for a person-number class */
  class_code: string | null;
  title: string;
  type: JournalPostType;
  journal_date: string;
  document_date: string | null;
  /** Mottatt dato of an incoming post */
  received_date: string | null;
  correspondents: string[];
  unit_id: string;
  unit: string;
  screened: boolean;
  legal_basis: string | null;
  write_off_method: WriteOffMethod | null;
  write_off_date: string | null;
  /** Saksår and sakssekvensnummer of the case, journalpostnummer of the post (offentlig journal XML) */
  case_year: number;
  case_sequence: number;
  document_number: number;
  /** Korrespondanseparttype of each correspondent, in the order of `correspondents` */
  correspondent_roles: CorrespondentRole[];
  /** The registry id (saksnummer-dokumentnummer) of the reply that wrote the post off, if it is published itself */
  written_off_by: string | null;
  /** Only when ordered by relevance: the rank of the search's words in the public titles */
  relevance?: number;
}

export interface PublicJournalFilter {
  journalDate?: Range<string> | null;
  documentDate?: Range<string> | null;
  unitId?: string | null;
  type?: JournalPostType | null;
  query?: string | null;
  legalBasis?: string | null;
}

/**
 * The entries, built in SQL from the public form of each post: the stored title of a screened post
 * and the names of screened correspondents never leave the database on this path. The arkivkode is
 * the public form of the case's primary class (position 0 of case_class, by its check constraint):
 * a person-number class's number never leaves it either.
 */
export function publicEntries(
  settings: PublicJournalSettings,
  today: string,
  search: SqlFragment = sql`true`,
  extraColumns: SqlFragment = sql``,
): SqlFragment {
  const postScreened = sql`(${screeningActive('jp', today)} and cardinality(jp.screened_fields) > 0)`;
  const caseTitleScreened = titleScreened('c', today);
  return sql`select jp.id, c.case_number || '-' || jp.document_number as registry_id,
      jp.journal_year, jp.journal_sequence_number, c.case_number,
      ${publicTitle('c', today)} as case_title,
      pk.public_class_id as class_code,
      ${publicTitle('jp', today)} as title,
      jp.type, jp.journal_date, jp.document_date, jp.received_date,
      array(select case when ${correspondentHiddenFromPublic('co', 'jp', 'sc', today)}
                        then ${SCREENED_MARKER} else co.name end
            from correspondent co where co.journal_post_id = jp.id order by co.position)
        as correspondents,
      jp.responsible_unit_id as unit_id, u.name as unit,
      (${postScreened} or ${caseTitleScreened}) as screened,
      case when ${postScreened} then coalesce(jp.legal_basis, sc.legal_basis)
           when ${caseTitleScreened} then coalesce(c.legal_basis, csc.legal_basis) end as legal_basis,
      jp.write_off_method, jp.write_off_date,
      c.case_year, c.case_sequence, jp.document_number,
      array(select co.role from correspondent co where co.journal_post_id = jp.id
            order by co.position) as correspondent_roles,
      (select rc.case_number || '-' || r.document_number
         from journal_post r join case_file rc on rc.id = r.case_id
         where r.id = jp.write_off_reply_id and ${publishedPosts('r', settings, today)})
        as written_off_by${extraColumns}
    from journal_post jp
    join case_file c on c.id = jp.case_id
    join unit u on u.id = jp.responsible_unit_id
    left join screening_code sc on sc.id = jp.screening_code_id
    left join screening_code csc on csc.id = c.screening_code_id
    left join case_class pcc on pcc.case_id = c.id and pcc.position = 0
    left join class pk on pk.id = pcc.class_id
    where ${publishedPosts('jp', settings, today)} and ${search}`;
}

/** The published entries among `ids`, in no order; an id that is not published is left out. */
export function publicEntriesById(
  em: EntityManager,
  settings: PublicJournalSettings,
  today: string,
  ids: readonly string[],
): Promise<PublicEntryRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return query<PublicEntryRow>(em, publicEntries(settings, today, sql`jp.id in (${[...ids]})`));
}

const SEARCH_MAX = 200;

/** Search strings are data: bounded, without NUL, each word handed to PostgreSQL as a parameter. */
function searchText(query: string): string | null {
  const text = query.replaceAll('\u0000', ' ').trim();
  if (!text) return null;
  if (text.length > SEARCH_MAX) {
    throw badInput(
      ['filter', 'query'],
      'TOO_LONG',
      `The search text must be at most ${SEARCH_MAX} characters`,
      { max: SEARCH_MAX },
    );
  }
  return text;
}

/**
 * A case number (saksnummer `2026/30`), a registry id (`2026/30-4`) or every entry of a case
 * (`2026/30-*`): `document` null for the whole case.
 */
interface NumberTerm {
  year: number;
  sequence: number;
  document: number | null;
}

/**
 * A search text read as a journalist writes it: words (stemmed, Norwegian), `ord*` for words
 * beginning so, `"a phrase"`, `OR` between alternatives, `-word` (or `-"phrase"`, `-2026/30`)
 * to leave out, and numbers. Words are tsquery expressions built from parameters; the numbers
 * are kept apart, to be matched on the case's and the post's number columns.
 */
interface ParsedSearch {
  /** What an entry must match (all groups; within a group, any); null: no word to find */
  include: SqlFragment | null;
  /** What an entry must not match (any of them); null: nothing left out */
  exclude: SqlFragment | null;
  /** The entry is one of these (any); empty: any number */
  numbers: NumberTerm[];
  excludedNumbers: NumberTerm[];
}

const NUMBER = /^(\d{4})\/(\d{1,9})(?:-(\d{1,9}|\*))?$/;
/** `-` only in front of a token leaves it out; a quoted phrase may lack its closing quote. */
const TOKEN = /(-?)(?:"([^"]*)"?|([^\s"]+))/gu;
const HAS_WORD = /[\p{L}\p{N}]/u;
const MAX_INT = 2 ** 31 - 1;

function numberTerm(token: string): NumberTerm | null {
  const m = NUMBER.exec(token);
  if (!m) return null;
  const [year, sequence, document] = [Number(m[1]), Number(m[2]), m[3]];
  const doc = document === undefined || document === '*' ? null : Number(document);
  // A number no column can hold matches nothing rather than failing in PostgreSQL.
  if (sequence > MAX_INT || (doc !== null && doc > MAX_INT)) return null;
  return { year, sequence, document: doc };
}

/** One word, prefix or phrase as a tsquery; a word without letters or digits is no term. */
function wordQuery(word: string | undefined, phrase: string | undefined): SqlFragment | null {
  if (phrase !== undefined) {
    return HAS_WORD.test(phrase) ? sql`phraseto_tsquery('norwegian', ${phrase})` : null;
  }
  if (!word || !HAS_WORD.test(word)) return null;
  if (word.endsWith('*')) {
    // Only letters and digits of a prefix go into to_tsquery's syntax, quoted as one lexeme.
    const stem = word.replace(/[^\p{L}\p{N}]/gu, '');
    return sql`to_tsquery('norwegian', ${`'${stem}':*`})`;
  }
  return sql`plainto_tsquery('norwegian', ${word})`;
}

const anyOf = (parts: SqlFragment[]) => sql`(${joinSql(parts, ' || ')})`;

function parseSearchText(text: string): ParsedSearch {
  const groups: SqlFragment[][] = [];
  const excluded: SqlFragment[] = [];
  const numbers: NumberTerm[] = [];
  const excludedNumbers: NumberTerm[] = [];
  let or = false;
  for (const [, minus, phrase, word] of text.matchAll(TOKEN)) {
    if (!minus && phrase === undefined && word === 'OR') {
      or = groups.length > 0;
      continue;
    }
    const number = word === undefined ? null : numberTerm(word);
    if (number) {
      (minus ? excludedNumbers : numbers).push(number);
      or = false;
      continue;
    }
    const term = wordQuery(word, phrase);
    if (!term) continue;
    if (minus) excluded.push(term);
    else if (or) groups.at(-1)!.push(term);
    else groups.push([term]);
    or = false;
  }
  return {
    // Parenthesised: `@@` and `&&` bind alike, left to right.
    include: groups.length ? sql`(${joinSql(groups.map(anyOf), ' && ')})` : null,
    exclude: excluded.length ? anyOf(excluded) : null,
    numbers,
    excludedNumbers,
  };
}

/**
 * The public form of an entry matches the tsquery `q`: the public title where the title is
 * screened, else the title; the same for the case; correspondent names that are not hidden, and
 * personal names only within a year of publication.
 */
function publicFormMatches(
  q: SqlFragment,
  settings: PublicJournalSettings,
  today: string,
): SqlFragment {
  const nameCutoff = personalNameSearchCutoff(today, settings.delayWorkdays);
  return sql`((${titleScreened('jp', today)} and jp.search_public_title @@ ${q})
      or (not ${titleScreened('jp', today)} and jp.search_title @@ ${q})
      or (${titleScreened('c', today)} and c.search_public_title @@ ${q})
      or (not ${titleScreened('c', today)} and c.search_title @@ ${q})
      or exists (select 1 from correspondent co where co.journal_post_id = jp.id
                 and co.search_name @@ ${q}
                 and not ${correspondentHiddenFromPublic('co', 'jp', 'sc', today)}
                 and (not co.is_person or jp.journal_date > ${nameCutoff})))`;
}

/** The entry has one of the numbers: on the case's year and sequence and the document number. */
function hasNumber(terms: NumberTerm[]): SqlFragment {
  return sql`(${joinSql(
    terms.map(
      (n) =>
        sql`(c.case_year = ${n.year} and c.case_sequence = ${n.sequence}${
          n.document === null ? sql`` : sql` and jp.document_number = ${n.document}`
        })`,
    ),
    ' or ',
  )})`;
}

/**
 * Full-text search (PostgreSQL's Norwegian configuration) over the public form only, and the
 * numbers. Leaving out is its own test, not part of the tsquery: `!skole` alone would hold for
 * any field without the word (a case title), so every entry would match; here an entry is left
 * out when any of its public fields has the word.
 */
function matches(
  search: ParsedSearch,
  settings: PublicJournalSettings,
  today: string,
): SqlFragment {
  const parts: SqlFragment[] = [];
  if (search.include) parts.push(publicFormMatches(search.include, settings, today));
  if (search.exclude) parts.push(sql`not ${publicFormMatches(search.exclude, settings, today)}`);
  if (search.numbers.length) parts.push(hasNumber(search.numbers));
  if (search.excludedNumbers.length) parts.push(sql`not ${hasNumber(search.excludedNumbers)}`);
  return joinSql(parts, ' and ');
}

/**
 * How well an entry matches the words, as a whole number (cursors compare it exactly): the rank
 * in its public title and its case's public title, so a screened word never moves an entry.
 */
function relevance(search: ParsedSearch | null, today: string): SqlFragment {
  if (!search?.include) return sql`, 0 as relevance`;
  const q = search.include;
  const vector = (alias: string) =>
    sql`case when ${titleScreened(alias, today)} then ${raw(alias)}.search_public_title
             else ${raw(alias)}.search_title end`;
  return sql`, round(1000000 * (ts_rank(${vector('jp')}, ${q}) + ts_rank(${vector('c')}, ${q})))::int
      as relevance`;
}

/**
 * Filters on the entries (`t`); the text search goes inside them, over the posts' columns. A range
 * whose ends are the wrong way round is refused by the adapter, which knows what the client called
 * it (`filter.journalDate`, or `from` and `to` on /journal); here it only matches nothing.
 */
function filters(f: PublicJournalFilter): SqlFragment[] {
  const out: SqlFragment[] = [];
  if (f.journalDate?.from) out.push(sql`t.journal_date >= ${f.journalDate.from}`);
  if (f.journalDate?.to) out.push(sql`t.journal_date <= ${f.journalDate.to}`);
  if (f.documentDate?.from) out.push(sql`t.document_date >= ${f.documentDate.from}`);
  if (f.documentDate?.to) out.push(sql`t.document_date <= ${f.documentDate.to}`);
  if (f.unitId) out.push(sql`t.unit_id = ${f.unitId}`);
  if (f.type) out.push(sql`t.type = ${f.type}`);
  if (f.legalBasis?.trim()) out.push(sql`t.legal_basis = ${f.legalBasis.trim()}`);
  return out;
}

/**
 * Posts that can match: for numbers, the posts of those cases (the case number's unique index,
 * then the post's (case, document number) key); else for words, any of their full-text forms,
 * stored or public, hits (GIN indexes, prefixes included). A superset of the matches; `matches`
 * then tests the public form alone. That test cannot use the indexes itself: it picks the form
 * per row by the screening and ORs columns of three tables, which no single index serves. The
 * cases' ids are collected first (`any(array(…))`): as a join under the cap's LIMIT, the planner
 * walks every case instead. Null where only exclusions were given: nothing narrows the entries.
 */
function searchCandidates(search: ParsedSearch): SqlFragment | null {
  if (search.numbers.length) {
    return sql`select jp.id from journal_post jp join case_file c on c.id = jp.case_id
      where ${hasNumber(search.numbers)}`;
  }
  const q = search.include;
  if (!q) return null;
  return sql`select jp.id from journal_post jp
      where jp.search_title @@ ${q} or jp.search_public_title @@ ${q}
    union all select jp.id from journal_post jp where jp.case_id = any(array(
      select c.id from case_file c where c.search_title @@ ${q} or c.search_public_title @@ ${q}))
    union all select co.journal_post_id from correspondent co where co.search_name @@ ${q}`;
}

/** The parsed search of a filter; null where it has no term (blank, or only punctuation). */
function searchOfFilter(f: PublicJournalFilter): ParsedSearch | null {
  const text = f.query ? searchText(f.query) : null;
  if (!text) return null;
  const parsed = parseSearchText(text);
  const empty =
    !parsed.include && !parsed.exclude && !parsed.numbers.length && !parsed.excludedNumbers.length;
  return empty ? null : parsed;
}

async function entriesFor(
  em: EntityManager,
  f: PublicJournalFilter,
  settings: PublicJournalSettings,
  today: string,
  ranked: boolean,
): Promise<{ entries: SqlFragment; prefilter: SearchPrefilter | null; search: boolean }> {
  const search = searchOfFilter(f);
  const extra = ranked ? relevance(search, today) : sql``;
  if (!search) {
    return {
      entries: publicEntries(settings, today, sql`true`, extra),
      prefilter: null,
      search: false,
    };
  }
  const candidates = searchCandidates(search);
  return {
    entries: publicEntries(settings, today, matches(search, settings, today), extra),
    prefilter: candidates ? await searchPrefilter(em, candidates) : null,
    search: true,
  };
}

/** The orders of the public journal (docs/public-journal.md, "Search and filters"). */
export type PublicJournalOrderField = 'JOURNAL_DATE' | 'DOCUMENT_DATE' | 'RELEVANCE';
export type PublicJournalOrder = ListOrder<PublicJournalOrderField>;

/** Newest journal date first, then the newest journal sequence number (løpenummer). */
export const PUBLIC_ORDER: SortKey[] = [
  { expr: 't.journal_date', column: 'journal_date', desc: true, kind: 'date' },
  {
    expr: 't.journal_sequence_number',
    column: 'journal_sequence_number',
    desc: true,
    kind: 'integer',
  },
  { expr: 't.id', column: 'id', desc: true, kind: 'uuid' },
];

/**
 * Each order's keys in its default direction (all DESC): the journal date's is the public
 * journal's own index; the document date (undated last both ways) and relevance sort the matches.
 */
const PUBLIC_ORDERS: Record<PublicJournalOrderField, SortKey[]> = {
  JOURNAL_DATE: PUBLIC_ORDER,
  DOCUMENT_DATE: [
    { expr: 't.document_date', column: 'document_date', desc: true, kind: 'date', nullable: true },
    ...PUBLIC_ORDER,
  ],
  RELEVANCE: [
    { expr: 't.relevance', column: 'relevance', desc: true, kind: 'integer' },
    ...PUBLIC_ORDER,
  ],
};

const DEFAULT_DIRECTION: SortDirection = 'DESC';
const DEFAULT_ORDER: PublicJournalOrder = { field: 'JOURNAL_DATE', direction: 'DESC' };

/**
 * The published posts themselves, with the columns the filters on date, unit and type read: what a
 * count without a search or a legal-basis filter reads. The entries' inner joins (case, unit) are
 * on NOT NULL foreign keys and drop no row, so the count is the same without them.
 */
function publishedRows(settings: PublicJournalSettings, today: string): SqlFragment {
  return sql`select jp.journal_date, jp.document_date, jp.type, jp.responsible_unit_id as unit_id
    from journal_post jp where ${publishedPosts('jp', settings, today)}`;
}

/**
 * The relation and the filters of one search, for its pages and for its count: the index
 * candidates are looked up once. `ranked`: the relation carries each entry's relevance.
 */
async function searchOf(
  em: EntityManager,
  settings: PublicJournalSettings,
  today: string,
  filter: PublicJournalFilter,
  ranked = false,
): Promise<{ entries: SqlFragment; where: SqlFragment[]; count: CountSource; search: boolean }> {
  const where = filters(filter);
  const { entries, prefilter, search } = await entriesFor(em, filter, settings, today, ranked);
  if (!search) {
    const plain = !filter.legalBasis?.trim();
    return {
      entries,
      where,
      count: { base: plain ? publishedRows(settings, today) : entries, filters: where },
      search: false,
    };
  }
  if (!prefilter) return { entries, where, count: { base: entries, filters: where }, search: true };
  return {
    entries,
    where: prefilter.page ? [prefilter.page, ...where] : where,
    count: { base: entries, filters: [prefilter.count, ...where] },
    search: true,
  };
}

/**
 * The keys of an order, and the tag its cursors carry: a cursor holds the sort values of its row,
 * so one of another order would page from a wrong place; the tag makes it a mistake instead. The
 * default order's cursors carry none, as before there were orders, so links made then still work.
 */
function orderKeys(order: PublicJournalOrder): { keys: SortKey[]; tag: string | null } {
  const direction = order.direction ?? DEFAULT_DIRECTION;
  const keys = inDirection(PUBLIC_ORDERS[order.field], DEFAULT_DIRECTION, direction);
  const isDefault = order.field === DEFAULT_ORDER.field && direction === DEFAULT_ORDER.direction;
  return { keys, tag: isDefault ? null : `${order.field}:${direction}` };
}

/** The order's name at the head of a cursor: text, checked like the keys that follow it. */
const ORDER_TAG: SortKey = { expr: '', column: 'order', desc: false, kind: 'text' };

/** A cursor of this order as the keyset pages read it: without its tag, checked. */
function untagged(
  cursor: string | null | undefined,
  tag: string | null,
  keys: SortKey[],
  name: 'after' | 'before',
): string | null {
  if (!cursor || tag === null) return cursor ?? null;
  const values = decodeCursor(cursor, [ORDER_TAG, ...keys], name);
  if (values[0] !== tag) {
    throw badInput(
      name,
      'INVALID_FORMAT',
      `${name} is not a cursor this API gave out for this list`,
    );
  }
  return encodeCursor(values.slice(1));
}

const tagged = (cursor: string, tag: string | null): string =>
  tag === null
    ? cursor
    : encodeCursor([
        tag,
        ...(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as (
          string | number | null
        )[]),
      ]);

/**
 * What a count depends on in a filter, in normal form (the way `filters` and `searchText` read
 * it): two filters with one key select the same entries.
 */
function filterKey(f: PublicJournalFilter): unknown[] {
  return [
    f.journalDate?.from ?? null,
    f.journalDate?.to ?? null,
    f.documentDate?.from ?? null,
    f.documentDate?.to ?? null,
    f.unitId ?? null,
    f.type ?? null,
    f.legalBasis?.trim() || null,
    f.query?.replaceAll('\u0000', ' ').trim() || null,
  ];
}

/**
 * Counts of the public journal kept in the process, per organisation (the one `em`'s transaction
 * is set to: the organisation whose rows the count reads), search and publication watermark (with
 * the date and the settings, as the HTTP cache keys its pages, http/publicJournal/cache.ts): the
 * entries are the same for every reader, so paging through a search, or asking again, does not
 * count again until the journal changes. One per server (http/app.ts), shared by /journal and
 * GraphQL.
 */
export class PublicJournalCounts {
  private readonly counts = new ExpiringCache<TotalCount>({ ttlMs: 300_000, maxEntries: 1000 });

  async of(
    em: EntityManager,
    settings: PublicJournalSettings,
    today: string,
    filter: PublicJournalFilter,
    count: () => Promise<TotalCount>,
  ): Promise<TotalCount> {
    // Read before the count: a change committed in between can only make the count newer.
    const [watermark, organisation] = await Promise.all([
      publicJournalWatermark(em),
      organisationOfTransaction(em),
    ]);
    const key = JSON.stringify([
      organisation,
      watermark,
      today,
      settings.types,
      settings.delayWorkdays,
      filterKey(filter),
    ]);
    const hit = this.counts.get(key);
    if (hit) return hit;
    const counted = await count();
    this.counts.set(key, counted);
    return counted;
  }
}

/** A page of the public journal in `order` (newest journal date first); its count from `counts` when given. */
export async function listPublicJournal(
  em: EntityManager,
  settings: PublicJournalSettings,
  today: string,
  args: { filter: PublicJournalFilter; page: PageRequest; order?: PublicJournalOrder | null },
  counts?: PublicJournalCounts,
): Promise<ListResult<PublicEntryRow>> {
  const order = args.order ?? DEFAULT_ORDER;
  const { keys, tag } = orderKeys(order);
  const page: PageRequest = {
    ...args.page,
    after: untagged(args.page.after, tag, keys, 'after'),
    before: untagged(args.page.before, tag, keys, 'before'),
  };
  const ranked = order.field === 'RELEVANCE';
  const { entries, where, count, search } = await searchOf(
    em,
    settings,
    today,
    args.filter,
    ranked,
  );
  const list = await listPage<PublicEntryRow>(em, entries, where, keys, page, {
    // The journal date has the public journal's index both ways; the other orders sort.
    expensive: search || order.field !== 'JOURNAL_DATE',
    count,
  });
  const cursors = list.cursors.map((cursor) => tagged(cursor, tag));
  if (!counts) return { ...list, cursors };
  let total: Promise<TotalCount> | undefined;
  return {
    ...list,
    cursors,
    totalCount: () => (total ??= counts.of(em, settings, today, args.filter, list.totalCount)),
  };
}

/** Every matching entry in the public order: the statement of listPublicJournal without its cursor and limit. */
export async function allPublicEntries(
  em: EntityManager,
  settings: PublicJournalSettings,
  today: string,
  filter: PublicJournalFilter,
): Promise<SqlFragment> {
  const { entries, where } = await searchOf(em, settings, today, filter);
  return sql`select * from (${entries}) t where ${joinSql([sql`true`, ...where], ' and ')} order by ${orderBy(PUBLIC_ORDER)}`;
}

/**
 * Runs `work` on `em` in a transaction of its own set to `organisationId` (db/organisationScope.ts)
 * for a download, whose statements run outside the request's: on `em` itself, not a fork, so the
 * client's slots for expensive statements (statementSlots.ts) still apply. `em` has no open
 * transaction.
 */
export async function inJournalOf<T>(
  em: EntityManager,
  organisationId: string,
  work: () => Promise<T>,
): Promise<T> {
  await beginInOrganisation(em, organisationId);
  try {
    const result = await work();
    await endInOrganisation(em, true);
    return result;
  } catch (err) {
    await endInOrganisation(em, false).catch(() => undefined);
    throw err;
  }
}

/**
 * Every matching entry of `organisationId`'s public journal in batches, from one statement read
 * through a server-side cursor (db/cursor.ts), in a transaction set to that organisation.
 * Holds one pooled connection while the download runs; `em` has no open transaction.
 */
export async function* cursorPublicJournal(
  em: EntityManager,
  organisationId: string,
  settings: PublicJournalSettings,
  today: string,
  filter: PublicJournalFilter,
): AsyncGenerator<PublicEntryRow[]> {
  const statement = await inJournalOf(em, organisationId, () =>
    allPublicEntries(em, settings, today, filter),
  );
  yield* cursorBatches<PublicEntryRow>(em, organisationId, statement);
}

/**
 * The same rows in keyset pages of `batch`, each its own statement in a transaction of its own set
 * to `organisationId`: holds no connection between pages, for downloads beyond the cursors' share
 * of the pool (routes.ts). `em` has no open transaction.
 */
export async function* streamPublicJournal(
  em: EntityManager,
  organisationId: string,
  settings: PublicJournalSettings,
  today: string,
  filter: PublicJournalFilter,
  limit = Number.POSITIVE_INFINITY,
  batch = 100,
): AsyncGenerator<PublicEntryRow[]> {
  const { entries, where, search } = await inJournalOf(em, organisationId, () =>
    searchOf(em, settings, today, filter),
  );
  let after: string | null = null;
  let sent = 0;
  while (sent < limit) {
    const first = Math.min(batch, limit - sent);
    const page: ListResult<PublicEntryRow> = await inJournalOf(em, organisationId, () =>
      listPage<PublicEntryRow>(
        em,
        entries,
        where,
        PUBLIC_ORDER,
        { first, after },
        {
          expensive: search,
        },
      ),
    );
    if (page.nodes.length > 0) yield page.nodes;
    sent += page.nodes.length;
    if (!page.hasNextPage || page.nodes.length === 0) return;
    after = page.cursors.at(-1) ?? null;
  }
}

/**
 * The publication watermark: grows with every committed change to a table the entries are built
 * from (migration Migration20261202030000_public_journal_watermark). Together with the date and
 * the settings it decides whether a cached answer is still the public journal's content. Read it
 * before the content, so a change committed in between can only make the content newer.
 */
export async function publicJournalWatermark(em: EntityManager): Promise<string> {
  // On the server the content is read on (a replica may be behind the primary), so it is never
  // older than the watermark that names it.
  const rows = await onServerOf(em, (server) =>
    server.execute<{ version: string }[]>(
      'select version from public_journal_watermark where id = 1',
    ),
  );
  return String(rows[0]?.version ?? '0');
}

/** The organisation `em`'s transaction is set to ('' for none): what row-level security shows. */
async function organisationOfTransaction(em: EntityManager): Promise<string> {
  // On `em`, in its transaction: the connection's own `execute` would take another from the pool.
  const rows = await query<{ organisation: string | null }>(
    em,
    sql`select current_setting('arkivgraf.organisation', true) as organisation`,
  );
  return rows[0]?.organisation ?? '';
}

/**
 * The units of the organisation `em`'s transaction is set to, for the unit select of /journal: on
 * `em` itself, in that transaction (row-level security shows its units and no other's).
 */
export function journalUnits(em: EntityManager): Promise<{ id: string; name: string }[]> {
  return query<{ id: string; name: string }>(
    em,
    sql`select id, name from unit order by name collate "norwegian", id`,
  );
}

/** An entry with the count and the journal-date range of every entry of its statement. */
export interface CountedEntryRow extends PublicEntryRow {
  /** bigint as the driver returns it */
  entries_total: string;
  entries_from: string | null;
  entries_to: string | null;
}

/**
 * Every matching entry, as cursorPublicJournal, each carrying the count and date range of all of
 * them (window aggregates of the same statement, so of the same snapshot): for a document whose
 * header states the number of entries before the entries follow (offentlig journal XML). The
 * first batch comes once PostgreSQL has read every match; its `statement_timeout` bounds that.
 */
export async function* cursorCountedPublicJournal(
  em: EntityManager,
  organisationId: string,
  settings: PublicJournalSettings,
  today: string,
  filter: PublicJournalFilter,
): AsyncGenerator<CountedEntryRow[]> {
  const statement = await inJournalOf(em, organisationId, async () => {
    const { entries, where } = await searchOf(em, settings, today, filter);
    return sql`select t.*, count(*) over () as entries_total,
        min(t.journal_date) over () as entries_from, max(t.journal_date) over () as entries_to
      from (${entries}) t where ${joinSql([sql`true`, ...where], ' and ')}
      order by ${orderBy(PUBLIC_ORDER)}`;
  });
  yield* cursorBatches<CountedEntryRow>(em, organisationId, statement);
}

/**
 * The legal bases (skjermingshjemler) of the screening codes of the organisation `em`'s
 * transaction is set to, for the legal-basis field of /journal: the codes' own texts, what the
 * entries show unless a post states its own.
 */
export async function journalLegalBases(em: EntityManager): Promise<string[]> {
  const rows = await query<{ legal_basis: string }>(
    em,
    sql`select legal_basis from screening_code group by legal_basis
      order by legal_basis collate "norwegian"`,
  );
  return rows.map((r) => r.legal_basis);
}

/** Entries of a saved search that became public after a moment, for an alert's digest. */
export interface NewPublicEntries {
  /** Newest first (the public order), at most `limit` */
  entries: PublicEntryRow[];
  /** All of them */
  total: number;
}

/**
 * The entries of `filter` (the same public forms, search and filters as the journal) first seen
 * public after `since` (`search_alert_published`, kept by the alerts' clock,
 * services/searchAlerts.ts), in the public order, at most `limit` of them, with their number.
 * `since` is a timestamptz as PostgreSQL writes it: a JavaScript Date would drop its microseconds
 * and take in the entries noted at that very moment.
 */
export async function publicEntriesPublishedSince(
  em: EntityManager,
  settings: PublicJournalSettings,
  today: string,
  filter: PublicJournalFilter,
  since: string,
  limit: number,
): Promise<NewPublicEntries> {
  const { entries, where } = await searchOf(em, settings, today, filter);
  const fresh = sql`t.id in (select s.journal_post_id from search_alert_published s
    where s.published_at > ${since}::timestamptz)`;
  const rows = await query<PublicEntryRow & { entries_total: string }>(
    em,
    sql`select t.*, count(*) over () as entries_total from (${entries}) t
      where ${joinSql([fresh, ...where], ' and ')}
      order by ${orderBy(PUBLIC_ORDER)} limit ${limit}`,
  );
  return { entries: rows, total: Number(rows[0]?.entries_total ?? 0) };
}

/**
 * The case list screen (saksliste) of a front end, written against the types `npm run codegen`
 * generates from CaseList.graphql: filters and order in, rows and paging out, without a cast.
 * test/foundation/frontEnd.test.ts compiles it under strict TypeScript and runs it against the API.
 */
import type {
  CaseListQuery,
  CaseListQueryVariables,
  CaseOrderField,
  CaseStatus,
  OrderDirection,
} from '../generated/graphql';

/** What the screen keeps between requests: the filter fields and the chosen order. */
export interface CaseListState {
  search: string;
  status: CaseStatus | null;
  unitId: string | null;
  order: CaseOrderField;
  /** null: the order's own default direction */
  direction: OrderDirection | null;
  pageSize: number;
}

/** Which page to fetch: the first, the one after a cursor, or the one before a cursor. */
export type PageMove =
  { to: 'first' } | { to: 'next'; after: string } | { to: 'previous'; before: string };

/** The search needs three characters; shorter text is no filter rather than an error. */
const MIN_SEARCH = 3;

export function caseListVariables(
  state: CaseListState,
  move: PageMove = { to: 'first' },
): CaseListQueryVariables {
  const search = state.search.trim();
  const filter = {
    query: search.length >= MIN_SEARCH ? search : null,
    status: state.status,
    unitId: state.unitId,
  };
  const orderBy = { field: state.order, direction: state.direction };
  switch (move.to) {
    case 'first':
      return { filter, orderBy, first: state.pageSize };
    case 'next':
      return { filter, orderBy, first: state.pageSize, after: move.after };
    case 'previous':
      return { filter, orderBy, last: state.pageSize, before: move.before };
  }
}

/** One row of the list as the screen shows it. */
export interface CaseRow {
  id: string;
  caseNumber: string;
  title: string;
  /** Show the title as screened (skjermet): it is the public title, not the real one */
  screened: boolean;
  status: CaseStatus;
  unit: string;
  responsible: string;
  postCount: number;
  /** e.g. "13 Offl. § 13 jf. fvl. § 13 første ledd nr. 1"; null when not screened */
  screening: string | null;
}

export function caseRows(data: CaseListQuery): CaseRow[] {
  return data.cases.edges.map(({ node }) => ({
    id: node.id,
    caseNumber: node.caseNumber,
    title: node.title,
    screened: node.titleScreened && node.visibility === 'REDACTED',
    status: node.status,
    unit: node.responsibleUnit.name,
    responsible: node.caseResponsible?.displayName ?? '—',
    postCount: node.journalPosts.totalCount,
    screening: node.screening ? `${node.screening.code.code} ${node.screening.legalBasis}` : null,
  }));
}

/** The pager under the list: its links and the count line ("over 10 000" past the cap). */
export interface Pager {
  next: PageMove | null;
  previous: PageMove | null;
  total: string;
}

export function pager(data: CaseListQuery): Pager {
  const { pageInfo, totalCount, totalCountIsExact } = data.cases;
  return {
    next:
      pageInfo.hasNextPage && pageInfo.endCursor ? { to: 'next', after: pageInfo.endCursor } : null,
    previous:
      pageInfo.hasPreviousPage && pageInfo.startCursor
        ? { to: 'previous', before: pageInfo.startCursor }
        : null,
    total: totalCountIsExact ? `${totalCount} saker` : `over ${totalCount} saker`,
  };
}

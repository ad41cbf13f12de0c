import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLIncludeDirective,
  type GraphQLSchema,
  GraphQLSkipDirective,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { type CaseOrder, unindexedCaseOrder } from '../../queries/cases';
import { type JournalPostOrder, unindexedJournalPostOrder } from '../../queries/journalPosts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../queries/pagination';

/** What a list without paging is assumed to hold (units, users, roles, correspondents …). */
export const LIST_SIZE_ESTIMATE = 10;

/** A mutation root field: writes, audit events and often notifications cost more than a read. */
export const MUTATION_FIELD_COST = 100;

/**
 * One statement that may walk many rows whatever the page size: a search, a count, an order no
 * index serves. Charged per statement on a root connection, so that a few of them fill the
 * public's budget of one operation and aliases cannot multiply them for free.
 */
export const EXPENSIVE_STATEMENT_COST = 1000;

/**
 * Per root connection, whether its `orderBy` (field and direction, as valid variables give it)
 * is one no index serves (see the queries); no `orderBy` is the default order, which has one.
 */
const UNINDEXED_ORDERS: Record<string, (orderBy: unknown) => boolean> = {
  journalPosts: (o) => unindexedJournalPostOrder(o as JournalPostOrder),
  cases: (o) => unindexedCaseOrder(o as CaseOrder),
};

/** What the estimator needs of the operation to see through fragments and @skip/@include. */
interface CostContext {
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function included(
  node: Parameters<typeof getDirectiveValues>[1],
  variables: Record<string, unknown>,
): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

/** The selection asks for the field `name` at its own level, fragments expanded. */
function selects(
  set: SelectionSetNode | undefined,
  name: string,
  ctx: CostContext,
  seen = new Set<string>(),
): boolean {
  return (set?.selections ?? []).some((s) => {
    if (!included(s, ctx.variables)) return false;
    if (s.kind === Kind.FIELD) return s.name.value === name;
    if (s.kind === Kind.INLINE_FRAGMENT) return selects(s.selectionSet, name, ctx, seen);
    if (seen.has(s.name.value)) return false;
    seen.add(s.name.value);
    return selects(ctx.fragments[s.name.value]?.selectionSet, name, ctx, seen);
  });
}

const searchText = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

/** The expensive statements a root connection starts: its search, its count, its order. */
function expensiveStatements(
  fieldName: string,
  args: Record<string, unknown>,
  selection: SelectionSetNode | undefined,
  ctx: CostContext,
): number {
  const filter = args.filter as { query?: unknown } | null | undefined;
  const search = searchText(filter?.query);
  const count = selects(selection, 'totalCount', ctx);
  const orderBy = args.orderBy;
  const order =
    orderBy !== null && typeof orderBy === 'object'
      ? (UNINDEXED_ORDERS[fieldName]?.(orderBy) ?? false)
      : false;
  return Number(search) + Number(count) + Number(order);
}

function isConnection(field: { type: unknown; args: readonly { name: string }[] }): boolean {
  const named = getNamedType(field.type as never);
  return (
    isObjectType(named) &&
    named.name.endsWith('Connection') &&
    field.args.some((a) => a.name === 'first')
  );
}

/**
 * The cost model (docs/security.md, "Cost"): every field costs 1 plus what it selects;
 * - a connection (a `…Connection` with `first`) costs 1 + n × what it selects, where n is `first`
 *   or `last` (default 25, at most 100 as the API allows no more; 0 counts as 1 since the page
 *   info and the total are still worked out); its `edges` then count once, as the n is already
 *   applied;
 * - a connection at the root also costs EXPENSIVE_STATEMENT_COST for each expensive statement it
 *   starts: a search (`filter.query`), a `totalCount`, an order no index serves. Nested
 *   connections (`Case.journalPosts`) are read for all their parents at once over an index;
 * - any other list of objects costs 1 + 10 × what it selects;
 * - a mutation field costs 100 plus what it selects.
 */
export const costEstimator: ComplexityEstimator = ({
  type,
  field,
  node,
  args,
  childComplexity,
  context,
}) => {
  if (type.name === 'Mutation') return MUTATION_FIELD_COST + childComplexity;
  if (isConnection(field)) {
    const size =
      typeof args.first === 'number'
        ? args.first
        : typeof args.last === 'number'
          ? args.last
          : DEFAULT_PAGE_SIZE;
    const n = Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
    const statements =
      type.name === 'Query' && context
        ? expensiveStatements(field.name, args, node.selectionSet, context as CostContext)
        : 0;
    return 1 + n * childComplexity + EXPENSIVE_STATEMENT_COST * statements;
  }
  const nullable = getNullableType(field.type);
  if (isListType(nullable) && isCompositeType(getNamedType(field.type))) {
    if (type.name.endsWith('Connection') && field.name === 'edges') return 1 + childComplexity;
    return 1 + LIST_SIZE_ESTIMATE * childComplexity;
  }
  return 1 + childComplexity;
};

/**
 * The cost of the operation with these variables, or undefined when the variables do not fit the
 * operation: then graphql-js refuses to execute it (BAD_USER_INPUT) and nothing runs to be paid
 * for. `maxNodes` bounds the work; the caller has checked the expanded size against it.
 */
export function operationCost(options: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | undefined;
  maxNodes: number;
}): number | undefined {
  const { schema, document, operation, variables } = options;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, {
    maxErrors: 1,
  });
  if (coerced.errors) return undefined;
  const fragments: CostContext['fragments'] = {};
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  }
  const context: CostContext = { fragments, variables: coerced.coerced };
  return getComplexity({
    schema,
    query: document,
    operationName: operation.name?.value,
    variables: variables ?? {},
    estimators: [costEstimator],
    context,
    maxQueryNodes: options.maxNodes,
  });
}

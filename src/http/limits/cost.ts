import {
  type DocumentNode,
  getNamedType,
  getNullableType,
  getVariableValues,
  type GraphQLSchema,
  isCompositeType,
  isListType,
  isObjectType,
  type OperationDefinitionNode,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../queries/pagination';

/** What a list without paging is assumed to hold (units, users, roles, correspondents …). */
export const LIST_SIZE_ESTIMATE = 10;

/** A mutation root field: writes, audit events and often notifications cost more than a read. */
export const MUTATION_FIELD_COST = 100;

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
 *   (default 25, at most 100 as the API allows no more; 0 counts as 1 since the page info and
 *   the total are still worked out); its `edges` then count once, as the n is already applied;
 * - any other list of objects costs 1 + 10 × what it selects;
 * - a mutation field costs 100 plus what it selects.
 */
export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (type.name === 'Mutation') return MUTATION_FIELD_COST + childComplexity;
  if (isConnection(field)) {
    const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
    const n = Math.min(Math.max(first, 1), MAX_PAGE_SIZE);
    return 1 + n * childComplexity;
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
  return getComplexity({
    schema,
    query: document,
    operationName: operation.name?.value,
    variables: variables ?? {},
    estimators: [costEstimator],
    maxQueryNodes: options.maxNodes,
  });
}

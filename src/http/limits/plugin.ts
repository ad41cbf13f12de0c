import { type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, OperationTypeNode } from 'graphql';
import { type OperationLimits } from '../../config';
import { rateLimited, unauthenticated } from '../../domain/errors';
import { firstInternalRootField } from '../../policies/publicOperations';
import { type ServiceContext } from '../../services/context';
import { reserveSubmissions } from '../../services/insightRequests';
import { type CostLimiter, type Subject } from '../rateLimit/limiter';
import { operationCost } from './cost';
import { isIntrospectionOnly, measureOperation } from './measure';
import { requestScope } from './requestScope';

export type LimitName = keyof OperationLimits;

const WHAT: Record<LimitName, string> = {
  depth: 'depth',
  aliases: 'number of aliases',
  rootFields: 'number of root fields',
  cost: 'estimated cost',
};

/**
 * QUERY_TOO_COMPLEX: names the limit, its value and the operation's; nothing about the schema.
 * HTTP 400, answered before anything is executed.
 */
export function queryTooComplex(
  limit: LimitName,
  max: number,
  actual: number,
  viewer: 'anonymous' | 'user',
  atLeast = false,
): GraphQLError {
  const who = viewer === 'anonymous' ? 'anonymous clients' : 'signed-in users';
  return new GraphQLError(
    `The operation is too complex: its ${WHAT[limit]} is ${atLeast ? 'at least ' : ''}${actual}, ` +
      `more than the limit of ${max} for ${who}`,
    {
      extensions: {
        code: 'QUERY_TOO_COMPLEX',
        limit,
        max,
        actual,
        viewer,
        http: { status: 400 },
      },
    },
  );
}

/** The mutation whose calls spend the insight submission budget (RATE_LIMIT_INSIGHT_*). */
const SUBMISSION_FIELD = 'submitInsightRequest';

/**
 * Operation limits and rate limits, once the operation is known (didResolveOperation: parsed and
 * validated, the viewer known from the context). Limits are checked on the operation with its
 * fragments expanded; then its cost is spent from the viewer's budget (the client address for the
 * public, the user when signed in). A request refused before an operation is resolved (syntax or
 * validation errors), or one of the public calling an internal root field (UNAUTHENTICATED, the
 * list is policies/publicOperations.ts), spends 1 point. A mutation's submitInsightRequest fields then spend the
 * insight submission budget, all of them at once.
 */
export function operationLimitsPlugin(options: {
  limits: { anonymous: OperationLimits; user: OperationLimits };
  /** Bound on the nodes the cost calculation may visit (Apollo's maxRecursiveSelections) */
  maxSelections: number;
  limiter?: CostLimiter;
}): ApolloServerPlugin<ServiceContext> {
  const { limits, limiter } = options;

  const subjectOf = (ctx: ServiceContext): Subject =>
    ctx.viewer.kind === 'user'
      ? { kind: 'user', userId: ctx.viewer.userId }
      : { kind: 'anonymous', address: requestScope()?.client ?? 'unknown' };

  return {
    async requestDidStart() {
      let spent = false;
      return {
        async didResolveOperation({
          schema,
          document,
          operation,
          request,
          contextValue,
          response,
        }) {
          // No operation to run (e.g. an unknown operationName): execution refuses it.
          if (!operation) return;
          const viewer = contextValue.viewer.kind === 'user' ? 'user' : 'anonymous';
          const max = limits[viewer];
          const shape = measureOperation(document, operation);
          let cost = 1;
          if (!isIntrospectionOnly(shape)) {
            if (shape.depth > max.depth)
              throw queryTooComplex('depth', max.depth, shape.depth, viewer);
            if (shape.aliases > max.aliases) {
              throw queryTooComplex('aliases', max.aliases, shape.aliases, viewer);
            }
            if (shape.rootFields > max.rootFields) {
              throw queryTooComplex('rootFields', max.rootFields, shape.rootFields, viewer);
            }
            // Every field costs at least 1: more fields than the limit is over it, without counting.
            if (shape.fields > max.cost) {
              throw queryTooComplex('cost', max.cost, shape.fields, viewer, true);
            }
            const computed = operationCost({
              schema,
              document,
              operation,
              variables: request.variables,
              maxNodes: 2 * options.maxSelections + 10,
            });
            if (computed !== undefined && computed > max.cost) {
              throw queryTooComplex('cost', max.cost, computed, viewer);
            }
            cost = Math.max(1, computed ?? 1);
          }
          // The public calling an internal operation is told to sign in (after the limits, which
          // answer for the operation's size whoever sends it), before its cost is spent.
          const internal = firstInternalRootField(
            contextValue.viewer,
            operation.operation === OperationTypeNode.MUTATION ? 'mutation' : 'query',
            shape.rootFieldNames,
          );
          if (internal) {
            throw unauthenticated(
              `Sign in to use ${internal}: without a token only the public journal and insight requests are open`,
            );
          }
          response.http.headers.set('x-operation-cost', String(cost));
          if (limiter) {
            spent = true;
            const decision = await limiter.consume(subjectOf(contextValue), cost);
            if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
            response.http.headers.set('x-ratelimit-remaining', String(decision.remaining));
          }
          // Every submission of the operation is paid before the first runs: an operation whose
          // aliased submissions do not all fit is refused whole, so no receipt is lost.
          const submissions =
            operation.operation === OperationTypeNode.MUTATION
              ? (shape.rootFieldCounts.get(SUBMISSION_FIELD) ?? 0)
              : 0;
          const reserved = await reserveSubmissions(contextValue, submissions);
          if (!reserved.allowed) throw rateLimited(reserved.retryAfterSeconds);
        },
        async didEncounterErrors({ contextValue }) {
          if (spent || !limiter) return;
          spent = true;
          await limiter.consume(subjectOf(contextValue), 1);
        },
      };
    },
  };
}

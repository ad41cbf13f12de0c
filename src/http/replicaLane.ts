import { getOperationAST, OperationTypeNode, parse } from 'graphql';
import { type ReadLane } from '../services/requestScope';

/**
 * The lane of a GraphQL request (docs/scaling.md, "Read replicas"): a query only reads, so a read
 * replica may answer it; a mutation, and its reads after the change, run on the primary. Decided
 * before Apollo parses the document, as the request's transaction begins in the context: by a parse
 * of its own (limited to `maxTokens`, as Apollo's). A request without its document in the body or
 * the manifest (a hash no trusted document has), or one that does not parse, runs on the primary.
 */
export function graphqlLane(
  query: string | undefined,
  operationName: unknown,
  maxTokens: number,
): ReadLane {
  if (query === undefined) return 'primary';
  try {
    const document = parse(query, { noLocation: true, maxTokens });
    const name = typeof operationName === 'string' ? operationName : undefined;
    return getOperationAST(document, name)?.operation === OperationTypeNode.QUERY
      ? 'replica'
      : 'primary';
  } catch {
    return 'primary';
  }
}

import { type GraphQLSchema } from 'graphql';
import { AppError, fieldErrorsOf, withPathPrefix } from '../domain/errors';

/** The one argument of every mutation (docs/api-conventions.md, "Mutations"). */
const MUTATION_ARGUMENT = 'input';

/**
 * Field errors raised while a mutation runs name paths relative to its input (`["title"]`); the
 * client is told the path from the operation's argument (`["input", "title"]`). Done here, once,
 * by wrapping the root Mutation fields: a type-graphql global middleware would wrap every field of
 * every type and make each of them asynchronous.
 */
export function prefixMutationInputPaths(schema: GraphQLSchema): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const resolve = field.resolve;
    if (!resolve) continue;
    field.resolve = async (...args) => {
      try {
        return await resolve(...args);
      } catch (err) {
        if (err instanceof AppError && fieldErrorsOf(err).length) {
          throw withPathPrefix(err, [MUTATION_ARGUMENT]);
        }
        throw err;
      }
    };
  }
  return schema;
}

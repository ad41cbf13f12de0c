import { type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { type Context } from '../../src/resolvers/context';
import { buildAppSchema } from '../../src/graphql/buildSchema';

/** The app's schema with one root query field's resolver replaced: a test-only misbehaviour. */
export async function schemaWith(
  field: string,
  resolve: GraphQLFieldResolver<unknown, Context>,
): Promise<GraphQLSchema> {
  const schema = await buildAppSchema();
  const target = schema.getQueryType()!.getFields()[field];
  if (!target) throw new Error(`no Query.${field}`);
  target.resolve = resolve;
  return schema;
}

/** Marks of internals that must never reach a client. */
export const LEAKS = [
  /stacktrace/i,
  /\bat [\w.<>]+ \(/, // stack frame
  /node_modules/,
  /\/work\/|\/home\/|\/tmp\//,
  /\.[cm]?[jt]s:\d+/,
  /select [\w"*]/, // SQL as the server writes it (lower case)
  /\brelation "/,
  /syntax error at or near/,
  /violates .* constraint/,
  /canceling statement/,
  /statement timeout/,
  /\bpg_\w+/,
  /Mikro|knex/i,
];

export function leaks(text: string): string[] {
  return LEAKS.filter((re) => re.test(text)).map(String);
}

import { Field, ID, InputType, Int } from 'type-graphql';

/**
 * The subject of a mutation on a versioned record, as the first fields of its input: the record
 * (`id`) and the version the client loaded (optimistic concurrency, docs/api-conventions.md).
 */

const EXPECTED_VERSION =
  'The version (versjon) you loaded; a change by someone else since then is refused with STALE_VERSION. Omitted: whatever the version is now';

@InputType()
export abstract class CaseTargetInput {
  @Field(() => ID, { description: 'The case (sak)' })
  id!: string;

  @Field(() => Int, { nullable: true, description: EXPECTED_VERSION })
  expectedVersion?: number | null;
}

@InputType()
export abstract class JournalPostTargetInput {
  @Field(() => ID, { description: 'The journal post (journalpost)' })
  id!: string;

  @Field(() => Int, { nullable: true, description: EXPECTED_VERSION })
  expectedVersion?: number | null;
}

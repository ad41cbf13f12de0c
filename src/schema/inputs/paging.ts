import { ArgsType, Field, InputType, Int, registerEnumType } from 'type-graphql';
import { DateScalar } from '../scalars';

/**
 * The paging arguments of every connection (docs/api-conventions.md, "Lists"), the same on each
 * list so a client pages them all alike.
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'Page forwards: at most this many records after `after`; default 25, at most 100',
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Page forwards from this cursor (an `endCursor` or edge cursor of this list)',
  })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Page backwards: at most this many records before `before`, in the list order; default 25, at most 100. Not together with `first`',
  })
  last?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Page backwards from this cursor (a `startCursor` or edge cursor of this list)',
  })
  before?: string | null;
}

@InputType('DateRange', {
  description: 'A range of days, both included; either end may be left open',
})
export class DateRange {
  @Field(() => DateScalar, { nullable: true, description: 'From this day, included' })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'To this day, included' })
  to?: string | null;
}

@InputType('DateTimeRange', {
  description: 'A range of moments, both included; either end may be left open',
})
export class DateTimeRange {
  @Field(() => Date, { nullable: true, description: 'At or after this moment' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'At or before this moment' })
  to?: Date | null;
}

/** The direction of a list's order. */
export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'The direction of an order; each order field names its default',
  valuesConfig: {
    ASC: { description: 'Ascending: smallest, earliest or A first (Æ, Ø, Å after Z)' },
    DESC: { description: 'Descending: largest, latest or Å first' },
  },
});

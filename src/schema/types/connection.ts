import { type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { type ListResult, type TotalCount } from '../../queries/list';

@ObjectType('PageInfo', {
  description:
    'Where a page lies in its list (docs/api-conventions.md, "Lists"). Paging forwards, hasPreviousPage is true when `after` was given; paging backwards, hasNextPage is true when `before` was given; the other flag is exact',
})
export class PageInfo {
  @Field({ description: 'More records follow this page in the list order' })
  hasNextPage!: boolean;

  @Field({ description: 'Records come before this page in the list order' })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: "The first record's cursor: pass it as `before` (with `last`) for the page before",
  })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The last record's cursor: pass it as `after` (with `first`) for the page after",
  })
  endCursor!: string | null;
}

/**
 * A Relay connection type `<name>Connection` with its `<name>Edge`, built from one keyset page
 * (queries/list.ts). `totalCount` is counted only when a client asks for it, once for both count
 * fields, and stops at the cap (`COUNT_CAP` in queries/list.ts, named in the descriptions).
 */
export function connectionType<TNode extends object>(
  name: string,
  node: ClassType<TNode>,
  totalCountDescription: string,
) {
  @ObjectType(`${name}Edge`, { description: `One ${name} record of a page and its cursor` })
  class Edge {
    @Field(() => node, { description: 'The record' })
    node!: TNode;

    @Field({ description: "This record's place in the list: pass it as `after` or `before`" })
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, { description: `A page of a list of ${name} records` })
  class Connection {
    @Field(() => [Edge], { description: 'The records of this page with their cursors' })
    edges!: Edge[];

    @Field(() => [node], { description: 'The records of this page, when cursors are not needed' })
    nodes!: TNode[];

    @Field(() => PageInfo, { description: 'Where this page lies in the list' })
    pageInfo!: PageInfo;

    count!: () => Promise<TotalCount>;

    @Field(() => Int, {
      description: `${totalCountDescription} (number of hits, antall treff), counted up to 10,000: past that it is 10,000 and totalCountIsExact is false`,
    })
    async totalCount(): Promise<number> {
      return (await this.count()).count;
    }

    @Field(() => Boolean, {
      description:
        'False when the count stopped at 10,000: totalCount is then a lower bound (show it as "over 10 000 treff"). ' +
        'Counts are never estimated: an estimate from the database statistics would include records you may not see.',
    })
    async totalCountIsExact(): Promise<boolean> {
      return (await this.count()).exact;
    }

    static from<R extends Record<string, unknown>>(
      list: ListResult<R>,
      toNode: (row: R) => TNode,
    ): Connection {
      const nodes = list.nodes.map(toNode);
      return Object.assign(new Connection(), {
        edges: nodes.map((node, i) =>
          Object.assign(new Edge(), { node, cursor: list.cursors[i]! }),
        ),
        nodes,
        pageInfo: Object.assign(new PageInfo(), {
          hasNextPage: list.hasNextPage,
          hasPreviousPage: list.hasPreviousPage,
          startCursor: list.cursors[0] ?? null,
          endCursor: list.cursors.at(-1) ?? null,
        }),
        count: list.totalCount,
      });
    }
  }
  return Connection;
}

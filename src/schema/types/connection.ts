import { type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { type ListResult, type TotalCount } from '../../queries/list';

@ObjectType('PageInfo', { description: 'Where a page lies in its list (Relay)' })
export class PageInfo {
  @Field({ description: 'More nodes follow this page' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page' })
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
  @ObjectType(`${name}Edge`, {
    description: `One node of the ${name} list with its cursor (Relay edge)`,
  })
  class Edge {
    @Field(() => node, { description: 'The node' })
    node!: TNode;

    @Field({ description: 'Pass as `after` to continue after this node' })
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, {
    description: `A page of the ${name} list (Relay connection) with its total count`,
  })
  class Connection {
    @Field(() => [Edge], { description: 'The nodes of this page with their cursors, in order' })
    edges!: Edge[];

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
      return Object.assign(new Connection(), {
        edges: list.nodes.map((row, i) =>
          Object.assign(new Edge(), { node: toNode(row), cursor: list.cursors[i]! }),
        ),
        pageInfo: Object.assign(new PageInfo(), {
          hasNextPage: list.hasNextPage,
          endCursor: list.cursors.at(-1) ?? null,
        }),
        count: list.totalCount,
      });
    }
  }
  return Connection;
}

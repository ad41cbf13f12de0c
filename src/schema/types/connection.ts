import { type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { type ListResult } from '../../queries/list';

@ObjectType('PageInfo')
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page' })
  endCursor!: string | null;
}

/**
 * A Relay connection type `<name>Connection` with its `<name>Edge`, built from one keyset page
 * (queries/list.ts). `totalCount` is counted only when a client asks for it.
 */
export function connectionType<TNode extends object>(
  name: string,
  node: ClassType<TNode>,
  totalCountDescription: string,
) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => node)
    node!: TNode;

    @Field({ description: 'Pass as `after` to continue after this node' })
    cursor!: string;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    count!: () => Promise<number>;

    @Field(() => Int, { description: totalCountDescription })
    totalCount(): Promise<number> {
      return this.count();
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

import { Field, ID, InterfaceType } from 'type-graphql';

@InterfaceType('Node', { description: 'An object with a globally unique, opaque id (Relay)' })
export abstract class NodeInterface {
  @Field(() => ID, { description: 'Global id: opaque; `node(id:)` resolves it' })
  id!: string;
}

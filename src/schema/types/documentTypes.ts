import { Field, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../globalId';
import { NodeInterface } from '../node';
import { DateScalar } from '../scalars';
import { connectionType } from './connection';

@ObjectType('DocumentType', {
  implements: NodeInterface,
  description:
    'Document type (dokumenttype): a kind of document the organisation defines, and whether it must be approved (godkjent) by a leader before it is dispatched',
})
export class DocumentTypeType implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the document type' })
  id!: string;

  rawId!: string;

  @Field({ description: 'Name (navn), e.g. "Sakkyndig vurdering"; unique in the organisation' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the type is for (beskrivelse)' })
  description!: string | null;

  @Field({
    description:
      'Requires approval (krever godkjenning): a journal post of this type is dispatched only once a leader approved it',
  })
  requiresApproval!: boolean;

  @Field(() => DateScalar, { description: 'First day the type may be used' })
  validFrom!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day the type may be given to journal posts; null while in use',
  })
  validTo!: string | null;

  static from(row: {
    id: string;
    name: string;
    description?: string | null;
    requiresApproval: boolean;
    validFrom: string;
    validTo?: string | null;
  }): DocumentTypeType {
    return Object.assign(new DocumentTypeType(), {
      id: toGlobalId('DocumentType', row.id),
      rawId: row.id,
      name: row.name,
      description: row.description ?? null,
      requiresApproval: row.requiresApproval,
      validFrom: row.validFrom,
      validTo: row.validTo ?? null,
    });
  }
}

export const DocumentTypeConnection = connectionType(
  'DocumentType',
  DocumentTypeType,
  'All matching document types (dokumenttyper)',
);
export type DocumentTypeConnection = InstanceType<typeof DocumentTypeConnection>;

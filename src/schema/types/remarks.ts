import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { RemarkType } from '../../entities/Remark';
import { type RemarkRow } from '../../queries/remarks';
import { toGlobalId } from '../globalId';
import { NodeInterface } from '../node';

registerEnumType(RemarkType, {
  name: 'RemarkType',
  description: 'Remark type (merknadstype, M084: a code list the organisation defines)',
  valuesConfig: {
    GENERAL: { description: 'A general remark (merknad)' },
    CASE_HANDLING: {
      description:
        "A note on how the matter is to be handled (saksbehandlingsmerknad), e.g. a leader's",
    },
    CLOSING: { description: 'Why the case was closed (avslutningsmerknad); given by closeCase' },
    CORRECTION: { description: 'Corrects an earlier remark of the same record (rettelse)' },
  },
});

@ObjectType('Remark', {
  implements: NodeInterface,
  description:
    'Remark (merknad) on a case or a journal post: never public, seen only by those who read its record in full. Append-only: a mistake is corrected by a new remark of type CORRECTION',
})
export class RemarkView implements NodeInterface {
  @Field(() => ID, {
    description: 'Global id of the remark; read with its record (node(id:) answers null)',
  })
  id!: string;

  rawId!: string;
  recordRawId!: string;
  registeredByRawId!: string;

  @Field(() => RemarkType, { description: 'Remark type (merknadstype, M084)' })
  type!: RemarkType;

  @Field({ description: 'Remark text (merknadstekst, M310)' })
  text!: string;

  @Field(() => Date, { description: 'When the remark was registered (merknadsdato, M611)' })
  registeredAt!: Date;

  @Field(() => ID, {
    nullable: true,
    description: 'The remark this CORRECTION corrects (a remark of the same record)',
  })
  correctsId!: string | null;

  static from(row: RemarkRow): RemarkView {
    return Object.assign(new RemarkView(), {
      id: toGlobalId('Remark', row.id),
      rawId: row.id,
      recordRawId: row.record_id,
      registeredByRawId: row.registered_by_id,
      type: row.type,
      text: row.text,
      registeredAt: new Date(row.registered_at),
      correctsId: row.corrects_id ? toGlobalId('Remark', row.corrects_id) : null,
    });
  }
}

import { Field, ID, Int, ObjectType } from 'type-graphql';
import { type CasePartyRow } from '../../queries/caseParties';
import { toGlobalId } from '../globalId';
import { NodeInterface } from '../node';

const FULL_ONLY = 'never public: null unless you read the case in full (FULL)';

@ObjectType('CaseParty', {
  implements: NodeInterface,
  description:
    'Party (sakspart, Noark 5 part) of a case: a person or organisation the case is about or who takes part in it',
})
export class CasePartyView implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the party' })
  id!: string;

  rawId!: string;
  caseRawId!: string;

  @Field(() => Int, { description: 'Place among the parties of the case, from 0' })
  position!: number;

  @Field(() => String, {
    nullable: true,
    description:
      "Name (partNavn); null when the case's screening applies and you see the case in its public form",
  })
  name!: string | null;

  @Field({ description: 'True when the name is hidden from you (skjerming av navn på parter)' })
  nameScreened!: boolean;

  @Field({
    description:
      'Role (partRolle): free text; the Noark 5 metadata catalogue suggests "Klient", "Pårørende", "Formynder", "Advokat"',
  })
  role!: string;

  @Field(() => String, {
    nullable: true,
    description: `National identity number (fødselsnummer or D-nummer, partID of a person); ${FULL_ONLY}`,
  })
  nationalId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: `Organisation number (organisasjonsnummer, partID of an organisation); ${FULL_ONLY}`,
  })
  organizationNumber!: string | null;

  @Field(() => String, {
    nullable: true,
    description: `Postal address (postadresse); ${FULL_ONLY}`,
  })
  postalAddress!: string | null;

  @Field(() => String, { nullable: true, description: `Postal code (postnummer); ${FULL_ONLY}` })
  postalCode!: string | null;

  @Field(() => String, { nullable: true, description: `Postal town (poststed); ${FULL_ONLY}` })
  postalTown!: string | null;

  static from(row: CasePartyRow): CasePartyView {
    return Object.assign(new CasePartyView(), {
      id: toGlobalId('CaseParty', row.id),
      rawId: row.id,
      caseRawId: row.case_id,
      position: row.position,
      name: row.name,
      nameScreened: row.name_screened,
      role: row.role,
      nationalId: row.national_id,
      organizationNumber: row.organization_number,
      postalAddress: row.postal_address,
      postalCode: row.postal_code,
      postalTown: row.postal_town,
    });
  }
}

import { Field, ID, InputType, Int } from 'type-graphql';
import { CaseTargetInput } from './targets';

/**
 * The fields of a party (sakspart), shared by adding and changing one. On a change, a field left
 * out keeps its value and null clears an optional one.
 */
const ROLE =
  'Role (partRolle), free text: e.g. "Klient", "Pårørende", "Formynder", "Advokat" (the Noark 5 metadata catalogue), "Elev", "Foresatt"';

@InputType()
abstract class CasePartyFields extends CaseTargetInput {
  @Field(() => String, {
    nullable: true,
    description:
      "A person's national identity number (fødselsnummer or D-nummer): 11 digits with valid check digits, spaces allowed. Never public; an error never repeats it",
  })
  nationalId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "An organisation's organisation number (organisasjonsnummer): 9 digits with a valid check digit. Never public",
  })
  organizationNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address (postadresse)' })
  postalAddress?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code (postnummer)' })
  postalCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal town (poststed)' })
  postalTown?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Place among the parties, from 0; the others move up. Left out: last (adding) or unchanged (changing)',
  })
  position?: number | null;
}

@InputType('AddCasePartyInput', {
  description: 'A party (sakspart) added to a case (id: the case)',
})
export class AddCasePartyInput extends CasePartyFields {
  @Field({ description: 'Name (partNavn)' })
  name!: string;

  @Field({ description: ROLE })
  role!: string;
}

@InputType('UpdateCasePartyInput', {
  description: 'A change to a party (sakspart) of a case (id: the case)',
})
export class UpdateCasePartyInput extends CasePartyFields {
  @Field(() => ID, { description: 'The party (sakspart) to change' })
  partyId!: string;

  @Field(() => String, { nullable: true, description: 'Name (partNavn)' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: ROLE })
  role?: string | null;
}

@InputType('RemoveCasePartyInput', {
  description: 'A party (sakspart) removed from a case (id: the case)',
})
export class RemoveCasePartyInput extends CaseTargetInput {
  @Field(() => ID, { description: 'The party (sakspart) to remove' })
  partyId!: string;
}

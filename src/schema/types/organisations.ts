import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { type OrganisationRow } from '../../queries/organisations';
import { toGlobalId } from '../globalId';
import { NodeInterface } from '../node';
import { connectionType } from './connection';

@ObjectType('Organisation', {
  implements: NodeInterface,
  description:
    'Organisation (arkivskaper): a records creator of the installation, such as a municipality. Its name, short name and number are public',
})
export class OrganisationType implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the organisation' })
  id!: string;

  rawId!: string;

  @Field({ description: 'Name (arkivskapernavn)' })
  name!: string;

  @Field({
    description:
      'Short name (kortnavn) for URLs and the X-Organisation header: lower-case letters, digits and dashes',
  })
  shortName!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Organisation number (organisasjonsnummer) in Enhetsregisteret, nine digits',
  })
  organisationNumber!: string | null;

  static from(row: Pick<OrganisationRow, 'id' | 'name' | 'shortName' | 'organisationNumber'>) {
    return Object.assign(new OrganisationType(), {
      id: toGlobalId('Organisation', row.id),
      rawId: row.id,
      name: row.name,
      shortName: row.shortName,
      organisationNumber: row.organisationNumber,
    });
  }
}

export const OrganisationConnection = connectionType(
  'Organisation',
  OrganisationType,
  'All organisations (arkivskapere) of the installation',
);
export type OrganisationConnection = InstanceType<typeof OrganisationConnection>;

@InputType('FirstAdminInput', {
  description: 'The first user (bruker) of a new organisation, who gets the ADMIN role there',
})
export class FirstAdminInput {
  @Field({ description: 'Sign-in name (brukernavn), as the identity provider names the person' })
  username!: string;

  @Field({ description: 'Name shown to others (visningsnavn)' })
  displayName!: string;
}

@InputType('CreateOrganisationInput', { description: 'A new organisation (arkivskaper)' })
export class CreateOrganisationInput {
  @Field({ description: 'Name (arkivskapernavn)' })
  name!: string;

  @Field({
    description:
      'Short name (kortnavn): 1–40 lower-case letters, digits or dashes, unique; never changes',
  })
  shortName!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Organisation number (organisasjonsnummer): nine digits with a MOD11 check digit',
  })
  organisationNumber?: string | null;

  @Field(() => FirstAdminInput, {
    description: 'Its first administrator, who creates its units, users and grants',
  })
  firstAdmin!: FirstAdminInput;
}

@InputType('UpdateOrganisationInput', {
  description: 'A new name or organisation number of an organisation (arkivskaper)',
})
export class UpdateOrganisationInput {
  @Field(() => ID, { description: 'The organisation (arkivskaper)' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'New name (arkivskapernavn); omitted or null: unchanged',
  })
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'New organisation number (organisasjonsnummer); omitted: unchanged, null or empty: removed',
  })
  organisationNumber?: string | null;
}

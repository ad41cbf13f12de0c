import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { Role, ScreenedField } from '../../entities/enums';
import { DateScalar } from '../scalars';
import { OrderDirection } from './paging';

@InputType('CreateUnitInput', { description: 'A new administrative unit (administrativ enhet)' })
export class CreateUnitInput {
  @Field({ description: 'Name of the unit (enhetsnavn)' })
  name!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The unit above it (overordnet enhet); a top unit when omitted',
  })
  parentId?: string | null;
}

@InputType('CreateUserInput', { description: 'A new user (bruker)' })
export class CreateUserInput {
  @Field({ description: 'Sign-in name (brukernavn)' })
  username!: string;

  @Field({ description: 'Name shown to others (visningsnavn)' })
  displayName!: string;

  @Field(() => ID, { nullable: true, description: 'Home unit (administrativ enhet)' })
  unitId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'E-mail address (e-postadresse) for notices; none when not given',
  })
  email?: string | null;
}

@InputType('SetUserEmailInput', { description: "A user's (bruker) e-mail address" })
export class SetUserEmailInput {
  @Field(() => ID, { description: 'The user (bruker)' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The new e-mail address (e-postadresse); null clears it',
  })
  email?: string | null;
}

@InputType('DeactivateUserInput', { description: 'The user (bruker) to deactivate' })
export class DeactivateUserInput {
  @Field(() => ID, { description: 'The user (bruker)' })
  id!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The successor (etterfølger) who takes over all open work of the user; required when the user holds any',
  })
  successorId?: string | null;
}

@InputType('AssignRoleInput', { description: 'A role (rolle) to grant to a user (bruker)' })
export class AssignRoleInput {
  @Field(() => ID, { description: 'The user (bruker) who receives the role' })
  id!: string;

  @Field(() => Role, { description: 'The role (rolle)' })
  role!: Role;

  @Field(() => ID, {
    nullable: true,
    description: 'The unit (administrativ enhet) the role holds in; all units when omitted',
  })
  unitId?: string | null;
}

@InputType('RevokeRoleInput', { description: 'A role (rolle) of a user (bruker) to end' })
export class RevokeRoleInput {
  @Field(() => ID, { description: 'The user (bruker) who holds the role' })
  id!: string;

  @Field(() => Role, { description: 'The role (rolle)' })
  role!: Role;

  @Field(() => ID, {
    nullable: true,
    description:
      'The unit (administrativ enhet) of the grant; the grant for all units when omitted',
  })
  unitId?: string | null;
}

@InputType('CreateAccessGroupInput', { description: 'A new access group (tilgangsgruppe)' })
export class CreateAccessGroupInput {
  @Field({ description: 'Name of the access group (tilgangsgruppe)' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the group is for (beskrivelse)' })
  description?: string | null;
}

@InputType('EndAccessGroupInput', { description: 'The access group (tilgangsgruppe) to end' })
export class EndAccessGroupInput {
  @Field(() => ID, { description: 'The access group (tilgangsgruppe)' })
  id!: string;
}

@InputType('AddAccessGroupMemberInput', {
  description: 'A member to add to an access group (tilgangsgruppe)',
})
export class AddAccessGroupMemberInput {
  @Field(() => ID, { description: 'The access group (tilgangsgruppe)' })
  id!: string;

  @Field(() => ID, { description: 'The user (bruker) who becomes a member' })
  userId!: string;
}

@InputType('RemoveAccessGroupMemberInput', {
  description: 'A member to remove from an access group (tilgangsgruppe)',
})
export class RemoveAccessGroupMemberInput {
  @Field(() => ID, { description: 'The access group (tilgangsgruppe)' })
  id!: string;

  @Field(() => ID, { description: 'The member (bruker) to remove' })
  userId!: string;
}

@InputType('CreateScreeningCodeInput', { description: 'A new screening code (tilgangskode)' })
export class CreateScreeningCodeInput {
  @Field({ description: 'The code itself (tilgangskode), e.g. "13"' })
  code!: string;

  @Field({ description: 'Name of the code (navn)' })
  name!: string;

  @Field({ description: 'Legal basis for screening (skjermingshjemmel)' })
  legalBasis!: string;

  @Field(() => [ScreenedField], {
    nullable: true,
    description: 'What the code screens by default (skjermingsmetadata)',
  })
  defaultScreenedFields?: ScreenedField[] | null;

  @Field(() => Int, {
    nullable: true,
    description: 'How many years the screening lasts by default (skjermingsvarighet)',
  })
  defaultDurationYears?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'The whole document is screened (skjerming av hele dokumentet)',
  })
  wholeDocument?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Additional access (meroffentlighet) must be considered',
  })
  discretionary?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Duty of confidentiality (taushetsplikt, offl. § 13): no full release to insight requests; default false',
  })
  dutyOfConfidentiality?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Temporary screening (like XX): screens everything until assessed',
  })
  temporary?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Need to know (tjenstlig behov): records with this code must have an access group (tilgangsgruppe); default false',
  })
  requiresAccessGroup?: boolean | null;
}

@InputType('SetScreeningCodeRequiresAccessGroupInput', {
  description: 'Whether a screening code (tilgangskode) requires an access group (tjenstlig behov)',
})
export class SetScreeningCodeRequiresAccessGroupInput {
  @Field(() => ID, { description: 'The screening code (tilgangskode)' })
  id!: string;

  @Field({
    description: 'Records with this code must have an access group (tilgangsgruppe) from now on',
  })
  requiresAccessGroup!: boolean;
}

@InputType('EndScreeningCodeInput', { description: 'The screening code (tilgangskode) to end' })
export class EndScreeningCodeInput {
  @Field(() => ID, { description: 'The screening code (tilgangskode)' })
  id!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day of use (gyldig til); default today',
  })
  validTo?: string | null;
}

@InputType('UserFilter', { description: 'Which users (brukere) the list holds' })
export class UserFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Text in the name (navn) or username (brukernavn), at least three characters',
  })
  query?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only users of this unit (administrativ enhet)' })
  unitId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Only active users (true) or only deactivated ones (false, deaktivert); default both',
  })
  active?: boolean | null;
}

export enum UserOrderField {
  DISPLAY_NAME = 'DISPLAY_NAME',
  USERNAME = 'USERNAME',
}
registerEnumType(UserOrderField, {
  name: 'UserOrderField',
  description: 'What a list of users (brukere) is ordered by',
  valuesConfig: {
    DISPLAY_NAME: { description: 'Name (navn), Norwegian order; default ascending (A–Å)' },
    USERNAME: { description: 'Username (brukernavn), Norwegian order; default ascending (A–Å)' },
  },
});

@InputType('UserOrder', { description: 'The order of a list of users (brukere)' })
export class UserOrder {
  @Field(() => UserOrderField, { description: 'What the users (brukere) are ordered by' })
  field!: UserOrderField;

  @Field(() => OrderDirection, {
    nullable: true,
    description: 'Ascending or descending (stigende eller synkende); default ascending (A–Å)',
  })
  direction?: OrderDirection | null;
}

@InputType('UnitFilter', { description: 'Which administrative units (administrative enheter)' })
export class UnitFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Text in the unit name (enhetsnavn), at least three characters',
  })
  query?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only the units right under this one (overordnet enhet)',
  })
  parentId?: string | null;
}

@InputType('AccessGroupFilter', { description: 'Which access groups (tilgangsgrupper)' })
export class AccessGroupFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Text in the group name, at least three characters',
  })
  query?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Include ended access groups (avsluttede tilgangsgrupper); default false',
  })
  includeEnded?: boolean | null;
}

@InputType('ScreeningCodeFilter', { description: 'Which screening codes (tilgangskoder)' })
export class ScreeningCodeFilter {
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Include screening codes (tilgangskoder) past their last day of use (validTo); default false',
  })
  includeEnded?: boolean | null;
}

@InputType('AccessGroupMemberFilter', {
  description: 'Which memberships of an access group (medlemskap i tilgangsgruppe)',
})
export class AccessGroupMemberFilter {
  @Field(() => Date, {
    nullable: true,
    description: 'Members (medlemmer) at this moment; default now',
  })
  at?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'The whole membership history (medlemskapshistorikk) instead; default false',
  })
  includeEnded?: boolean | null;
}

@InputType('RoleGrantFilter', { description: 'Which role grants (rolletildelinger)' })
export class RoleGrantFilter {
  @Field(() => ID, { nullable: true, description: "Only this user's (bruker) grants" })
  userId?: string | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'Only the grants held at this moment (tidspunkt); default every grant, ended ones included',
  })
  at?: Date | null;
}

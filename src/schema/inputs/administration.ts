import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { OrderDirection } from './paging';

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

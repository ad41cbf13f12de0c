import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Role, ScreenedField } from '../../entities/enums';
import { NodeInterface } from '../node';
import { toGlobalId } from '../globalId';
import { DateScalar } from '../scalars';
import { connectionType } from './connection';

@ObjectType('Unit', {
  implements: NodeInterface,
  description: 'Administrative unit (administrativ enhet)',
})
export class UnitType implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the unit' })
  id!: string;

  /** The unit's uuid; the parent resolves through a DataLoader */
  rawId!: string;
  parentRawId!: string | null;

  @Field({ description: 'Unit name (enhetsnavn)' })
  name!: string;

  static from(row: { id: string; name: string; parentId: string | null }): UnitType {
    return Object.assign(new UnitType(), {
      id: toGlobalId('Unit', row.id),
      rawId: row.id,
      parentRawId: row.parentId,
      name: row.name,
    });
  }
}

@ObjectType('AccessGroup', {
  implements: NodeInterface,
  description: 'Access group (tilgangsgruppe): its members read the records placed in it in full',
})
export class AccessGroupType implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the access group' })
  id!: string;

  rawId!: string;

  @Field({ description: "The group's name" })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the group is for, in free text' })
  description!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the group was ended; it takes no new records or members',
  })
  endedAt!: Date | null;

  static from(row: {
    id: string;
    name: string;
    description?: string | null;
    endedAt?: Date | null;
  }): AccessGroupType {
    return Object.assign(new AccessGroupType(), {
      id: toGlobalId('AccessGroup', row.id),
      rawId: row.id,
      name: row.name,
      description: row.description ?? null,
      endedAt: row.endedAt ?? null,
    });
  }
}

@ObjectType('ScreeningCode', {
  implements: NodeInterface,
  description: 'Screening code (tilgangskode): a ground for withholding records from the public',
})
export class ScreeningCodeType implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the screening code' })
  id!: string;

  rawId!: string;

  @Field({ description: 'The code (tilgangskode), e.g. "13"' })
  code!: string;

  @Field({ description: "The code's name" })
  name!: string;

  @Field({
    description:
      'Default legal basis for screening (skjermingshjemmel), e.g. "Offl. § 13 jf. fvl. § 13 første ledd nr. 1"',
  })
  legalBasis!: string;

  @Field(() => [ScreenedField], {
    description:
      'The screening metadata (skjermingsmetadata) a record with this code gets by default',
  })
  defaultScreenedFields!: ScreenedField[];

  @Field(() => Int, {
    nullable: true,
    description: 'Screening duration (skjermingsvarighet) in years; null = until lifted',
  })
  defaultDurationYears!: number | null;

  @Field({ description: 'May the whole document be withheld, or only parts' })
  wholeDocument!: boolean;

  @Field({
    description:
      'The basis allows but does not require refusal: additional access (meroffentlighet, offl. § 11) must be considered',
  })
  discretionary!: boolean;

  @Field({
    description:
      'Duty of confidentiality (taushetsplikt, e.g. offl. § 13): while the screening is in force an insight request may release only the redacted public variant',
  })
  dutyOfConfidentiality!: boolean;

  @Field({
    description:
      'XX, temporarily blocked (midlertidig sperret): screens everything until the record is assessed',
  })
  temporary!: boolean;

  @Field({
    description:
      'Need to know (tjenstlig behov): a record with this code must have an access group (tilgangsgruppe), so only those who need it read it in full',
  })
  requiresAccessGroup!: boolean;

  @Field(() => DateScalar, { description: 'First day the code may be used' })
  validFrom!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day the code may be used on new records',
  })
  validTo!: string | null;

  static from(row: {
    id: string;
    code: string;
    name: string;
    legalBasis: string;
    defaultScreenedFields: ScreenedField[];
    defaultDurationYears?: number | null;
    wholeDocument: boolean;
    discretionary: boolean;
    dutyOfConfidentiality: boolean;
    temporary: boolean;
    requiresAccessGroup: boolean;
    validFrom: string;
    validTo?: string | null;
  }): ScreeningCodeType {
    return Object.assign(new ScreeningCodeType(), {
      id: toGlobalId('ScreeningCode', row.id),
      rawId: row.id,
      code: row.code,
      name: row.name,
      legalBasis: row.legalBasis,
      defaultScreenedFields: row.defaultScreenedFields,
      defaultDurationYears: row.defaultDurationYears ?? null,
      wholeDocument: row.wholeDocument,
      discretionary: row.discretionary,
      dutyOfConfidentiality: row.dutyOfConfidentiality,
      temporary: row.temporary,
      requiresAccessGroup: row.requiresAccessGroup,
      validFrom: row.validFrom,
      validTo: row.validTo ?? null,
    });
  }
}

@ObjectType('RoleGrant', {
  description: 'Role grant (rolletildeling): a role held by a user, for a unit, over a period',
})
export class RoleGrantType {
  @Field(() => Role, { description: 'The role granted (rolle)' })
  role!: Role;

  /** Resolved to a Unit; null = the whole organisation */
  unitRawId!: string | null;
  userRawId!: string;
  grantedByRawId!: string | null;
  revokedByRawId!: string | null;

  @Field(() => Date, { description: 'When the grant began' })
  validFrom!: Date;

  @Field(() => Date, { nullable: true, description: 'When the grant ended; null while it holds' })
  validTo!: Date | null;
}

@ObjectType('User', { implements: NodeInterface, description: 'User (bruker)' })
export class UserType implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the user' })
  id!: string;

  rawId!: string;
  unitRawId!: string | null;
  /** Shown by UserResolver.email to the user and to administrators only */
  emailRaw!: string | null;

  @Field({ description: 'Username (brukernavn)' })
  username!: string;

  @Field({ description: 'Name (navn) as shown to others' })
  displayName!: string;

  @Field({ description: 'A deactivated user can no longer sign in' })
  active!: boolean;

  static from(row: {
    id: string;
    username: string;
    displayName: string;
    unitId: string | null;
    active: boolean;
    email: string | null;
  }): UserType {
    return Object.assign(new UserType(), {
      id: toGlobalId('User', row.id),
      rawId: row.id,
      unitRawId: row.unitId,
      emailRaw: row.email,
      username: row.username,
      displayName: row.displayName,
      active: row.active,
    });
  }
}

@ObjectType('AccessGroupMembership', {
  description: 'Access group membership (medlemskap i tilgangsgruppe), with its period',
})
export class AccessGroupMembershipType {
  userRawId!: string;
  groupRawId!: string;
  addedByRawId!: string | null;
  removedByRawId!: string | null;

  @Field(() => Date, { description: 'When the membership began' })
  validFrom!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When the membership ended; null while it holds',
  })
  validTo!: Date | null;
}

export const UserConnection = connectionType('User', UserType, 'All matching users (brukere)');
export type UserConnection = InstanceType<typeof UserConnection>;

export const UnitConnection = connectionType(
  'Unit',
  UnitType,
  'All matching administrative units (administrative enheter)',
);
export type UnitConnection = InstanceType<typeof UnitConnection>;

export const AccessGroupConnection = connectionType(
  'AccessGroup',
  AccessGroupType,
  'All matching access groups (tilgangsgrupper)',
);
export type AccessGroupConnection = InstanceType<typeof AccessGroupConnection>;

export const ScreeningCodeConnection = connectionType(
  'ScreeningCode',
  ScreeningCodeType,
  'All matching screening codes (tilgangskoder)',
);
export type ScreeningCodeConnection = InstanceType<typeof ScreeningCodeConnection>;

export const RoleGrantConnection = connectionType(
  'RoleGrant',
  RoleGrantType,
  'All matching role grants (rolletildelinger)',
);
export type RoleGrantConnection = InstanceType<typeof RoleGrantConnection>;

export const AccessGroupMembershipConnection = connectionType(
  'AccessGroupMembership',
  AccessGroupMembershipType,
  'All matching memberships (medlemskap)',
);
export type AccessGroupMembershipConnection = InstanceType<typeof AccessGroupMembershipConnection>;

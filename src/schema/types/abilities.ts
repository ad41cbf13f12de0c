import { Field, ObjectType } from 'type-graphql';
import {
  type AccessGroupWrites,
  type ScreeningCodeWrites,
  type UnitWrites,
  type UserWrites,
  type ViewerAbilities as Abilities,
} from '../../services/viewerCanAdministration';

/**
 * The `viewerCan` types of the administrative records and of the root: each flag is true when the
 * change it names would go through now (docs/access-control.md, "What the client is told in
 * advance").
 */

@ObjectType('UserViewerCan', {
  description:
    'What you may do to this user (bruker) now: the rules of who may (administrators, never to themself where a role is given) and of the state the user is in',
})
export class UserViewerCan implements UserWrites {
  @Field({
    description:
      'You may deactivate the user now (deaktivere bruker): deactivateUser. False for yourself and for a user deactivated already',
  })
  deactivate!: boolean;

  @Field({
    description:
      'You may give the user a role now (tildele rolle): assignRole. False for yourself (another administrator must) and for a deactivated user; a role the user holds already is refused when named',
  })
  assignRole!: boolean;

  @Field({
    description:
      'You may end one of the roles the user holds now (fjerne rolle): revokeRole. False while the user holds none; which one is named in the change',
  })
  revokeRole!: boolean;
}

@ObjectType('UnitViewerCan', {
  description: 'What you may do with this administrative unit (administrativ enhet) now',
})
export class UnitViewerCan implements UnitWrites {
  @Field({
    description:
      'You may create a unit under this one now (opprette underordnet enhet): createUnit with this unit as parentId',
  })
  createChildUnit!: boolean;

  @Field({
    description:
      'You may create a case (opprette sak) with this unit as its responsible unit (ansvarlig enhet): createCase',
  })
  createCase!: boolean;
}

@ObjectType('AccessGroupViewerCan', {
  description: 'What you may do to this access group (tilgangsgruppe) now',
})
export class AccessGroupViewerCan implements AccessGroupWrites {
  @Field({
    description:
      'You may add a member to the group now (legge til medlem): addAccessGroupMember. False once the group has ended; never yourself (another administrator must), and a member already in it is refused when named',
  })
  addMember!: boolean;

  @Field({
    description:
      'You may remove one of its members now (fjerne medlem): removeAccessGroupMember. False while it has none; which one is named in the change',
  })
  removeMember!: boolean;

  @Field({
    description:
      'You may end the group now (avslutte tilgangsgruppe): endAccessGroup. False once it has ended',
  })
  end!: boolean;
}

@ObjectType('ScreeningCodeViewerCan', {
  description: 'What you may do to this screening code (tilgangskode) now',
})
export class ScreeningCodeViewerCan implements ScreeningCodeWrites {
  @Field({
    description:
      'You may give the code its last day of use now (avslutte tilgangskode): endScreeningCode. False once it has one',
  })
  end!: boolean;
}

@ObjectType('ViewerAbilities', {
  description:
    'What you may create, and which administrative lists you may read, now: the same rules as the operations they name',
})
export class ViewerAbilities implements Abilities {
  @Field({
    description:
      'You may create cases (opprette sak) for some unit: createCase. Which units: Unit.viewerCan.createCase',
  })
  createCase!: boolean;

  @Field({ description: 'You may create units (opprette administrativ enhet): createUnit' })
  createUnit!: boolean;

  @Field({ description: 'You may create users (opprette bruker): createUser' })
  createUser!: boolean;

  @Field({
    description: 'You may create access groups (opprette tilgangsgruppe): createAccessGroup',
  })
  createAccessGroup!: boolean;

  @Field({
    description: 'You may create screening codes (opprette tilgangskode): createScreeningCode',
  })
  createScreeningCode!: boolean;

  @Field({ description: 'You may read the audit trail (hendelseslogg): auditEvents' })
  readAuditEvents!: boolean;

  @Field({
    description:
      'You may read every role grant, past and present (rolletildelinger): roleGrantHistory',
  })
  readRoleGrantHistory!: boolean;

  @Field({
    description:
      'You may read the members of access groups, past and present (medlemmer av tilgangsgruppe): accessGroupMembers, AccessGroup.members',
  })
  readAccessGroupMembers!: boolean;
}

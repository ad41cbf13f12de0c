import { Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Arg } from 'type-graphql';
import { accessGroupMemberships, roleGrantHistory } from '../queries/administration';
import {
  AccessGroupMemberFilter,
  AddAccessGroupMemberInput,
  AssignRoleInput,
  CreateAccessGroupInput,
  CreateScreeningCodeInput,
  CreateUnitInput,
  CreateUserInput,
  DeactivateUserInput,
  EndAccessGroupInput,
  EndScreeningCodeInput,
  RemoveAccessGroupMemberInput,
  RevokeRoleInput,
  RoleGrantFilter,
  SetScreeningCodeRequiresAccessGroupInput,
  SetUserEmailInput,
} from '../schema/inputs/administration';
import { PageArgs } from '../schema/inputs/paging';
import {
  AccessGroupMembershipConnection,
  AccessGroupMembershipType,
  AccessGroupType,
  RoleGrantConnection,
  RoleGrantType,
  ScreeningCodeType,
  UnitType,
  UserType,
} from '../schema/types/admin';
import * as admin from '../services/administration';
import { deactivateUser } from '../services/deactivation';
import { argId } from './args';
import { type Context } from './context';
import { grantRowView, membershipView } from './grantViews';

@Resolver()
export class AdminResolver {
  @Mutation(() => UnitType, {
    description: 'Create an administrative unit (administrativ enhet); administrators (ADMIN) only',
  })
  async createUnit(
    @Arg('input', () => CreateUnitInput, {
      description: 'The new administrative unit (administrativ enhet)',
    })
    input: CreateUnitInput,
    @Ctx() ctx: Context,
  ): Promise<UnitType> {
    const unit = await admin.createUnit(ctx, {
      name: input.name,
      parentId: argId('Unit', 'parentId', input.parentId),
    });
    return UnitType.from({ id: unit.id, name: unit.name, parentId: unit.parent?.id ?? null });
  }

  @Mutation(() => UserType, {
    description: 'Create a user (bruker); administrators (ADMIN) only',
  })
  async createUser(
    @Arg('input', () => CreateUserInput, { description: 'The new user (bruker)' })
    input: CreateUserInput,
    @Ctx() ctx: Context,
  ): Promise<UserType> {
    const user = await admin.createUser(ctx, {
      username: input.username,
      displayName: input.displayName,
      unitId: argId('Unit', 'unitId', input.unitId),
      email: input.email ?? null,
    });
    return ctx.loaders.user.load(user.id) as Promise<UserType>;
  }

  @Mutation(() => UserType, {
    description:
      "Set or clear a user's (bruker) e-mail address for notices; administrators (ADMIN) only",
  })
  async setUserEmail(
    @Arg('input', () => SetUserEmailInput, { description: 'The user and the address' })
    input: SetUserEmailInput,
    @Ctx() ctx: Context,
  ): Promise<UserType> {
    const user = await admin.setUserEmail(ctx, {
      userId: argId('User', 'id', input.id)!,
      email: input.email ?? null,
    });
    return ctx.loaders.user.load(user.id) as Promise<UserType>;
  }

  @Mutation(() => UserType, {
    description:
      'Deactivate a user (bruker); administrators (ADMIN) only: the user can no longer sign in. Refused (CONFLICT, extensions.openWork) while the user holds open work, unless successorId names who takes it over',
  })
  async deactivateUser(
    @Arg('input', () => DeactivateUserInput, { description: 'The user (bruker) to deactivate' })
    input: DeactivateUserInput,
    @Ctx() ctx: Context,
  ): Promise<UserType> {
    const user = await deactivateUser(ctx, {
      userId: argId('User', 'id', input.id)!,
      successorId: argId('User', 'successorId', input.successorId),
    });
    return ctx.loaders.user.load(user.id) as Promise<UserType>;
  }

  @Mutation(() => UserType, {
    description:
      'Grant a role (tildel rolle) to a user; administrators (ADMIN) only, optionally for one unit; never to oneself (another administrator must)',
  })
  async assignRole(
    @Arg('input', () => AssignRoleInput, {
      description: 'The user (bruker) and the role (rolle) to grant',
    })
    input: AssignRoleInput,
    @Ctx() ctx: Context,
  ): Promise<UserType> {
    const user = await admin.assignRole(ctx, {
      userId: argId('User', 'id', input.id)!,
      role: input.role,
      unitId: argId('Unit', 'unitId', input.unitId),
    });
    return ctx.loaders.user.load(user.id) as Promise<UserType>;
  }

  @Mutation(() => UserType, {
    description:
      'Revoke a role (fjern rolle) of a user; administrators (ADMIN) only: the grant ends now and stays in the history',
  })
  async revokeRole(
    @Arg('input', () => RevokeRoleInput, {
      description: 'The user (bruker) and the role (rolle) to revoke',
    })
    input: RevokeRoleInput,
    @Ctx() ctx: Context,
  ): Promise<UserType> {
    const user = await admin.revokeRole(ctx, {
      userId: argId('User', 'id', input.id)!,
      role: input.role,
      unitId: argId('Unit', 'unitId', input.unitId),
    });
    return ctx.loaders.user.load(user.id) as Promise<UserType>;
  }

  @Mutation(() => AccessGroupType, {
    description: 'Create an access group (tilgangsgruppe); administrators (ADMIN) only',
  })
  async createAccessGroup(
    @Arg('input', () => CreateAccessGroupInput, {
      description: 'The new access group (tilgangsgruppe)',
    })
    input: CreateAccessGroupInput,
    @Ctx() ctx: Context,
  ): Promise<AccessGroupType> {
    return AccessGroupType.from(
      await admin.createAccessGroup(ctx, {
        name: input.name,
        description: input.description ?? null,
      }),
    );
  }

  @Mutation(() => AccessGroupType, {
    description:
      'End an access group (tilgangsgruppe); administrators (ADMIN) only: no new records or members',
  })
  async endAccessGroup(
    @Arg('input', () => EndAccessGroupInput, {
      description: 'The access group (tilgangsgruppe) to end',
    })
    input: EndAccessGroupInput,
    @Ctx() ctx: Context,
  ): Promise<AccessGroupType> {
    return AccessGroupType.from(
      await admin.endAccessGroup(ctx, argId('AccessGroup', 'id', input.id)!),
    );
  }

  @Mutation(() => AccessGroupType, {
    description:
      'Add a member to an access group (tilgangsgruppe); administrators (ADMIN) only; never oneself (another administrator must)',
  })
  async addAccessGroupMember(
    @Arg('input', () => AddAccessGroupMemberInput, {
      description: 'The access group (tilgangsgruppe) and the new member',
    })
    input: AddAccessGroupMemberInput,
    @Ctx() ctx: Context,
  ): Promise<AccessGroupType> {
    return AccessGroupType.from(
      await admin.addAccessGroupMember(ctx, {
        groupId: argId('AccessGroup', 'id', input.id)!,
        userId: argId('User', 'userId', input.userId)!,
      }),
    );
  }

  @Mutation(() => AccessGroupType, {
    description:
      'Remove a member from an access group (tilgangsgruppe); administrators (ADMIN) only',
  })
  async removeAccessGroupMember(
    @Arg('input', () => RemoveAccessGroupMemberInput, {
      description: 'The access group (tilgangsgruppe) and the member to remove',
    })
    input: RemoveAccessGroupMemberInput,
    @Ctx() ctx: Context,
  ): Promise<AccessGroupType> {
    return AccessGroupType.from(
      await admin.removeAccessGroupMember(ctx, {
        groupId: argId('AccessGroup', 'id', input.id)!,
        userId: argId('User', 'userId', input.userId)!,
      }),
    );
  }

  @Mutation(() => ScreeningCodeType, {
    description: 'Create a screening code (tilgangskode); administrators (ADMIN) only',
  })
  async createScreeningCode(
    @Arg('input', () => CreateScreeningCodeInput, {
      description: 'The new screening code (tilgangskode)',
    })
    input: CreateScreeningCodeInput,
    @Ctx() ctx: Context,
  ): Promise<ScreeningCodeType> {
    return ScreeningCodeType.from(
      await admin.createScreeningCode(ctx, {
        code: input.code,
        name: input.name,
        legalBasis: input.legalBasis,
        defaultScreenedFields: input.defaultScreenedFields ?? null,
        defaultDurationYears: input.defaultDurationYears ?? null,
        wholeDocument: input.wholeDocument ?? null,
        discretionary: input.discretionary ?? null,
        dutyOfConfidentiality: input.dutyOfConfidentiality ?? null,
        temporary: input.temporary ?? null,
        requiresAccessGroup: input.requiresAccessGroup ?? null,
      }),
    );
  }

  @Mutation(() => ScreeningCodeType, {
    description:
      'Turn need to know (tjenstlig behov) on or off for a screening code (tilgangskode); administrators (ADMIN) only',
  })
  async setScreeningCodeRequiresAccessGroup(
    @Arg('input', () => SetScreeningCodeRequiresAccessGroupInput, {
      description: 'The screening code (tilgangskode) and the setting',
    })
    input: SetScreeningCodeRequiresAccessGroupInput,
    @Ctx() ctx: Context,
  ): Promise<ScreeningCodeType> {
    return ScreeningCodeType.from(
      await admin.setScreeningCodeRequiresAccessGroup(ctx, {
        id: argId('ScreeningCode', 'id', input.id)!,
        requiresAccessGroup: input.requiresAccessGroup,
      }),
    );
  }

  @Mutation(() => ScreeningCodeType, {
    description:
      'End a screening code (tilgangskode); administrators (ADMIN) only: not usable on new records after validTo; never deleted',
  })
  async endScreeningCode(
    @Arg('input', () => EndScreeningCodeInput, {
      description: 'The screening code (tilgangskode) to end, and its last day',
    })
    input: EndScreeningCodeInput,
    @Ctx() ctx: Context,
  ): Promise<ScreeningCodeType> {
    return ScreeningCodeType.from(
      await admin.endScreeningCode(ctx, {
        id: argId('ScreeningCode', 'id', input.id)!,
        validTo: input.validTo ?? null,
      }),
    );
  }

  @Query(() => RoleGrantConnection, {
    description:
      'Role grants (rolletildelinger, ADMIN): all of them, or those held at a moment (`at`); ended grants included. Oldest first',
  })
  async roleGrantHistory(
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => RoleGrantFilter, {
      nullable: true,
      description: 'Which role grants (rolletildelinger)',
    })
    filter?: RoleGrantFilter | null,
  ): Promise<RoleGrantConnection> {
    admin.authorizeAdministration(ctx, 'RoleGrant');
    const list = await roleGrantHistory(ctx.em, {
      filter: {
        userId: argId('User', ['filter', 'userId'], filter?.userId),
        at: filter?.at ?? null,
      },
      page,
    });
    return RoleGrantConnection.from(list, grantRowView);
  }

  @Query(() => AccessGroupMembershipConnection, {
    description:
      'Members of an access group (medlemmer i tilgangsgruppe, ADMIN), now or at a moment: "who was in Personal on 2026-03-01". Oldest membership first',
  })
  async accessGroupMembers(
    @Arg('groupId', () => ID, { description: 'The access group (tilgangsgruppe)' })
    groupId: string,
    @Ctx() ctx: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => AccessGroupMemberFilter, {
      nullable: true,
      description: 'Which memberships (medlemskap)',
    })
    filter?: AccessGroupMemberFilter | null,
  ): Promise<AccessGroupMembershipConnection> {
    admin.authorizeAdministration(ctx, 'AccessGroupMembership');
    const list = await accessGroupMemberships(ctx.em, {
      groupId: argId('AccessGroup', 'groupId', groupId)!,
      filter: { at: filter?.at ?? new Date(), includeEnded: filter?.includeEnded ?? false },
      page,
    });
    return AccessGroupMembershipConnection.from(list, membershipView);
  }
}

@Resolver(() => RoleGrantType)
export class RoleGrantHistoryResolver {
  @FieldResolver(() => UserType, { description: 'Who holds (or held) the role' })
  async user(@Root() g: RoleGrantType, @Ctx() { loaders }: Context): Promise<UserType> {
    return (await loaders.user.load(g.userRawId))!;
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Who granted the role (tildelt av)',
  })
  grantedBy(
    @Root() g: RoleGrantType,
    @Ctx() { loaders }: Context,
  ): Promise<UserType | null> | null {
    return g.grantedByRawId ? loaders.user.load(g.grantedByRawId) : null;
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Who revoked the role (fjernet av); null while it holds',
  })
  revokedBy(
    @Root() g: RoleGrantType,
    @Ctx() { loaders }: Context,
  ): Promise<UserType | null> | null {
    return g.revokedByRawId ? loaders.user.load(g.revokedByRawId) : null;
  }
}

@Resolver(() => AccessGroupMembershipType)
export class MembershipResolver {
  @FieldResolver(() => UserType, { description: 'The member' })
  async user(@Root() m: AccessGroupMembershipType, @Ctx() { loaders }: Context): Promise<UserType> {
    return (await loaders.user.load(m.userRawId))!;
  }

  @FieldResolver(() => AccessGroupType, { description: 'The access group (tilgangsgruppe)' })
  async group(
    @Root() m: AccessGroupMembershipType,
    @Ctx() { loaders }: Context,
  ): Promise<AccessGroupType> {
    return (await loaders.accessGroup.load(m.groupRawId))!;
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Who added the member (lagt til av)',
  })
  addedBy(
    @Root() m: AccessGroupMembershipType,
    @Ctx() { loaders }: Context,
  ): Promise<UserType | null> | null {
    return m.addedByRawId ? loaders.user.load(m.addedByRawId) : null;
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Who removed the member (fjernet av); null while the membership holds',
  })
  removedBy(
    @Root() m: AccessGroupMembershipType,
    @Ctx() { loaders }: Context,
  ): Promise<UserType | null> | null {
    return m.removedByRawId ? loaders.user.load(m.removedByRawId) : null;
  }
}

@Resolver(() => AccessGroupType)
export class AccessGroupMembersResolver {
  @FieldResolver(() => [UserType], { description: 'Current members (ADMIN only)' })
  async members(@Root() g: AccessGroupType, @Ctx() ctx: Context): Promise<UserType[]> {
    admin.authorizeAdministration(ctx, 'AccessGroupMembership');
    const rows = await ctx.loaders.membersOfGroup.load(g.rawId);
    return (await ctx.loaders.user.loadMany(rows)).filter(
      (u): u is UserType => u instanceof UserType,
    );
  }
}

import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role, ScreenedField } from '../entities';
import { accessGroupMemberships, roleGrantHistory } from '../queries/administration';
import { DateScalar } from '../schema/scalars';
import {
  AccessGroupMembershipType,
  AccessGroupType,
  RoleGrantType,
  ScreeningCodeType,
  UnitType,
  UserType,
} from '../schema/types/admin';
import * as admin from '../services/administration';
import { argId } from './args';
import { type Context } from './context';
import { grantView, membershipView } from './grantViews';

@Resolver()
export class AdminResolver {
  @Mutation(() => UnitType, { description: 'Opprett enhet (ADMIN)' })
  async createUnit(
    @Arg('name') name: string,
    @Arg('parentId', () => ID, { nullable: true }) parentId: string | null,
    @Ctx() ctx: Context,
  ): Promise<UnitType> {
    const unit = await admin.createUnit(ctx, {
      name,
      parentId: argId('Unit', 'parentId', parentId),
    });
    return UnitType.from({ id: unit.id, name: unit.name, parentId: unit.parent?.id ?? null });
  }

  @Mutation(() => UserType, { description: 'Opprett bruker (ADMIN)' })
  async createUser(
    @Arg('username') username: string,
    @Arg('displayName') displayName: string,
    @Arg('unitId', () => ID, { nullable: true }) unitId: string | null,
    @Ctx() ctx: Context,
  ): Promise<UserType> {
    const user = await admin.createUser(ctx, {
      username,
      displayName,
      unitId: argId('Unit', 'unitId', unitId),
    });
    return ctx.loaders.user.load(user.id) as Promise<UserType>;
  }

  @Mutation(() => UserType, {
    description: 'Deaktiver bruker (ADMIN): the user can no longer sign in',
  })
  async deactivateUser(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<UserType> {
    const user = await admin.deactivateUser(ctx, argId('User', 'id', id)!);
    return ctx.loaders.user.load(user.id) as Promise<UserType>;
  }

  @Mutation(() => UserType, {
    description:
      'Tildel rolle (ADMIN), optionally for one unit; never to oneself (another administrator must)',
  })
  async assignRole(
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => Role) role: Role,
    @Arg('unitId', () => ID, { nullable: true }) unitId: string | null,
    @Ctx() ctx: Context,
  ): Promise<UserType> {
    const user = await admin.assignRole(ctx, {
      userId: argId('User', 'userId', userId)!,
      role,
      unitId: argId('Unit', 'unitId', unitId),
    });
    return ctx.loaders.user.load(user.id) as Promise<UserType>;
  }

  @Mutation(() => UserType, {
    description: 'Fjern rolle (ADMIN): the grant ends now and stays in the history',
  })
  async revokeRole(
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => Role) role: Role,
    @Arg('unitId', () => ID, { nullable: true }) unitId: string | null,
    @Ctx() ctx: Context,
  ): Promise<UserType> {
    const user = await admin.revokeRole(ctx, {
      userId: argId('User', 'userId', userId)!,
      role,
      unitId: argId('Unit', 'unitId', unitId),
    });
    return ctx.loaders.user.load(user.id) as Promise<UserType>;
  }

  @Mutation(() => AccessGroupType, { description: 'Opprett tilgangsgruppe (ADMIN)' })
  async createAccessGroup(
    @Arg('name') name: string,
    @Arg('description', () => String, { nullable: true }) description: string | null,
    @Ctx() ctx: Context,
  ): Promise<AccessGroupType> {
    return AccessGroupType.from(await admin.createAccessGroup(ctx, { name, description }));
  }

  @Mutation(() => AccessGroupType, {
    description: 'Avslutt tilgangsgruppe (ADMIN): no new records or members',
  })
  async endAccessGroup(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<AccessGroupType> {
    return AccessGroupType.from(await admin.endAccessGroup(ctx, argId('AccessGroup', 'id', id)!));
  }

  @Mutation(() => AccessGroupType, {
    description:
      'Legg til medlem i tilgangsgruppe (ADMIN); never oneself (another administrator must)',
  })
  async addAccessGroupMember(
    @Arg('groupId', () => ID) groupId: string,
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: Context,
  ): Promise<AccessGroupType> {
    return AccessGroupType.from(
      await admin.addAccessGroupMember(ctx, {
        groupId: argId('AccessGroup', 'groupId', groupId)!,
        userId: argId('User', 'userId', userId)!,
      }),
    );
  }

  @Mutation(() => AccessGroupType, { description: 'Fjern medlem fra tilgangsgruppe (ADMIN)' })
  async removeAccessGroupMember(
    @Arg('groupId', () => ID) groupId: string,
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: Context,
  ): Promise<AccessGroupType> {
    return AccessGroupType.from(
      await admin.removeAccessGroupMember(ctx, {
        groupId: argId('AccessGroup', 'groupId', groupId)!,
        userId: argId('User', 'userId', userId)!,
      }),
    );
  }

  @Mutation(() => ScreeningCodeType, { description: 'Opprett tilgangskode (ADMIN)' })
  async createScreeningCode(
    @Arg('code') code: string,
    @Arg('name') name: string,
    @Arg('legalBasis', { description: 'Skjermingshjemmel' }) legalBasis: string,
    @Arg('defaultScreenedFields', () => [ScreenedField], { nullable: true })
    defaultScreenedFields: ScreenedField[] | null,
    @Arg('defaultDurationYears', () => Int, { nullable: true }) defaultDurationYears: number | null,
    @Arg('wholeDocument', () => Boolean, { nullable: true }) wholeDocument: boolean | null,
    @Arg('discretionary', () => Boolean, {
      nullable: true,
      description: 'Meroffentlighet must be considered',
    })
    discretionary: boolean | null,
    @Arg('dutyOfConfidentiality', () => Boolean, {
      nullable: true,
      description: 'Taushetsplikt (offl. § 13): no full release to insight requests; default false',
    })
    dutyOfConfidentiality: boolean | null,
    @Arg('temporary', () => Boolean, {
      nullable: true,
      description: 'Like XX: screens everything until assessed',
    })
    temporary: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<ScreeningCodeType> {
    return ScreeningCodeType.from(
      await admin.createScreeningCode(ctx, {
        code,
        name,
        legalBasis,
        defaultScreenedFields,
        defaultDurationYears,
        wholeDocument,
        discretionary,
        dutyOfConfidentiality,
        temporary,
      }),
    );
  }

  @Mutation(() => ScreeningCodeType, {
    description:
      'Avslutt tilgangskode (ADMIN): not usable on new records after validTo; never deleted',
  })
  async endScreeningCode(
    @Arg('id', () => ID) id: string,
    @Arg('validTo', () => DateScalar, {
      nullable: true,
      description: 'Last day of use; default today',
    })
    validTo: string | null,
    @Ctx() ctx: Context,
  ): Promise<ScreeningCodeType> {
    return ScreeningCodeType.from(
      await admin.endScreeningCode(ctx, { id: argId('ScreeningCode', 'id', id)!, validTo }),
    );
  }

  @Query(() => [RoleGrantType], {
    description:
      'Role grants (ADMIN): all of them, or those held at a moment (`at`); ended grants included',
  })
  async roleGrantHistory(
    @Ctx() ctx: Context,
    @Arg('userId', () => ID, { nullable: true }) userId?: string | null,
    @Arg('at', () => Date, { nullable: true }) at?: Date | null,
  ): Promise<RoleGrantType[]> {
    admin.authorizeAdministration(ctx, 'RoleGrant');
    const rows = await roleGrantHistory(ctx.em, {
      userId: argId('User', 'userId', userId),
      at: at ?? null,
    });
    return rows.map(grantView);
  }

  @Query(() => [AccessGroupMembershipType], {
    description:
      'Members of an access group (ADMIN), now or at a moment: "who was in Personal on 2026-03-01"',
  })
  async accessGroupMembers(
    @Arg('groupId', () => ID) groupId: string,
    @Ctx() ctx: Context,
    @Arg('at', () => Date, { nullable: true, description: 'Default: now' }) at?: Date | null,
    @Arg('includeEnded', () => Boolean, {
      nullable: true,
      description: 'The whole history instead',
    })
    includeEnded?: boolean | null,
  ): Promise<AccessGroupMembershipType[]> {
    admin.authorizeAdministration(ctx, 'AccessGroupMembership');
    const rows = await accessGroupMemberships(ctx.em, {
      groupId: argId('AccessGroup', 'groupId', groupId)!,
      at: at ?? new Date(),
      includeEnded: includeEnded ?? false,
    });
    return rows.map(membershipView);
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

import { type EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import * as admin from '../domain/administration';
import { forbidden } from '../domain/errors';
import { todayInOslo } from '../domain/workingDays';
import { AccessGroupMembership, Role, RoleGrant, ScreenedField } from '../entities';
import { type AdminSubject } from '../policies/subjects';
import { DateScalar } from '../schema/scalars';
import {
  AccessGroupMembershipType,
  AccessGroupType,
  RoleGrantType,
  ScreeningCodeType,
  UnitType,
  UserType,
} from '../schema/types/admin';
import { argId } from './args';
import { type Context } from './context';
import { grantView, membershipView } from './grantViews';

/** Only administrators manage these; the policies say so (administration.ts). */
function requireManage(ctx: Context, subject: AdminSubject): admin.Actor {
  if (ctx.viewer.kind !== 'user' || !ctx.ability.can('manage', subject as 'Unit')) {
    throw forbidden('Only administrators may do this');
  }
  return { userId: ctx.viewer.userId, requestId: ctx.requestId };
}

/** One transaction for the change and its audit event; nothing is written when it fails. */
function inTransaction<T>(ctx: Context, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return ctx.em.transactional(work);
}

/** Valid at a moment: started by then and not ended by then. */
function validAt(at: Date) {
  return { validFrom: { $lte: at }, $or: [{ validTo: null }, { validTo: { $gt: at } }] };
}

@Resolver()
export class AdminResolver {
  @Mutation(() => UnitType, { description: 'Opprett enhet (ADMIN)' })
  async createUnit(
    @Arg('name') name: string,
    @Arg('parentId', () => ID, { nullable: true }) parentId: string | null,
    @Ctx() ctx: Context,
  ): Promise<UnitType> {
    const actor = requireManage(ctx, 'Unit');
    const unit = await inTransaction(ctx, (em) =>
      admin.createUnit(em, actor, { name, parentId: argId('Unit', 'parentId', parentId) }),
    );
    return UnitType.from({ id: unit.id, name: unit.name, parentId: unit.parent?.id ?? null });
  }

  @Mutation(() => UserType, { description: 'Opprett bruker (ADMIN)' })
  async createUser(
    @Arg('username') username: string,
    @Arg('displayName') displayName: string,
    @Arg('unitId', () => ID, { nullable: true }) unitId: string | null,
    @Ctx() ctx: Context,
  ): Promise<UserType> {
    const actor = requireManage(ctx, 'User');
    const user = await inTransaction(ctx, (em) =>
      admin.createUser(em, actor, {
        username,
        displayName,
        unitId: argId('Unit', 'unitId', unitId),
      }),
    );
    return ctx.loaders.user.load(user.id) as Promise<UserType>;
  }

  @Mutation(() => UserType, {
    description: 'Deaktiver bruker (ADMIN): the user can no longer sign in',
  })
  async deactivateUser(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<UserType> {
    const actor = requireManage(ctx, 'User');
    const user = await inTransaction(ctx, (em) =>
      admin.deactivateUser(em, actor, argId('User', 'id', id)!),
    );
    return ctx.loaders.user.load(user.id) as Promise<UserType>;
  }

  @Mutation(() => UserType, { description: 'Tildel rolle (ADMIN), optionally for one unit' })
  async assignRole(
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => Role) role: Role,
    @Arg('unitId', () => ID, { nullable: true }) unitId: string | null,
    @Ctx() ctx: Context,
  ): Promise<UserType> {
    const actor = requireManage(ctx, 'RoleGrant');
    const user = await inTransaction(ctx, (em) =>
      admin.assignRole(em, actor, {
        userId: argId('User', 'userId', userId)!,
        role,
        unitId: argId('Unit', 'unitId', unitId),
      }),
    );
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
    const actor = requireManage(ctx, 'RoleGrant');
    const user = await inTransaction(ctx, (em) =>
      admin.revokeRole(em, actor, {
        userId: argId('User', 'userId', userId)!,
        role,
        unitId: argId('Unit', 'unitId', unitId),
      }),
    );
    return ctx.loaders.user.load(user.id) as Promise<UserType>;
  }

  @Mutation(() => AccessGroupType, { description: 'Opprett tilgangsgruppe (ADMIN)' })
  async createAccessGroup(
    @Arg('name') name: string,
    @Arg('description', () => String, { nullable: true }) description: string | null,
    @Ctx() ctx: Context,
  ): Promise<AccessGroupType> {
    const actor = requireManage(ctx, 'AccessGroup');
    return AccessGroupType.from(
      await inTransaction(ctx, (em) => admin.createAccessGroup(em, actor, { name, description })),
    );
  }

  @Mutation(() => AccessGroupType, {
    description: 'Avslutt tilgangsgruppe (ADMIN): no new records or members',
  })
  async endAccessGroup(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<AccessGroupType> {
    const actor = requireManage(ctx, 'AccessGroup');
    return AccessGroupType.from(
      await inTransaction(ctx, (em) =>
        admin.endAccessGroup(em, actor, argId('AccessGroup', 'id', id)!),
      ),
    );
  }

  @Mutation(() => AccessGroupType, { description: 'Legg til medlem i tilgangsgruppe (ADMIN)' })
  async addAccessGroupMember(
    @Arg('groupId', () => ID) groupId: string,
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: Context,
  ): Promise<AccessGroupType> {
    const actor = requireManage(ctx, 'AccessGroupMembership');
    return AccessGroupType.from(
      await inTransaction(ctx, (em) =>
        admin.addAccessGroupMember(em, actor, {
          groupId: argId('AccessGroup', 'groupId', groupId)!,
          userId: argId('User', 'userId', userId)!,
        }),
      ),
    );
  }

  @Mutation(() => AccessGroupType, { description: 'Fjern medlem fra tilgangsgruppe (ADMIN)' })
  async removeAccessGroupMember(
    @Arg('groupId', () => ID) groupId: string,
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: Context,
  ): Promise<AccessGroupType> {
    const actor = requireManage(ctx, 'AccessGroupMembership');
    return AccessGroupType.from(
      await inTransaction(ctx, (em) =>
        admin.removeAccessGroupMember(em, actor, {
          groupId: argId('AccessGroup', 'groupId', groupId)!,
          userId: argId('User', 'userId', userId)!,
        }),
      ),
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
    const actor = requireManage(ctx, 'ScreeningCode');
    return ScreeningCodeType.from(
      await inTransaction(ctx, (em) =>
        admin.createScreeningCode(em, actor, {
          code,
          name,
          legalBasis,
          defaultScreenedFields,
          defaultDurationYears,
          wholeDocument,
          discretionary,
          dutyOfConfidentiality,
          temporary,
          validFrom: ctx.today,
        }),
      ),
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
    const actor = requireManage(ctx, 'ScreeningCode');
    return ScreeningCodeType.from(
      await inTransaction(ctx, (em) =>
        admin.endScreeningCode(em, actor, {
          id: argId('ScreeningCode', 'id', id)!,
          validTo: validTo ?? todayInOslo(),
        }),
      ),
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
    requireManage(ctx, 'RoleGrant');
    const user = argId('User', 'userId', userId);
    const rows = await ctx.em.find(
      RoleGrant,
      { ...(user ? { user } : {}), ...(at ? validAt(at) : {}) },
      { orderBy: { validFrom: 'asc', id: 'asc' } },
    );
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
    requireManage(ctx, 'AccessGroupMembership');
    const group = argId('AccessGroup', 'groupId', groupId)!;
    const rows = await ctx.em.find(
      AccessGroupMembership,
      { group, ...(includeEnded ? {} : validAt(at ?? new Date())) },
      { orderBy: { validFrom: 'asc', id: 'asc' } },
    );
    return rows.map(membershipView);
  }
}

@Resolver(() => RoleGrantType)
export class RoleGrantHistoryResolver {
  @FieldResolver(() => UserType, { description: 'Who holds (or held) the role' })
  async user(@Root() g: RoleGrantType, @Ctx() { loaders }: Context): Promise<UserType> {
    return (await loaders.user.load(g.userRawId))!;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Tildelt av' })
  grantedBy(
    @Root() g: RoleGrantType,
    @Ctx() { loaders }: Context,
  ): Promise<UserType | null> | null {
    return g.grantedByRawId ? loaders.user.load(g.grantedByRawId) : null;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Fjernet av' })
  revokedBy(
    @Root() g: RoleGrantType,
    @Ctx() { loaders }: Context,
  ): Promise<UserType | null> | null {
    return g.revokedByRawId ? loaders.user.load(g.revokedByRawId) : null;
  }
}

@Resolver(() => AccessGroupMembershipType)
export class MembershipResolver {
  @FieldResolver(() => UserType)
  async user(@Root() m: AccessGroupMembershipType, @Ctx() { loaders }: Context): Promise<UserType> {
    return (await loaders.user.load(m.userRawId))!;
  }

  @FieldResolver(() => AccessGroupType)
  async group(
    @Root() m: AccessGroupMembershipType,
    @Ctx() { loaders }: Context,
  ): Promise<AccessGroupType> {
    return (await loaders.accessGroup.load(m.groupRawId))!;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Lagt til av' })
  addedBy(
    @Root() m: AccessGroupMembershipType,
    @Ctx() { loaders }: Context,
  ): Promise<UserType | null> | null {
    return m.addedByRawId ? loaders.user.load(m.addedByRawId) : null;
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Fjernet av' })
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
    if (!ctx.ability.can('manage', 'AccessGroupMembership')) {
      throw forbidden('Only administrators may list the members of an access group');
    }
    const rows = await ctx.loaders.membersOfGroup.load(g.rawId);
    return (await ctx.loaders.user.loadMany(rows)).filter(
      (u): u is UserType => u instanceof UserType,
    );
  }
}

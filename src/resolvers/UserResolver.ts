import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { User } from '../entities';
import { asSubject } from '../policies/ability';
import { inNorwegianOrder } from '../queries/norwegianOrder';
import { AccessGroupType, RoleGrantType, UnitType, UserType } from '../schema/types/admin';
import { type Context } from './context';

@Resolver(() => UserType)
export class UserResolver {
  @Query(() => UserType, { nullable: true, description: 'The signed-in user; null for the public' })
  me(@Ctx() { viewer, loaders }: Context): Promise<UserType | null> | null {
    return viewer.kind === 'user' ? loaders.user.load(viewer.userId) : null;
  }

  @Query(() => [UserType], { description: 'Brukere, by name. For every internal user.' })
  async users(@Ctx() { em, ability }: Context): Promise<UserType[]> {
    if (!ability.can('read', 'User')) return [];
    const rows = await em.find(
      User,
      {},
      {
        orderBy: { [inNorwegianOrder('display_name')]: 'asc', id: 'asc' },
      },
    );
    return rows.map((u) =>
      UserType.from({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        unitId: u.unit?.id ?? null,
        active: u.active,
      }),
    );
  }

  @FieldResolver(() => UnitType, { nullable: true, description: 'The unit the user belongs to' })
  unit(@Root() user: UserType, @Ctx() { loaders }: Context): Promise<UnitType | null> | null {
    return user.unitRawId ? loaders.unit.load(user.unitRawId) : null;
  }

  @FieldResolver(() => [RoleGrantType], {
    description: 'Roles held now; visible to the user and to admins, empty for others',
  })
  roles(
    @Root() user: UserType,
    @Ctx() { ability, loaders }: Context,
  ): Promise<RoleGrantType[]> | [] {
    return ability.can('read', asSubject('RoleGrant', { userId: user.rawId }))
      ? loaders.grantsOfUser.load(user.rawId)
      : [];
  }

  @FieldResolver(() => [AccessGroupType], {
    description:
      'Access groups (tilgangsgrupper) the user is a member of now; visible to the user and to admins',
  })
  accessGroups(
    @Root() user: UserType,
    @Ctx() { ability, loaders }: Context,
  ): Promise<AccessGroupType[]> | [] {
    return ability.can('read', asSubject('AccessGroupMembership', { userId: user.rawId }))
      ? loaders.groupsOfUser.load(user.rawId)
      : [];
  }
}

@Resolver(() => RoleGrantType)
export class RoleGrantResolver {
  @FieldResolver(() => UnitType, {
    nullable: true,
    description: 'The unit the role holds for; null = the whole organisation',
  })
  unit(@Root() grant: RoleGrantType, @Ctx() { loaders }: Context): Promise<UnitType | null> | null {
    return grant.unitRawId ? loaders.unit.load(grant.unitRawId) : null;
  }
}

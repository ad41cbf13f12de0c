import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { asSubject } from '../policies/ability';
import { mayReadEmail } from '../policies/administration';
import { listUsers } from '../queries/administration';
import { UserFilter, UserOrder, UserOrderField } from '../schema/inputs/administration';
import { OrderDirection, PageArgs } from '../schema/inputs/paging';
import {
  AccessGroupType,
  RoleGrantType,
  UnitType,
  UserConnection,
  UserType,
} from '../schema/types/admin';
import { argId } from './args';
import { type Context } from './context';

@Resolver(() => UserType)
export class UserResolver {
  @Query(() => UserType, { nullable: true, description: 'The signed-in user; null for the public' })
  me(@Ctx() { viewer, loaders }: Context): Promise<UserType | null> | null {
    return viewer.kind === 'user' ? loaders.user.load(viewer.userId) : null;
  }

  @Query(() => UserConnection, {
    description:
      'Users (brukere), by name (navn) in Norwegian order unless orderBy says otherwise. For every internal user.',
  })
  async users(
    @Ctx() { em, ability }: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => UserFilter, { nullable: true, description: 'Which users (brukere)' })
    filter?: UserFilter | null,
    @Arg('orderBy', () => UserOrder, {
      nullable: true,
      description: 'The order of the users (brukere); default by name (navn), A–Å',
    })
    orderBy?: UserOrder | null,
  ): Promise<UserConnection> {
    const list = await listUsers(em, ability, {
      filter: {
        query: filter?.query,
        unitId: argId('Unit', ['filter', 'unitId'], filter?.unitId),
        active: filter?.active,
      },
      order: orderBy?.field ?? UserOrderField.DISPLAY_NAME,
      desc: orderBy?.direction === OrderDirection.DESC,
      page,
    });
    return UserConnection.from(list, (u) =>
      UserType.from({
        id: u.id,
        username: u.username,
        displayName: u.display_name,
        unitId: u.unit_id,
        active: u.active,
        email: u.email,
      }),
    );
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'E-mail address (e-postadresse) for notices; shown to the user and to administrators, null for others',
  })
  email(@Root() user: UserType, @Ctx() { viewer, ability }: Context): string | null {
    return mayReadEmail(viewer, ability, user.rawId) ? user.emailRaw : null;
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

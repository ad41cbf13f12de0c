import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import {
  AccessGroupViewerCan,
  ScreeningCodeViewerCan,
  UnitViewerCan,
  UserViewerCan,
  ViewerAbilities,
} from '../schema/types/abilities';
import { AccessGroupType, ScreeningCodeType, UnitType, UserType } from '../schema/types/admin';
import {
  accessGroupWrites,
  accessGroupWritesNeedMembers,
  screeningCodeWrites,
  unitWrites,
  userWrites,
  userWritesNeedGrants,
  viewerAbilities,
} from '../services/viewerCanAdministration';
import { type Context } from './context';

/**
 * `viewerCan` on the administrative records and on the root (services/viewerCanAdministration.ts).
 * The flags that need the database (a user's grants, a group's members) read them through the
 * request's DataLoaders, one statement per kind for a whole list, and only for administrators.
 */
@Resolver()
export class ViewerAbilitiesResolver {
  @Query(() => ViewerAbilities, {
    description:
      'What you may create (cases, units, users, access groups, screening codes) and which administrative lists you may read, now',
  })
  viewerCan(@Ctx() { ability }: Context): ViewerAbilities {
    return Object.assign(new ViewerAbilities(), viewerAbilities(ability));
  }
}

@Resolver(() => UserType)
export class UserAbilitiesResolver {
  @FieldResolver(() => UserViewerCan, {
    description: 'What you may do to the user (bruker) now: deactivate, give or end roles',
  })
  async viewerCan(
    @Root() user: UserType,
    @Ctx() { ability, viewer, loaders }: Context,
  ): Promise<UserViewerCan> {
    const holdsRoles =
      userWritesNeedGrants(ability) && (await loaders.grantsOfUser.load(user.rawId)).length > 0;
    return Object.assign(
      new UserViewerCan(),
      userWrites(ability, viewer, { ...user, id: user.rawId }, holdsRoles),
    );
  }
}

@Resolver(() => UnitType)
export class UnitAbilitiesResolver {
  @FieldResolver(() => UnitViewerCan, {
    description:
      'What you may do with the administrative unit (administrativ enhet) now: create a unit or a case under it',
  })
  viewerCan(@Root() unit: UnitType, @Ctx() { ability }: Context): UnitViewerCan {
    return Object.assign(new UnitViewerCan(), unitWrites(ability, unit.rawId));
  }
}

@Resolver(() => AccessGroupType)
export class AccessGroupAbilitiesResolver {
  @FieldResolver(() => AccessGroupViewerCan, {
    description: 'What you may do to the access group (tilgangsgruppe) now: members, end it',
  })
  async viewerCan(
    @Root() group: AccessGroupType,
    @Ctx() { ability, loaders }: Context,
  ): Promise<AccessGroupViewerCan> {
    const hasMembers =
      accessGroupWritesNeedMembers(ability) &&
      (await loaders.membersOfGroup.load(group.rawId)).length > 0;
    return Object.assign(new AccessGroupViewerCan(), accessGroupWrites(ability, group, hasMembers));
  }
}

@Resolver(() => ScreeningCodeType)
export class ScreeningCodeAbilitiesResolver {
  @FieldResolver(() => ScreeningCodeViewerCan, {
    description: 'What you may do to the screening code (tilgangskode) now: end it',
  })
  viewerCan(@Root() code: ScreeningCodeType, @Ctx() { ability }: Context): ScreeningCodeViewerCan {
    return Object.assign(new ScreeningCodeViewerCan(), screeningCodeWrites(ability, code));
  }
}

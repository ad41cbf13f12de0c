import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  findOrganisation,
  organisationsOfUser,
  type OrganisationRow,
  pageOfOrganisations,
} from '../queries/organisations';
import { PageArgs } from '../schema/inputs/paging';
import { UserType } from '../schema/types/admin';
import {
  CreateOrganisationInput,
  OrganisationConnection,
  OrganisationType,
  UpdateOrganisationInput,
} from '../schema/types/organisations';
import * as organisations from '../services/organisations';
import { argId } from './args';
import { type Context } from './context';

/**
 * Every user a request sees is of the organisation it acts in (row-level security), so that one
 * organisation is read once per request, however many users a list shows.
 */
const actingOrganisation = new WeakMap<Context, Promise<OrganisationRow | null>>();

function organisationOfRequest(ctx: Context): Promise<OrganisationRow | null> {
  let found = actingOrganisation.get(ctx);
  if (!found) {
    found = ctx.organisation
      ? findOrganisation(ctx.em, ctx.organisation.id)
      : Promise.resolve(null);
    actingOrganisation.set(ctx, found);
  }
  return found;
}

@Resolver(() => OrganisationType)
export class OrganisationResolver {
  @Query(() => OrganisationConnection, {
    description:
      'The organisations (arkivskapere) of the installation, by name in Norwegian order: a public directory, for everybody',
  })
  async organisations(
    @Ctx() { em }: Context,
    @Args() page: PageArgs,
  ): Promise<OrganisationConnection> {
    const list = await pageOfOrganisations(em, page);
    return OrganisationConnection.from(list, (row) => OrganisationType.from(row));
  }

  @Mutation(() => OrganisationType, {
    description:
      'Create an organisation (arkivskaper) with its first administrator (ADMIN) and an archive (arkiv) with an active part (arkivdel); installation admins only',
  })
  async createOrganisation(
    @Arg('input', () => CreateOrganisationInput, { description: 'The new organisation' })
    input: CreateOrganisationInput,
    @Ctx() ctx: Context,
  ): Promise<OrganisationType> {
    const row = await organisations.createOrganisation(ctx, {
      name: input.name,
      shortName: input.shortName,
      organisationNumber: input.organisationNumber,
      firstAdmin: {
        username: input.firstAdmin.username,
        displayName: input.firstAdmin.displayName,
      },
    });
    return OrganisationType.from(row);
  }

  @Mutation(() => OrganisationType, {
    description:
      'Rename an organisation (arkivskaper) or change its organisation number; installation admins only. The short name never changes',
  })
  async updateOrganisation(
    @Arg('input', () => UpdateOrganisationInput, { description: 'What changes' })
    input: UpdateOrganisationInput,
    @Ctx() ctx: Context,
  ): Promise<OrganisationType> {
    const id = argId('Organisation', 'id', input.id)!;
    const row = await organisations.updateOrganisation(ctx, id, {
      name: input.name,
      organisationNumber: input.organisationNumber,
    });
    return OrganisationType.from(row);
  }
}

@Resolver(() => UserType)
export class UserOrganisationResolver {
  @FieldResolver(() => OrganisationType, {
    nullable: true,
    description:
      'The organisation (arkivskaper) the user is a user of; for `me`, the one this request acts in',
  })
  async organisation(@Ctx() ctx: Context): Promise<OrganisationType | null> {
    const row = await organisationOfRequest(ctx);
    return row ? OrganisationType.from(row) : null;
  }

  @FieldResolver(() => [OrganisationType], {
    description:
      'Every organisation (arkivskaper) this person works for, by name: only told to the user themself (on `me`), empty for others',
  })
  async organisations(
    @Root() user: UserType,
    @Ctx() { em, viewer }: Context,
  ): Promise<OrganisationType[]> {
    if (viewer.kind !== 'user' || viewer.userId !== user.rawId) return [];
    const rows = await organisationsOfUser(em, viewer.username);
    return rows.map((row) => OrganisationType.from(row));
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'Whether the user is an installation admin (installasjonsadministrator), who creates organisations: only told to the user themself, null for others',
  })
  installationAdmin(@Root() user: UserType, @Ctx() { viewer }: Context): boolean | null {
    if (viewer.kind !== 'user' || viewer.userId !== user.rawId) return null;
    return viewer.installationAdmin === true;
  }
}

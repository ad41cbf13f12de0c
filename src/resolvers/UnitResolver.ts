import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { type ScreenedField } from '../entities/enums';
import {
  listAccessGroups,
  listScreeningCodes,
  listUnits,
  type ScreeningCodeRow,
} from '../queries/administration';
import {
  AccessGroupFilter,
  ScreeningCodeFilter,
  UnitFilter,
} from '../schema/inputs/administration';
import { PageArgs } from '../schema/inputs/paging';
import {
  AccessGroupConnection,
  AccessGroupType,
  ScreeningCodeConnection,
  ScreeningCodeType,
  UnitConnection,
  UnitType,
} from '../schema/types/admin';
import { argId } from './args';
import { type Context } from './context';

function screeningCodeFromRow(c: ScreeningCodeRow): ScreeningCodeType {
  return ScreeningCodeType.from({
    id: c.id,
    code: c.code,
    name: c.name,
    legalBasis: c.legal_basis,
    defaultScreenedFields: c.default_screened_fields as ScreenedField[],
    defaultDurationYears: c.default_duration_years,
    wholeDocument: c.whole_document,
    discretionary: c.discretionary,
    dutyOfConfidentiality: c.duty_of_confidentiality,
    temporary: c.temporary,
    requiresAccessGroup: c.requires_access_group,
    validFrom: c.valid_from,
    validTo: c.valid_to,
  });
}

@Resolver(() => UnitType)
export class UnitResolver {
  @Query(() => UnitConnection, {
    description:
      'Administrative units (administrative enheter), by name in Norwegian order (Æ, Ø, Å after Z)',
  })
  async units(
    @Ctx() { em, ability }: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => UnitFilter, {
      nullable: true,
      description: 'Which administrative units (administrative enheter)',
    })
    filter?: UnitFilter | null,
  ): Promise<UnitConnection> {
    const list = await listUnits(em, ability, {
      filter: {
        query: filter?.query,
        parentId: argId('Unit', ['filter', 'parentId'], filter?.parentId),
      },
      page,
    });
    return UnitConnection.from(list, (u) =>
      UnitType.from({ id: u.id, name: u.name, parentId: u.parent_id }),
    );
  }

  @FieldResolver(() => UnitType, {
    nullable: true,
    description: 'Parent unit (overordnet enhet); null at the top',
  })
  parent(@Root() unit: UnitType, @Ctx() { loaders }: Context): Promise<UnitType | null> | null {
    return unit.parentRawId ? loaders.unit.load(unit.parentRawId) : null;
  }

  @Query(() => AccessGroupConnection, {
    description: 'Access groups (tilgangsgrupper), by name in Norwegian order',
  })
  async accessGroups(
    @Ctx() { em, ability }: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => AccessGroupFilter, {
      nullable: true,
      description: 'Which access groups (tilgangsgrupper)',
    })
    filter?: AccessGroupFilter | null,
  ): Promise<AccessGroupConnection> {
    const list = await listAccessGroups(em, ability, {
      filter: { query: filter?.query, includeEnded: filter?.includeEnded },
      page,
    });
    return AccessGroupConnection.from(list, (g) =>
      AccessGroupType.from({
        id: g.id,
        name: g.name,
        description: g.description,
        endedAt: g.ended_at ? new Date(g.ended_at) : null,
      }),
    );
  }

  @Query(() => ScreeningCodeConnection, {
    description: 'Screening codes (tilgangskoder), by code in Norwegian order',
  })
  async screeningCodes(
    @Ctx() { em, ability, today }: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => ScreeningCodeFilter, {
      nullable: true,
      description: 'Which screening codes (tilgangskoder)',
    })
    filter?: ScreeningCodeFilter | null,
  ): Promise<ScreeningCodeConnection> {
    const list = await listScreeningCodes(em, ability, today, {
      filter: { includeEnded: filter?.includeEnded },
      page,
    });
    return ScreeningCodeConnection.from(list, screeningCodeFromRow);
  }
}

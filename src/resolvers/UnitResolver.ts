import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { AccessGroup, ScreeningCode, Unit } from '../entities';
import { inNorwegianOrder } from '../queries/norwegianOrder';
import { AccessGroupType, ScreeningCodeType, UnitType } from '../schema/types/admin';
import { type Context } from './context';

@Resolver(() => UnitType)
export class UnitResolver {
  @Query(() => [UnitType], { description: 'Administrative enheter, by name' })
  async units(@Ctx() { em, ability }: Context): Promise<UnitType[]> {
    if (!ability.can('read', 'Unit')) return [];
    const rows = await em.find(
      Unit,
      {},
      { orderBy: { [inNorwegianOrder('name')]: 'asc', id: 'asc' } },
    );
    return rows.map((u) =>
      UnitType.from({ id: u.id, name: u.name, parentId: u.parent?.id ?? null }),
    );
  }

  @FieldResolver(() => UnitType, {
    nullable: true,
    description: 'Parent unit (overordnet enhet); null at the top',
  })
  parent(@Root() unit: UnitType, @Ctx() { loaders }: Context): Promise<UnitType | null> | null {
    return unit.parentRawId ? loaders.unit.load(unit.parentRawId) : null;
  }

  @Query(() => [AccessGroupType], { description: 'Tilgangsgrupper, by name' })
  async accessGroups(@Ctx() { em, ability }: Context): Promise<AccessGroupType[]> {
    if (!ability.can('read', 'AccessGroup')) return [];
    const rows = await em.find(
      AccessGroup,
      {},
      { orderBy: { [inNorwegianOrder('name')]: 'asc', id: 'asc' } },
    );
    return rows.map((g) => AccessGroupType.from(g));
  }

  @Query(() => [ScreeningCodeType], { description: 'Tilgangskoder, by code, ended ones included' })
  async screeningCodes(@Ctx() { em, ability }: Context): Promise<ScreeningCodeType[]> {
    if (!ability.can('read', 'ScreeningCode')) return [];
    const rows = await em.find(
      ScreeningCode,
      {},
      { orderBy: { [inNorwegianOrder('code')]: 'asc', id: 'asc' } },
    );
    return rows.map((c) => ScreeningCodeType.from(c));
  }
}

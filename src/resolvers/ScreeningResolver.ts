import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ScreeningCodeType } from '../schema/types/admin';
import { ScreeningView } from '../schema/types/records';
import { type Context } from './context';

@Resolver(() => ScreeningView)
export class ScreeningResolver {
  @FieldResolver(() => ScreeningCodeType, { description: 'Screening code (tilgangskode)' })
  async code(@Root() s: ScreeningView, @Ctx() { loaders }: Context): Promise<ScreeningCodeType> {
    return (await loaders.screeningCode.load(s.codeRawId))!;
  }

  @FieldResolver(() => String, {
    description:
      "Legal basis for screening (skjermingshjemmel): the code's unless overridden on the record",
  })
  async legalBasis(@Root() s: ScreeningView, @Ctx() { loaders }: Context): Promise<string> {
    if (s.legalBasisOverride) return s.legalBasisOverride;
    return (await loaders.screeningCode.load(s.codeRawId))!.legalBasis;
  }
}

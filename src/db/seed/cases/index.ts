import { generalCases } from './general';
import { type StoryContext } from './helpers';
import { personnelCases } from './personnel';
import { pupilCases } from './pupils';
import { refugeeCases } from './refugees';
import { type CaseDef } from './types';

export type { StoryContext } from './helpers';
export type * from './types';

/** Every demo case, in a fixed order (the order decides nothing but ties). */
export function demoCases(ctx: StoryContext): CaseDef[] {
  return [...pupilCases(ctx), ...personnelCases(ctx), ...refugeeCases(ctx), ...generalCases(ctx)];
}

import {
  AbilityBuilder,
  createMongoAbility,
  type MongoAbility,
  type MongoQuery,
} from '@casl/ability';
import { type Viewer } from '../auth/viewer';
import { administrationRules } from './administration';
import { caseRules } from './cases';
import { documentRules } from './documents';
import { insightRequestRules } from './insightRequests';
import { journalPostRules } from './journalPosts';
import { type Fields, type SubjectActions, type SubjectType, type Tagged } from './subjects';

export { type Action, type ActionOf, asSubject, type SubjectType, type Tagged } from './subjects';

/** Each subject with its own actions only: `[action of S, S or a tagged record of S]`. */
type AbilityTuple = {
  [S in SubjectType]: [SubjectActions[S], S | Tagged<S>];
}[SubjectType];

export type AppAbility = MongoAbility<AbilityTuple, MongoQuery<Fields>>;
export type RuleBuilder = AbilityBuilder<AppAbility>;

/**
 * Builds the viewer's ability once per request. Every rule of who may do what is written in the
 * files of this folder, one per subject, and nowhere else.
 */
export function defineAbilityFor(viewer: Viewer): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  administrationRules(viewer, builder);
  caseRules(viewer, builder);
  journalPostRules(viewer, builder);
  documentRules(viewer, builder);
  insightRequestRules(viewer, builder);
  return builder.build();
}

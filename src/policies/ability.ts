import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import { type Viewer } from '../auth/viewer';
import { administrationRules } from './administration';
import { archiveRules } from './archiveParts';
import { caseRules } from './cases';
import { classificationRules } from './classification';
import { disposalRules } from './disposal';
import { documentRules } from './documents';
import { insightRequestRules } from './insightRequests';
import { journalPostRules } from './journalPosts';
import { type AppAbility } from './subjects';

// The rule files take these from subjects.ts, so that they do not import this file back.
export {
  type Action,
  type ActionOf,
  type AppAbility,
  asSubject,
  type RuleBuilder,
  type SubjectType,
  type Tagged,
} from './subjects';

/**
 * Builds the viewer's ability once per request. Every rule of who may do what is written in the
 * files of this folder, one per subject, and nowhere else.
 */
export function defineAbilityFor(viewer: Viewer): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  administrationRules(viewer, builder);
  archiveRules(viewer, builder);
  caseRules(viewer, builder);
  classificationRules(viewer, builder);
  disposalRules(viewer, builder);
  journalPostRules(viewer, builder);
  documentRules(viewer, builder);
  insightRequestRules(viewer, builder);
  return builder.build();
}

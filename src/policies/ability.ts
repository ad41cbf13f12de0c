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
import { type AppAbility, type SubjectType } from './subjects';

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
 * The rules that are not scoped by the viewer's organisation, because what they are checked on is
 * not a stored record but a description built by the caller, whose every value is already of the
 * viewer's organisation: `create` names the record to be made (its organisation is the
 * transaction's, by the column default), `administer` on Class the kind of class (screened or
 * not), RoleGrant and AccessGroupMembership the user (the viewer's own row, or one an
 * administrator reached through the scoped directory), InsightRequestItem the item of a request
 * already read through the scoped InsightRequest rule. Their conditions name only ids of the
 * viewer's organisation (their own user id, units of their own grants).
 */
const UNSCOPED: Partial<Record<SubjectType, readonly string[]>> = {
  Case: ['create'],
  InsightRequest: ['create'],
  Class: ['administer'],
  RoleGrant: ['read', 'manage'],
  AccessGroupMembership: ['read', 'manage'],
  InsightRequestItem: ['decide', 'reassign'],
};

const scoped = (subject: SubjectType, action: string) => !UNSCOPED[subject]?.includes(action);

/**
 * Builds the viewer's ability once per request. Every rule of who may do what is written in the
 * files of this folder, one per subject, and nowhere else.
 *
 * Every rule of a signed-in viewer is then narrowed to their organisation (`organisationId`, a
 * field of every subject in fields.ts and facts.ts), here once rather than in each rule, so that no
 * rule can forget it: a record of another organisation is NONE in memory and in SQL even where
 * row-level security is not in force (the first wall; RLS is the second, docs/access-control.md).
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
  if (viewer.kind !== 'user') return builder.build();
  const { organisationId } = viewer;
  // One rule per subject and action, so that a rule naming several is scoped pair by pair. The
  // spread keeps each rule's pairing of subject and actions, which TypeScript cannot follow.
  const rules = builder.rules.flatMap((rule) =>
    [rule.subject].flat().flatMap((subject) =>
      [rule.action].flat().map((action) => {
        const one = { ...rule, subject, action } as typeof rule;
        return scoped(subject as SubjectType, action)
          ? { ...one, conditions: { ...rule.conditions, organisationId } }
          : one;
      }),
    ),
  );
  return createMongoAbility(rules);
}

import {
  AbilityBuilder,
  createMongoAbility,
  type ForcedSubject,
  type MongoAbility,
  type MongoQuery,
  subject as tag,
} from '@casl/ability';
import { type Viewer } from '../auth/viewer';
import { administrationRules } from './administration';
import { caseRules } from './cases';
import { documentRules } from './documents';
import { insightRequestRules } from './insightRequests';
import { journalPostRules } from './journalPosts';

/**
 * What a viewer may do. `read` means the record exists for the viewer (at least REDACTED);
 * `readFull` means every field as stored (FULL).
 */
export type Action =
  | 'read'
  | 'readFull'
  | 'create'
  | 'update'
  | 'manage'
  // cases
  | 'registerPost'
  | 'registerIncoming'
  | 'manageContacts'
  | 'assignResponsible'
  | 'closeByHandler'
  | 'cancel'
  | 'approve'
  | 'close'
  | 'reopen'
  // journal posts
  | 'finalize'
  | 'sendForApproval'
  | 'reject'
  | 'forward'
  | 'dispatch'
  | 'confirm'
  | 'writeOff'
  | 'correct'
  | 'assessScreening'
  | 'managePublicJournal'
  // documents
  | 'upload'
  // insight requests
  | 'process'
  | 'decide';

export type SubjectType =
  | 'Case'
  | 'JournalPost'
  | 'Unit'
  | 'User'
  | 'RoleGrant'
  | 'AccessGroup'
  | 'AccessGroupMembership'
  | 'ScreeningCode'
  | 'AuditEvent'
  | 'Document'
  | 'InsightRequest'
  | 'InsightRequestItem';

/** The fields of a record that the rules look at (a plain object, never an entity). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fields = Record<string, any>;

/** A plain record tagged with its subject type, as the policies see it. */
export type Tagged<T extends SubjectType> = Fields & ForcedSubject<T>;

type AnyTagged = { [K in SubjectType]: Tagged<K> }[SubjectType];

export type AppAbility = MongoAbility<[Action, SubjectType | AnyTagged], MongoQuery<Fields>>;
export type RuleBuilder = AbilityBuilder<AppAbility>;

export function asSubject<T extends SubjectType>(type: T, record: object): Tagged<T> {
  return tag(type, { ...record }) as Tagged<T>;
}

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

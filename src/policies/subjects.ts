import {
  type AbilityBuilder,
  type ForcedSubject,
  type MongoAbility,
  type MongoQuery,
  subject as tag,
} from '@casl/ability';

/**
 * The subjects of the policies and, per subject, the actions a rule may name. A rule or a check
 * that pairs an action with a subject it does not belong to is a type error (no
 * `can('writeOff', 'Case')`).
 *
 * `read` means the record exists for the viewer (at least REDACTED); `readFull` means every field
 * as stored (FULL). `manage` is CASL's "every action" and is given only on administrative subjects.
 */
export interface SubjectActions {
  Case:
    | 'read'
    | 'readFull'
    | 'create'
    | 'update'
    | 'registerPost'
    | 'registerIncoming'
    | 'manageContacts'
    | 'assignResponsible'
    | 'changeAccessGroup'
    | 'closeByHandler'
    | 'cancel'
    | 'approve'
    | 'close'
    | 'reopen'
    | 'addRemark';
  JournalPost:
    | 'read'
    | 'readFull'
    | 'update'
    | 'changeAccessGroup'
    | 'finalize'
    | 'sendForApproval'
    | 'approve'
    | 'reject'
    | 'forward'
    | 'dispatch'
    | 'confirm'
    | 'cancel'
    | 'writeOff'
    | 'correct'
    | 'assessScreening'
    | 'managePublicJournal'
    | 'addRemark'
    | 'move'
    | 'distribute';
  Document: 'read' | 'upload' | 'correct';
  DocumentDescription: 'read' | 'readFull' | 'update';
  InsightRequest: 'create' | 'read' | 'process';
  InsightRequestItem: 'decide' | 'reassign';
  Unit: 'read' | 'manage';
  User: 'read' | 'manage';
  RoleGrant: 'read' | 'manage';
  AccessGroup: 'read' | 'manage';
  AccessGroupMembership: 'read' | 'manage';
  ScreeningCode: 'read' | 'manage';
  DocumentType: 'read' | 'manage';
  AuditEvent: 'read';
  Archive: 'read';
  ArchivePart: 'read' | 'administer';
  ClassificationSystem: 'read' | 'administer';
  Class: 'read' | 'readFull' | 'administer';
  Disposal: 'read' | 'carryOut';
}

export type SubjectType = keyof SubjectActions;

/** The actions of one subject. */
export type ActionOf<S extends SubjectType> = SubjectActions[S];

/** Every action of every subject (for code that is generic over subjects). */
export type Action = SubjectActions[SubjectType];

/** The fields of a record that the rules look at (a plain object, never an entity). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Fields = Record<string, any>;

/** A plain record tagged with its subject type, as the policies see it. */
export type Tagged<T extends SubjectType> = Fields & ForcedSubject<T>;

/** Each subject with its own actions only: `[action of S, S or a tagged record of S]`. */
type AbilityTuple = {
  [S in SubjectType]: [SubjectActions[S], S | Tagged<S>];
}[SubjectType];

export type AppAbility = MongoAbility<AbilityTuple, MongoQuery<Fields>>;
export type RuleBuilder = AbilityBuilder<AppAbility>;

export function asSubject<T extends SubjectType>(type: T, record: object): Tagged<T> {
  return tag(type, { ...record }) as Tagged<T>;
}

/** The subjects administrators manage (policies/administration.ts). */
export type AdminSubject = {
  [S in SubjectType]: 'manage' extends SubjectActions[S] ? S : never;
}[SubjectType];

import { AccessGroup } from './AccessGroup';
import { AccessGroupMembership } from './AccessGroupMembership';
import { AuditEvent } from './AuditEvent';
import { Case } from './Case';
import { CaseInternalContact } from './CaseInternalContact';
import { Correspondent } from './Correspondent';
import { JournalPost } from './JournalPost';
import { NumberCounter } from './NumberCounter';
import { RoleGrant } from './RoleGrant';
import { ScreeningCode } from './ScreeningCode';
import { Unit } from './Unit';
import { User } from './User';

export {
  AccessGroup,
  AccessGroupMembership,
  AuditEvent,
  Case,
  CaseInternalContact,
  Correspondent,
  JournalPost,
  NumberCounter,
  RoleGrant,
  ScreeningCode,
  Unit,
  User,
};
export * from './enums';

export const entities = [
  AccessGroup,
  AccessGroupMembership,
  AuditEvent,
  Case,
  CaseInternalContact,
  Correspondent,
  JournalPost,
  NumberCounter,
  RoleGrant,
  ScreeningCode,
  Unit,
  User,
];

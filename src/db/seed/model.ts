// The demo data as plain rows, before they become entities. Every id and every timestamp is set
// here, so the same rows come out on every run.
import { type PartyData } from '../../domain/caseParties';
import {
  type CaseStatus,
  type CorrespondentRole,
  type JournalPostType,
  type JournalStatus,
  type Role,
  type ScreenedField,
  type WriteOffMethod,
} from '../../entities/enums';

export interface UnitRow {
  id: string;
  name: string;
  parentId: string | null;
  createdAt: Date;
}

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  /** Demo addresses are under the reserved .example domain: no demo mail reaches anybody */
  email: string | null;
  unitId: string | null;
  active: boolean;
  createdAt: Date;
  deactivatedAt: Date | null;
}

export interface RoleGrantRow {
  id: string;
  userId: string;
  role: Role;
  unitId: string | null;
  validFrom: Date;
  validTo: Date | null;
  grantedById: string | null;
  revokedById: string | null;
}

export interface AccessGroupRow {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
}

export interface MembershipRow {
  id: string;
  groupId: string;
  userId: string;
  validFrom: Date;
  validTo: Date | null;
  addedById: string | null;
  removedById: string | null;
}

export interface ScreeningCodeRow {
  id: string;
  code: string;
  name: string;
  legalBasis: string;
  defaultScreenedFields: ScreenedField[];
  defaultDurationYears: number | null;
  wholeDocument: boolean;
  discretionary: boolean;
  dutyOfConfidentiality: boolean;
  temporary: boolean;
  requiresAccessGroup: boolean;
  validFrom: string;
}

export interface CaseRow {
  id: string;
  caseYear: number;
  caseSequence: number;
  caseNumber: string;
  title: string;
  publicTitle: string;
  status: CaseStatus;
  responsibleUnitId: string;
  caseResponsibleId: string;
  createdById: string;
  accessGroupId: string | null;
  screeningCodeId: string | null;
  legalBasis: string | null;
  screenedFields: ScreenedField[];
  screeningExpiresOn: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export interface InternalContactRow {
  caseId: string;
  userId: string;
  addedById: string;
  addedAt: Date;
}

export interface JournalPostRow {
  id: string;
  caseId: string;
  documentNumber: number;
  journalYear: number;
  journalSequenceNumber: number;
  type: JournalPostType;
  status: JournalStatus;
  title: string;
  publicTitle: string;
  journalDate: string;
  documentDate: string | null;
  dueDate: string | null;
  responsibleId: string;
  responsibleUnitId: string;
  createdById: string;
  accessGroupId: string | null;
  screeningCodeId: string | null;
  legalBasis: string | null;
  screenedFields: ScreenedField[];
  screeningExpiresOn: string | null;
  screeningAssessedOn: string | null;
  writeOffMethod: WriteOffMethod | null;
  writeOffDate: string | null;
  writtenOffById: string | null;
  writeOffNote: string | null;
  writeOffReplyId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CorrespondentRow {
  id: string;
  journalPostId: string;
  position: number;
  role: CorrespondentRole;
  name: string;
  screened: boolean;
  isPerson: boolean;
  address: string | null;
  email: string | null;
}

export interface CasePartyRow extends PartyData {
  id: string;
  caseId: string;
  position: number;
}

/** A specialist system (fagsystem) and the user it signs in as (a row of `users`). */
export interface SpecialistSystemRow {
  id: string;
  userId: string;
  name: string;
  ownerId: string;
  createdAt: Date;
}

export interface CounterRow {
  series: string;
  value: number;
}

export interface DemoData {
  /** The reference date every date was computed from */
  today: string;
  units: UnitRow[];
  users: UserRow[];
  roleGrants: RoleGrantRow[];
  accessGroups: AccessGroupRow[];
  memberships: MembershipRow[];
  screeningCodes: ScreeningCodeRow[];
  cases: CaseRow[];
  internalContacts: InternalContactRow[];
  journalPosts: JournalPostRow[];
  correspondents: CorrespondentRow[];
  counters: CounterRow[];
  /** Parties (sakspart) of cases, with synthetic identifiers */
  caseParties: CasePartyRow[];
  /** Specialist systems (fagsystemer) delivering through the Noark 5 service interface */
  specialistSystems?: SpecialistSystemRow[];
  /**
   * Words and names that appear only in screened positions whose screening still applies: hidden
   * parts of titles and screened correspondent names. None of them occurs in any public title,
   * unscreened correspondent name, user or unit name, or other open text of the demo data.
   */
  screenedWords: string[];
  /**
   * Words that were screened but whose screening has expired (code 24 after two years): from the
   * expiry date they are public. None of them occurs anywhere else.
   */
  formerlyScreenedWords: string[];
}

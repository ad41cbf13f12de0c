import { AccessGroup } from './AccessGroup';
import { AccessGroupMembership } from './AccessGroupMembership';
import { Archive } from './Archive';
import { ArchivePart } from './ArchivePart';
import { AuditEvent } from './AuditEvent';
import { Case } from './Case';
import { CaseClass } from './CaseClass';
import { CaseInternalContact } from './CaseInternalContact';
import { CaseParty } from './CaseParty';
import { Class } from './Class';
import { ClassificationSystem } from './ClassificationSystem';
import { Correspondent } from './Correspondent';
import { Document, DocumentVariant } from './Document';
import { DocumentDescription, DocumentRole, DocumentStatus } from './DocumentDescription';
import { Disposal, DisposalDecision, DisposalItem, DisposalStatus } from './Disposal';
import { InsightOutcome, InsightRequest, InsightRequestStatus } from './InsightRequest';
import { InsightRequestItem } from './InsightRequestItem';
import { JournalPost } from './JournalPost';
import { MailMessage } from './MailMessage';
import { DocumentType } from './DocumentType';
import { NumberCounter } from './NumberCounter';
import { Organisation } from './Organisation';
import { PublicJournalWatermark } from './PublicJournalWatermark';
import { RateLimit } from './RateLimit';
import { Remark, RemarkType } from './Remark';
import { RoleGrant } from './RoleGrant';
import { ScreeningCode } from './ScreeningCode';
import { Unit } from './Unit';
import { User } from './User';
import { ArchiveExport, ArchiveExportState } from './ArchiveExport';
import { Delivery, DeliveryStatus } from './Delivery';
import { SpecialistSystem } from './SpecialistSystem';
import { SearchAlert } from './SearchAlert';

export {
  AccessGroup,
  AccessGroupMembership,
  Archive,
  ArchivePart,
  AuditEvent,
  Case,
  CaseClass,
  CaseInternalContact,
  CaseParty,
  Class,
  ClassificationSystem,
  Correspondent,
  Disposal,
  DisposalDecision,
  DisposalItem,
  DisposalStatus,
  Document,
  DocumentDescription,
  DocumentRole,
  DocumentStatus,
  DocumentVariant,
  InsightOutcome,
  InsightRequest,
  InsightRequestItem,
  InsightRequestStatus,
  JournalPost,
  MailMessage,
  DocumentType,
  NumberCounter,
  Organisation,
  PublicJournalWatermark,
  RateLimit,
  Remark,
  RemarkType,
  RoleGrant,
  ScreeningCode,
  Unit,
  User,
  ArchiveExport,
  ArchiveExportState,
  Delivery,
  DeliveryStatus,
  SpecialistSystem,
  SearchAlert,
};
export * from './enums';

export const entities = [
  AccessGroup,
  AccessGroupMembership,
  Archive,
  ArchivePart,
  AuditEvent,
  Case,
  CaseClass,
  CaseInternalContact,
  CaseParty,
  Class,
  ClassificationSystem,
  Correspondent,
  Disposal,
  DisposalItem,
  Document,
  DocumentDescription,
  InsightRequest,
  InsightRequestItem,
  JournalPost,
  MailMessage,
  DocumentType,
  NumberCounter,
  Organisation,
  PublicJournalWatermark,
  RateLimit,
  Remark,
  RoleGrant,
  ScreeningCode,
  Unit,
  User,
  ArchiveExport,
  Delivery,
  SpecialistSystem,
  SearchAlert,
];

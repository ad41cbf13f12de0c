import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { type CaseWrites, type JournalPostWrites } from '../../services/viewerCan';
import {
  CaseStatus,
  CorrespondentRole,
  JournalPostType,
  JournalStatus,
  ScreenedField,
  WriteOffMethod,
} from '../../entities/enums';
import { type CaseRow } from '../../queries/cases';
import { type CorrespondentRow, type JournalPostRow } from '../../queries/journalPosts';
import { toGlobalId } from '../globalId';
import { NodeInterface } from '../node';
import { DateScalar } from '../scalars';
import { connectionType } from './connection';

/** How much of a record this viewer sees. */
export enum Visibility {
  FULL = 'FULL',
  REDACTED = 'REDACTED',
}
registerEnumType(Visibility, {
  name: 'Visibility',
  description: 'How much of a record you see: all of it, or its public form',
  valuesConfig: {
    FULL: { description: 'Every field as stored (full access)' },
    REDACTED: {
      description:
        'The public form: public title, screened correspondents hidden, no people or access group',
    },
  },
});

/** Screening facts carried from a row; the code itself resolves through a DataLoader. */
@ObjectType('Screening', {
  description: 'Screening (skjerming): why and how the record is withheld from the public',
})
export class ScreeningView {
  codeRawId!: string;
  legalBasisOverride!: string | null;

  @Field(() => [ScreenedField], {
    description: 'Screening metadata (skjermingsmetadata): the parts the screening hides',
  })
  screenedFields!: ScreenedField[];

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'Screening expiry date (skjermingens opphørsdato): the record is public from this date',
  })
  expiresOn!: string | null;

  /** null when the record is open to the public (no code, or the screening has expired) */
  static from(row: {
    screening_active: boolean;
    screening_code_id: string | null;
    legal_basis: string | null;
    screened_fields: ScreenedField[];
    screening_expires_on: string | null;
  }): ScreeningView | null {
    if (!row.screening_active || !row.screening_code_id) return null;
    return Object.assign(new ScreeningView(), {
      codeRawId: row.screening_code_id,
      legalBasisOverride: row.legal_basis,
      screenedFields: row.screened_fields,
      expiresOn: row.screening_expires_on,
    });
  }
}

@ObjectType('Correspondent', {
  description:
    'Correspondent (korrespondansepart): a sender or recipient of a journal post, external or internal',
})
export class CorrespondentView {
  @Field(() => CorrespondentRole, {
    description:
      'Sender, recipient or copy recipient, external or internal (korrespondanseparttype)',
  })
  role!: CorrespondentRole;

  @Field(() => String, { nullable: true, description: 'Name (navn); null when screened for you' })
  name!: string | null;

  @Field({
    description: 'True when you see the redacted form (screened contact, avskjermet kontakt)',
  })
  screened!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Address (adresse); never public, FULL viewers only',
  })
  address!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Email (e-post); never public, FULL viewers only',
  })
  email!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'National identity number (fødselsnummer or D-nummer) of a person; never public, FULL viewers only',
  })
  nationalId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Organisation number (organisasjonsnummer) of an organisation; never public, FULL viewers only',
  })
  organizationNumber!: string | null;

  static from(row: CorrespondentRow): CorrespondentView {
    return Object.assign(new CorrespondentView(), {
      role: row.role,
      name: row.name,
      screened: row.screened,
      address: row.address,
      email: row.email,
      nationalId: row.national_id,
      organizationNumber: row.organization_number,
    });
  }
}

/** Fields shared by the views of cases and journal posts. */
function recordFields(row: CaseRow | JournalPostRow) {
  return {
    rawId: row.id,
    visibility: row.is_full ? Visibility.FULL : Visibility.REDACTED,
    title: row.title,
    publicTitle: row.public_title,
    titleScreened: row.title_screened,
    accessGroupRawId: row.access_group_id,
    screening: ScreeningView.from(row),
  };
}

const can = (what: string) => ({ description: `You may now ${what}` });

@ObjectType('CaseViewerCan', {
  description:
    "What you may do to this case now: the rules of who may (docs/access-control.md) and of the state the case must be in. A true flag is a button that works, unless the change is refused for what it names or for the case's journal posts",
})
export class CaseViewerCan implements CaseWrites {
  @Field(
    can(
      'change it (endre sak): title, screening (skjerming), classes (setCaseClasses), and its parties (sakspart: addCaseParty, updateCaseParty, removeCaseParty)',
    ),
  )
  update!: boolean;

  @Field(can('register journal posts of any type in it (registrere journalpost)'))
  registerPost!: boolean;

  @Field(can('register incoming letters (inngående, I) in it'))
  registerIncoming!: boolean;

  @Field({
    ...can('add and remove its internal contacts (interne kontakter)'),
    deprecationReason: 'Use addInternalContact and removeInternalContact',
  })
  manageContacts!: boolean;

  @Field(can('add an internal contact (intern kontakt) to it: addInternalContact'))
  addInternalContact!: boolean;

  @Field(
    can(
      'remove one of its internal contacts (intern kontakt): removeInternalContact; false while it has none',
    ),
  )
  removeInternalContact!: boolean;

  @Field(can('assign its case responsible (tildele saksansvarlig)'))
  assignResponsible!: boolean;

  @Field(can('change its access group (tilgangsgruppe)'))
  changeAccessGroup!: boolean;

  @Field(can('close it (avslutte sak): for good as the archive, else as its handler'))
  close!: boolean;

  @Field(can('cancel it (sak utgår), once its journal posts are all cancelled'))
  cancel!: boolean;

  @Field(can('approve it (arkivets kontroll, godkjenne sak)'))
  approve!: boolean;

  @Field(can('reopen it (gjenåpne sak)'))
  reopen!: boolean;

  @Field(can('add a remark (merknad) to it: addCaseRemark'))
  addRemark!: boolean;

  @Field(
    can(
      'move it to another responsible unit (ny ansvarlig enhet) with its journal posts: assignCaseResponsible with responsibleUnitId',
    ),
  )
  changeResponsibleUnit!: boolean;

  static from(writes: CaseWrites): CaseViewerCan {
    return Object.assign(new CaseViewerCan(), writes);
  }
}

@ObjectType('JournalPostViewerCan', {
  description:
    'What you may do to this journal post now: the rules of who may (docs/access-control.md) and of the state the post must be in. A true flag is a button that works, unless the change is refused for what it names (an approver, a reply)',
})
export class JournalPostViewerCan implements JournalPostWrites {
  @Field(can('change it (endre journalpost) while its content is open'))
  update!: boolean;

  @Field(can('finalise it (ferdigstille)'))
  finalize!: boolean;

  @Field(can('send it for approval (sende til godkjenning)'))
  sendForApproval!: boolean;

  @Field(can('approve it (godkjenne) as the leader asked'))
  approve!: boolean;

  @Field(can('reject it (avvise) as the leader asked'))
  reject!: boolean;

  @Field(can('forward it to another leader for approval (videresende)'))
  forward!: boolean;

  @Field(can('dispatch it (ekspedere)'))
  dispatch!: boolean;

  @Field(can("confirm it (journalføre, the archive's check)"))
  confirm!: boolean;

  @Field(can('cancel it (utgår)'))
  cancel!: boolean;

  @Field(can('write it off (avskrive)'))
  writeOff!: boolean;

  @Field(can("correct it (korrigere, the archive's correction)"))
  correct!: boolean;

  @Field(can('assess its temporary screening (offentlighetsvurdering)'))
  assessScreening!: boolean;

  @Field({
    ...can('publish it at once in, or hold it from, the public journal (offentlig journal)'),
    deprecationReason: 'Use publishNow, hold and resetPublication',
  })
  managePublicJournal!: boolean;

  @Field(
    can(
      'publish it in the public journal (offentlig journal) before its delay has passed: publishNow; false when it is so marked already',
    ),
  )
  publishNow!: boolean;

  @Field(
    can(
      'hold it back from the public journal (offentlig journal): holdFromPublicJournal; false when it is held already',
    ),
  )
  hold!: boolean;

  @Field(
    can(
      'return it to the ordinary rules of the public journal (offentlig journal): resetPublication; false when it follows them already',
    ),
  )
  resetPublication!: boolean;

  @Field(can('change its access group (tilgangsgruppe)'))
  changeAccessGroup!: boolean;

  @Field(can('add a remark (merknad) to it: addJournalPostRemark'))
  addRemark!: boolean;

  @Field(
    can(
      'move it to another case (flytte journalpost): moveJournalPost; the target case must be open and read in full by you',
    ),
  )
  move!: boolean;

  @Field(
    can(
      'give it a case handler and a due date (fordele): distributeJournalPost; the handler is named when asked for',
    ),
  )
  distribute!: boolean;

  static from(writes: JournalPostWrites): JournalPostViewerCan {
    return Object.assign(new JournalPostViewerCan(), writes);
  }
}

@ObjectType('Case', { implements: NodeInterface, description: 'Case (sak, saksmappe)' })
export class CaseView implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the case' })
  id!: string;

  rawId!: string;
  responsibleUnitRawId!: string;
  archivePartRawId!: string;
  caseResponsibleRawId!: string | null;
  accessGroupRawId!: string | null;

  @Field({ description: 'Case number (saksnummer), e.g. "2026/123"' })
  caseNumber!: string;

  @Field({ description: 'Title (tittel): the public title unless you have full access' })
  title!: string;

  @Field({ description: 'Public title (offentlig tittel)' })
  publicTitle!: string;

  @Field({ description: 'True when `title` shows the public form for you' })
  titleScreened!: boolean;

  @Field(() => Visibility, { description: 'How much of the case you see' })
  visibility!: Visibility;

  @Field(() => CaseStatus, { description: 'Case status (saksstatus)' })
  status!: CaseStatus;

  @Field(() => ScreeningView, {
    nullable: true,
    description: 'null when the case is open to the public',
  })
  screening!: ScreeningView | null;

  @Field(() => Date, { description: 'When the case was created (opprettet dato)' })
  createdAt!: Date;

  @Field(() => Int, {
    description: 'Changes with every change of the case; send it back as expectedVersion',
  })
  version!: number;

  static from(row: CaseRow): CaseView {
    return Object.assign(new CaseView(), {
      id: toGlobalId('Case', row.id),
      ...recordFields(row),
      caseNumber: row.case_number,
      status: row.status,
      responsibleUnitRawId: row.responsible_unit_id,
      archivePartRawId: row.archive_part_id,
      caseResponsibleRawId: row.case_responsible_id,
      createdAt: new Date(row.created_at),
      version: row.version,
    });
  }
}

@ObjectType('JournalPost', {
  implements: NodeInterface,
  description: 'Journal post (journalpost, registrering)',
})
export class JournalPostView implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the journal post' })
  id!: string;

  rawId!: string;
  caseRawId!: string;
  responsibleUnitRawId!: string;
  responsibleRawId!: string | null;
  accessGroupRawId!: string | null;
  approverRawId!: string | null;
  documentTypeRawId!: string | null;

  @Field({
    description: 'Registry id (registreringsID) "2026/123-8": case number and document number',
  })
  registryId!: string;

  @Field(() => Int, { description: 'Document number (dokumentnummer): order within the case' })
  documentNumber!: number;

  @Field(() => Int, { description: 'Journal year (journalår)' })
  journalYear!: number;

  @Field(() => Int, {
    description:
      'Journal sequence number (journalsekvensnummer, løpenummer) within the journal year',
  })
  journalSequenceNumber!: number;

  @Field(() => JournalPostType, { description: 'Journal post type (journalposttype)' })
  type!: JournalPostType;

  @Field(() => JournalStatus, { description: 'Journal status (journalstatus)' })
  status!: JournalStatus;

  @Field({ description: 'Title (tittel): the public title unless you have full access' })
  title!: string;

  @Field({ description: 'Public title (offentlig tittel)' })
  publicTitle!: string;

  @Field({ description: 'True when `title` shows the public form for you' })
  titleScreened!: boolean;

  @Field(() => Visibility, { description: 'How much of the journal post you see' })
  visibility!: Visibility;

  @Field(() => DateScalar, { description: 'Journal date (journaldato)' })
  journalDate!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Document date (dokumentdato); null = undated (udatert)',
  })
  documentDate!: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'Received date (mottatt dato): when an incoming letter (I) reached the organisation; null for other types',
  })
  receivedDate!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Due date (forfallsdato)' })
  dueDate!: string | null;

  @Field(() => ScreeningView, {
    nullable: true,
    description: 'null when the post is open to the public',
  })
  screening!: ScreeningView | null;

  @Field({ description: 'Written off (avskrevet)' })
  writtenOff!: boolean;

  @Field(() => WriteOffMethod, {
    nullable: true,
    description: 'Write-off method (avskrivningsmåte)',
  })
  writeOffMethod!: WriteOffMethod | null;

  @Field(() => DateScalar, { nullable: true, description: 'Write-off date (avskrivningsdato)' })
  writeOffDate!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Note on the write-off (merknad til avskrivningen); null when redacted',
  })
  writeOffNote!: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'Date of the public access assessment (offentlighetsvurdert dato): when the screening was assessed',
  })
  screeningAssessedOn!: string | null;

  @Field(() => Int, {
    description: 'Changes with every change of the post; send it back as expectedVersion',
  })
  version!: number;

  static from(row: JournalPostRow): JournalPostView {
    return Object.assign(new JournalPostView(), {
      id: toGlobalId('JournalPost', row.id),
      ...recordFields(row),
      caseRawId: row.case_id,
      registryId: `${row.case_number}-${row.document_number}`,
      documentNumber: row.document_number,
      journalYear: row.journal_year,
      journalSequenceNumber: row.journal_sequence_number,
      type: row.type,
      status: row.status,
      journalDate: row.journal_date,
      documentDate: row.document_date,
      receivedDate: row.received_date,
      dueDate: row.due_date,
      responsibleUnitRawId: row.responsible_unit_id,
      responsibleRawId: row.responsible_id,
      writtenOff: row.write_off_method !== null,
      writeOffMethod: row.write_off_method,
      writeOffDate: row.write_off_date,
      writeOffNote: row.write_off_note,
      screeningAssessedOn: row.screening_assessed_on,
      version: row.version,
      approverRawId: row.approver_id,
      documentTypeRawId: row.document_type_id,
    });
  }
}

export const CaseConnection = connectionType('Case', CaseView, 'All matching cases you may see');
export type CaseConnection = InstanceType<typeof CaseConnection>;

export const JournalPostConnection = connectionType(
  'JournalPost',
  JournalPostView,
  'All matching journal posts you may see',
);
export type JournalPostConnection = InstanceType<typeof JournalPostConnection>;

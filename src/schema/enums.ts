import { registerEnumType } from 'type-graphql';
import {
  ArchivePartStatus,
  CaseStatus,
  ClassificationType,
  CorrespondentRole,
  JournalPostType,
  JournalStatus,
  Role,
  ScreenedField,
  WriteOffMethod,
} from '../entities/enums';

registerEnumType(ArchivePartStatus, {
  name: 'ArchivePartStatus',
  description: 'Archive part status (arkivdelstatus, Noark 5 v5.0)',
  valuesConfig: {
    ACTIVE: { description: 'A: active period (aktiv periode); new cases go here' },
    OVERLAP: {
      description:
        'O: overlap period (overlappingsperiode); cases open when the period ended keep working, no new cases',
    },
    CLOSED_PERIOD: {
      description:
        'P: closed period (avsluttet periode); no new cases, the open ones moved to the successor',
    },
    CLOSED: {
      description: 'Closed archive part (avsluttet arkivdel); no new cases and no new documents',
    },
  },
});
registerEnumType(Role, {
  name: 'Role',
  description: 'Role (rolle): what a user may do, for one unit or the whole organisation',
  valuesConfig: {
    ADMIN: {
      description:
        'Administrator (administrator): users, units, roles, access groups, screening codes',
    },
    ARCHIVIST: { description: 'Archivist (arkivar)' },
    LEADER: { description: 'Leader (leder)' },
    CASE_HANDLER: { description: 'Case handler (saksbehandler)' },
    INSIGHT_HANDLER: { description: 'Insight request handler (innsynsbehandler)' },
  },
});
registerEnumType(JournalPostType, {
  name: 'JournalPostType',
  description: 'Journal post type (journalposttype)',
  valuesConfig: {
    INCOMING: { description: 'I: incoming document (inngående dokument)' },
    OUTGOING: { description: 'U: outgoing document (utgående dokument)' },
    INTERNAL_FOLLOW_UP: {
      description: 'N: internal memo with follow-up (organinternt notat med oppfølging)',
    },
    INTERNAL_NO_FOLLOW_UP: {
      description: 'X: internal memo without follow-up (organinternt notat uten oppfølging)',
    },
    CASE_PRESENTATION: { description: 'S: case presentation (saksframlegg)' },
  },
});
registerEnumType(CaseStatus, {
  name: 'CaseStatus',
  description: 'Case status (saksstatus)',
  valuesConfig: {
    RESERVED: {
      description:
        'R: reserved, created by a case handler (reservert / opprettet av saksbehandler)',
    },
    IN_PROGRESS: { description: 'B: in progress (under behandling)' },
    CLOSED_BY_HANDLER: {
      description: 'S: closed by the case handler (avsluttet av saksbehandler)',
    },
    CLOSED: { description: 'A: closed (avsluttet)' },
    CANCELLED: { description: 'U: cancelled (utgår)' },
  },
});
registerEnumType(JournalStatus, {
  name: 'JournalStatus',
  description: 'Journal status (journalstatus)',
  valuesConfig: {
    TEMPORARY: { description: 'M: temporary registration (midlertidig registrering)' },
    REGISTERED_BY_HANDLER: {
      description:
        'S: a case handler has registered an incoming document (saksbehandler har registrert innkommet dokument)',
    },
    RESERVED: { description: 'R: reserved document (reservert dokument)' },
    REGISTERED: { description: 'J: registered in the journal (journalført)' },
    FINALIZED: { description: 'F: finalised by the case handler (ferdigstilt fra saksbehandler)' },
    APPROVED: { description: 'G: approved by a leader (godkjent av leder)' },
    DISPATCHED: { description: 'E: dispatched (ekspedert)' },
    ARCHIVED: { description: 'A: archived (arkivert)' },
    CANCELLED: { description: 'U: cancelled (utgår)' },
  },
});
registerEnumType(ScreenedField, {
  name: 'ScreenedField',
  description:
    'Screening metadata (skjermingsmetadata, Noark 5): which parts a screening hides from the public',
  valuesConfig: {
    TITLE: { description: 'TMO/TRO: marked words of the title, or the whole title' },
    CORRESPONDENT_NAME: { description: 'NA/NM: names of senders and recipients' },
    PARTY_NAME: { description: 'NPS: names of parties to the case' },
    DOCUMENT: { description: 'H/D: the document itself, in whole or in part' },
  },
});
registerEnumType(CorrespondentRole, {
  name: 'CorrespondentRole',
  description: 'Correspondent type (korrespondanseparttype, Noark 5 M087)',
  valuesConfig: {
    SENDER: { description: 'EA: sender (avsender)' },
    RECIPIENT: { description: 'EM: recipient (mottaker)' },
    COPY_RECIPIENT: { description: 'EK: copy recipient (kopimottaker)' },
    INTERNAL_SENDER: { description: 'IA: internal sender (intern avsender)' },
    INTERNAL_RECIPIENT: { description: 'IM: internal recipient (intern mottaker)' },
    INTERNAL_COPY_RECIPIENT: { description: 'IK: internal copy recipient (intern kopimottaker)' },
  },
});
registerEnumType(WriteOffMethod, {
  name: 'WriteOffMethod',
  description: 'Write-off method (avskrivningsmåte): how a journal post was dealt with',
  valuesConfig: {
    REPLIED_BY_LETTER: { description: 'BU: replied by letter (besvart med brev)' },
    REPLIED_BY_EMAIL: { description: 'BE: replied by email (besvart med e-post)' },
    REPLIED_BY_PHONE: {
      description: 'TLF: replied by phone (besvart på telefon); a note is required',
    },
    REPLIED_BY_NOTE: { description: 'BN: replied by memo (besvart med notat)' },
    NOTED: { description: 'TO: noted (tatt til orientering)' },
    TAKEN_INTO_ACCOUNT: { description: 'TE: taken into account (tatt til etterretning)' },
    CASE_CLOSED: {
      description: 'SA: written off when the case was closed (avskrevet ved avslutning av saken)',
    },
  },
});

registerEnumType(ClassificationType, {
  name: 'ClassificationKind',
  description:
    'Classification type (klassifikasjonstype, M086): the kind of a classification system, as the Noark 5 standard recommends',
  valuesConfig: {
    FUNCTION_BASED: { description: 'Function based, hierarchical (funksjonsbasert, hierarkisk)' },
    SUBJECT_HIERARCHICAL: {
      description: 'Subject based, hierarchical archive key (emnebasert, hierarkisk arkivnøkkel)',
    },
    SUBJECT_ONE_LEVEL: { description: 'Subject based, one level (emnebasert, ett nivå)' },
    K_CODES: { description: "The municipalities' archive key (K-koder)" },
    FACETED: { description: 'Faceted, no hierarchy (mangefasettert, ikke hierarki)' },
    OBJECT_BASED: { description: 'Object based (objektbasert)' },
    NATIONAL_ID: {
      description:
        "Person-number scheme (fødselsnummer): a person's national id number as klasseID, for pupil and personnel folders; its classes are screened",
    },
    PROPERTY: { description: 'Land and title numbers (gårds- og bruksnummer)' },
  },
});

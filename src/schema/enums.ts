import { registerEnumType } from 'type-graphql';
import {
  CaseStatus,
  CorrespondentRole,
  JournalPostType,
  JournalStatus,
  Role,
  ScreenedField,
  WriteOffMethod,
} from '../entities/enums';

registerEnumType(Role, {
  name: 'Role',
  description: 'Rolle: what a user may do',
  valuesConfig: {
    ADMIN: { description: 'Administrator: users, units, roles, access groups, screening codes' },
    ARCHIVIST: { description: 'Arkivar' },
    LEADER: { description: 'Leder' },
    CASE_HANDLER: { description: 'Saksbehandler' },
    INSIGHT_HANDLER: { description: 'Innsynsbehandler' },
  },
});
registerEnumType(JournalPostType, {
  name: 'JournalPostType',
  description: 'Journalposttype',
  valuesConfig: {
    INCOMING: { description: 'I: inngående dokument' },
    OUTGOING: { description: 'U: utgående dokument' },
    INTERNAL_FOLLOW_UP: { description: 'N: organinternt notat med oppfølging' },
    INTERNAL_NO_FOLLOW_UP: { description: 'X: organinternt notat uten oppfølging' },
    CASE_PRESENTATION: { description: 'S: saksframlegg' },
  },
});
registerEnumType(CaseStatus, {
  name: 'CaseStatus',
  description: 'Saksstatus',
  valuesConfig: {
    RESERVED: { description: 'R: reservert / opprettet av saksbehandler' },
    IN_PROGRESS: { description: 'B: under behandling' },
    CLOSED_BY_HANDLER: { description: 'S: avsluttet av saksbehandler' },
    CLOSED: { description: 'A: avsluttet' },
    CANCELLED: { description: 'U: utgår' },
  },
});
registerEnumType(JournalStatus, {
  name: 'JournalStatus',
  description: 'Journalstatus',
  valuesConfig: {
    TEMPORARY: { description: 'M: midlertidig registrering' },
    REGISTERED_BY_HANDLER: { description: 'S: saksbehandler har registrert innkommet dokument' },
    RESERVED: { description: 'R: reservert dokument' },
    REGISTERED: { description: 'J: journalført' },
    FINALIZED: { description: 'F: ferdigstilt fra saksbehandler' },
    APPROVED: { description: 'G: godkjent av leder' },
    DISPATCHED: { description: 'E: ekspedert' },
    ARCHIVED: { description: 'A: arkivert' },
    CANCELLED: { description: 'U: utgår' },
  },
});
registerEnumType(ScreenedField, {
  name: 'ScreenedField',
  description: 'Skjermingsmetadata (Noark 5): which parts a screening hides from the public',
  valuesConfig: {
    TITLE: { description: 'TMO/TRO: marked words of the title, or the whole title' },
    CORRESPONDENT_NAME: { description: 'NA/NM: names of senders and recipients' },
    PARTY_NAME: { description: 'NPS: names of parties to the case' },
    DOCUMENT: { description: 'H/D: the document itself, in whole or in part' },
  },
});
registerEnumType(CorrespondentRole, {
  name: 'CorrespondentRole',
  description: 'Korrespondanseparttype',
  valuesConfig: {
    SENDER: { description: 'Avsender' },
    RECIPIENT: { description: 'Mottaker' },
    COPY_RECIPIENT: { description: 'Kopimottaker' },
  },
});
registerEnumType(WriteOffMethod, {
  name: 'WriteOffMethod',
  description: 'Avskrivningsmåte',
  valuesConfig: {
    REPLIED_BY_LETTER: { description: 'BU: besvart med brev' },
    REPLIED_BY_EMAIL: { description: 'BE: besvart med e-post' },
    REPLIED_BY_PHONE: { description: 'TLF: besvart på telefon (krever merknad)' },
    REPLIED_BY_NOTE: { description: 'BN: besvart med notat' },
    NOTED: { description: 'TO: tatt til orientering' },
    TAKEN_INTO_ACCOUNT: { description: 'TE: tatt til etterretning' },
    CASE_CLOSED: { description: 'SA: avskrevet ved avslutning av saken' },
  },
});

import {
  ArchivePartStatus,
  CaseStatus,
  ClassificationType,
  CorrespondentRole,
  JournalPostType,
  JournalStatus,
} from '../../entities/enums';
import { DocumentRole, DocumentStatus } from '../../entities/DocumentDescription';
import { DocumentVariant } from '../../entities/Document';

/**
 * The code lists of the Noark 5 service interface (metadatakatalog v5: a `kode` and its
 * `kodenavn`) for each of our values. Unlike the arkivstruktur export (exports/arkivstruktur/codes.ts,
 * which writes the names of the shorter v5.0 XML lists), the interface has a code of its own for
 * every state we keep, so nothing is lost here.
 */
export interface Code {
  kode: string;
  kodenavn: string;
}

const c = (kode: string, kodenavn: string): Code => ({ kode, kodenavn });

/** Saksstatus (M052) */
export const SAKSSTATUS: Record<CaseStatus, Code> = {
  [CaseStatus.RESERVED]: c('R', 'Opprettet av saksbehandler'),
  [CaseStatus.IN_PROGRESS]: c('B', 'Under behandling'),
  [CaseStatus.CLOSED_BY_HANDLER]: c('S', 'Avsluttet av saksbehandler'),
  [CaseStatus.CLOSED]: c('A', 'Avsluttet'),
  [CaseStatus.CANCELLED]: c('U', 'Utgår'),
};

/** Journalstatus (M053) */
export const JOURNALSTATUS: Record<JournalStatus, Code> = {
  [JournalStatus.TEMPORARY]: c('M', 'Midlertidig registrering av innkommet dokument'),
  [JournalStatus.REGISTERED_BY_HANDLER]: c('S', 'Saksbehandler har registrert innkommet dokument'),
  [JournalStatus.RESERVED]: c('R', 'Reservert dokument'),
  [JournalStatus.REGISTERED]: c('J', 'Journalført'),
  [JournalStatus.FINALIZED]: c('F', 'Ferdigstilt fra saksbehandler'),
  [JournalStatus.APPROVED]: c('G', 'Godkjent av leder'),
  [JournalStatus.DISPATCHED]: c('E', 'Ekspedert'),
  [JournalStatus.ARCHIVED]: c('A', 'Arkivert'),
  [JournalStatus.CANCELLED]: c('U', 'Utgår'),
};

/** Journalposttype (M082) */
export const JOURNALPOSTTYPE: Record<JournalPostType, Code> = {
  [JournalPostType.INCOMING]: c('I', 'Inngående dokument'),
  [JournalPostType.OUTGOING]: c('U', 'Utgående dokument'),
  [JournalPostType.INTERNAL_FOLLOW_UP]: c('N', 'Organinternt dokument for oppfølging'),
  [JournalPostType.INTERNAL_NO_FOLLOW_UP]: c('X', 'Organinternt dokument uten oppfølging'),
  [JournalPostType.CASE_PRESENTATION]: c('S', 'Saksframlegg'),
};

/** Korrespondanseparttype (M087) */
export const KORRESPONDANSEPARTTYPE: Record<CorrespondentRole, Code> = {
  [CorrespondentRole.SENDER]: c('EA', 'Avsender'),
  [CorrespondentRole.RECIPIENT]: c('EM', 'Mottaker'),
  [CorrespondentRole.COPY_RECIPIENT]: c('EK', 'Kopimottaker'),
  [CorrespondentRole.INTERNAL_SENDER]: c('IA', 'Intern avsender'),
  [CorrespondentRole.INTERNAL_RECIPIENT]: c('IM', 'Intern mottaker'),
  [CorrespondentRole.INTERNAL_COPY_RECIPIENT]: c('IK', 'Intern kopimottaker'),
};

/** Arkivdelstatus (M051) */
export const ARKIVDELSTATUS: Record<ArchivePartStatus, Code> = {
  [ArchivePartStatus.ACTIVE]: c('A', 'Aktiv periode'),
  [ArchivePartStatus.OVERLAP]: c('O', 'Overlappingsperiode'),
  [ArchivePartStatus.CLOSED]: c('P', 'Avsluttet periode'),
  [ArchivePartStatus.CLOSED_PERIOD]: c('P', 'Avsluttet periode'),
};

/** Arkivstatus (M050) */
export const ARKIVSTATUS: Record<'OPEN' | 'CLOSED', Code> = {
  OPEN: c('O', 'Opprettet'),
  CLOSED: c('A', 'Avsluttet'),
};

/** Dokumentstatus (M054) */
export const DOKUMENTSTATUS: Record<DocumentStatus, Code> = {
  [DocumentStatus.UNDER_EDITING]: c('B', 'Dokumentet er under redigering'),
  [DocumentStatus.FINALISED]: c('F', 'Dokumentet er ferdigstilt'),
};

/** TilknyttetRegistreringSom (M217) */
export const TILKNYTTET_REGISTRERING_SOM: Record<DocumentRole, Code> = {
  [DocumentRole.MAIN]: c('H', 'Hoveddokument'),
  [DocumentRole.ATTACHMENT]: c('V', 'Vedlegg'),
};

/** Variantformat (M700) */
export const VARIANTFORMAT: Record<DocumentVariant, Code> = {
  [DocumentVariant.PRODUCTION]: c('P', 'Produksjonsformat'),
  [DocumentVariant.ARCHIVE]: c('A', 'Arkivformat'),
  [DocumentVariant.PUBLIC]: c('O', 'Dokument hvor deler av innholdet er skjermet'),
};

/** Klassifikasjonstype (M086) */
export const KLASSIFIKASJONSTYPE: Record<ClassificationType, Code> = {
  [ClassificationType.FUNCTION_BASED]: c('FH', 'Funksjonsbasert, hierarkisk'),
  [ClassificationType.SUBJECT_HIERARCHICAL]: c('EH', 'Emnebasert, hierarkisk arkivnøkkel'),
  [ClassificationType.SUBJECT_ONE_LEVEL]: c('E1', 'Emnebasert, ett nivå'),
  [ClassificationType.K_CODES]: c('KK', 'K-koder'),
  [ClassificationType.FACETED]: c('MF', 'Mangefasettert, ikke hierarki'),
  [ClassificationType.OBJECT_BASED]: c('UO', 'Objektbasert'),
  [ClassificationType.NATIONAL_ID]: c('PNR', 'Fødselsnummer'),
  [ClassificationType.PROPERTY]: c('GBN', 'Gårds- og bruksnummer'),
};

/** SkjermingMetadata (M502) by the names exports/arkivstruktur/codes.ts `screeningMetadata` gives. */
export const SKJERMING_METADATA: Record<string, string> = {
  'Skjerming tittel mappe - utvalgte ord': 'TMO',
  'Skjerming tittel registrering - utvalgte ord': 'TRO',
  'Skjerming navn part i sak': 'NPS',
  'Skjerming navn avsender': 'NA',
  'Skjerming navn mottaker': 'NM',
  'Midlertidig skjerming': 'M',
};

/** SkjermingDokument (M503) of a description with its own screening: the whole document. */
export const SKJERMING_HELE_DOKUMENTET: Code = c('H', 'Skjerming av hele dokumentet');

/**
 * A column holding our value as an SQL expression giving its code, for filters on `…/kode`.
 * The values and codes are the fixed ones above, never a client's text.
 */
export function codeColumn(column: string, codes: Record<string, Code>): string {
  const whens = Object.entries(codes)
    .map(([ours, code]) => `when '${ours}' then '${code.kode}'`)
    .join(' ');
  return `(case ${column}::text ${whens} end)`;
}

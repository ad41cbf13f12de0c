/**
 * The code lists of arkivstruktur.xml (Noark 5 v5.0 metadatakatalog) in both directions: what the
 * writer puts for each of our values, and what the importer takes back. The v5.0 lists are shorter
 * than our enums in places (journalstatus, avskrivningsmåte, korrespondanseparttype, saksstatus):
 * the writer then picks the nearest code of the list, so that Arkade's schema check passes, and
 * docs/noark5.md ("Arkivuttrekk: arkivstruktur.xml") names every such loss.
 */
import { DocumentRole, DocumentStatus } from '../../entities/DocumentDescription';
import { DisposalDecision } from '../../entities/Disposal';
import {
  ArchivePartStatus,
  CaseStatus,
  ClassificationType,
  CorrespondentRole,
  JournalPostType,
  JournalStatus,
  ScreenedField,
  WriteOffMethod,
} from '../../entities/enums';
import { RemarkType } from '../../entities/Remark';

/** Who did what when no user is kept for it (opprettetAv of an archive, a class, …). */
export const SYSTEM_ACTOR = 'Arkivgraf';

/** dokumenttype (M083) is required and free text; Arkivgraf keeps none. */
export const DOCUMENT_TYPE_FALLBACK = 'Ikke angitt';

/** tilgangsrestriksjon (M500): the only code of the v5.0 list. */
export const RESTRICTED = 'Unntatt offentlighet';

/** skjermingMetadata written when none of the record's screened fields has a code of its own. */
export const TEMPORARY_SCREENING = 'Midlertidig skjerming';

/** The klassifikasjonssystem and klasse that hold the cases without a primary class. */
export const UNCLASSIFIED = {
  systemTitle: 'Mapper uten primærklassifikasjon',
  classId: 'uten-klasse',
  classTitle: 'Mapper uten primærklassifikasjon',
} as const;

/** skjermingshjemmel of a class of a person-number scheme (its screening has no code of its own). */
export const NATIONAL_ID_CLASS_BASIS = 'Klasse i et fødselsnummersystem (personopplysninger)';

export const SHA256 = 'SHA256';
export const ARCHIVE_VARIANT = 'Arkivformat';

/** A two-way table: `write` for our value, `read` for the text (first match of `write` wins). */
function codeList<T extends string>(pairs: [T, string][], extraReads: [string, T][] = []) {
  const write = new Map(pairs);
  const read = new Map<string, T>(extraReads);
  for (const [ours, text] of pairs) if (!read.has(text)) read.set(text, ours);
  return {
    write: (value: T): string => write.get(value)!,
    read: (text: string): T | undefined => read.get(text),
    texts: [...new Set([...write.values(), ...read.keys()])],
  };
}

export const archiveStatus = codeList<'OPEN' | 'CLOSED'>([
  ['OPEN', 'Opprettet'],
  ['CLOSED', 'Avsluttet'],
]);

/** arkivdelstatus: CLOSED (avsluttet arkivdel) has no code of its own; it is an ended period. */
export const archivePartStatus = codeList<ArchivePartStatus>(
  [
    [ArchivePartStatus.ACTIVE, 'Aktiv periode'],
    [ArchivePartStatus.OVERLAP, 'Overlappingsperiode'],
    [ArchivePartStatus.CLOSED, 'Avsluttet periode'],
    [ArchivePartStatus.CLOSED_PERIOD, 'Avsluttet periode'],
  ],
  [['Uaktuelle mapper', ArchivePartStatus.CLOSED]],
);

export const caseStatus = codeList<CaseStatus>(
  [
    [CaseStatus.IN_PROGRESS, 'Under behandling'],
    [CaseStatus.RESERVED, 'Under behandling'],
    [CaseStatus.CLOSED_BY_HANDLER, 'Under behandling'],
    [CaseStatus.CLOSED, 'Avsluttet'],
    [CaseStatus.CANCELLED, 'Utgår'],
  ],
  [['Avsluttet av saksbehandler', CaseStatus.CLOSED_BY_HANDLER]],
);

export const journalStatus = codeList<JournalStatus>(
  [
    [JournalStatus.REGISTERED, 'Journalført'],
    [JournalStatus.DISPATCHED, 'Ekspedert'],
    [JournalStatus.ARCHIVED, 'Arkivert'],
    [JournalStatus.CANCELLED, 'Utgår'],
    [JournalStatus.TEMPORARY, 'Journalført'],
    [JournalStatus.REGISTERED_BY_HANDLER, 'Journalført'],
    [JournalStatus.RESERVED, 'Journalført'],
    [JournalStatus.FINALIZED, 'Journalført'],
    [JournalStatus.APPROVED, 'Journalført'],
  ],
  [
    ['Ferdigstilt fra saksbehandler', JournalStatus.FINALIZED],
    ['Godkjent av leder', JournalStatus.APPROVED],
  ],
);

export const journalPostType = codeList<JournalPostType>([
  [JournalPostType.INCOMING, 'Inngående dokument'],
  [JournalPostType.OUTGOING, 'Utgående dokument'],
  [JournalPostType.INTERNAL_FOLLOW_UP, 'Organinternt dokument for oppfølging'],
  [JournalPostType.INTERNAL_NO_FOLLOW_UP, 'Organinternt dokument uten oppfølging'],
  [JournalPostType.CASE_PRESENTATION, 'Saksframlegg'],
]);

export const correspondentRole = codeList<CorrespondentRole>(
  [
    [CorrespondentRole.SENDER, 'Avsender'],
    [CorrespondentRole.RECIPIENT, 'Mottaker'],
    [CorrespondentRole.COPY_RECIPIENT, 'Kopimottaker'],
    [CorrespondentRole.INTERNAL_SENDER, 'Intern avsender'],
    [CorrespondentRole.INTERNAL_RECIPIENT, 'Intern mottaker'],
    [CorrespondentRole.INTERNAL_COPY_RECIPIENT, 'Intern mottaker'],
  ],
  [['Gruppemottaker', CorrespondentRole.RECIPIENT]],
);

export const writeOffMethod = codeList<WriteOffMethod>([
  [WriteOffMethod.REPLIED_BY_LETTER, 'Besvart med brev'],
  [WriteOffMethod.REPLIED_BY_EMAIL, 'Besvart med e-post'],
  [WriteOffMethod.REPLIED_BY_PHONE, 'Besvart på telefon'],
  [WriteOffMethod.TAKEN_INTO_ACCOUNT, 'Tatt til etterretning'],
  [WriteOffMethod.NOTED, 'Tatt til orientering'],
  [WriteOffMethod.REPLIED_BY_NOTE, 'Besvart med brev'],
  [WriteOffMethod.CASE_CLOSED, 'Tatt til orientering'],
]);

export const documentStatus = codeList<DocumentStatus>([
  [DocumentStatus.UNDER_EDITING, 'Dokumentet er under redigering'],
  [DocumentStatus.FINALISED, 'Dokumentet er ferdigstilt'],
]);

export const documentRole = codeList<DocumentRole>([
  [DocumentRole.MAIN, 'Hoveddokument'],
  [DocumentRole.ATTACHMENT, 'Vedlegg'],
]);

export const disposalDecision = codeList<DisposalDecision>([
  [DisposalDecision.PRESERVE, 'Bevares'],
  [DisposalDecision.DISPOSE, 'Kasseres'],
  [DisposalDecision.REVIEW_LATER, 'Vurderes senere'],
]);

/** klassifikasjonstype is free text in v5.0: the words the Noark 5 standard recommends. */
export const classificationType = codeList<ClassificationType>([
  [ClassificationType.FUNCTION_BASED, 'Funksjonsbasert, hierarkisk'],
  [ClassificationType.SUBJECT_HIERARCHICAL, 'Emnebasert, hierarkisk arkivnøkkel'],
  [ClassificationType.SUBJECT_ONE_LEVEL, 'Emnebasert, ett nivå'],
  [ClassificationType.K_CODES, 'K-koder'],
  [ClassificationType.FACETED, 'Mangefasettert, ikke hierarki'],
  [ClassificationType.OBJECT_BASED, 'Objektbasert'],
  [ClassificationType.NATIONAL_ID, 'Fødselsnummer'],
  [ClassificationType.PROPERTY, 'Gårds- og bruksnummer'],
]);

/** merknadstype is free text in v5.0 (M084). */
export const remarkType = codeList<RemarkType>([
  [RemarkType.GENERAL, 'Merknad'],
  [RemarkType.CASE_HANDLING, 'Saksbehandlingsmerknad'],
  [RemarkType.CLOSING, 'Avslutningsmerknad'],
  [RemarkType.CORRECTION, 'Rettelse'],
]);

/** skjermingMetadata (M502) of each screened field, per level of the record. */
export function screeningMetadata(
  level: 'mappe' | 'registrering',
  fields: readonly ScreenedField[],
): string[] {
  const out: string[] = [];
  if (fields.includes(ScreenedField.TITLE)) out.push(`Skjerming tittel ${level} - utvalgte ord`);
  if (level === 'mappe' && fields.includes(ScreenedField.PARTY_NAME))
    out.push('Skjerming navn part i sak');
  if (fields.includes(ScreenedField.CORRESPONDENT_NAME))
    out.push('Skjerming navn avsender', 'Skjerming navn mottaker');
  if (out.length === 0) out.push(TEMPORARY_SCREENING);
  return out;
}

/** The screened field a skjermingMetadata code stands for (undefined: none of ours). */
export function screenedFieldOf(text: string): ScreenedField | undefined {
  if (text.startsWith('Skjerming tittel mappe') || text.startsWith('Skjerming tittel registrering'))
    return ScreenedField.TITLE;
  if (text === 'Skjerming navn part i sak') return ScreenedField.PARTY_NAME;
  if (text === 'Skjerming navn avsender' || text === 'Skjerming navn mottaker')
    return ScreenedField.CORRESPONDENT_NAME;
  return undefined;
}

export const SCREENING_METADATA_CODES = [
  'Skjerming klasseID',
  'Skjerming tittel klasse',
  'Skjerming tittel mappe - unntatt første linje',
  'Skjerming tittel mappe - utvalgte ord',
  'Skjerming navn part i sak',
  'Skjerming tittel registrering - unntatt første linje',
  'Skjerming tittel registrering - utvalgte ord',
  'Skjerming navn avsender',
  'Skjerming navn mottaker',
  'Skjerming tittel dokumentbeskrivelse',
  'Skjerming merknadstekst',
  TEMPORARY_SCREENING,
];

export const WHOLE_DOCUMENT = 'Skjerming av hele dokumentet';
export const PART_OF_DOCUMENT = 'Skjerming av deler av dokumentet';

/** Rolle: what a user may do. */
export enum Role {
  /** Administrator */
  ADMIN = 'ADMIN',
  /** Arkivar */
  ARCHIVIST = 'ARCHIVIST',
  /** Leder */
  LEADER = 'LEADER',
  /** Saksbehandler */
  CASE_HANDLER = 'CASE_HANDLER',
  /** Innsynsbehandler */
  INSIGHT_HANDLER = 'INSIGHT_HANDLER',
}

/** Journalposttype (Noark 5). */
export enum JournalPostType {
  /** I: inngående dokument */
  INCOMING = 'INCOMING',
  /** U: utgående dokument */
  OUTGOING = 'OUTGOING',
  /** N: organinternt notat med oppfølging */
  INTERNAL_FOLLOW_UP = 'INTERNAL_FOLLOW_UP',
  /** X: organinternt notat uten oppfølging */
  INTERNAL_NO_FOLLOW_UP = 'INTERNAL_NO_FOLLOW_UP',
  /** S: saksframlegg */
  CASE_PRESENTATION = 'CASE_PRESENTATION',
}

/** Saksstatus (Noark 5). */
export enum CaseStatus {
  /** R: reservert / opprettet av saksbehandler */
  RESERVED = 'RESERVED',
  /** B: under behandling */
  IN_PROGRESS = 'IN_PROGRESS',
  /** S: avsluttet av saksbehandler */
  CLOSED_BY_HANDLER = 'CLOSED_BY_HANDLER',
  /** A: avsluttet */
  CLOSED = 'CLOSED',
  /** U: utgår */
  CANCELLED = 'CANCELLED',
}

/** Journalstatus (Noark 5). */
export enum JournalStatus {
  /** M: midlertidig registrering */
  TEMPORARY = 'TEMPORARY',
  /** S: saksbehandler har registrert innkommet dokument */
  REGISTERED_BY_HANDLER = 'REGISTERED_BY_HANDLER',
  /** R: reservert dokument */
  RESERVED = 'RESERVED',
  /** J: journalført */
  REGISTERED = 'REGISTERED',
  /** F: ferdigstilt fra saksbehandler */
  FINALIZED = 'FINALIZED',
  /** G: godkjent av leder */
  APPROVED = 'APPROVED',
  /** E: ekspedert */
  DISPATCHED = 'DISPATCHED',
  /** A: arkivert */
  ARCHIVED = 'ARCHIVED',
  /** U: utgår */
  CANCELLED = 'CANCELLED',
}

/** Skjermingsmetadata: which parts of a record a screening hides from the public. */
export enum ScreenedField {
  /** TMO/TRO: skjerming av tittel */
  TITLE = 'TITLE',
  /** NA/NM: skjerming av avsender/mottaker */
  CORRESPONDENT_NAME = 'CORRESPONDENT_NAME',
  /** NPS: skjerming av navn på parter */
  PARTY_NAME = 'PARTY_NAME',
  /** H/D: skjerming av dokumentet, helt eller delvis */
  DOCUMENT = 'DOCUMENT',
}

/**
 * Korrespondanseparttype (Noark 5 M087). The external codes keep their old names, so the values
 * stored before the internal ones came need no change; GM (gruppemottaker) is left out.
 */
export enum CorrespondentRole {
  /** EA: avsender */
  SENDER = 'SENDER',
  /** EM: mottaker */
  RECIPIENT = 'RECIPIENT',
  /** EK: kopimottaker */
  COPY_RECIPIENT = 'COPY_RECIPIENT',
  /** IA: intern avsender */
  INTERNAL_SENDER = 'INTERNAL_SENDER',
  /** IM: intern mottaker */
  INTERNAL_RECIPIENT = 'INTERNAL_RECIPIENT',
  /** IK: intern kopimottaker */
  INTERNAL_COPY_RECIPIENT = 'INTERNAL_COPY_RECIPIENT',
}

/** Avskrivningsmåte. */
export enum WriteOffMethod {
  /** BU: besvart med brev */
  REPLIED_BY_LETTER = 'REPLIED_BY_LETTER',
  /** BE: besvart med e-post */
  REPLIED_BY_EMAIL = 'REPLIED_BY_EMAIL',
  /** TLF: besvart på telefon (krever merknad) */
  REPLIED_BY_PHONE = 'REPLIED_BY_PHONE',
  /** BN: besvart med notat */
  REPLIED_BY_NOTE = 'REPLIED_BY_NOTE',
  /** TO: tatt til orientering */
  NOTED = 'NOTED',
  /** TE: tatt til etterretning */
  TAKEN_INTO_ACCOUNT = 'TAKEN_INTO_ACCOUNT',
  /** SA: avskrevet ved avslutning av saken */
  CASE_CLOSED = 'CASE_CLOSED',
}

/** An archivist's decision about a post's place in the public journal (offentlig journal). */
export enum PublicationOverride {
  /** Publiser nå: before the publication delay has passed */
  PUBLISH_NOW = 'PUBLISH_NOW',
  /** Hold tilbake: kept out of the public journal, with a reason */
  HOLD = 'HOLD',
}

/**
 * Arkivdelstatus (Noark 5 v5.0 metadatakatalog: A aktiv periode, O overlappingsperiode, P avsluttet
 * periode; U uaktuelle mapper is left out). CLOSED is not one of its codes: it is an archive part
 * with avsluttetDato set, which Noark requires to take no more folders or registrations.
 */
export enum ArchivePartStatus {
  /** A: aktiv periode; new cases go here */
  ACTIVE = 'ACTIVE',
  /** O: overlappingsperiode; cases open when the period ended keep working, no new cases */
  OVERLAP = 'OVERLAP',
  /** P: avsluttet periode; no new cases */
  CLOSED_PERIOD = 'CLOSED_PERIOD',
  /** Avsluttet arkivdel (avsluttetDato): no new cases and no new posts in its cases */
  CLOSED = 'CLOSED',
}

/**
 * Klassifikasjonstype (M086): the kind of a classification system (klassifikasjonssystem), with
 * the values the Noark 5 standard recommends. Only NATIONAL_ID screens its classes.
 */
export enum ClassificationType {
  /** Funksjonsbasert, hierarkisk */
  FUNCTION_BASED = 'FUNCTION_BASED',
  /** Emnebasert, hierarkisk arkivnøkkel */
  SUBJECT_HIERARCHICAL = 'SUBJECT_HIERARCHICAL',
  /** Emnebasert, ett nivå */
  SUBJECT_ONE_LEVEL = 'SUBJECT_ONE_LEVEL',
  /** K-koder: the municipalities' common archive key */
  K_CODES = 'K_CODES',
  /** Mangefasettert, ikke hierarki */
  FACETED = 'FACETED',
  /** Objektbasert */
  OBJECT_BASED = 'OBJECT_BASED',
  /** Fødselsnummer: a person's national id number (fødselsnummer, D-nummer) as klasseID */
  NATIONAL_ID = 'NATIONAL_ID',
  /** Gårds- og bruksnummer */
  PROPERTY = 'PROPERTY',
}

/** Primærklassifikasjon or sekundærklassifikasjon (M209) of a case. */
export enum CaseClassRole {
  PRIMARY = 'PRIMARY',
  SECONDARY = 'SECONDARY',
}

import { type SchemaTable, seq } from '../support/xml';

/**
 * The sequences of Arkivverket's Noark 5 v5.0 journal schemas, in our words: each complex
 * element's children in their order (`?` optional, `+` required and repeated), the code lists of
 * the metadatakatalog the journals use. Read from offentligJournal.xsd, loependeJournal.xsd,
 * endringslogg.xsd and metadatakatalog.xsd (github.com/arkivverket/schemas, N5/v5.0).
 */
const CODES = {
  korrespondanseparttype: [
    'Avsender',
    'Mottaker',
    'Kopimottaker',
    'Gruppemottaker',
    'Intern avsender',
    'Intern mottaker',
  ],
  avskrivningsmaate: [
    'Besvart med brev',
    'Besvart med e-post',
    'Besvart på telefon',
    'Tatt til etterretning',
    'Tatt til orientering',
  ],
  tilgangsrestriksjon: ['Unntatt offentlighet'],
  skjermingMetadata: [
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
    'Midlertidig skjerming',
  ],
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INTEGER = /^-?\d+$/;
const PATTERNS: Record<string, RegExp> = {
  ...Object.fromEntries(
    [
      'journalStartDato',
      'journalSluttDato',
      'journaldato',
      'dokumentetsDato',
      'avskrivningsdato',
      'offentlighetsvurdertDato',
    ].map((n) => [n, DATE]),
  ),
  ...Object.fromEntries(
    [
      'antallJournalposter',
      'saksaar',
      'sakssekvensnummer',
      'journalaar',
      'journalsekvensnummer',
      'journalpostnummer',
    ].map((n) => [n, INTEGER]),
  ),
  endretDato: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
};

const JOURNALHODE = seq(
  'journalStartDato',
  'journalSluttDato',
  'seleksjon?',
  'antallJournalposter',
  'arkivskaper+',
);
const ARKIVSKAPER = seq('arkivskaperID', 'arkivskaperNavn', 'beskrivelse?');

export const OFFENTLIG_JOURNAL: SchemaTable = {
  sequences: {
    // The schema's journalregistrering is maxOccurs unbounded, minOccurs 1; our empty journal
    // (no entries) is allowed here and checked apart (docs/noark5.md).
    offentligJournal: seq('journalhode', 'journalregistrering*'),
    journalhode: JOURNALHODE,
    arkivskaper: ARKIVSKAPER,
    journalregistrering: seq('klasse?', 'saksmappe', 'journalpost'),
    klasse: seq('klasseID', 'tittel'),
    saksmappe: seq(
      'mappeID?',
      'saksaar',
      'sakssekvensnummer',
      'offentligTittel?',
      'administrativEnhet?',
      'saksansvarlig?',
      'tilgangsrestriksjon?',
      'skjermingshjemmel?',
    ),
    journalpost: seq(
      'systemID',
      'registreringsID?',
      'journalaar',
      'journalsekvensnummer',
      'journalpostnummer',
      'offentligTittel?',
      'skjermingMetadata?',
      'journaldato',
      'dokumentetsDato?',
      'avskrivningsdato?',
      'avskrivningsmaate?',
      'administrativEnhet?',
      'saksbehandler?',
      'referanseAvskrivesAvJournalpost?',
      'tilgangsrestriksjon?',
      'grad?',
      'skjermingshjemmel?',
      'korrespondansepart+',
    ),
    korrespondansepart: seq('korrespondanseparttype', 'korrespondansepartNavn'),
  },
  codes: CODES,
  patterns: PATTERNS,
};

export const LOEPENDE_JOURNAL: SchemaTable = {
  sequences: {
    loependeJournal: seq('journalhode', 'journalregistrering*'),
    journalhode: JOURNALHODE,
    arkivskaper: ARKIVSKAPER,
    journalregistrering: seq('klasse?', 'saksmappe', 'journalpost'),
    klasse: seq('klasseID', 'tittel', 'skjermingMetadata*'),
    saksmappe: seq(
      'mappeID?',
      'saksaar',
      'sakssekvensnummer',
      'tittel',
      'offentligTittel?',
      'skjermingMetadata?',
      'administrativEnhet?',
      'saksansvarlig?',
      'referanseArkivdel?',
    ),
    journalpost: seq(
      'systemID',
      'registreringsID?',
      'journalaar',
      'journalsekvensnummer',
      'journalpostnummer',
      'tittel',
      'offentligTittel?',
      'offentlighetsvurdertDato?',
      'skjermingMetadata?',
      'journaldato',
      'dokumentetsDato?',
      'antallVedlegg?',
      'avskrivningsdato?',
      'avskrivningsmaate?',
      'administrativEnhet?',
      'saksbehandler?',
      'journalenhet?',
      'referanseAvskrivesAvJournalpost?',
      'tilgangsrestriksjon?',
      'grad?',
      'skjermingshjemmel?',
      'korrespondansepart+',
    ),
    korrespondansepart: seq(
      'korrespondanseparttype',
      'korrespondansepartNavn',
      'skjermingMetadata?',
    ),
  },
  codes: CODES,
  patterns: PATTERNS,
};

export const ENDRINGSLOGG: SchemaTable = {
  sequences: {
    endringslogg: seq('endring*'),
    endring: seq(
      'referanseArkivenhet',
      'referanseMetadata',
      'endretDato',
      'endretAv',
      'tidligereVerdi',
      'nyVerdi',
    ),
  },
  mayBeEmpty: ['tidligereVerdi', 'nyVerdi'],
  patterns: PATTERNS,
};

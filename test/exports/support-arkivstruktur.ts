import { SaxesParser } from 'saxes';
import {
  SCREENING_METADATA_CODES,
  archivePartStatus,
  archiveStatus,
  caseStatus,
  correspondentRole,
  disposalDecision,
  documentRole,
  documentStatus,
  journalPostType,
  journalStatus,
  writeOffMethod,
} from '../../src/exports/arkivstruktur/codes';

/**
 * A structural check of arkivstruktur.xml: the sequences of Arkivverket's arkivstruktur.xsd v5.0
 * (as we read them: element names in order, which are required, which repeat, the choices), and
 * the code lists of metadatakatalog.xsd for the elements that have one. Written in our own words
 * for the elements Arkivgraf writes; an element the table does not know is an error.
 */
type Particle =
  | { name: string; min: 0 | 1; many?: true; type?: string }
  | { choice: { name: string; type: string }[] };

const req = (name: string, type?: string): Particle => ({ name, min: 1, type });
const opt = (name: string, type?: string): Particle => ({ name, min: 0, type });
const many = (name: string, min: 0 | 1, type?: string): Particle => ({
  name,
  min,
  many: true,
  type,
});

const MAPPE: Particle[] = [
  req('systemID'),
  req('mappeID'),
  req('tittel'),
  opt('offentligTittel'),
  opt('beskrivelse'),
  many('noekkelord', 0),
  opt('dokumentmedium'),
  many('oppbevaringssted', 0),
  req('opprettetDato'),
  req('opprettetAv'),
  req('avsluttetDato'),
  req('avsluttetAv'),
  many('referanseArkivdel', 0),
  opt('virksomhetsspesifikkeMetadata'),
  many('part', 0, 'part'),
  many('kryssreferanse', 0),
  many('merknad', 0, 'merknad'),
  opt('kassasjon', 'kassasjon'),
  opt('skjerming', 'skjerming'),
  opt('gradering'),
  {
    choice: [
      { name: 'mappe', type: 'mappe' },
      { name: 'registrering', type: 'registrering' },
    ],
  },
];

const REGISTRERING: Particle[] = [
  req('systemID'),
  req('opprettetDato'),
  req('opprettetAv'),
  req('arkivertDato'),
  req('arkivertAv'),
  many('referanseArkivdel', 0),
  many('part', 0, 'part'),
  opt('kassasjon', 'kassasjon'),
  opt('skjerming', 'skjerming'),
  opt('gradering'),
  many('dokumentbeskrivelse', 0, 'dokumentbeskrivelse'),
  opt('registreringsID'),
  req('tittel'),
  opt('offentligTittel'),
  opt('beskrivelse'),
  many('noekkelord', 0),
  many('forfatter', 0),
  opt('dokumentmedium'),
  many('oppbevaringssted', 0),
  opt('virksomhetsspesifikkeMetadata'),
  many('merknad', 0, 'merknad'),
  many('kryssreferanse', 0),
  many('korrespondansepart', 1, 'korrespondansepart'),
];

export const SEQUENCES: Record<string, Particle[]> = {
  arkiv: [
    req('systemID'),
    req('tittel'),
    opt('beskrivelse'),
    opt('arkivstatus'),
    opt('dokumentmedium'),
    many('oppbevaringssted', 0),
    req('opprettetDato'),
    req('opprettetAv'),
    req('avsluttetDato'),
    req('avsluttetAv'),
    many('arkivskaper', 1, 'arkivskaper'),
    {
      choice: [
        { name: 'arkiv', type: 'arkiv' },
        { name: 'arkivdel', type: 'arkivdel' },
      ],
    },
  ],
  arkivskaper: [req('arkivskaperID'), req('arkivskaperNavn'), opt('beskrivelse')],
  arkivdel: [
    req('systemID'),
    req('tittel'),
    opt('beskrivelse'),
    req('arkivdelstatus'),
    opt('dokumentmedium'),
    many('oppbevaringssted', 0),
    req('opprettetDato'),
    req('opprettetAv'),
    req('avsluttetDato'),
    req('avsluttetAv'),
    opt('arkivperiodeStartDato'),
    opt('arkivperiodeSluttDato'),
    opt('referanseForloeper'),
    opt('referanseArvtaker'),
    opt('kassasjon', 'kassasjon'),
    opt('utfoertKassasjon', 'utfoertKassasjon'),
    opt('sletting'),
    opt('skjerming', 'skjerming'),
    opt('gradering'),
    {
      choice: [
        { name: 'klassifikasjonssystem', type: 'klassifikasjonssystem' },
        { name: 'mappe', type: 'mappe' },
        { name: 'registrering', type: 'registrering' },
      ],
    },
  ],
  klassifikasjonssystem: [
    req('systemID'),
    opt('klassifikasjonstype'),
    req('tittel'),
    opt('beskrivelse'),
    req('opprettetDato'),
    req('opprettetAv'),
    opt('avsluttetDato'),
    opt('avsluttetAv'),
    many('klasse', 1, 'klasse'),
  ],
  klasse: [
    req('systemID'),
    req('klasseID'),
    req('tittel'),
    opt('beskrivelse'),
    many('noekkelord', 0),
    req('opprettetDato'),
    req('opprettetAv'),
    opt('avsluttetDato'),
    opt('avsluttetAv'),
    many('kryssreferanse', 0),
    opt('kassasjon', 'kassasjon'),
    opt('skjerming', 'skjerming'),
    opt('gradering'),
    {
      choice: [
        { name: 'klasse', type: 'klasse' },
        { name: 'mappe', type: 'mappe' },
        { name: 'registrering', type: 'registrering' },
      ],
    },
  ],
  mappe: MAPPE,
  saksmappe: [
    ...MAPPE,
    req('saksaar'),
    req('sakssekvensnummer'),
    req('saksdato'),
    req('administrativEnhet'),
    req('saksansvarlig'),
    opt('journalenhet'),
    req('saksstatus'),
    opt('utlaantDato'),
    opt('utlaantTil'),
    many('referanseSekundaerKlassifikasjon', 0),
    many('presedens', 0),
  ],
  part: [
    opt('partID'),
    req('partNavn'),
    req('partRolle'),
    many('postadresse', 0),
    opt('postnummer'),
    opt('poststed'),
    opt('land'),
    opt('epostadresse'),
    many('telefonnummer', 0),
    opt('kontaktperson'),
    opt('virksomhetsspesifikkeMetadata'),
  ],
  registrering: REGISTRERING,
  journalpost: [
    ...REGISTRERING,
    req('journalaar'),
    req('journalsekvensnummer'),
    req('journalpostnummer'),
    req('journalposttype'),
    req('journalstatus'),
    req('journaldato'),
    opt('dokumentetsDato'),
    opt('mottattDato'),
    opt('sendtDato'),
    opt('forfallsdato'),
    opt('offentlighetsvurdertDato'),
    opt('antallVedlegg'),
    opt('utlaantDato'),
    opt('utlaantTil'),
    opt('journalenhet'),
    many('avskrivning', 0, 'avskrivning'),
    many('dokumentflyt', 0),
    many('presedens', 0),
    opt('elektroniskSignatur'),
  ],
  korrespondansepart: [
    req('korrespondanseparttype'),
    req('korrespondansepartNavn'),
    many('postadresse', 0),
    opt('postnummer'),
    opt('poststed'),
    opt('land'),
    opt('epostadresse'),
    many('telefonnummer', 0),
    opt('kontaktperson'),
    opt('administrativEnhet'),
    opt('saksbehandler'),
  ],
  avskrivning: [
    req('avskrivningsdato'),
    req('avskrevetAv'),
    req('avskrivningsmaate'),
    opt('referanseAvskrivesAvJournalpost'),
  ],
  dokumentbeskrivelse: [
    req('systemID'),
    req('dokumenttype'),
    req('dokumentstatus'),
    req('tittel'),
    opt('beskrivelse'),
    many('forfatter', 0),
    req('opprettetDato'),
    req('opprettetAv'),
    opt('dokumentmedium'),
    opt('oppbevaringssted'),
    many('referanseArkivdel', 0),
    req('tilknyttetRegistreringSom'),
    req('dokumentnummer'),
    req('tilknyttetDato'),
    req('tilknyttetAv'),
    many('part', 0, 'part'),
    many('merknad', 0, 'merknad'),
    opt('kassasjon', 'kassasjon'),
    opt('utfoertKassasjon', 'utfoertKassasjon'),
    opt('sletting'),
    opt('skjerming', 'skjerming'),
    opt('gradering'),
    opt('elektroniskSignatur'),
    many('dokumentobjekt', 0, 'dokumentobjekt'),
  ],
  dokumentobjekt: [
    req('systemID'),
    req('versjonsnummer'),
    req('variantformat'),
    req('format'),
    opt('formatDetaljer'),
    opt('pronomMIME'),
    opt('pronomPUID'),
    req('opprettetDato'),
    req('opprettetAv'),
    req('referanseDokumentfil'),
    req('sjekksum'),
    req('sjekksumAlgoritme'),
    req('filstoerrelse'),
    opt('elektroniskSignatur'),
    many('konvertering', 0),
  ],
  merknad: [
    req('merknadstekst'),
    opt('merknadstype'),
    req('merknadsdato'),
    req('merknadRegistrertAv'),
  ],
  kassasjon: [
    req('kassasjonsvedtak'),
    opt('kassasjonshjemmel'),
    req('bevaringstid'),
    req('kassasjonsdato'),
  ],
  utfoertKassasjon: [req('kassertDato'), req('kassertAv')],
  skjerming: [
    req('tilgangsrestriksjon'),
    req('skjermingshjemmel'),
    many('skjermingMetadata', 1),
    opt('skjermingDokument'),
    opt('skjermingsvarighet'),
    opt('skjermingOpphoererDato'),
  ],
};

/** The code lists (metadatakatalog.xsd enumerations) of the simple elements we write. */
export const CODE_LISTS: Record<string, string[]> = {
  arkivstatus: ['Opprettet', 'Avsluttet'],
  arkivdelstatus: ['Aktiv periode', 'Overlappingsperiode', 'Avsluttet periode', 'Uaktuelle mapper'],
  saksstatus: ['Under behandling', 'Avsluttet', 'Utgår'],
  journalstatus: ['Journalført', 'Ekspedert', 'Arkivert', 'Utgår'],
  dokumentstatus: ['Dokumentet er under redigering', 'Dokumentet er ferdigstilt'],
  journalposttype: [
    'Inngående dokument',
    'Utgående dokument',
    'Organinternt dokument for oppfølging',
    'Organinternt dokument uten oppfølging',
    'Saksframlegg',
  ],
  korrespondanseparttype: [
    'Avsender',
    'Mottaker',
    'Kopimottaker',
    'Gruppemottaker',
    'Intern avsender',
    'Intern mottaker',
  ],
  tilknyttetRegistreringSom: ['Hoveddokument', 'Vedlegg'],
  kassasjonsvedtak: ['Bevares', 'Kasseres', 'Vurderes senere'],
  tilgangsrestriksjon: ['Unntatt offentlighet'],
  skjermingMetadata: SCREENING_METADATA_CODES,
  skjermingDokument: ['Skjerming av hele dokumentet', 'Skjerming av deler av dokumentet'],
  variantformat: [
    'Produksjonsformat',
    'Arkivformat',
    'Dokument hvor deler av innholdet er skjermet',
  ],
  avskrivningsmaate: [
    'Besvart med brev',
    'Besvart med e-post',
    'Besvart på telefon',
    'Tatt til etterretning',
    'Tatt til orientering',
  ],
};

/** The writer's code tables write only values of the lists (checked once, without a document). */
export const WRITTEN_CODES: Record<string, string[]> = {
  arkivstatus: archiveStatus.texts,
  arkivdelstatus: archivePartStatus.texts,
  saksstatus: caseStatus.texts,
  journalstatus: journalStatus.texts,
  dokumentstatus: documentStatus.texts,
  journalposttype: journalPostType.texts,
  korrespondanseparttype: correspondentRole.texts,
  tilknyttetRegistreringSom: documentRole.texts,
  kassasjonsvedtak: disposalDecision.texts,
  avskrivningsmaate: writeOffMethod.texts,
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const INTEGER = /^-?\d+$/;
const DATES = new Set([
  'saksdato',
  'journaldato',
  'dokumentetsDato',
  'forfallsdato',
  'offentlighetsvurdertDato',
  'arkivperiodeStartDato',
  'arkivperiodeSluttDato',
  'kassasjonsdato',
  'avskrivningsdato',
  'skjermingOpphoererDato',
]);
const DATE_TIMES = new Set([
  'opprettetDato',
  'avsluttetDato',
  'arkivertDato',
  'merknadsdato',
  'tilknyttetDato',
  'kassertDato',
  'sendtDato',
  'mottattDato',
]);
const INTEGERS = new Set([
  'saksaar',
  'sakssekvensnummer',
  'journalaar',
  'journalsekvensnummer',
  'journalpostnummer',
  'dokumentnummer',
  'versjonsnummer',
  'filstoerrelse',
  'bevaringstid',
]);

interface Frame {
  name: string;
  type: string | null;
  at: number;
  count: number;
  choice: string | null;
  text: string;
}

/** Every problem found (empty: the document follows the table), with the element's path. */
export function checkArkivstruktur(xml: string): string[] {
  const problems: string[] = [];
  const stack: Frame[] = [];
  const path = () => stack.map((f) => f.name).join('/');
  const parser = new SaxesParser({ xmlns: true });
  const required = (seq: Particle[], from: number, to: number, where: string) => {
    for (let i = from; i < to; i++) {
      const p = seq[i]!;
      if ('name' in p && p.min === 1) problems.push(`${where}: missing ${p.name}`);
    }
  };
  parser.on('opentag', (tag) => {
    const name = tag.local ?? tag.name;
    const parent = stack[stack.length - 1];
    let type: string | null = null;
    if (!parent) {
      if (name !== 'arkiv') problems.push(`root is ${name}`);
      type = 'arkiv';
    } else if (parent.type === null) {
      problems.push(`${path()}: ${name} inside a simple element`);
    } else {
      const seq = SEQUENCES[parent.type]!;
      let i = parent.at;
      let found = false;
      for (; i < seq.length; i++) {
        const p = seq[i]!;
        if ('choice' in p) {
          const branch = p.choice.find((b) => b.name === name);
          if (branch && (parent.choice === null || parent.choice === name)) {
            parent.choice = name;
            type = branch.type;
            found = true;
            break;
          }
          if (parent.choice !== null && i === parent.at) continue;
          continue;
        }
        if (p.name === name) {
          if (i === parent.at && !p.many && parent.count > 0) {
            problems.push(`${path()}: ${name} repeated`);
          }
          type = p.type ?? null;
          found = true;
          break;
        }
      }
      if (!found) {
        problems.push(`${path()}: ${name} not allowed here (or out of order)`);
      } else {
        if (i !== parent.at) {
          if (parent.count === 0) required(seq, parent.at, parent.at + 1, path());
          required(seq, parent.at + 1, i, path());
          parent.at = i;
          parent.count = 0;
        }
        parent.count++;
      }
      const xsiType = tag.attributes['xsi:type'];
      if (xsiType && typeof xsiType === 'object') {
        if (type === 'mappe' && xsiType.value === 'saksmappe') type = 'saksmappe';
        else if (type === 'registrering' && xsiType.value === 'journalpost') type = 'journalpost';
        else problems.push(`${path()}/${name}: xsi:type ${xsiType.value}`);
      }
    }
    stack.push({ name, type, at: 0, count: 0, choice: null, text: '' });
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    const where = path();
    const f = stack.pop()!;
    if (f.type !== null) {
      const seq = SEQUENCES[f.type]!;
      if (f.count === 0) required(seq, f.at, seq.length, where);
      else required(seq, f.at + 1, seq.length, where);
      return;
    }
    const v = f.text;
    if (v === '') problems.push(`${where}: empty`);
    const list = CODE_LISTS[f.name];
    if (list && !list.includes(v)) problems.push(`${where}: "${v}" is not in the code list`);
    if (DATES.has(f.name) && !DATE.test(v)) problems.push(`${where}: "${v}" is no xs:date`);
    if (DATE_TIMES.has(f.name) && !DATE_TIME.test(v))
      problems.push(`${where}: "${v}" is no xs:dateTime`);
    if (INTEGERS.has(f.name) && !INTEGER.test(v)) problems.push(`${where}: "${v}" is no integer`);
  });
  parser.write(xml).close();
  return problems;
}

/**
 * The document with its system ids (uuids) numbered in order of appearance, and without what
 * cannot survive a move: the archive creator's id (the new organisation's own) and the references
 * to the neighbouring parts (not in the package).
 */
export function comparable(xml: string): string {
  const ids = new Map<string, string>();
  return xml
    .replace(/<arkivskaperID>[^<]*<\/arkivskaperID>/, '')
    .replace(/<referanse(Forloeper|Arvtaker)>[^<]*<\/referanse\1>/g, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      if (!ids.has(id)) ids.set(id, `id-${ids.size}`);
      return ids.get(id)!;
    });
}

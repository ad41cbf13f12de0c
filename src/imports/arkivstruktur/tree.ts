/**
 * Reads arkivstruktur.xml as SAX events (saxes) into small trees, one record at a time: the fields
 * of arkiv, arkivdel, klassifikasjonssystem and klasse as soon as their first child record opens,
 * and each mappe whole when it closes, after which it is forgotten. Elements the importer does not
 * map are counted by path (never silently dropped) and their content skipped.
 */
import { SaxesParser } from 'saxes';

/** An element: its simple children as fields (in order), its complex children as nodes. */
export interface XmlNode {
  name: string;
  /** xsi:type, e.g. saksmappe, journalpost */
  type: string | null;
  fields: Map<string, string[]>;
  children: XmlNode[];
}

export type TreeEvent =
  | { kind: 'open'; node: XmlNode; depth: number }
  | { kind: 'close'; name: string; depth: number }
  | { kind: 'case'; node: XmlNode };

/** What each element holds that the importer maps (by the element's type). */
const KNOWN: Record<string, string[]> = {
  arkiv:
    'systemID tittel beskrivelse arkivstatus opprettetDato opprettetAv avsluttetDato avsluttetAv arkivskaper arkivdel'.split(
      ' ',
    ),
  arkivskaper: 'arkivskaperID arkivskaperNavn'.split(' '),
  arkivdel:
    'systemID tittel arkivdelstatus opprettetDato opprettetAv avsluttetDato avsluttetAv arkivperiodeStartDato arkivperiodeSluttDato referanseForloeper referanseArvtaker kassasjon klassifikasjonssystem mappe'.split(
      ' ',
    ),
  kassasjon: 'kassasjonsvedtak kassasjonshjemmel bevaringstid kassasjonsdato'.split(' '),
  klassifikasjonssystem:
    'systemID klassifikasjonstype tittel beskrivelse opprettetDato opprettetAv klasse'.split(' '),
  klasse:
    'systemID klasseID tittel opprettetDato opprettetAv kassasjon skjerming klasse mappe'.split(
      ' ',
    ),
  skjerming:
    'tilgangsrestriksjon skjermingshjemmel skjermingMetadata skjermingDokument skjermingOpphoererDato'.split(
      ' ',
    ),
  saksmappe:
    'systemID mappeID tittel offentligTittel opprettetDato opprettetAv avsluttetDato avsluttetAv part merknad skjerming registrering saksaar sakssekvensnummer saksdato administrativEnhet saksansvarlig saksstatus referanseSekundaerKlassifikasjon'.split(
      ' ',
    ),
  part: 'partID partNavn partRolle postadresse postnummer poststed'.split(' '),
  merknad: 'merknadstekst merknadstype merknadsdato merknadRegistrertAv'.split(' '),
  journalpost:
    'systemID opprettetDato opprettetAv arkivertDato arkivertAv skjerming dokumentbeskrivelse registreringsID tittel offentligTittel merknad korrespondansepart journalaar journalsekvensnummer journalpostnummer journalposttype journalstatus journaldato dokumentetsDato mottattDato sendtDato forfallsdato offentlighetsvurdertDato avskrivning'.split(
      ' ',
    ),
  korrespondansepart:
    'korrespondanseparttype korrespondansepartNavn postadresse epostadresse administrativEnhet saksbehandler'.split(
      ' ',
    ),
  avskrivning:
    'avskrivningsdato avskrevetAv avskrivningsmaate referanseAvskrivesAvJournalpost'.split(' '),
  dokumentbeskrivelse:
    'systemID dokumenttype dokumentstatus tittel opprettetDato opprettetAv tilknyttetRegistreringSom dokumentnummer tilknyttetDato tilknyttetAv utfoertKassasjon skjerming dokumentobjekt'.split(
      ' ',
    ),
  utfoertKassasjon: 'kassertDato kassertAv'.split(' '),
  dokumentobjekt:
    'systemID versjonsnummer variantformat format pronomMIME opprettetDato opprettetAv referanseDokumentfil sjekksum sjekksumAlgoritme filstoerrelse'.split(
      ' ',
    ),
};
const KNOWN_SETS = new Map(Object.entries(KNOWN).map(([k, v]) => [k, new Set(v)]));

/** Records whose fields are complete once their first child record opens. */
const CONTAINERS = new Set(['arkiv', 'arkivdel', 'klassifikasjonssystem', 'klasse']);
const RECORDS = new Set(['arkivdel', 'klassifikasjonssystem', 'klasse', 'mappe']);

/** The type an element has in its parent (xsi:type first, then by its name). */
function typeOf(name: string, xsiType: string | null): string {
  if (name === 'mappe') return xsiType ?? 'mappe';
  if (name === 'registrering') return xsiType ?? 'registrering';
  return name;
}

interface Frame {
  node: XmlNode;
  text: string;
  hasChildren: boolean;
  announced: boolean;
}

export class ArkivstrukturReader {
  private readonly parser = new SaxesParser({ xmlns: true });
  private readonly stack: Frame[] = [];
  /** > 0 while inside an element that is not mapped */
  private skipping = 0;
  readonly events: TreeEvent[] = [];
  readonly unknown = new Map<string, number>();

  constructor() {
    this.parser.on('opentag', (tag) => {
      const name = tag.local ?? tag.name;
      if (this.skipping > 0) {
        this.skipping++;
        return;
      }
      const parent = this.stack[this.stack.length - 1];
      const xsi = tag.attributes['xsi:type'];
      const xsiType = xsi && typeof xsi === 'object' ? xsi.value.replace(/^.*:/, '') : null;
      const type = typeOf(name, xsiType);
      if (parent) {
        parent.hasChildren = true;
        const allowed = KNOWN_SETS.get(parent.node.type ?? parent.node.name);
        if (!allowed?.has(name) || (name === 'mappe' && parent.node.name === 'mappe')) {
          const path = [...this.stack.map((f) => f.node.name), name].join('/');
          this.unknown.set(path, (this.unknown.get(path) ?? 0) + 1);
          this.skipping = 1;
          return;
        }
        if (RECORDS.has(name) && CONTAINERS.has(parent.node.name) && !parent.announced) {
          parent.announced = true;
          this.events.push({ kind: 'open', node: parent.node, depth: this.stack.length - 1 });
        }
      }
      this.stack.push({
        node: { name, type: xsiType ? type : null, fields: new Map(), children: [] },
        text: '',
        hasChildren: false,
        announced: false,
      });
    });
    this.parser.on('text', (t) => {
      if (this.skipping === 0) {
        const top = this.stack[this.stack.length - 1];
        if (top) top.text += t;
      }
    });
    this.parser.on('closetag', () => {
      if (this.skipping > 0) {
        this.skipping--;
        return;
      }
      const frame = this.stack.pop()!;
      const parent = this.stack[this.stack.length - 1];
      const { node } = frame;
      if (CONTAINERS.has(node.name)) {
        if (!frame.announced) this.events.push({ kind: 'open', node, depth: this.stack.length });
        this.events.push({ kind: 'close', name: node.name, depth: this.stack.length });
        return;
      }
      if (node.name === 'mappe') {
        this.events.push({ kind: 'case', node });
        return;
      }
      if (!parent) return;
      if (frame.hasChildren) parent.node.children.push(node);
      else {
        const list = parent.node.fields.get(node.name);
        if (list) list.push(frame.text);
        else parent.node.fields.set(node.name, [frame.text]);
      }
    });
  }

  /** Feeds a chunk; the events it completes wait in `events` (take them with `drain`). */
  write(chunk: string): void {
    this.parser.write(chunk);
  }

  close(): void {
    this.parser.close();
  }

  drain(): TreeEvent[] {
    return this.events.splice(0, this.events.length);
  }
}

/** The first value of a simple child, or null. */
export const field = (n: XmlNode, name: string): string | null => n.fields.get(name)?.[0] ?? null;

export const fields = (n: XmlNode, name: string): string[] => n.fields.get(name) ?? [];

export const childrenOf = (n: XmlNode, name: string): XmlNode[] =>
  n.children.filter((c) => c.name === name);

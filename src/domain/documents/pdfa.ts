/**
 * PDF/A identification (ISO 19005) from a file's bytes: the file says which PDF/A level it claims,
 * and this reads that claim. It is identification, not validation: fonts, colour profiles,
 * forbidden features and the rest of ISO 19005 are not checked (veraPDF does that).
 *
 * What is read, and why it is enough to read it without a PDF parser:
 * - the header `%PDF-` at byte 0 (PDF/A requires it there, not anywhere in the first 1024 bytes);
 * - the XMP metadata packets `<x:xmpmeta …>…</x:xmpmeta>`. PDF/A forbids compressing or
 *   encrypting the document's metadata stream, so its packet is plain text in the file and no
 *   stream is decoded here. In it, `pdfaid:part` and `pdfaid:conformance` (the standard fixes the
 *   prefix `pdfaid`), written as attributes (`pdfaid:part="2"`) or as elements
 *   (`<pdfaid:part>2</pdfaid:part>`).
 *
 * An incremental update appends the new metadata after the old, so the last packet that declares
 * `pdfaid:part` wins. Packets of embedded images and fonts rarely declare it; one that did and came
 * last would be read as the document's (the catalog's /Metadata reference is not followed).
 *
 * The scan is bounded: the file is searched for packet delimiters with indexOf (linear), and only
 * packets of at most MAX_PACKET_BYTES are read with patterns.
 */

export type PdfaIdentification =
  | { format: string }
  | { reason: 'NOT_PDF' }
  | { reason: 'NO_PDFA_IDENTIFICATION' }
  | { reason: 'UNKNOWN_LEVEL'; part: string; conformance: string | null };

const HEADER = Buffer.from('%PDF-', 'latin1');
const PACKET_START = Buffer.from('<x:xmpmeta', 'latin1');
const PACKET_END = Buffer.from('</x:xmpmeta>', 'latin1');
const MAX_PACKET_BYTES = 1024 * 1024;

/** The conformance levels of each part; '' is part 4's level without a letter. */
const LEVELS: Record<string, readonly string[]> = {
  '1': ['A', 'B'],
  '2': ['A', 'B', 'U'],
  '3': ['A', 'B', 'U'],
  '4': ['', 'E', 'F'],
};

/** A property of the pdfaid schema, as an attribute or as an element; null when absent. */
function property(packet: string, name: 'part' | 'conformance'): string | null {
  const attribute = new RegExp(`pdfaid:${name}\\s*=\\s*(["'])([^"'<>]{0,20})\\1`).exec(packet);
  if (attribute) return attribute[2]!.trim();
  const element = new RegExp(`<pdfaid:${name}>([^<]{0,20})</pdfaid:${name}>`).exec(packet);
  return element ? element[1]!.trim() : null;
}

/** The XMP packets of the file, in file order, each as text (their pdfaid values are ASCII). */
function* packets(bytes: Buffer): Generator<string> {
  let from = bytes.indexOf(PACKET_START);
  while (from >= 0) {
    const end = bytes.indexOf(PACKET_END, from + PACKET_START.length);
    if (end < 0) return;
    if (end - from <= MAX_PACKET_BYTES) yield bytes.toString('latin1', from, end);
    from = bytes.indexOf(PACKET_START, end + PACKET_END.length);
  }
}

/** The PDF/A level a file declares (e.g. `PDF/A-2b`), or why it is not PDF/A. */
export function identifyPdfa(bytes: Buffer): PdfaIdentification {
  if (!bytes.subarray(0, HEADER.length).equals(HEADER)) return { reason: 'NOT_PDF' };
  let declared: { part: string; conformance: string | null } | null = null;
  for (const packet of packets(bytes)) {
    const part = property(packet, 'part');
    if (part !== null) declared = { part, conformance: property(packet, 'conformance') };
  }
  if (!declared) return { reason: 'NO_PDFA_IDENTIFICATION' };
  const conformance = (declared.conformance ?? '').toUpperCase();
  if (!LEVELS[declared.part]?.includes(conformance)) {
    return { reason: 'UNKNOWN_LEVEL', ...declared };
  }
  return { format: `PDF/A-${declared.part}${conformance.toLowerCase()}` };
}

/** The refusal of a file that is not PDF/A, in Norwegian and English (one message, both). */
export function notPdfaMessage(found: Exclude<PdfaIdentification, { format: string }>): string {
  switch (found.reason) {
    case 'NOT_PDF':
      return 'Arkivformatet må være PDF/A, og filen er ikke en PDF (den begynner ikke med %PDF-). / The archive variant must be PDF/A, and the file is not a PDF (it does not start with %PDF-).';
    case 'NO_PDFA_IDENTIFICATION':
      return 'Arkivformatet må være PDF/A, og filen er en PDF uten PDF/A-identifikasjon (pdfaid:part i XMP-metadataene). / The archive variant must be PDF/A, and the file is a PDF without PDF/A identification (pdfaid:part in its XMP metadata).';
    case 'UNKNOWN_LEVEL': {
      const level = `part ${found.part}, conformance ${found.conformance ?? '(none)'}`;
      return `Arkivformatet må være PDF/A, og filen oppgir et ukjent PDF/A-nivå (${level}). / The archive variant must be PDF/A, and the file declares an unknown PDF/A level (${level}): parts 1–4, conformance A or B (part 1), A, B or U (parts 2 and 3), none, E or F (part 4).`;
    }
  }
}

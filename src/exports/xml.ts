/**
 * The small part of XML that every Noark 5 document of Arkivgraf writes by hand: escaping, one
 * element per value, the namespaces. The documents are streamed as text (a string per record), so
 * no DOM is ever built and memory stays flat however large the export (docs/noark5.md).
 */

/** The target namespaces of Arkivverket's Noark 5 v5.0 schemas (`targetNamespace` of each). */
export const NOARK5_NAMESPACE = {
  arkivstruktur: 'http://www.arkivverket.no/standarder/noark5/arkivstruktur',
  endringslogg: 'http://www.arkivverket.no/standarder/noark5/endringslogg',
  loependeJournal: 'http://www.arkivverket.no/standarder/noark5/loependeJournal',
  offentligJournal: 'http://www.arkivverket.no/standarder/noark5/offentligJournal',
  metadatakatalog: 'http://www.arkivverket.no/standarder/noark5/metadatakatalog',
} as const;

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF and CR, lone surrogates,
 * U+FFFE and U+FFFF). A text in the database may hold one; it becomes U+FFFD rather than a
 * document no parser reads.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching the control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/** Text as XML character data or an attribute value (quotes escaped too; CR kept as `&#13;`). */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"'\r]/g, (c) => ENTITIES[c]!);
}

/** A value as element content: texts escaped, numbers and booleans as XML Schema writes them. */
export type XmlValue = string | number | boolean | null | undefined;

/**
 * `<name>value</name>`, or nothing for null or undefined: an optional element (minOccurs 0) with
 * no value is left out, never written empty (an empty element would be a value, and for a date or
 * a number an invalid one).
 */
export function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? escapeXml(value) : String(value);
  return `<${name}>${text}</${name}>`;
}

/** `<name>…children…</name>` around already written children (nothing when there are none). */
export function wrap(name: string, children: string, attributes = ''): string {
  return children === '' ? '' : `<${name}${attributes}>${children}</${name}>`;
}

/** xs:date of a calendar date kept as `YYYY-MM-DD` (a date column) or a Date (its UTC day). */
export function xmlDate(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** xs:dateTime of a moment: ISO 8601 in UTC with the `Z` zone, milliseconds kept. */
export function xmlDateTime(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}

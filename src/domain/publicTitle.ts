/** What replaces each screened part of a title in its public form. */
export const SCREENED_MARKER = '*****';

const MARKED = /\{([^{}]*)\}/g;

export interface ParsedTitle {
  /** The title as fully authorised readers see it: markers removed, words kept */
  title: string;
  /** Each marked part replaced by `*****`, or null when the title has no markers */
  derivedPublicTitle: string | null;
}

/**
 * Splits a title typed with `{…}` markers into the stored title and its derived public title:
 * `Søknad om permisjon – {Ole Knutsen}` gives `Søknad om permisjon – Ole Knutsen` and
 * `Søknad om permisjon – *****`. Braces never reach the stored title.
 */
export function parseTitle(input: string): ParsedTitle {
  const hasMarkers = /\{[^{}]*\}/.test(input);
  const title = input.replace(MARKED, '$1').replace(/\s+/g, ' ').trim();
  if (!hasMarkers) return { title, derivedPublicTitle: null };
  const derived = input.replace(MARKED, SCREENED_MARKER).replace(/\s+/g, ' ').trim();
  return { title, derivedPublicTitle: derived };
}

/** An unbalanced or nested brace is a typing mistake, never a marker. */
export function hasMalformedMarkers(input: string): boolean {
  const rest = input.replace(MARKED, '');
  return /[{}]/.test(rest);
}

/** Two titles that read the same, case and white space aside (Unicode forms too). */
export function sameTitle(a: string, b: string): boolean {
  const plain = (t: string) => t.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
  return plain(a) === plain(b);
}

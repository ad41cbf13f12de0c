/**
 * Is a legal basis discretionary (the law allows refusing but does not require it, so additional
 * access, meroffentlighet under offl. § 11, must be considered)?
 *
 * The basis is free text ("Offl. § 14", "offl. § 13 jf. fvl. § 13 første ledd nr. 1"). It is
 * matched to the organisation's screening codes by the sections of offentleglova it names: a
 * code matches when the first offentleglova section of its own legal basis is among them, or its
 * legal basis is the same text. Then:
 *
 * 1. a matching code marked `discretionary` (demo data: 14, 15, 23, 24, 26), or a basis naming
 *    offl. § 14 or § 15 (discretionary by the law itself): discretionary;
 * 2. otherwise, when some code matched: not discretionary (e.g. § 13, a duty of confidentiality);
 * 3. when nothing matched: the screening code of the journal post decides.
 */

export interface CodeFacts {
  legalBasis: string;
  discretionary: boolean;
}

const STATUTORY_DISCRETIONARY = [14, 15];

const LAW =
  /(?:offl\.?|offentleglova|offentlighetsloven)\s*§{1,2}\s*(\d+(?:\s*(?:,|og|-)\s*\d+)*)/giu;

/** The sections of offentleglova a text names, in order: "Offl. §§ 14 og 15" → [14, 15]. */
export function offentleglovaSections(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(LAW)) {
    for (const n of m[1]!.split(/\s*(?:,|og|-)\s*/)) out.push(Number(n));
  }
  // "§ 14" on its own: insight decisions are made under offentleglova.
  if (out.length === 0) {
    const bare = /^\s*§{1,2}\s*(\d+)/u.exec(text);
    if (bare) out.push(Number(bare[1]));
  }
  return out;
}

const same = (a: string, b: string) =>
  a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');

export function isDiscretionary(
  basis: string,
  codes: readonly CodeFacts[],
  postCode: CodeFacts | null,
): boolean {
  const sections = offentleglovaSections(basis);
  if (sections.some((s) => STATUTORY_DISCRETIONARY.includes(s))) return true;
  const matched = codes.filter((c) => {
    const own = offentleglovaSections(c.legalBasis)[0];
    return same(c.legalBasis, basis) || (own !== undefined && sections.includes(own));
  });
  if (matched.length) return matched.some((c) => c.discretionary);
  return postCode?.discretionary ?? false;
}

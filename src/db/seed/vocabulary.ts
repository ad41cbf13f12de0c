// The words a leak test looks for: everything hidden from the public (marked parts of screened
// titles, screened correspondent names) that occurs nowhere in open text.
import { type HiddenText } from './timeline';

const MIN_WORD = 4;

function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*/gu) ?? [];
}

/** The text itself and its words of four letters or more. */
function candidates(text: string): string[] {
  const out = new Set<string>([text.trim()]);
  for (const w of words(text)) if (w.length >= MIN_WORD) out.add(w);
  return [...out];
}

const sorted = (values: Iterable<string>): string[] =>
  [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export interface Vocabulary {
  screenedWords: string[];
  formerlyScreenedWords: string[];
}

/**
 * screenedWords: hidden while screened, found (case-insensitively, even inside another word) in no
 * open text and in nothing whose screening has expired. formerlyScreenedWords: hidden only in
 * records whose screening has expired, found in no other open text.
 */
export function vocabulary(
  hidden: HiddenText[],
  openTexts: string[],
  expiredTexts: string[],
): Vocabulary {
  const open = openTexts.join('\n').toLowerCase();
  const expired = expiredTexts.join('\n').toLowerCase();
  const inOpen = (w: string) => open.includes(w.toLowerCase());
  const inExpired = (w: string) => expired.includes(w.toLowerCase());

  const active = hidden.filter((h) => h.active).flatMap((h) => candidates(h.text));
  const activeText = hidden
    .filter((h) => h.active)
    .map((h) => h.text)
    .join('\n')
    .toLowerCase();
  const formerly = hidden.filter((h) => !h.active).flatMap((h) => candidates(h.text));
  return {
    screenedWords: sorted(active.filter((w) => !inOpen(w) && !inExpired(w))),
    formerlyScreenedWords: sorted(
      formerly.filter((w) => !inOpen(w) && !activeText.includes(w.toLowerCase())),
    ),
  };
}

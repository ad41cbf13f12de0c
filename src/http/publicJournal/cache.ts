import { createHash } from 'node:crypto';
import { type PublicJournalSettings } from '../../config';

/**
 * HTTP caching of the public journal. Its content is the same for everybody and is decided by:
 *
 * - the publication watermark (queries/publicJournal.ts `publicJournalWatermark`), which grows with
 *   every committed change to journal posts, cases, correspondents, units and screening codes:
 *   a post published now, held, reset, corrected, screened or removed;
 * - the calendar date in Norway: a post's publication date is reached, a screening expires, a
 *   personal name stops being searchable;
 * - the settings (published types, delay in working days);
 * - the request: its path, its search parameters in normal form, the page cursor, and for the feed
 *   the origin its links are written with.
 *
 * The ETag is a hash of all of these, so it can be computed and compared (If-None-Match → 304)
 * before the page query runs.
 */
export interface Representation {
  /** The path and the normal form of what the content depends on in the request */
  request: string;
  watermark: string;
  today: string;
  settings: PublicJournalSettings;
}

export function etagOf(r: Representation): string {
  const hash = createHash('sha256')
    .update(
      JSON.stringify([r.request, r.watermark, r.today, r.settings.types, r.settings.delayWorkdays]),
    )
    .digest('base64url')
    .slice(0, 27);
  // Weak: a proxy may compress the body, and the tag still names the same content.
  return `W/"${hash}"`;
}

/**
 * If-None-Match holds this ETag (weak comparison, RFC 9110 13.1.2). Judged here and not with
 * Express's `req.fresh`, which answers no to every request with `Cache-Control: no-cache`, and
 * browsers and fetch() send that with every conditional request they make themselves.
 */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

export interface CachedPage {
  status: number;
  contentType: string;
  body: string;
}

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

/**
 * A small in-process cache of rendered public pages (the first page of /journal for a search, the
 * feed), keyed by the ETag, which holds the watermark: a change to the journal gives new keys, so
 * an entry is never served after the content changed, and the time limit only frees memory.
 * Nothing of a signed-in user ever goes in: these routes have no sign-in.
 */
export class PageCache {
  private readonly entries = new Map<string, { page: CachedPage; expires: number }>();

  constructor(private readonly opts: { ttlMs: number; maxEntries: number; now?: () => number }) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  get(key: string): CachedPage | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (hit.expires <= this.now()) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recently used entry.
    this.entries.set(key, hit);
    return hit.page;
  }

  set(key: string, page: CachedPage): void {
    this.entries.delete(key);
    this.entries.set(key, { page, expires: this.now() + this.opts.ttlMs });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.opts.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}

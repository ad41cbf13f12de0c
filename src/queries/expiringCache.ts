/**
 * A small in-process cache: least recently used entries go first past `maxEntries`, and an entry
 * is dropped after `ttlMs`. Users key it by the publication watermark (publicJournal.ts), so an
 * entry is never served after the content changed, and the time limit only frees memory. Used for
 * the public journal's counts here and its rendered pages (http/publicJournal/routes.ts).
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(private readonly opts: { ttlMs: number; maxEntries: number; now?: () => number }) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (hit.expires <= this.now()) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recently used entry.
    this.entries.set(key, hit);
    return hit.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.opts.ttlMs });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.opts.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}

import { type Request } from 'express';

/**
 * HATEOAS links of the Noark 5 service interface (tjenestegrensesnitt; docs/noark5-service-interface.md):
 * every resource names what a client may do next by a relation key (`rel`, fixed by the standard)
 * and an address (`href`, ours). A client finds everything from the root, never by building paths.
 */

/** Where the standard's relation keys live; `rel('sakarkiv/saksmappe')` is a saksmappe. */
export const REL_BASE = 'https://rel.arkivverket.no/noark5/v5/api/';

/** The path the service interface is mounted at (its root is `<mount>/api/`). */
export const NOARK5_MOUNT = '/noark5v5';

export interface Link {
  href: string;
  /** An address with OData parameters to fill in (`{?$filter&$top&$skip}`) */
  templated?: boolean;
}

/** `_links`: relation key → link, sorted by the key's ASCII value as the standard asks. */
export type LinkSet = Record<string, Link>;

/** The standard's relation key of a name such as `arkivstruktur/arkivdel` or `sakarkiv/ny-journalpost`. */
export function rel(name: string): string {
  return `${REL_BASE}${name}/`;
}

/** The addresses of one request: absolute, on the host and scheme the client used. */
export class Links {
  constructor(readonly base: string) {}

  /** The address of `path` under the API root, e.g. `sakarkiv/saksmappe/<systemID>/`. */
  href(path: string): string {
    return `${this.base}${path}`;
  }
}

/** The request's API root, e.g. `http://localhost:4000/noark5v5/api/`. */
export function linksOf(req: Request): Links {
  return new Links(`${req.protocol}://${req.get('host') ?? 'localhost'}${NOARK5_MOUNT}/api/`);
}

/**
 * A `_links` object from [relation key, href, templated?] entries (`self` or a full key made by
 * `rel`), sorted by key.
 */
export function linkSet(entries: readonly (readonly [string, string, boolean?])[]): LinkSet {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(
    sorted.map(([key, href, templated]) => [key, templated ? { href, templated: true } : { href }]),
  );
}

import { type PublicEntryRow } from '../../queries/publicJournal';
import { queryString, SEARCH_PARAM_NAMES, type SearchParams } from './params';
import { entrySummaryHtml, htmlText, type JournalPaths } from './page';
import { entryPath } from './permalinkPaths';

/** The newest entries the feed carries. */
export const ATOM_ENTRIES = 50;

/** XML 1.0 allows no C0 control character but tab, LF and CR, and not U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * The Atom feed of the newest entries of a search. Each entry links to its own page (its
 * permalink, permalinks.tsx); its atom:id is its journal post's urn:uuid, and its updated the
 * moment it became public (`published`: domain/publication.ts `publicationMoment`), so an entry
 * journalled long ago but published today reaches a reader as new. The feed's updated is its
 * newest entry's. `origin` is where the reader reached this server.
 */
export async function atomFeed(opts: {
  origin: string;
  /** the journal's organisation (its name titles the feed) and its paths (page.tsx) */
  organisation: { name: string };
  paths: JournalPaths;
  params: SearchParams;
  rows: PublicEntryRow[];
  /** when each entry became public, by its id */
  published: Map<string, Date>;
  today: string;
}): Promise<string> {
  const { origin, params, rows, paths, published } = opts;
  const title = `Offentlig journal – ${opts.organisation.name}`;
  // feed 6 is ESM-only; a dynamic import loads it from CommonJS on every Node 20.
  const { Feed } = await import('feed');
  const self = `${origin}${paths.downloads}/public-journal.atom${queryString(params)}`;
  const searched = SEARCH_PARAM_NAMES.some((name) => params[name]);
  // Every row was read as published, and its moment with it; an empty feed is as new as today.
  const moments = rows.map((row) => published.get(row.id)!);
  const newest = moments.reduce<Date | undefined>((a, b) => (a && a > b ? a : b), undefined);
  const feed = new Feed({
    id: self,
    title,
    description: `De ${ATOM_ENTRIES} nyeste oppføringene i den offentlige journalen${searched ? ' for dette søket' : ''}`,
    link: `${origin}${paths.page}${queryString(params)}`,
    feedLinks: { atom: self },
    updated: newest ?? new Date(`${opts.today}T00:00:00Z`),
    author: { name: opts.organisation.name },
    generator: 'Arkivgraf',
  });
  rows.forEach((row, i) => {
    feed.addItem({
      // The element is type="html": the title is given as escaped HTML, so a reader shows it as text.
      title: htmlText(`${row.registry_id} ${row.title}`),
      id: `urn:uuid:${row.id}`,
      link: `${origin}${entryPath(paths.page, row.registry_id)}`,
      date: moments[i]!,
      description: entrySummaryHtml(row),
    });
  });
  return feed.atom1().replace(NOT_XML, '');
}

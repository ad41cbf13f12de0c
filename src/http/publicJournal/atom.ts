import { type PublicEntryRow } from '../../queries/publicJournal';
import { toGlobalId } from '../../schema/globalId';
import { queryString, SEARCH_PARAM_NAMES, type SearchParams } from './params';
import { entryAnchor, entrySummaryHtml, htmlText, type JournalPaths } from './page';

/** The newest entries the feed carries. */
export const ATOM_ENTRIES = 50;

/** XML 1.0 allows no C0 control character but tab, LF and CR, and not U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const midnightUtc = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);

/**
 * The Atom feed of the newest entries of a search. Each entry links to the journal's page with the same
 * search and `after` set to the cursor of the entry before it, so the entry is the first on that
 * page (and its anchor points at it); the entry's atom:id is its journal post's urn:uuid, and its
 * updated is the journal date (midnight UTC). `origin` is where the reader reached this server.
 */
export async function atomFeed(opts: {
  origin: string;
  /** the journal's organisation (its name titles the feed) and its paths (page.tsx) */
  organisation: { name: string };
  paths: JournalPaths;
  params: SearchParams;
  rows: PublicEntryRow[];
  cursors: string[];
  today: string;
}): Promise<string> {
  const { origin, params, rows, cursors, paths } = opts;
  const title = `Offentlig journal – ${opts.organisation.name}`;
  // feed 6 is ESM-only; a dynamic import loads it from CommonJS on every Node 20.
  const { Feed } = await import('feed');
  const self = `${origin}${paths.downloads}/public-journal.atom${queryString(params)}`;
  const searched = SEARCH_PARAM_NAMES.some((name) => params[name]);
  const feed = new Feed({
    id: self,
    title,
    description: `De ${ATOM_ENTRIES} nyeste oppføringene i den offentlige journalen${searched ? ' for dette søket' : ''}`,
    link: `${origin}${paths.page}${queryString(params)}`,
    feedLinks: { atom: self },
    updated: midnightUtc(rows[0]?.journal_date ?? opts.today),
    author: { name: opts.organisation.name },
    generator: 'Arkivgraf',
  });
  rows.forEach((row, i) => {
    const id = toGlobalId('PublicJournalEntry', row.id);
    const link = `${origin}${paths.page}${queryString(params, { after: i > 0 ? cursors[i - 1]! : null })}#${entryAnchor(id)}`;
    feed.addItem({
      // The element is type="html": the title is given as escaped HTML, so a reader shows it as text.
      title: htmlText(`${row.registry_id} ${row.title}`),
      id: `urn:uuid:${row.id}`,
      link,
      date: midnightUtc(row.journal_date),
      description: entrySummaryHtml(row),
    });
  });
  return feed.atom1().replace(NOT_XML, '');
}

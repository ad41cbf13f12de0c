import { type ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { MAX_ITEMS } from '../../domain/insightRequests';
import { type PublicEntryRow } from '../../queries/publicJournal';
import { type RegistryId } from '../../queries/publicJournalEntry';
import { toGlobalId } from '../../schema/globalId';
import { TYPE_LABELS } from './labels';
import {
  Correspondents,
  DateText,
  EntryFields,
  Field,
  type JournalPaths,
  MAIN_ID,
  NO_REQUEST_VALUES,
  PublicDocument,
  RequestFields,
  Screened,
} from './page';
import { casePath, entryPath } from './permalinkPaths';

/**
 * The pages of one entry (GET /journal/{org}/{registryId}, e.g. /journal/vennesla/2026/30-4) and
 * of one case with its public entries (GET /journal/{org}/sak/{caseNumber}, e.g.
 * /journal/vennesla/sak/2026/30), also without {org} like the journal itself: something to link
 * to and cite. Public forms only, rendered by preact, which escapes every value.
 */

/** What the permalinks need of the journal they belong to. */
export interface PermalinkJournal {
  organisation: { name: string; shortName: string };
  paths: JournalPaths;
}

/**
 * A case's entries a page: the most one insight request may name, so the case page's request form
 * names the entries of its page.
 */
export const CASE_PAGE_SIZE = MAX_ITEMS;

const YEAR = /^\d{4}$/;

/**
 * Whether the path's parameters are a registry id (`/journal/2026/30-4`): a four-digit year, then
 * `{sequence}-{document}`. Anything else is some other route's (/journal/{org}/innsyn/status).
 */
export function isEntryPath(year: unknown, entry: unknown): boolean {
  return typeof year === 'string' && YEAR.test(year) && /^\d+-\d+$/.test(String(entry));
}

/** Whether the path's parameters are a case number (`/journal/sak/2026/30`). */
export function isCasePath(year: unknown, sequence: unknown): boolean {
  return typeof year === 'string' && YEAR.test(year) && /^\d+$/.test(String(sequence));
}

/**
 * The registry id a path names, or null where no entry can have it: a document number is a
 * whole number without leading zeros (and fits PostgreSQL's int); the case number is compared as
 * written.
 */
export function registryIdOf(year: string, entry: string): RegistryId | null {
  const m = /^(\d+)-([1-9]\d{0,8})$/.exec(entry);
  return m ? { caseNumber: `${year}/${m[1]!}`, documentNumber: Number(m[2]) } : null;
}

/** The canonical address of a page of a journal: the form with the organisation's short name. */
const canonical = (journal: PermalinkJournal, path: string) =>
  `/journal/${encodeURIComponent(journal.organisation.shortName)}${path}`;

function Shell({
  title,
  canonicalPath,
  journalPage,
  journalName,
  children,
}: {
  title: string;
  canonicalPath?: string;
  journalPage: string;
  journalName?: string;
  children: ComponentChildren;
}) {
  return (
    <PublicDocument
      title={title}
      head={canonicalPath && <link rel="canonical" href={canonicalPath} />}
    >
      {children}
      <footer class="wrap">
        <p>
          <a href={journalPage}>
            Tilbake til den offentlige journalen{journalName ? ` – ${journalName}` : ''}
          </a>
        </p>
      </footer>
    </PublicDocument>
  );
}

/**
 * An insight request (innsynskrav) for `entries`, without JavaScript: the journal's request
 * fields (page.tsx) posted to its /innsyn (insight.tsx), one `entryId` field for each entry.
 */
function EntriesRequestForm({
  action,
  entries,
  intro,
  button,
}: {
  action: string;
  entries: readonly PublicEntryRow[];
  intro: ComponentChildren;
  button: string;
}) {
  return (
    <form class="request" method="post" action={action}>
      {entries.map((row) => (
        <input type="hidden" name="entryId" value={toGlobalId('PublicJournalEntry', row.id)} />
      ))}
      <p>{intro}</p>
      <RequestFields values={NO_REQUEST_VALUES} button={button} />
    </form>
  );
}

/** GET /journal/{org}/{registryId}: every public field of the entry, a link to its case, a form. */
export function renderEntryPage(journal: PermalinkJournal, row: PublicEntryRow): string {
  const page = journal.paths.page;
  return `<!doctype html>\n${render(
    <Shell
      title={`${row.registry_id} ${row.title} – Offentlig journal – ${journal.organisation.name}`}
      canonicalPath={canonical(journal, `/${row.registry_id}`)}
      journalPage={page}
      journalName={journal.organisation.name}
    >
      <header class="wrap">
        <p class="organisation">
          <a href={page}>Offentlig journal – {journal.organisation.name}</a>
        </p>
        <p class="meta">
          Journalpost {row.registry_id} · {TYPE_LABELS[row.type]}
        </p>
        <h1>
          <Screened text={row.title} />
        </h1>
      </header>
      <main class="wrap" id={MAIN_ID} tabindex={-1}>
        <EntryFields
          row={row}
          links={{
            case: casePath(page, row.case_number),
            entryOf: (id: string) => entryPath(page, id),
          }}
        />
        <section aria-labelledby="innsyn">
          <h2 id="innsyn">Be om innsyn</h2>
          <EntriesRequestForm
            action={`${page}/innsyn`}
            entries={[row]}
            intro={`Be om innsyn i journalpost ${row.registry_id}.`}
            button="Send innsynskrav"
          />
        </section>
      </main>
    </Shell>,
  )}`;
}

/** What the case page shows: one keyset page of the case's public entries. */
export interface CasePage {
  caseNumber: string;
  entries: PublicEntryRow[];
  /** how many public entries the case has in all */
  total: number;
  /** the `after` of the next page, when there is one */
  nextCursor: string | null;
  firstPage: boolean;
}

const entriesCount = (n: number) =>
  `${n.toLocaleString('nb-NO')} offentlig${n === 1 ? ' journalpost' : 'e journalposter'}`;

/**
 * GET /journal/{org}/sak/{caseNumber}: the case's public title and its public entries in the
 * order of the case, each a link to its page, and a form asking for all of them. `entries` is
 * never empty: a case without public entries is not found.
 */
export function renderCasePage(journal: PermalinkJournal, c: CasePage): string {
  const page = journal.paths.page;
  const here = casePath(page, c.caseNumber);
  const caseTitle = c.entries[0]!.case_title;
  const paged = c.total > CASE_PAGE_SIZE;
  return `<!doctype html>\n${render(
    <Shell
      title={`Sak ${c.caseNumber} ${caseTitle} – Offentlig journal – ${journal.organisation.name}`}
      canonicalPath={canonical(journal, `/sak/${c.caseNumber}`)}
      journalPage={page}
      journalName={journal.organisation.name}
    >
      <header class="wrap">
        <p class="organisation">
          <a href={page}>Offentlig journal – {journal.organisation.name}</a>
        </p>
        <p class="meta">Sak {c.caseNumber}</p>
        <h1>
          <Screened text={caseTitle} />
        </h1>
        <p class="lead">Saken har {entriesCount(c.total)}.</p>
      </header>
      <main class="wrap" id={MAIN_ID} tabindex={-1}>
        <section aria-labelledby="innsyn">
          <h2 id="innsyn">Be om innsyn i hele saken</h2>
          {paged && (
            <p class="note">
              Et innsynskrav kan gjelde høyst {CASE_PAGE_SIZE} journalposter. Saken har flere, så
              skjemaet gjelder de {c.entries.length} journalpostene på denne siden
              {c.nextCursor ? '; be om resten fra neste side' : ''}.
            </p>
          )}
          <EntriesRequestForm
            action={`${page}/innsyn`}
            entries={c.entries}
            intro={`Be om innsyn i ${paged ? `${c.entries.length} journalposter` : 'alle journalpostene'} i sak ${c.caseNumber}.`}
            button="Be om innsyn i hele saken"
          />
        </section>
        <section aria-labelledby="journalposter">
          <h2 id="journalposter">Journalposter i saken</h2>
          <ol class="entries">
            {c.entries.map((row) => (
              <li>
                <article aria-labelledby={`tittel-${row.id}`}>
                  <p class="meta">
                    <a href={entryPath(page, row.registry_id)}>{row.registry_id}</a> ·{' '}
                    {TYPE_LABELS[row.type]} · <DateText date={row.journal_date} />
                  </p>
                  <h3 id={`tittel-${row.id}`}>
                    <Screened text={row.title} />
                  </h3>
                  <dl>
                    <Field label="Avsender/mottaker">
                      <Correspondents names={row.correspondents} />
                    </Field>
                    {row.screened && (
                      <Field label="Skjerming" class="screening">
                        {row.legal_basis ? `Skjermet: ${row.legal_basis}` : 'Skjermet'}
                      </Field>
                    )}
                  </dl>
                </article>
              </li>
            ))}
          </ol>
          {paged && (
            <nav class="pages" aria-label="Sider">
              {c.firstPage ? <span /> : <a href={here}>Første side</a>}
              {c.nextCursor && (
                <a rel="next" href={`${here}?after=${encodeURIComponent(c.nextCursor)}`}>
                  Neste side
                </a>
              )}
            </nav>
          )}
        </section>
      </main>
    </Shell>,
  )}`;
}

/** A page that says what went wrong, in Norwegian, with the way back to the journal. */
export function renderMessagePage(journalPage: string, heading: string, message: string): string {
  return `<!doctype html>\n${render(
    <Shell title={`${heading} – Offentlig journal`} journalPage={journalPage}>
      <header class="wrap">
        <h1>{heading}</h1>
      </header>
      <main class="wrap" id={MAIN_ID} tabindex={-1}>
        <p>{message}</p>
      </main>
    </Shell>,
  )}`;
}

/**
 * The one answer for an entry or a case that is not in the journal: the same whether it does not
 * exist, is not public yet, is held back or is another organisation's. Names neither the number
 * asked for nor anything about it.
 */
export const renderNotFoundPage = (journalPage: string) =>
  renderMessagePage(
    journalPage,
    'Fant ikke siden',
    'Det finnes ingen offentlig journalpost eller sak med dette nummeret i journalen. Nummeret kan være skrevet feil, eller journalposten er ikke offentlig ennå.',
  );

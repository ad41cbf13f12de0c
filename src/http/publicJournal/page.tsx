import { type ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { type AppError, firstFieldName } from '../../domain/errors';
import { SCREENED_MARKER } from '../../domain/publicTitle';
import { type JournalPostType } from '../../entities/enums';
import { type TotalCount } from '../../queries/list';
import { type PublicEntryRow } from '../../queries/publicJournal';
import { toGlobalId } from '../../schema/globalId';
import { TYPE_LABELS, WRITE_OFF_LABELS, norwegianDate } from './labels';
import { queryString, type SearchParams } from './params';
import { entryPath } from './permalinkPaths';

/**
 * The public journal as a plain HTML page (GET /journal): a search form that works without
 * JavaScript, the entries of one page, and links to the next page and to the downloads of the same
 * search. Every value is rendered by preact, which escapes it; no HTML is built from strings.
 */

export interface UnitOption {
  /** global id, as the `unit` parameter takes it */
  id: string;
  name: string;
}

export interface JournalResult {
  entries: PublicEntryRow[];
  /** capped: past the cap "over 10 000" */
  total: TotalCount;
  /** the `after` of the next page, when there is one */
  nextCursor: string | null;
  firstPage: boolean;
}

/**
 * Where the page of one organisation's journal and its downloads live: under /journal/{org}, or,
 * in an installation of one organisation, at the paths of before (/journal, /public-journal.csv …),
 * so that links made then still lead to the same page.
 */
export interface JournalPaths {
  /** the page itself: /journal/{org}, or /journal */
  page: string;
  /** prefix of the downloads: /journal/{org}, or '' */
  downloads: string;
}

export interface JournalPageModel {
  /** the records creator (arkivskaper) whose journal this is */
  organisation: { name: string };
  paths: JournalPaths;
  params: SearchParams;
  units: UnitOption[];
  /** the published types, offered in the type select */
  types: JournalPostType[];
  /** working days between the journal date and publication */
  delayWorkdays: number;
  result?: JournalResult;
  /** a mistake in the search, in Norwegian */
  error?: string;
}

export const PAGE_SIZE = 25;

/**
 * Small, phone-first and inline (the CSP allows inline styles and nothing else). A constant: no
 * value from a request is ever part of it.
 */
export const CSS = `
:root{color-scheme:light dark;--fg:#1c1c1c;--muted:#585858;--line:#d0d4da;--card:#f3f5f8;--bg:#fff;--accent:#0a58a8;--mark:#2b2b2b;--warn:#8a1c1c}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--muted:#b0b0b0;--line:#3d4046;--card:#1d2025;--bg:#121316;--accent:#8ab8f5;--mark:#e8e8e8;--warn:#ff9d9d}}
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
.wrap{max-width:62rem;margin:0 auto;padding:0 1rem}
a{color:var(--accent)}
body>header{border-bottom:1px solid var(--line);margin-bottom:1rem}
h1{font-size:1.6rem;margin:1rem 0 .25rem}
.lead{margin:0 0 1rem;color:var(--muted)}
form.search{display:grid;grid-template-columns:1fr;gap:.75rem;background:var(--card);padding:1rem;border-radius:.5rem}
@media (min-width:40rem){form.search{grid-template-columns:1fr 1fr}.wide{grid-column:1/-1}}
label{display:block;font-weight:600;margin-bottom:.2rem}
input,select,button,textarea{font:inherit;width:100%;min-height:2.75rem;padding:.45rem .6rem;border:1px solid var(--line);border-radius:.3rem;background:var(--bg);color:var(--fg)}
.actions{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
.actions button{width:auto;padding:.45rem 1.5rem;background:var(--accent);color:var(--bg);border:0;font-weight:600;cursor:pointer}
.note{margin:.25rem 0 0}
.summary{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem 1.5rem;align-items:baseline;margin:1.25rem 0 .5rem}
.count{font-size:1.15rem;font-weight:600;margin:0}
.downloads{margin:0}
.error{border:2px solid var(--warn);color:var(--warn);padding:.75rem 1rem;border-radius:.4rem;margin:1rem 0}
ol.entries{list-style:none;padding:0;margin:0}
article{border-top:1px solid var(--line);padding:1rem 0}
.meta{margin:0;color:var(--muted);font-size:.95rem}
article h2{font-size:1.15rem;margin:.15rem 0 .6rem;overflow-wrap:anywhere}
dl{margin:0}
dl div{display:grid;grid-template-columns:10.5rem 1fr;gap:0 1rem;padding:.1rem 0}
@media (max-width:30rem){dl div{grid-template-columns:1fr;padding:.2rem 0}}
dt{color:var(--muted)}
dd{margin:0;overflow-wrap:anywhere}
mark.skjermet{background:var(--mark);color:var(--bg);padding:0 .2em;border-radius:.2em;letter-spacing:.05em}
.screening dd{font-weight:600}
details{margin-top:.6rem}
summary{cursor:pointer;color:var(--accent);min-height:2rem}
details p{margin:.4rem 0}
code{overflow-wrap:anywhere;font-size:.9rem}
form.insight{display:grid;gap:.6rem;background:var(--card);padding:.75rem 1rem;border-radius:.5rem;margin:.4rem 0}
form.insight p{margin:0}
.receipt{background:var(--card);padding:1rem;border-radius:.5rem;margin:1rem 0}
.reference{font-size:1.2rem;font-weight:700;letter-spacing:.03em}
nav.pages{display:flex;justify-content:space-between;gap:1rem;padding:1rem 0 2rem;border-top:1px solid var(--line)}
nav.pages a{display:inline-block;padding:.5rem 0;font-weight:600}
body>footer{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem;padding-bottom:2rem}
`;

/** The id of an entry's element on the page, for links to it. */
export function entryAnchor(entryId: string): string {
  return `oppforing-${entryId}`;
}

/** Text as HTML, escaped by the renderer. */
export function htmlText(text: string): string {
  return render(<>{text}</>);
}

/** "25 oppføringer"; a count that stopped at the cap is a lower bound: "over 10 000 oppføringer". */
const count = ({ count: n, exact }: TotalCount) =>
  `${exact ? '' : 'over '}${n.toLocaleString('nb-NO')} ${n === 1 && exact ? 'oppføring' : 'oppføringer'}`;

/** A public form with its screened parts (`*****`) marked. */
export function Screened({ text }: { text: string }) {
  const parts = text.split(SCREENED_MARKER);
  return (
    <>
      {parts.map((part, i) => (
        <>
          {i > 0 && (
            <mark class="skjermet" title="Skjermet">
              {SCREENED_MARKER}
            </mark>
          )}
          {part}
        </>
      ))}
    </>
  );
}

export function DateText({ date }: { date: string }) {
  return <time dateTime={date}>{norwegianDate(date)}</time>;
}

export function Field({
  label,
  children,
  class: cls,
}: {
  label: string;
  children: ComponentChildren;
  class?: string;
}) {
  return (
    <div class={cls}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Entry({
  row,
  insightAction,
  permalink,
}: {
  row: PublicEntryRow;
  insightAction: string;
  /** the entry's own page (permalinks.tsx) */
  permalink: string;
}) {
  const id = toGlobalId('PublicJournalEntry', row.id);
  const titleId = `tittel-${id}`;
  return (
    <li>
      <article id={entryAnchor(id)} aria-labelledby={titleId}>
        <p class="meta">
          {row.registry_id} · {TYPE_LABELS[row.type]}
        </p>
        <h2 id={titleId}>
          <Screened text={row.title} />
        </h2>
        <dl>
          <Field label="Sak">
            {row.case_number} <Screened text={row.case_title} />
          </Field>
          {row.class_code !== null && (
            <Field label="Arkivkode">
              <Screened text={row.class_code} />
            </Field>
          )}
          <Field label="Registrerings-ID">
            <a href={permalink}>{row.registry_id}</a>
          </Field>
          <Field label="Journalpost">
            {row.journal_year}/{row.journal_sequence_number}
          </Field>
          <Field label="Dokumenttype">{TYPE_LABELS[row.type]}</Field>
          <Field label="Journaldato">
            <DateText date={row.journal_date} />
          </Field>
          <Field label="Dokumentdato">
            {row.document_date ? <DateText date={row.document_date} /> : 'Udatert'}
          </Field>
          <Field label="Avsender/mottaker">
            {row.correspondents.length === 0
              ? 'Ikke oppgitt'
              : row.correspondents.map((name, i) => (
                  <>
                    {i > 0 && '; '}
                    <Screened text={name} />
                  </>
                ))}
          </Field>
          <Field label="Ansvarlig enhet">{row.unit}</Field>
          {row.write_off_method && (
            <Field label="Avskrevet">
              {WRITE_OFF_LABELS[row.write_off_method]}
              {row.write_off_date && (
                <>
                  , <DateText date={row.write_off_date} />
                </>
              )}
            </Field>
          )}
          {row.screened && (
            <Field label="Skjerming" class="screening">
              {row.legal_basis ? `Skjermet: ${row.legal_basis}` : 'Skjermet'}
            </Field>
          )}
        </dl>
        <details>
          <summary>Be om innsyn</summary>
          <InsightForm id={id} registryId={row.registry_id} action={insightAction} />
        </details>
      </article>
    </li>
  );
}

/**
 * Innsynskrav for one entry, without JavaScript: a plain form posted to the journal's
 * /innsyn (insight.tsx), which answers with the receipt.
 */
function InsightForm({
  id,
  registryId,
  action,
}: {
  id: string;
  registryId: string;
  action: string;
}) {
  return (
    <>
      <form class="insight" method="post" action={action}>
        <input type="hidden" name="entryId" value={id} />
        <p>Be om innsyn i {registryId}. Du får svar på e-post, vanligvis innen tre virkedager.</p>
        <div>
          <label for={`epost-${id}`}>E-postadresse</label>
          <input
            type="email"
            id={`epost-${id}`}
            name="email"
            required
            maxLength={254}
            autocomplete="email"
          />
        </div>
        <div>
          <label for={`navn-${id}`}>Navn (valgfritt)</label>
          <input type="text" id={`navn-${id}`} name="name" maxLength={200} autocomplete="name" />
        </div>
        <div>
          <label for={`melding-${id}`}>Melding (valgfritt)</label>
          <textarea id={`melding-${id}`} name="message" maxLength={4000} rows={3} />
        </div>
        <div class="actions">
          <button type="submit">Send innsynskrav</button>
        </div>
      </form>
      <p class="note">
        Du kan også be om innsyn gjennom API-et (GraphQL-mutasjonen{' '}
        <code>submitInsightRequest</code>) med denne journalpostens ID: <code>{id}</code>
      </p>
    </>
  );
}

function SearchForm({ params, units, types, paths }: JournalPageModel) {
  const typeOptions = [...types];
  if (params.type && !typeOptions.includes(params.type as JournalPostType)) {
    typeOptions.push(params.type as JournalPostType);
  }
  return (
    <form
      class="search"
      method="get"
      action={paths.page}
      role="search"
      aria-label="Søk i journalen"
    >
      <div class="wide">
        <label for="q">Søk i titler og avsender/mottaker</label>
        <input type="search" id="q" name="q" value={params.q} maxLength={200} />
      </div>
      <div>
        <label for="from">Journaldato fra</label>
        <input type="date" id="from" name="from" value={params.from} />
      </div>
      <div>
        <label for="to">Journaldato til</label>
        <input type="date" id="to" name="to" value={params.to} />
      </div>
      <div>
        <label for="unit">Enhet</label>
        <select id="unit" name="unit">
          <option value="">Alle enheter</option>
          {units.map((u) => (
            <option value={u.id} selected={u.id === params.unit}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="type">Dokumenttype</label>
        <select id="type" name="type">
          <option value="">Alle typer</option>
          {typeOptions.map((t) => (
            <option value={t} selected={t === params.type}>
              {TYPE_LABELS[t] ?? t}
            </option>
          ))}
        </select>
      </div>
      {params.legalBasis && (
        <p class="wide note">
          <input type="hidden" name="legalBasis" value={params.legalBasis} />
          Bare oppføringer skjermet etter «{params.legalBasis}».{' '}
          <a href={`${paths.page}${queryString({ ...params, legalBasis: '' })}`}>
            Fjern dette filteret
          </a>
        </p>
      )}
      <div class="wide actions">
        <button type="submit">Søk</button>
        <a href={paths.page}>Nullstill søket</a>
      </div>
    </form>
  );
}

function Results({
  params,
  result,
  paths,
}: {
  params: SearchParams;
  result: JournalResult;
  paths: JournalPaths;
}) {
  const search = queryString(params);
  const downloads = `${paths.downloads}/public-journal`;
  return (
    <>
      <div class="summary">
        <p class="count" id="antall">
          {count(result.total)}
        </p>
        <p class="downloads">
          Last ned søket: <a href={`${downloads}.csv${search}`}>CSV</a> ·{' '}
          <a href={`${downloads}.json${search}`}>JSON</a> ·{' '}
          <a href={`${downloads}.atom${search}`}>Atom-feed</a>
        </p>
      </div>
      {result.entries.length === 0 ? (
        <p>Ingen oppføringer passer søket.</p>
      ) : (
        <ol class="entries" aria-labelledby="antall">
          {result.entries.map((row) => (
            <Entry
              row={row}
              insightAction={`${paths.page}/innsyn`}
              permalink={entryPath(paths.page, row.registry_id)}
            />
          ))}
        </ol>
      )}
      {(!result.firstPage || result.nextCursor) && (
        <nav class="pages" aria-label="Sider">
          {result.firstPage ? <span /> : <a href={`${paths.page}${search}`}>Første side</a>}
          {result.nextCursor && (
            <a
              rel="next"
              href={`${paths.page}${queryString(params, { after: result.nextCursor })}`}
            >
              Neste side
            </a>
          )}
        </nav>
      )}
    </>
  );
}

function JournalPage(model: JournalPageModel) {
  const { params, result, error, paths } = model;
  const heading = `Offentlig journal – ${model.organisation.name}`;
  const title = params.q ? `Søk: ${params.q} – ${heading}` : heading;
  return (
    <html lang="nb">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link
          rel="alternate"
          type="application/atom+xml"
          title="Offentlig journal (Atom)"
          href={`${paths.downloads}/public-journal.atom${queryString(params)}`}
        />
        {/* A constant stylesheet; nothing from the request goes into it. */}
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <header class="wrap">
          <h1>Offentlig journal</h1>
          <p class="organisation">{model.organisation.name}</p>
          <p class="lead">
            Postlisten over registrerte dokumenter (
            {model.types.map((t) => TYPE_LABELS[t]).join(', ')}). Skjermede opplysninger vises som{' '}
            {SCREENED_MARKER}, med hjemmelen for skjermingen.
          </p>
        </header>
        <main class="wrap">
          <SearchForm {...model} />
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          {result && <Results params={params} result={result} paths={paths} />}
        </main>
        <footer class="wrap">
          <p>
            {model.delayWorkdays === 0
              ? 'Dokumentene vises vanligvis her fra den dagen de er journalført.'
              : `Dokumentene vises vanligvis her ${model.delayWorkdays} ${model.delayWorkdays === 1 ? 'virkedag' : 'virkedager'} etter at de er journalført.`}{' '}
            Adresser, e-post, telefonnumre og fødselsnumre vises aldri.
          </p>
        </footer>
      </body>
    </html>
  );
}

export function renderJournalPage(model: JournalPageModel): string {
  return `<!doctype html>\n${render(<JournalPage {...model} />)}`;
}

/**
 * GET /journal in an installation of several organisations: each records creator (arkivskaper)
 * keeps its own public journal, so the page lists them, each a link to its journal.
 */
export function renderOrganisationList(
  organisations: readonly { name: string; shortName: string }[],
): string {
  return `<!doctype html>\n${render(
    <html lang="nb">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Offentlig journal</title>
        {/* A constant stylesheet; nothing from the request goes into it. */}
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <header class="wrap">
          <h1>Offentlig journal</h1>
          <p class="lead">Velg hvem sin postliste du vil se.</p>
        </header>
        <main class="wrap">
          <ul class="organisations">
            {organisations.map((o) => (
              <li>
                <a href={`/journal/${encodeURIComponent(o.shortName)}`}>{o.name}</a>
              </li>
            ))}
          </ul>
        </main>
      </body>
    </html>,
  )}`;
}

/** The Atom feed's entry summary (HTML, escaped by the renderer). */
export function entrySummaryHtml(row: PublicEntryRow): string {
  return render(
    <p>
      Sak {row.case_number} {row.case_title}. {TYPE_LABELS[row.type]}, journaldato{' '}
      {norwegianDate(row.journal_date)}
      {row.document_date ? `, dokumentdato ${norwegianDate(row.document_date)}` : ', udatert'}.
      {row.correspondents.length > 0 && ` Avsender/mottaker: ${row.correspondents.join('; ')}.`}{' '}
      Enhet: {row.unit}.
      {row.write_off_method &&
        ` Avskrevet: ${WRITE_OFF_LABELS[row.write_off_method]}${row.write_off_date ? `, ${norwegianDate(row.write_off_date)}` : ''}.`}
      {row.screened && ` Skjermet${row.legal_basis ? `: ${row.legal_basis}` : ''}.`}
    </p>,
  );
}

/** A search stopped at the statement timeout: in Norwegian, then English, with what to do. */
export const TIMEOUT_MESSAGE =
  'Søket tok for lang tid og ble stoppet. Avgrens søket (datoer, enhet, flere eller sjeldnere ord) og prøv igjen. ' +
  '/ The search took too long and was stopped. Narrow it (dates, unit, more or rarer words) and try again.';

/** The search mistakes a person can make in the form, said in Norwegian. */
const FIELD_MESSAGES: Record<string, string> = {
  from: 'Fra-datoen må være en gyldig dato (ÅÅÅÅ-MM-DD).',
  to: 'Til-datoen må være en gyldig dato (ÅÅÅÅ-MM-DD) og ikke før fra-datoen.',
  unit: 'Enheten finnes ikke. Velg en enhet fra listen.',
  type: 'Dokumenttypen finnes ikke. Velg en type fra listen.',
  q: 'Søketeksten kan bare oppgis én gang.',
  query: 'Søketeksten kan ha høyst 200 tegn.',
  after: 'Lenken til neste side er ikke gyldig. Begynn på første side.',
};

export function searchMistake(err: AppError): string {
  const field = firstFieldName(err);
  return (typeof field === 'string' && FIELD_MESSAGES[field]) || 'Søket kunne ikke utføres.';
}

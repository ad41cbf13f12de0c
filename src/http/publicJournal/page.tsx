import { type ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { type AppError, firstFieldName } from '../../domain/errors';
import { SCREENED_MARKER } from '../../domain/publicTitle';
import { type JournalPostType } from '../../entities/enums';
import { type TotalCount } from '../../queries/list';
import { type PublicEntryRow } from '../../queries/publicJournal';
import { MAX_EMAIL, MAX_MESSAGE, MAX_NAME } from '../../domain/insightRequests';
import { toGlobalId } from '../../schema/globalId';
import { BASKET_PARAM, type BasketEntry, basketParam } from './basket';
import { SKIP_LINK, TYPE_LABELS, WRITE_OFF_LABELS, norwegianDate } from './labels';
import {
  NOARK_TYPE_CODES,
  queryString,
  SEARCH_PARAM_NAMES,
  type SearchParams,
  SORTS,
} from './params';
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
  /** the `before` of the previous page, when there is one */
  previousCursor: string | null;
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
  /** the order (`sort`, a key of SORTS; '' the default) */
  sort?: string;
  /** the screening codes' legal bases, offered in the legal-basis field */
  legalBases?: string[];
  result?: JournalResult;
  /** a mistake in the search, in Norwegian */
  error?: string;
  /** the `after` of the page shown, so that adding to the basket comes back to it */
  after?: string | null;
  /** the request basket (innsynskurven) the URL carries, public entries only */
  basket?: BasketEntry[];
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
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0}
.skip{position:absolute;left:1rem;top:-10rem;z-index:10;background:var(--bg);color:var(--accent);padding:.6rem 1rem;border:2px solid var(--accent);border-radius:.3rem;font-weight:600}
.skip:focus{top:1rem}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible,main:focus-visible{outline:3px solid var(--accent);outline-offset:2px;box-shadow:0 0 0 5px var(--bg)}
span.skjermet{background:var(--mark);color:var(--bg);padding:0 .2em;border-radius:.2em;letter-spacing:.05em}
.choose{display:flex;align-items:center;gap:.6rem;margin:.6rem 0 0}
.choose label,.chosen label{margin:0;font-weight:600}
input[type=checkbox]{width:1.5rem;height:1.5rem;min-height:0;margin:0;flex:none;accent-color:var(--accent)}
section.basket{background:var(--card);padding:1rem;border-radius:.5rem;margin:1.5rem 0}
section.basket h2{font-size:1.25rem;margin:0 0 .5rem}
form.request{display:grid;gap:.75rem}
form.request p{margin:0}
ul.chosen{list-style:none;padding:0;margin:0;display:grid;gap:.4rem}
ul.chosen li{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap;overflow-wrap:anywhere}
fieldset{border:1px solid var(--line);border-radius:.4rem;padding:.75rem 1rem;margin:0}
legend{font-weight:600;padding:0 .3rem}
.actions button.secondary{background:var(--bg);color:var(--accent);border:2px solid var(--accent)}
.error ul{margin:.4rem 0 0;padding-left:1.2rem}
.error a{color:inherit}
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

/**
 * A public form with its screened parts (`*****`) marked: seen as the stars, read aloud by a
 * screen reader as "skjermet" (not "stjerne stjerne …").
 */
export function Screened({ text }: { text: string }) {
  const parts = text.split(SCREENED_MARKER);
  return (
    <>
      {parts.map((part, i) => (
        <>
          {i > 0 && (
            <span class="skjermet">
              <span aria-hidden="true">{SCREENED_MARKER}</span>
              <span class="visually-hidden">skjermet</span>
            </span>
          )}
          {part}
        </>
      ))}
    </>
  );
}

/**
 * The document of every public page (journal, receipt, status, errors, permalinks): Norwegian, a
 * skip link to the main content (`<main id="innhold">`), the constant stylesheet.
 */
export function PublicDocument({
  title,
  head,
  children,
}: {
  /** the document title */
  title: string;
  /** more of <head>, e.g. a feed link */
  head?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <html lang="nb">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {head}
        {/* A constant stylesheet; nothing from the request goes into it. */}
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <a class="skip" href="#innhold">
          {SKIP_LINK}
        </a>
        {children}
      </body>
    </html>
  );
}

/** The id of every public page's main content, where the skip link leads. */
export const MAIN_ID = 'innhold';

/** A public page with one h1 in its header, its main content and an optional footer. */
export function PublicPage({
  title,
  heading,
  head,
  intro,
  footer,
  children,
}: {
  title: string;
  /** the page's one h1 */
  heading: string;
  head?: ComponentChildren;
  /** under the h1, in the header */
  intro?: ComponentChildren;
  footer?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <PublicDocument title={title} head={head}>
      <header class="wrap">
        <h1>{heading}</h1>
        {intro}
      </header>
      <main class="wrap" id={MAIN_ID} tabindex={-1}>
        {children}
      </main>
      {footer && <footer class="wrap">{footer}</footer>}
    </PublicDocument>
  );
}

/** A public page as a document. */
export function renderPublicPage(props: Parameters<typeof PublicPage>[0]): string {
  return `<!doctype html>\n${render(<PublicPage {...props} />)}`;
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

/** Correspondents (avsender/mottaker) in their public form, `; ` between them. */
export function Correspondents({ names }: { names: readonly string[] }) {
  if (names.length === 0) return <>Ikke oppgitt</>;
  return (
    <>
      {names.map((name, i) => (
        <>
          {i > 0 && '; '}
          <Screened text={name} />
        </>
      ))}
    </>
  );
}

/**
 * Every public field of an entry, as the list and the entry's own page show it; `links` makes
 * the registry id, the case number and the reply that wrote it off links where a page has them.
 */
export function EntryFields({
  row,
  links,
}: {
  row: PublicEntryRow;
  links: { entry?: string; case?: string; entryOf?: (registryId: string) => string };
}) {
  return (
    <dl>
      <Field label="Sak">
        {links.case ? <a href={links.case}>{row.case_number}</a> : row.case_number}{' '}
        <Screened text={row.case_title} />
      </Field>
      {row.class_code !== null && (
        <Field label="Arkivkode">
          <Screened text={row.class_code} />
        </Field>
      )}
      <Field label="Registrerings-ID">
        {links.entry ? <a href={links.entry}>{row.registry_id}</a> : row.registry_id}
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
        <Correspondents names={row.correspondents} />
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
          {row.written_off_by && links.entryOf && (
            <>
              {' '}
              av <a href={links.entryOf(row.written_off_by)}>{row.written_off_by}</a>
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
  );
}

/** Where an entry's checkbox belongs: the page's one request form, and whether it is chosen. */
export interface EntryChoice {
  /** the id of the form (the checkbox may stand outside it) */
  form: string;
  checked: boolean;
}

/**
 * One entry of the public journal as a list item, in its public form; with `choose`, a checkbox
 * "Be om innsyn" for the page's request form, named for screen readers by the entry's registry
 * id and title. Used by the journal page and the permalink pages.
 */
export function JournalEntry({
  row,
  permalink,
  choose,
}: {
  row: PublicEntryRow;
  /** the entry's own page (permalinks.tsx) */
  permalink: string;
  choose?: EntryChoice;
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
        <EntryFields row={row} links={{ entry: permalink }} />
        {choose && (
          <p class="choose">
            <input
              type="checkbox"
              id={`velg-${id}`}
              name="entryId"
              value={id}
              form={choose.form}
              checked={choose.checked}
            />
            <label for={`velg-${id}`}>
              Be om innsyn
              <span class="visually-hidden">
                {' '}
                i {row.registry_id} <Screened text={row.title} />
              </span>
            </label>
          </p>
        )}
      </article>
    </li>
  );
}

/** What a person has typed into a request form, kept when it comes back with a mistake. */
export interface RequestValues {
  email: string;
  name: string;
  message: string;
}

export const NO_REQUEST_VALUES: RequestValues = { email: '', name: '', message: '' };

/** The ids of the request form's fields, for the links of a list of mistakes. */
export const REQUEST_FIELD_IDS = {
  entries: 'innsyn-oppforinger',
  email: 'innsyn-epost',
  name: 'innsyn-navn',
  message: 'innsyn-melding',
} as const;

export type RequestField = keyof typeof REQUEST_FIELD_IDS;

/** A mistake in a request form, in Norwegian, and the field it is about. */
export interface RequestMistake {
  field: RequestField;
  message: string;
}

/** The mistakes of a form that came back, each a link to its field (no JavaScript needed). */
export function MistakeList({ mistakes }: { mistakes: readonly RequestMistake[] }) {
  if (mistakes.length === 0) return null;
  return (
    <div class="error" role="alert">
      <p>Innsynskravet er ikke sendt. Rett dette og send igjen:</p>
      <ul>
        {mistakes.map((m) => (
          <li>
            <a href={`#${REQUEST_FIELD_IDS[m.field]}`}>{m.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** E-mail, name, message and the send button of a request form. */
export function RequestFields({
  values,
  mistakes = [],
  button = 'Send innsynskrav',
}: {
  values: RequestValues;
  mistakes?: readonly RequestMistake[];
  /** the submit button's text */
  button?: string;
}) {
  const wrong = (field: RequestField) => mistakes.some((m) => m.field === field) || undefined;
  return (
    <>
      <div>
        <label for={REQUEST_FIELD_IDS.email}>E-postadresse</label>
        <input
          type="email"
          id={REQUEST_FIELD_IDS.email}
          name="email"
          required
          maxLength={MAX_EMAIL}
          autocomplete="email"
          value={values.email}
          aria-invalid={wrong('email')}
        />
      </div>
      <div>
        <label for={REQUEST_FIELD_IDS.name}>Navn (valgfritt)</label>
        <input
          type="text"
          id={REQUEST_FIELD_IDS.name}
          name="name"
          maxLength={MAX_NAME}
          autocomplete="name"
          value={values.name}
          aria-invalid={wrong('name')}
        />
      </div>
      <div>
        <label for={REQUEST_FIELD_IDS.message}>Melding (valgfritt)</label>
        <textarea
          id={REQUEST_FIELD_IDS.message}
          name="message"
          maxLength={MAX_MESSAGE}
          rows={3}
          value={values.message}
          aria-invalid={wrong('message')}
        />
      </div>
      <p class="note">
        Du får en kvittering med referanse på e-post, og svar vanligvis innen tre virkedager.
      </p>
      <div class="actions">
        <button type="submit">{button}</button>
      </div>
    </>
  );
}

/** The Noark code of each type, for the type select's values (`?type=U`). */
const TYPE_CODES = Object.fromEntries(
  Object.entries(NOARK_TYPE_CODES).map(([code, type]) => [type, code]),
) as Record<JournalPostType, string>;

/** The type select's option for a `type` parameter as given (a code or the API's name). */
const chosenType = (given: string, type: JournalPostType) =>
  given === type || given.toUpperCase() === TYPE_CODES[type];

/**
 * One request for several entries, without JavaScript: a checkbox for each (checked unless
 * `unchecked` names it), e-mail, name and message, one send button; posted to the journal's
 * /innsyn (insight.tsx). The form that comes back with a mistake, and a case's "whole case" form.
 */
export function RequestForm({
  action,
  entries,
  values = NO_REQUEST_VALUES,
  mistakes = [],
  unchecked = new Set<string>(),
  legend = 'Oppføringer du ber om innsyn i',
}: {
  /** the journal's /innsyn */
  action: string;
  entries: readonly BasketEntry[];
  values?: RequestValues;
  mistakes?: readonly RequestMistake[];
  unchecked?: ReadonlySet<string>;
  legend?: string;
}) {
  return (
    <form class="request" method="post" action={action}>
      <fieldset id={REQUEST_FIELD_IDS.entries} tabindex={-1}>
        <legend>{legend}</legend>
        {entries.length === 0 ? (
          <p>Ingen oppføringer er valgt.</p>
        ) : (
          <ul class="chosen">
            {entries.map((e) => (
              <li>
                <input
                  type="checkbox"
                  id={`valgt-${e.id}`}
                  name="entryId"
                  value={e.id}
                  checked={!unchecked.has(e.id)}
                />
                <label for={`valgt-${e.id}`}>
                  {e.registryId} <Screened text={e.title} />
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <RequestFields values={values} mistakes={mistakes} />
    </form>
  );
}

/** The id of the journal page's one request form, which the entries' checkboxes belong to. */
export const BASKET_FORM_ID = 'innsynskurv';

/**
 * Innsynskurven on the journal page: the entries chosen on other pages (carried in the URL,
 * `kurv=`, and here as hidden fields), each with a link that takes it out; "Legg valgte i kurven"
 * (the checked entries of this page join the basket and the page comes back, so that one can page
 * on and choose more); and the request fields. One form for the page.
 */
function BasketBox({
  model,
  onPage,
  keep,
}: {
  model: JournalPageModel;
  /** the entries shown on this page (their checkboxes stand for them) */
  onPage: ReadonlySet<string>;
  /** the basket as a query parameter, for links */
  keep: (ids: readonly string[]) => string;
}) {
  const { paths, params } = model;
  const basket = model.basket ?? [];
  const ids = basket.map((e) => e.id);
  return (
    <section class="basket" aria-labelledby="kurv-tittel">
      <h2 id="kurv-tittel">Innsynskurv</h2>
      <form class="request" id={BASKET_FORM_ID} method="post" action={`${paths.page}/innsyn`}>
        {basket.length === 0 ? (
          <p>
            Huk av «Be om innsyn» ved oppføringene du vil se, og send ett krav for alle. Vil du ha
            med oppføringer fra flere sider, trykker du «Legg valgte i kurven» før du blar videre.
          </p>
        ) : (
          <>
            <p>
              {basket.length === 1 ? '1 oppføring' : `${basket.length} oppføringer`} i kurven.
              Kurven følger med når du blar eller søker.
            </p>
            <ul class="chosen" id={REQUEST_FIELD_IDS.entries}>
              {basket.map((e) => (
                <li>
                  <span>
                    {e.registryId} <Screened text={e.title} />
                    {onPage.has(e.id) ? ' (på denne siden)' : ''}
                  </span>
                  {!onPage.has(e.id) && <input type="hidden" name="entryId" value={e.id} />}
                  <a href={keep(ids.filter((id) => id !== e.id))}>
                    Fjern<span class="visually-hidden"> {e.registryId} fra kurven</span>
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
        {/* Where "Legg valgte i kurven" comes back to: this search and this page. */}
        {SEARCH_PARAM_NAMES.map((name) =>
          params[name] ? <input type="hidden" name={name} value={params[name]} /> : null,
        )}
        {model.sort && <input type="hidden" name="sort" value={model.sort} />}
        {model.after && <input type="hidden" name="after" value={model.after} />}
        <div class="actions">
          <button
            type="submit"
            class="secondary"
            formaction={`${paths.page}/innsyn/kurv`}
            formnovalidate
          >
            Legg valgte i kurven
          </button>
        </div>
        <RequestFields values={NO_REQUEST_VALUES} />
      </form>
    </section>
  );
}

function SearchForm({
  params,
  units,
  types,
  paths,
  sort = '',
  legalBases = [],
  basket,
}: JournalPageModel) {
  const typed = params.type && !types.some((t) => chosenType(params.type, t));
  return (
    <form
      class="search"
      method="get"
      action={paths.page}
      role="search"
      aria-label="Søk i journalen"
    >
      <div class="wide">
        <label for="q">Søk i titler, avsender/mottaker og saksnummer</label>
        <input
          type="search"
          id="q"
          name="q"
          value={params.q}
          maxLength={200}
          aria-describedby="sokehjelp"
        />
        <p class="note" id="sokehjelp">
          Saksnummer (2026/30) finner hele saken, registrerings-ID (2026/30-4) ett dokument. skole*
          finner ord som begynner på «skole», "hele uttrykk" søkes i anførselstegn, og -ord utelater
          alt med ordet.
        </p>
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
        <label for="documentFrom">Dokumentdato fra</label>
        <input type="date" id="documentFrom" name="documentFrom" value={params.documentFrom} />
      </div>
      <div>
        <label for="documentTo">Dokumentdato til</label>
        <input type="date" id="documentTo" name="documentTo" value={params.documentTo} />
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
          {types.map((t) => (
            <option value={TYPE_CODES[t]} selected={chosenType(params.type, t)}>
              {TYPE_LABELS[t]}
            </option>
          ))}
          {typed && (
            <option value={params.type} selected>
              {params.type}
            </option>
          )}
        </select>
      </div>
      <div>
        <label for="legalBasis">Skjermingshjemmel</label>
        <input
          type="text"
          id="legalBasis"
          name="legalBasis"
          value={params.legalBasis}
          list="hjemler"
          maxLength={200}
        />
        <datalist id="hjemler">
          {legalBases.map((basis) => (
            <option value={basis} />
          ))}
        </datalist>
      </div>
      <div>
        <label for="sort">Sortering</label>
        <select id="sort" name="sort">
          {Object.entries(SORTS).map(([value, { label }]) => (
            <option value={value} selected={value === sort}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {/* The request basket stays when the search changes. */}
      {basket && basket.length > 0 && (
        <input type="hidden" name={BASKET_PARAM} value={basketParam(basket.map((e) => e.id))!} />
      )}
      <div class="wide actions">
        <button type="submit">Søk</button>
        <a href={paths.page}>Nullstill søket</a>
      </div>
    </form>
  );
}

function Results({ model, result }: { model: JournalPageModel; result: JournalResult }) {
  const { params, paths } = model;
  const sort = model.sort ?? '';
  const search = queryString(params);
  const downloads = `${paths.downloads}/public-journal`;
  const basket = model.basket ?? [];
  const chosen = new Set(basket.map((e) => e.id));
  const onPage = new Set(result.entries.map((row) => toGlobalId('PublicJournalEntry', row.id)));
  // Every link of the page carries the basket (kurv=), so that it survives paging without JavaScript.
  const kurv = basketParam(basket.map((e) => e.id));
  const keep = (ids: readonly string[]) =>
    `${paths.page}${queryString(params, { sort: model.sort ?? null, after: model.after ?? null, [BASKET_PARAM]: basketParam(ids) })}`;
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
            <JournalEntry
              row={row}
              permalink={entryPath(paths.page, row.registry_id)}
              choose={{
                form: BASKET_FORM_ID,
                checked: chosen.has(toGlobalId('PublicJournalEntry', row.id)),
              }}
            />
          ))}
        </ol>
      )}
      <Paging params={params} result={result} paths={paths} sort={sort} kurv={kurv} />
      {(result.entries.length > 0 || basket.length > 0) && (
        <BasketBox model={model} onPage={onPage} keep={keep} />
      )}
    </>
  );
}

/** Links to the first, previous and next page, in the same order and search. */
function Paging({
  params,
  result,
  paths,
  sort,
  kurv,
}: {
  params: SearchParams;
  result: JournalResult;
  paths: JournalPaths;
  sort: string;
  /** the request basket, carried by every link */
  kurv: string | null;
}) {
  if (result.firstPage && !result.nextCursor) return null;
  const link = (cursor: Record<string, string | null>) =>
    `${paths.page}${queryString(params, { sort, ...cursor, [BASKET_PARAM]: kurv })}`;
  return (
    <nav class="pages" aria-label="Sider">
      {result.firstPage ? (
        <span />
      ) : (
        <span class="previous">
          <a href={link({})}>Første side</a>
          {result.previousCursor && (
            <>
              {' · '}
              <a rel="prev" href={link({ before: result.previousCursor })}>
                Forrige side
              </a>
            </>
          )}
        </span>
      )}
      {result.nextCursor && (
        <a rel="next" href={link({ after: result.nextCursor })}>
          Neste side
        </a>
      )}
    </nav>
  );
}

/** The search's parameters as hidden fields: the form posts the search the page shows. */
function SearchFields({ params }: { params: SearchParams }) {
  return (
    <>
      {SEARCH_PARAM_NAMES.filter((name) => params[name]).map((name) => (
        <input type="hidden" name={name} value={params[name]} />
      ))}
    </>
  );
}

/**
 * E-post om nye oppføringer: the subscribe form of an e-mail alert for the search shown, under its
 * results; also the form kept as typed on a mistake (alerts.tsx, docs/public-journal.md).
 */
export function AlertForm({
  action,
  params,
  email = '',
  error,
}: {
  action: string;
  params: SearchParams;
  email?: string;
  error?: string;
}) {
  return (
    <form class="insight" method="post" action={action} aria-labelledby="varsel-tittel">
      <h2 id="varsel-tittel">Få e-post om nye oppføringer for dette søket</h2>
      <SearchFields params={params} />
      <p>
        Du får én e-post om dagen når nye oppføringer som passer søket, er blitt offentlige. Du må
        først bekrefte adressen med en lenke vi sender deg.
      </p>
      {error && (
        <p class="error" role="alert" id="varsel-feil">
          {error}
        </p>
      )}
      <div>
        <label for="varsel-epost">E-postadresse for varselet</label>
        <input
          type="email"
          id="varsel-epost"
          name="email"
          required
          maxLength={MAX_EMAIL}
          autocomplete="email"
          value={email}
          aria-describedby={error ? 'varsel-feil' : undefined}
        />
      </div>
      <div class="actions">
        <button type="submit">Bestill varsel</button>
      </div>
    </form>
  );
}

function JournalPage(model: JournalPageModel) {
  const { params, result, error, paths } = model;
  const heading = `Offentlig journal – ${model.organisation.name}`;
  const title = params.q ? `Søk: ${params.q} – ${heading}` : heading;
  return (
    <PublicPage
      title={title}
      heading="Offentlig journal"
      head={
        <link
          rel="alternate"
          type="application/atom+xml"
          title="Offentlig journal (Atom)"
          href={`${paths.downloads}/public-journal.atom${queryString(params)}`}
        />
      }
      intro={
        <>
          <p class="organisation">{model.organisation.name}</p>
          <p class="lead">
            Postlisten over registrerte dokumenter (
            {model.types.map((t) => TYPE_LABELS[t]).join(', ')}). Skjermede opplysninger vises som{' '}
            <span aria-hidden="true">{SCREENED_MARKER}</span>
            <span class="visually-hidden">stjerner</span>, med hjemmelen for skjermingen.
          </p>
        </>
      }
      footer={
        <p>
          {model.delayWorkdays === 0
            ? 'Dokumentene vises vanligvis her fra den dagen de er journalført.'
            : `Dokumentene vises vanligvis her ${model.delayWorkdays} ${model.delayWorkdays === 1 ? 'virkedag' : 'virkedager'} etter at de er journalført.`}{' '}
          Adresser, e-post, telefonnumre og fødselsnumre vises aldri.{' '}
          <a href={`${paths.page}/innsyn/status`}>Se status for et innsynskrav</a>
        </p>
      }
    >
      <SearchForm {...model} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {result && <Results model={model} result={result} />}
      {result && <AlertForm action={`${paths.page}/varsel`} params={params} />}
    </PublicPage>
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
  return renderPublicPage({
    title: 'Offentlig journal',
    heading: 'Offentlig journal',
    intro: <p class="lead">Velg hvem sin postliste du vil se.</p>,
    children: (
      <ul class="organisations">
        {organisations.map((o) => (
          <li>
            <a href={`/journal/${encodeURIComponent(o.shortName)}`}>{o.name}</a>
          </li>
        ))}
      </ul>
    ),
  });
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

/** A search stopped at the statement timeout, with what to do: on the page, in Norwegian only. */
export const TIMEOUT_MESSAGE =
  'Søket tok for lang tid og ble stoppet. Avgrens søket (datoer, enhet, flere eller sjeldnere ord) og prøv igjen.';

/** The same for a download, read by scripts as much as people: Norwegian, then English. */
export const DOWNLOAD_TIMEOUT_MESSAGE = `${TIMEOUT_MESSAGE} / The search took too long and was stopped. Narrow it (dates, unit, more or rarer words) and try again.`;

/** The search mistakes a person can make in the form, said in Norwegian. */
const FIELD_MESSAGES: Record<string, string> = {
  from: 'Fra-datoen må være en gyldig dato (ÅÅÅÅ-MM-DD).',
  to: 'Til-datoen må være en gyldig dato (ÅÅÅÅ-MM-DD) og ikke før fra-datoen.',
  unit: 'Enheten finnes ikke. Velg en enhet fra listen.',
  type: 'Dokumenttypen finnes ikke. Velg en type fra listen.',
  documentFrom: 'Dokumentdato fra må være en gyldig dato (ÅÅÅÅ-MM-DD).',
  documentTo: 'Dokumentdato til må være en gyldig dato (ÅÅÅÅ-MM-DD) og ikke før dokumentdato fra.',
  sort: 'Sorteringen finnes ikke. Velg en sortering fra listen.',
  q: 'Søketeksten kan bare oppgis én gang.',
  query: 'Søketeksten kan ha høyst 200 tegn.',
  after: 'Lenken til neste side er ikke gyldig. Begynn på første side.',
  before: 'Lenken til forrige side er ikke gyldig. Begynn på første side.',
};

export function searchMistake(err: AppError): string {
  const field = firstFieldName(err);
  return (typeof field === 'string' && FIELD_MESSAGES[field]) || 'Søket kunne ikke utføres.';
}

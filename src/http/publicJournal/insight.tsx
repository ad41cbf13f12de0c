import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { type ComponentChildren } from 'preact';
import { AppError, type ErrorCode, type FieldError, fieldErrorsOf } from '../../domain/errors';
import { MAX_ITEMS } from '../../domain/insightRequests/input';
import { type PublicStatus } from '../../domain/insightRequests';
import { InsightOutcome, InsightRequestStatus } from '../../entities';
import { type OrganisationRef } from '../../auth/viewer';
import { requestedEntry } from '../../schema/globalId';
import { type ServiceContext } from '../../services/context';
import {
  appealInsightDecision,
  publicInsightStatus,
  type InsightReceipt,
  reserveSubmissions,
  submitInsightRequest,
} from '../../services/insightRequests';
import { BASKET_MAX, BASKET_PARAM, basketEntries, basketParam, readBasket } from './basket';
import { norwegianDate } from './labels';
import {
  MistakeList,
  RequestForm,
  type RequestMistake,
  type RequestValues,
  renderPublicPage,
  Screened,
} from './page';
import { NO_SEARCH, parsePaging, queryString, readParams } from './params';
import {
  both,
  type FormAnswer as Answer,
  type FormJournal,
  publicFormHandler,
  type PublicFormOptions,
} from './forms';
import { SECURITY_HEADERS } from './routes';

/**
 * Insight requests for people without a GraphQL client (no JavaScript needed):
 *
 * | route                                 | what                                                   |
 * |---------------------------------------|--------------------------------------------------------|
 * | POST /journal/{org}/innsyn            | one request for every `entryId` posted; 303 to the     |
 * |                                       | receipt, or the form again (400) with what was typed   |
 * | GET  /journal/{org}/innsyn/kvittering | the receipt, once (see RECEIPT_COOKIE)                 |
 * | POST /journal/{org}/innsyn/kurv       | "Legg valgte i kurven": 303 to the journal page with   |
 * |                                       | the checked entries in its basket (`kurv=`)            |
 * | GET  /journal/{org}/innsyn/status     | a form asking for the reference                        |
 * | POST /journal/{org}/innsyn/status     | the status by reference, with download links           |
 * | POST /journal/{org}/innsyn/klage      | the appeal, by reference and reason                    |
 *
 * Each under the journal of one organisation (arkivskaper): a request goes to it, may name only
 * entries of its public journal, and is looked up by reference in it (references are unique
 * within an organisation). Without {org} (/journal/innsyn …, the paths of before) they act for the
 * organisation X-Organisation names, or the only one. Each runs in one transaction set to the
 * organisation, committed before the answer is sent.
 *
 * The reference travels in form bodies and the receipt's cookie only, never in a URL (nor so in
 * logs or Referer headers).
 * Submissions spend the same insight budget as submitInsightRequest (RATE_LIMIT_INSIGHT_*), and
 * these paths the public download budget (they are under /journal). A form posted from another
 * site (Origin not this host) is refused. Every change goes through the same services as GraphQL
 * (services/insightRequests.ts); a refusal is shown with its message.
 */
export type InsightPageOptions = PublicFormOptions;

const STATUS_WORDS: Record<InsightRequestStatus, string> = {
  [InsightRequestStatus.RECEIVED]: 'Mottatt',
  [InsightRequestStatus.IN_PROGRESS]: 'Under behandling',
  [InsightRequestStatus.DECIDED]: 'Avgjort',
  [InsightRequestStatus.APPEALED]: 'Påklaget – til ny vurdering',
  [InsightRequestStatus.CLOSED]: 'Avsluttet',
};

const OUTCOME_WORDS: Record<InsightOutcome, string> = {
  [InsightOutcome.FULL]: 'Innsyn',
  [InsightOutcome.PARTIAL]: 'Delvis innsyn (sladdet utgave)',
  [InsightOutcome.DENIED]: 'Avslag',
};

/** The mistakes of the status and appeal forms, said in Norwegian. */
const FIELD_MESSAGES: Record<string, string> = {
  reference: 'Skriv referansen slik den står i kvitteringen: INN- og 26 tegn.',
  reason: 'Skriv hvorfor du klager (høyst 4000 tegn).',
};

/** A refusal of the request form, said in Norwegian, with the field it is about. */
function requestMistake(e: FieldError, given: number): RequestMistake {
  const field = e.path.findLast((segment): segment is string => typeof segment === 'string');
  switch (field) {
    case 'entryIds':
      if (e.code === 'REQUIRED') {
        return { field: 'entries', message: 'Velg minst én oppføring du vil se.' };
      }
      if (e.code === 'TOO_LONG') {
        return {
          field: 'entries',
          message: `Et innsynskrav kan gjelde høyst ${MAX_ITEMS} oppføringer, og du har valgt ${given}. Fjern noen, og send resten i et nytt krav.`,
        };
      }
      return {
        field: 'entries',
        message:
          'Noen av oppføringene finnes ikke i den offentlige journalen og er tatt ut av listen. Se over listen og send igjen.',
      };
    case 'requesterEmail':
      return {
        field: 'email',
        message:
          e.code === 'REQUIRED'
            ? 'Skriv e-postadressen svaret skal sendes til.'
            : 'E-postadressen er ikke gyldig. Skriv den slik: navn@eksempel.no.',
      };
    case 'requesterName':
      return { field: 'name', message: 'Navnet kan ha høyst 200 tegn og ingen kontrolltegn.' };
    case 'message':
      return { field: 'message', message: 'Meldingen kan ha høyst 4000 tegn.' };
    default:
      return { field: 'entries', message: 'Skjemaet kunne ikke sendes. Se over og send igjen.' };
  }
}

/**
 * The receipt's way from the POST to the GET after it (POST → 303 → GET), so that a reload
 * sends nothing again: the reference, the request's only key for the public, may not stand in the
 * URL (it would reach the history, logs and Referer headers). It goes in a cookie instead that only
 * the receipt page gets (its Path), for ten minutes at most, HttpOnly (no script reads it),
 * SameSite=Strict (no other site's link or form brings it along) and Secure over HTTPS; the
 * receipt page clears it as it shows it, so it is shown once. Nothing is kept on the server: the
 * workers of the cluster share no memory, and the reference is stored only as a hash. The mail
 * with the receipt holds the reference too.
 */
const RECEIPT_COOKIE = 'innsynskvittering';
const RECEIPT_SECONDS = 600;
const REFERENCE = /^INN-[0-9A-Z]{26}$/;

function receiptCookie(req: Request, base: string, value: string, seconds: number): string {
  return [
    `${RECEIPT_COOKIE}=${value}`,
    `Path=${base}/innsyn/kvittering`,
    `Max-Age=${seconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(req.secure ? ['Secure'] : []),
  ].join('; ');
}

/** The reference in the receipt's cookie, if there is one of the right form. */
function receiptReference(req: Request): string | null {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === RECEIPT_COOKIE && value && REFERENCE.test(value)) return value;
  }
  return null;
}

/** The answer to a refusal of the services, by its code. */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  STALE_VERSION: 409,
  INVALID_STATE: 409,
  CONFLICT: 409,
};

/** What a refusal of the services means for the person at the form, by its code. */
const REFUSALS: Partial<Record<ErrorCode, string>> = {
  NOT_FOUND: 'Fant ikke noe innsynskrav med denne referansen.',
  INVALID_STATE:
    'Kravet kan ikke påklages nå: du kan klage når noe er avslått, eller når svarfristen er ute uten at du har fått svar.',
  CONFLICT: 'Kravet er endret i mellomtiden. Se status på nytt og prøv igjen.',
  STALE_VERSION: 'Kravet er endret i mellomtiden. Se status på nytt og prøv igjen.',
  FORBIDDEN: 'Dette kan ikke gjøres fra den offentlige journalen.',
};

const OSLO_TIME = new Intl.DateTimeFormat('nb-NO', {
  timeZone: 'Europe/Oslo',
  dateStyle: 'short',
  timeStyle: 'short',
});

/** A page of the insight forms: its title, and where its journal is (/journal/{org} or /journal). */
const page = (title: string, base: string, body: ComponentChildren) =>
  renderPublicPage({
    title,
    heading: title,
    footer: (
      <p>
        <a href={base}>Til den offentlige journalen</a> ·{' '}
        <a href={`${base}/innsyn/status`}>Se status for et innsynskrav</a>
      </p>
    ),
    children: body,
  });

function ReferenceForm({ base, reference }: { base: string; reference?: string }) {
  return (
    <form class="insight" method="post" action={`${base}/innsyn/status`}>
      {reference ? (
        <input type="hidden" name="reference" value={reference} />
      ) : (
        <div>
          <label for="reference">Referanse (INN-…)</label>
          <input
            type="text"
            id="reference"
            name="reference"
            required
            maxLength={100}
            autocomplete="off"
          />
        </div>
      )}
      <div class="actions">
        <button type="submit">Se status</button>
      </div>
    </form>
  );
}

function StatusView({ s, base, notice }: { s: PublicStatus; base: string; notice?: string }) {
  return (
    <>
      {notice && (
        <p class="receipt" role="status">
          {notice}
        </p>
      )}
      <dl>
        <div>
          <dt>Referanse</dt>
          <dd>
            <code>{s.reference}</code>
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{STATUS_WORDS[s.status]}</dd>
        </div>
        <div>
          <dt>Mottatt</dt>
          <dd>{OSLO_TIME.format(s.receivedAt)}</dd>
        </div>
        <div>
          <dt>Svarfrist</dt>
          <dd>{norwegianDate(s.dueDate)}</dd>
        </div>
      </dl>
      <ol class="entries">
        {s.items.map((item) => (
          <li>
            <article>
              <p class="meta">{item.registryId}</p>
              <h2>
                <Screened text={item.title} />
              </h2>
              <dl>
                <div>
                  <dt>Avgjørelse</dt>
                  <dd>
                    {item.outcome ? OUTCOME_WORDS[item.outcome] : 'Ikke avgjort ennå'}
                    {item.appealPending && ' – påklaget, til ny vurdering'}
                  </dd>
                </div>
                {item.legalBasis && (
                  <div>
                    <dt>Hjemmel</dt>
                    <dd>{item.legalBasis}</dd>
                  </div>
                )}
                {item.downloadUrl && (
                  <div>
                    <dt>Dokument</dt>
                    <dd>
                      <a href={item.downloadUrl}>Last ned</a>
                      {item.downloadExpiresAt &&
                        ` (lenken virker til ${OSLO_TIME.format(item.downloadExpiresAt)})`}
                    </dd>
                  </div>
                )}
              </dl>
            </article>
          </li>
        ))}
      </ol>
      {s.appealInformation && <p class="note">{s.appealInformation}</p>}
      {s.canAppeal && (
        <form class="insight" method="post" action={`${base}/innsyn/klage`}>
          <input type="hidden" name="reference" value={s.reference} />
          <div>
            <label for="reason">Klage: hvorfor mener du at du skal få innsyn?</label>
            <textarea id="reason" name="reason" required maxLength={4000} rows={4} />
          </div>
          <div class="actions">
            <button type="submit">Send klage</button>
          </div>
        </form>
      )}
    </>
  );
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A form field given once or repeated, as strings. */
const strings = (v: unknown): string[] =>
  typeof v === 'string'
    ? [v]
    : Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string')
      : [];

/** Where the journal of a form's path is: /journal/{org}, or /journal. */
function baseOf(req: Request): string {
  const inPath = typeof req.params.org === 'string' ? req.params.org : undefined;
  return inPath ? `/journal/${encodeURIComponent(inPath)}` : '/journal';
}

/** Each message once (several unknown entries are one mistake). */
function uniqueMistakes(mistakes: RequestMistake[]): RequestMistake[] {
  const seen = new Set<string>();
  return mistakes.filter((m) => !seen.has(m.message) && seen.add(m.message));
}

/** The receipt: the reference, what happens next, the dates and every entry of the request. */
function Receipt({
  s,
  organisation,
  base,
}: {
  s: PublicStatus;
  organisation: OrganisationRef;
  base: string;
}) {
  return (
    <>
      <div class="receipt" role="status">
        <p>Referansen din hos {organisation.name}:</p>
        <p class="reference">
          <code>{s.reference}</code>
        </p>
        <p>
          Ta vare på referansen. Bare med den kan du se status, hente dokumentene du får innsyn i og
          klage. Denne siden vises bare én gang.
        </p>
        <p>
          Vi sender nå en kvittering med referansen og svarfristen til e-postadressen du oppga.
          Svaret kommer også på e-post, innen svarfristen nedenfor: for hvert dokument får du vite
          om du får innsyn, og dokumentene du får innsyn i, kan du laste ned fra lenker i e-posten.
          Får du ikke svar innen {norwegianDate(s.answerDeadline)} (fem virkedager), regnes kravet
          som avslått, og du kan klage.
        </p>
      </div>
      <dl>
        <div>
          <dt>Mottatt</dt>
          <dd>{OSLO_TIME.format(s.receivedAt)}</dd>
        </div>
        <div>
          <dt>Svarfrist</dt>
          <dd>{norwegianDate(s.dueDate)} (tre virkedager)</dd>
        </div>
      </dl>
      <h2>{s.items.length === 1 ? 'Dokumentet' : `${s.items.length} dokumenter`} du ba om</h2>
      <ul class="chosen">
        {s.items.map((item) => (
          <li>
            <span>
              {item.registryId} <Screened text={item.title} />
            </span>
          </li>
        ))}
      </ul>
      <ReferenceForm base={base} reference={s.reference} />
    </>
  );
}

export function insightPageRoutes(options: InsightPageOptions): Router {
  const { config } = options;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 10 });

  function send(res: Response, answer: Answer, base: string): void {
    res.status(answer.status).set(SECURITY_HEADERS).set('Cache-Control', 'no-store');
    if (answer.headers) res.set(answer.headers);
    res.type('text/html; charset=utf-8').send(page(answer.title, base, answer.body));
  }

  /** A refusal of the services as a page, in Norwegian only (their messages are English). */
  function mistake(err: AppError, title: string, base: string): Answer {
    const field = fieldErrorsOf(err)[0]?.path.findLast((s) => typeof s === 'string');
    const known = typeof field === 'string' ? FIELD_MESSAGES[field] : undefined;
    return {
      status: HTTP_STATUS[err.code] ?? 400,
      title,
      body: (
        <>
          <p class="error" role="alert">
            {known ?? REFUSALS[err.code] ?? 'Skjemaet kunne ikke sendes. Se over og prøv igjen.'}
          </p>
          <p>
            <a href={base}>Tilbake til journalen</a>
          </p>
        </>
      ),
    };
  }

  /** A form's handler: its refusals as a page of this form (forms.tsx). */
  const handle = (
    title: string,
    run: (req: Request, ctx: ServiceContext, journal: FormJournal) => Promise<Answer>,
  ) => publicFormHandler(options, send, title, run, (err, _req, base) => mistake(err, title, base));

  router.get(both('/innsyn'), (req, res) => {
    const inPath = typeof req.params.org === 'string' ? req.params.org : undefined;
    res.redirect(303, inPath ? `/journal/${encodeURIComponent(inPath)}` : '/journal');
  });

  // A request may name up to MAX_ITEMS entries; the parser takes more (a basket link's worth), so
  // that a longer list is refused in words with the choices kept, not by the parser.
  const parseRequestForm = express.urlencoded({
    extended: false,
    limit: '32kb',
    parameterLimit: BASKET_MAX + 20,
  });
  const requestForm: RequestHandler = (req, res, next) =>
    parseRequestForm(req, res, (err?: unknown) => {
      if (!err) return next();
      send(
        res,
        {
          status: 413,
          title: 'Innsynskrav',
          body: (
            <p class="error" role="alert">
              Skjemaet har for mange oppføringer. Et innsynskrav kan gjelde høyst {MAX_ITEMS}{' '}
              oppføringer.
            </p>
          ),
        },
        baseOf(req),
      );
    });

  router.post(
    both('/innsyn'),
    requestForm,
    handle('Innsynskrav', async (req, ctx, { organisation, base }): Promise<Answer> => {
      const given = strings(req.body?.entryId);
      const values: RequestValues = {
        email: text(req.body?.email),
        name: text(req.body?.name),
        message: text(req.body?.message),
      };
      const budget = await reserveSubmissions(ctx, 1);
      if (!budget.allowed) {
        return {
          status: 429,
          title: 'Innsynskrav',
          headers: { 'Retry-After': String(budget.retryAfterSeconds) },
          body: (
            <p class="error" role="alert">
              Du har sendt mange innsynskrav på kort tid. Prøv igjen om{' '}
              {Math.ceil(budget.retryAfterSeconds / 60)} minutter.
            </p>
          ),
        };
      }
      // The entries as this journal shows them, for the form should it come back: read first,
      // while nothing has failed in the transaction.
      const chosen = await basketEntries(
        ctx.em,
        config.publicJournal,
        ctx.today,
        readBasket(given),
      );
      let reference: string;
      try {
        // Only entries of this journal: the request goes to its organisation.
        [{ reference }] = (await submitInsightRequest(
          ctx,
          {
            entries: given.map(requestedEntry),
            requesterEmail: values.email,
            requesterName: values.name,
            message: values.message,
          },
          [organisation],
        )) as [InsightReceipt];
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'BAD_USER_INPUT')) throw err;
        const mistakes = uniqueMistakes(
          fieldErrorsOf(err).map((e) => requestMistake(e, new Set(given).size)),
        );
        const back = basketParam(chosen.map((e) => e.id));
        return {
          status: 400,
          title: 'Innsynskrav',
          body: (
            <>
              <MistakeList mistakes={mistakes} />
              <RequestForm
                action={`${base}/innsyn`}
                entries={chosen}
                values={values}
                mistakes={mistakes}
              />
              <p>
                <a href={`${base}${queryString(NO_SEARCH, { [BASKET_PARAM]: back })}`}>
                  Tilbake til journalen, med oppføringene i innsynskurven
                </a>
              </p>
            </>
          ),
        };
      }
      return {
        status: 303,
        title: 'Innsynskravet er mottatt',
        headers: {
          Location: `${base}/innsyn/kvittering`,
          'Set-Cookie': receiptCookie(req, base, reference, RECEIPT_SECONDS),
        },
        body: (
          <p>
            <a href={`${base}/innsyn/kvittering`}>Til kvitteringen</a>
          </p>
        ),
      };
    }),
  );

  router.get(
    both('/innsyn/kvittering'),
    handle(
      'Innsynskravet er mottatt',
      async (req, ctx, { organisation, base }): Promise<Answer> => {
        const reference = receiptReference(req);
        const status = reference ? await publicInsightStatus(ctx, organisation, reference) : null;
        // Shown once: the cookie goes as the receipt is shown.
        const clear = { 'Set-Cookie': receiptCookie(req, base, '', 0) };
        if (!status) {
          return {
            status: 200,
            title: 'Kvittering for innsynskrav',
            headers: clear,
            body: (
              <>
                <p>
                  Kvitteringen vises bare én gang, rett etter at kravet er sendt. Referansen står
                  også i e-posten med kvitteringen. Med den kan du se status for kravet:
                </p>
                <ReferenceForm base={base} />
              </>
            ),
          };
        }
        return {
          status: 200,
          title: 'Innsynskravet er mottatt',
          headers: clear,
          body: <Receipt s={status} organisation={organisation} base={base} />,
        };
      },
    ),
  );

  router.post(both('/innsyn/kurv'), requestForm, (req, res) => {
    const kurv = { [BASKET_PARAM]: basketParam(readBasket(req.body?.entryId)) };
    let search: string;
    try {
      const { sort, after } = parsePaging(req.body ?? {});
      search = queryString(readParams(req.body ?? {}), { sort, after, ...kurv });
    } catch {
      // A repeated search field: back to the first page of the journal, with the basket.
      search = queryString(NO_SEARCH, kurv);
    }
    res.set(SECURITY_HEADERS).set('Cache-Control', 'no-store');
    res.redirect(303, `${baseOf(req)}${search}`);
  });

  router.get(both('/innsyn/status'), (req, res) => {
    const inPath = typeof req.params.org === 'string' ? req.params.org : undefined;
    const base = inPath ? `/journal/${encodeURIComponent(inPath)}` : '/journal';
    send(
      res,
      { status: 200, title: 'Status for innsynskrav', body: <ReferenceForm base={base} /> },
      base,
    );
  });

  router.post(
    both('/innsyn/status'),
    form,
    handle('Status for innsynskrav', async (req, ctx, { organisation, base }) => {
      const status = await publicInsightStatus(ctx, organisation, text(req.body?.reference));
      if (!status) {
        return {
          status: 404,
          title: 'Status for innsynskrav',
          body: (
            <>
              <p class="error" role="alert">
                Fant ikke noe innsynskrav med denne referansen.
              </p>
              <ReferenceForm base={base} />
            </>
          ),
        };
      }
      return {
        status: 200,
        title: 'Status for innsynskrav',
        body: <StatusView s={status} base={base} />,
      };
    }),
  );

  router.post(
    both('/innsyn/klage'),
    form,
    handle('Klage på innsynskrav', async (req, ctx, { organisation, base }) => {
      const status = await appealInsightDecision(
        ctx,
        organisation,
        text(req.body?.reference),
        text(req.body?.reason),
      );
      return {
        status: 200,
        title: 'Klagen er mottatt',
        body: (
          <StatusView
            s={status}
            base={base}
            notice="Klagen er mottatt. Vi vurderer kravet på nytt."
          />
        ),
      };
    }),
  );

  return router;
}

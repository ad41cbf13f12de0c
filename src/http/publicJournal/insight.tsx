import { type MikroORM } from '@mikro-orm/postgresql';
import express, { type Request, type Response, type Router } from 'express';
import { type ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { type Logger } from 'pino';
import { type Config } from '../../config';
import { anonymousViewer, type OrganisationRef } from '../../auth/viewer';
import { AppError, type ErrorCode, firstFieldName } from '../../domain/errors';
import { type InsightRuntime, type PublicStatus } from '../../domain/insightRequests';
import { InsightOutcome, InsightRequestStatus } from '../../entities';
import { defineAbilityFor } from '../../policies/ability';
import { requestedEntry } from '../../schema/globalId';
import { type ServiceContext } from '../../services/context';
import { beginRequest, endRequest, ORGANISATION_HEADER } from '../../services/requestScope';
import {
  appealInsightDecision,
  publicInsightStatus,
  type InsightReceipt,
  reserveSubmissions,
  submitInsightRequest,
} from '../../services/insightRequests';
import { loggableError } from '../logSafe';
import { clientKey } from '../rateLimit/clientAddress';
import { norwegianDate } from './labels';
import { CSS } from './page';
import { SECURITY_HEADERS } from './routes';

/**
 * Insight requests for people without a GraphQL client (no JavaScript needed):
 *
 * | route                             | what                                                       |
 * |-----------------------------------|------------------------------------------------------------|
 * | POST /journal/{org}/innsyn        | the form of an entry on the journal: submits, the receipt  |
 * | GET  /journal/{org}/innsyn/status | a form asking for the reference                            |
 * | POST /journal/{org}/innsyn/status | the status by reference, with download links               |
 * | POST /journal/{org}/innsyn/klage  | the appeal, by reference and reason                        |
 *
 * Each under the journal of one organisation (arkivskaper): a request goes to it, may name only
 * entries of its public journal, and is looked up by reference in it (references are unique
 * within an organisation). Without {org} (/journal/innsyn …, the paths of before) they act for the
 * organisation X-Organisation names, or the only one. Each runs in one transaction set to the
 * organisation, committed before the answer is sent.
 *
 * The reference travels in form bodies only, never in a URL (nor so in logs or Referer headers).
 * Submissions spend the same insight budget as submitInsightRequest (RATE_LIMIT_INSIGHT_*), and
 * these paths the public download budget (they are under /journal). A form posted from another
 * site (Origin not this host) is refused. Every change goes through the same services as GraphQL
 * (services/insightRequests.ts); a refusal is shown with its message.
 */
export interface InsightPageOptions {
  orm: MikroORM;
  config: Config;
  today: () => string;
  insight: InsightRuntime;
  log: Logger;
}

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

/** The mistakes a person can make in the form, said in Norwegian. */
const FIELD_MESSAGES: Record<string, string> = {
  entryIds:
    'Journalposten finnes ikke i den offentlige journalen. Gå tilbake og velg en oppføring.',
  requesterEmail: 'E-postadressen er ikke gyldig. Skriv den slik: navn@eksempel.no.',
  requesterName: 'Navnet kan ha høyst 200 tegn og ingen kontrolltegn.',
  message: 'Meldingen kan ha høyst 4000 tegn.',
  reason: 'Skriv hvorfor du klager.',
};

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

const OSLO_TIME = new Intl.DateTimeFormat('nb-NO', {
  timeZone: 'Europe/Oslo',
  dateStyle: 'short',
  timeStyle: 'short',
});

/** A page of the insight forms: its title, and where its journal is (/journal/{org} or /journal). */
function Page({
  title,
  base,
  children,
}: {
  title: string;
  base: string;
  children: ComponentChildren;
}) {
  return (
    <html lang="nb">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {/* The journal page's constant stylesheet; nothing from the request goes into it. */}
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <header class="wrap">
          <h1>{title}</h1>
        </header>
        <main class="wrap">{children}</main>
        <footer class="wrap">
          <p>
            <a href={base}>Til den offentlige journalen</a> ·{' '}
            <a href={`${base}/innsyn/status`}>Se status for et innsynskrav</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

const page = (title: string, base: string, body: ComponentChildren) =>
  `<!doctype html>\n${render(
    <Page title={title} base={base}>
      {body}
    </Page>,
  )}`;

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
              <h2>{item.title}</h2>
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

/**
 * No Origin (other clients), "null" (what a browser sends for our own form, since the journal
 * page's Referrer-Policy is no-referrer) or this host; a page of another site is refused. The
 * forms need no sign-in, so this is no CSRF defence, only a refusal of other sites' forms.
 */
function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (!origin || origin === 'null') return true;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

/** What a form handler answers, sent once its transaction has committed. */
interface Answer {
  status: number;
  title: string;
  body: ComponentChildren;
  headers?: Record<string, string>;
}

/** The journal a form belongs to: its organisation, and where its page is. */
interface FormJournal {
  organisation: OrganisationRef;
  base: string;
}

/** The paths of a form: under /journal/{org}, and the path of before (see above). */
const both = (path: string) => [`/journal${path}`, `/journal/:org${path}`];

export function insightPageRoutes(options: InsightPageOptions): Router {
  const { orm, config, today, insight, log } = options;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 10 });

  function send(res: Response, answer: Answer, base: string): void {
    res.status(answer.status).set(SECURITY_HEADERS).set('Cache-Control', 'no-store');
    if (answer.headers) res.set(answer.headers);
    res.type('text/html; charset=utf-8').send(page(answer.title, base, answer.body));
  }

  function mistake(err: AppError, title: string, base: string): Answer {
    const field = firstFieldName(err);
    const known = typeof field === 'string' ? FIELD_MESSAGES[field] : undefined;
    return {
      status: HTTP_STATUS[err.code] ?? 400,
      title,
      body: (
        <>
          <p class="error" role="alert">
            {known ??
              (err.code === 'NOT_FOUND'
                ? 'Fant ikke noe innsynskrav med denne referansen.'
                : err.message)}
          </p>
          <p>
            <a href={base}>Tilbake til journalen</a>
          </p>
        </>
      ),
    };
  }

  /** The public acting through a form, as the services see them, in the journal's organisation. */
  function serviceContext(
    req: Request,
    res: Response,
    em: ServiceContext['em'],
    organisation: OrganisationRef,
  ): ServiceContext {
    const requestId = String(res.locals.requestId);
    return {
      requestId,
      em,
      viewer: anonymousViewer,
      organisation,
      today: today(),
      publicJournal: config.publicJournal,
      ability: defineAbilityFor(anonymousViewer),
      insight,
      clientAddress: clientKey(req.ip),
      log: log.child({ requestId }),
    };
  }

  /**
   * Runs a form handler in one transaction set to the journal's organisation: the answer is sent
   * after it has committed. Expected refusals become a page (nothing kept), an unknown
   * organisation a 404, anything else is logged and 500.
   */
  function handle(
    title: string,
    run: (req: Request, ctx: ServiceContext, journal: FormJournal) => Promise<Answer>,
  ) {
    return async (req: Request, res: Response) => {
      const inPath = typeof req.params.org === 'string' ? req.params.org : undefined;
      let base = inPath ? `/journal/${encodeURIComponent(inPath)}` : '/journal';
      const em = orm.em.fork();
      // Whether the organisation was found: a NOT_FOUND before that is the journal's, not the form's.
      let opened = false;
      let answer: Answer;
      try {
        if (!sameOrigin(req)) {
          send(
            res,
            {
              status: 403,
              title,
              body: <p class="error">Skjemaet må sendes fra denne nettsiden.</p>,
            },
            base,
          );
          return;
        }
        const { organisation } = await beginRequest(
          em,
          null,
          inPath ?? req.get(ORGANISATION_HEADER),
        );
        opened = true;
        if (!organisation) {
          await endRequest(em, false);
          send(res, noJournal(title), base);
          return;
        }
        if (inPath) base = `/journal/${encodeURIComponent(organisation.shortName)}`;
        try {
          answer = await run(req, serviceContext(req, res, em, organisation), {
            organisation,
            base,
          });
          await endRequest(em, true);
        } catch (err) {
          await endRequest(em, false).catch(() => undefined);
          throw err;
        }
      } catch (err) {
        if (err instanceof AppError && err.code === 'NOT_FOUND' && !opened) {
          answer = noJournal(title);
        } else if (err instanceof AppError) {
          answer = mistake(err, title, base);
        } else {
          log.error(
            { requestId: res.locals.requestId, error: loggableError(err) },
            'insight page failed',
          );
          answer = {
            status: 500,
            title,
            body: (
              <p class="error">
                Noe gikk galt hos oss (forespørsel {String(res.locals.requestId)}).
              </p>
            ),
          };
        }
      }
      send(res, answer, base);
    };
  }

  router.get(both('/innsyn'), (req, res) => {
    const inPath = typeof req.params.org === 'string' ? req.params.org : undefined;
    res.redirect(303, inPath ? `/journal/${encodeURIComponent(inPath)}` : '/journal');
  });

  router.post(
    both('/innsyn'),
    form,
    handle('Innsynskrav', async (req, ctx, { organisation, base }) => {
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
      // Only entries of this journal: the request goes to its organisation.
      const [{ request, reference }] = (await submitInsightRequest(
        ctx,
        {
          entries: [requestedEntry(text(req.body?.entryId), 0)],
          requesterEmail: text(req.body?.email),
          requesterName: text(req.body?.name),
          message: text(req.body?.message),
        },
        [organisation],
      )) as [InsightReceipt];
      const status = await publicInsightStatus(ctx, organisation, reference);
      return {
        status: 201,
        title: 'Innsynskravet er mottatt',
        body: (
          <>
            <div class="receipt">
              <p>Referansen din hos {organisation.name}:</p>
              <p class="reference">
                <code>{reference}</code>
              </p>
              <p>
                Ta vare på referansen. Bare med den kan du se status, hente dokumentene du får
                innsyn i og klage.
              </p>
              <p>
                Vi sender nå en kvittering med referansen og svarfristen til e-postadressen du
                oppga. Svaret kommer også på e-post, innen svarfristen nedenfor: for hvert dokument
                får du vite om du får innsyn, og dokumentene du får innsyn i, kan du laste ned fra
                lenker i e-posten. Får du ikke svar innen {norwegianDate(request.answerDeadline)}{' '}
                (fem virkedager), regnes kravet som avslått, og du kan klage.
              </p>
            </div>
            <dl>
              <div>
                <dt>Mottatt</dt>
                <dd>{OSLO_TIME.format(request.receivedAt)}</dd>
              </div>
              <div>
                <dt>Svarfrist</dt>
                <dd>{norwegianDate(request.dueDate)} (tre virkedager)</dd>
              </div>
              {status?.items.map((item) => (
                <div>
                  <dt>Dokument</dt>
                  <dd>
                    {item.registryId} {item.title}
                  </dd>
                </div>
              ))}
            </dl>
            <ReferenceForm base={base} reference={reference} />
          </>
        ),
      };
    }),
  );

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

/** No journal named, or none by that name: the forms belong to an organisation's journal. */
function noJournal(title: string): Answer {
  return {
    status: 404,
    title,
    body: (
      <p class="error" role="alert">
        Fant ikke journalen. Velg organisasjon på <a href="/journal">/journal</a>.
      </p>
    ),
  };
}

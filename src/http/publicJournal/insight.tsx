import { type MikroORM } from '@mikro-orm/postgresql';
import express, { type Request, type Response, type Router } from 'express';
import { type ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { type Logger } from 'pino';
import { type Config } from '../../config';
import { anonymousViewer } from '../../auth/viewer';
import { AppError, type ErrorCode, firstFieldName } from '../../domain/errors';
import { type InsightRuntime, type PublicStatus } from '../../domain/insightRequests';
import { InsightOutcome, InsightRequestStatus } from '../../entities';
import { defineAbilityFor } from '../../policies/ability';
import { requestedEntry } from '../../schema/globalId';
import { type ServiceContext } from '../../services/context';
import {
  appealInsightDecision,
  publicInsightStatus,
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
 * | route                         | what                                                         |
 * |-------------------------------|--------------------------------------------------------------|
 * | POST /journal/innsyn          | the form of an entry on /journal: submits, shows the receipt |
 * | GET  /journal/innsyn/status   | a form asking for the reference                               |
 * | POST /journal/innsyn/status   | the status by reference, with download links                  |
 * | POST /journal/innsyn/klage    | the appeal, by reference and reason                           |
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

function Page({ title, children }: { title: string; children: ComponentChildren }) {
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
            <a href="/journal">Til den offentlige journalen</a> ·{' '}
            <a href="/journal/innsyn/status">Se status for et innsynskrav</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

const page = (title: string, body: ComponentChildren) =>
  `<!doctype html>\n${render(<Page title={title}>{body}</Page>)}`;

function ReferenceForm({ reference }: { reference?: string }) {
  return (
    <form class="insight" method="post" action="/journal/innsyn/status">
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

function StatusView({ s, notice }: { s: PublicStatus; notice?: string }) {
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
        <form class="insight" method="post" action="/journal/innsyn/klage">
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

export function insightPageRoutes(options: InsightPageOptions): Router {
  const { orm, config, today, insight, log } = options;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 10 });

  function send(res: Response, status: number, title: string, body: ComponentChildren): void {
    res.status(status).set(SECURITY_HEADERS).set('Cache-Control', 'no-store');
    res.type('text/html; charset=utf-8').send(page(title, body));
  }

  function mistake(res: Response, err: AppError, title: string): void {
    const field = firstFieldName(err);
    const known = typeof field === 'string' ? FIELD_MESSAGES[field] : undefined;
    const status = HTTP_STATUS[err.code] ?? 400;
    send(
      res,
      status,
      title,
      <>
        <p class="error" role="alert">
          {known ??
            (err.code === 'NOT_FOUND'
              ? 'Fant ikke noe innsynskrav med denne referansen.'
              : err.message)}
        </p>
        <p>
          <a href="/journal">Tilbake til journalen</a>
        </p>
      </>,
    );
  }

  /** Runs a form handler: expected refusals become a page, anything else is logged and 500. */
  function handle(title: string, run: (req: Request, res: Response) => Promise<void>) {
    return async (req: Request, res: Response) => {
      try {
        if (!sameOrigin(req)) {
          send(res, 403, title, <p class="error">Skjemaet må sendes fra denne nettsiden.</p>);
          return;
        }
        await run(req, res);
      } catch (err) {
        if (err instanceof AppError) {
          mistake(res, err, title);
          return;
        }
        log.error(
          { requestId: res.locals.requestId, error: loggableError(err) },
          'insight page failed',
        );
        send(
          res,
          500,
          title,
          <p class="error">Noe gikk galt hos oss (forespørsel {String(res.locals.requestId)}).</p>,
        );
      }
    };
  }

  /** The public acting through a form, as the services see them. */
  function serviceContext(req: Request, res: Response): ServiceContext {
    const requestId = String(res.locals.requestId);
    return {
      requestId,
      em: orm.em.fork(),
      viewer: anonymousViewer,
      organisation: null,
      today: today(),
      publicJournal: config.publicJournal,
      ability: defineAbilityFor(anonymousViewer),
      insight,
      clientAddress: clientKey(req.ip),
      log: log.child({ requestId }),
    };
  }

  router.get('/journal/innsyn', (_req, res) => {
    res.redirect(303, '/journal');
  });

  router.post(
    '/journal/innsyn',
    form,
    handle('Innsynskrav', async (req, res) => {
      const ctx = serviceContext(req, res);
      const budget = await reserveSubmissions(ctx, 1);
      if (!budget.allowed) {
        res.set('Retry-After', String(budget.retryAfterSeconds));
        send(
          res,
          429,
          'Innsynskrav',
          <p class="error" role="alert">
            Du har sendt mange innsynskrav på kort tid. Prøv igjen om{' '}
            {Math.ceil(budget.retryAfterSeconds / 60)} minutter.
          </p>,
        );
        return;
      }
      const { request, reference } = await submitInsightRequest(ctx, {
        entries: [requestedEntry(text(req.body?.entryId), 0)],
        requesterEmail: text(req.body?.email),
        requesterName: text(req.body?.name),
        message: text(req.body?.message),
      });
      const status = await publicInsightStatus(ctx, reference);
      send(
        res,
        201,
        'Innsynskravet er mottatt',
        <>
          <div class="receipt">
            <p>Referansen din:</p>
            <p class="reference">
              <code>{reference}</code>
            </p>
            <p>
              Ta vare på referansen. Bare med den kan du se status, hente dokumentene du får innsyn
              i og klage. Vi sender svaret til e-postadressen du oppga.
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
          <ReferenceForm reference={reference} />
        </>,
      );
    }),
  );

  router.get('/journal/innsyn/status', (_req, res) => {
    send(res, 200, 'Status for innsynskrav', <ReferenceForm />);
  });

  router.post(
    '/journal/innsyn/status',
    form,
    handle('Status for innsynskrav', async (req, res) => {
      const status = await publicInsightStatus(serviceContext(req, res), text(req.body?.reference));
      if (!status) {
        send(
          res,
          404,
          'Status for innsynskrav',
          <>
            <p class="error" role="alert">
              Fant ikke noe innsynskrav med denne referansen.
            </p>
            <ReferenceForm />
          </>,
        );
        return;
      }
      send(res, 200, 'Status for innsynskrav', <StatusView s={status} />);
    }),
  );

  router.post(
    '/journal/innsyn/klage',
    form,
    handle('Klage på innsynskrav', async (req, res) => {
      const status = await appealInsightDecision(
        serviceContext(req, res),
        text(req.body?.reference),
        text(req.body?.reason),
      );
      send(
        res,
        200,
        'Klagen er mottatt',
        <StatusView s={status} notice="Klagen er mottatt. Vi vurderer kravet på nytt." />,
      );
    }),
  );

  return router;
}

import { type MikroORM } from '@mikro-orm/postgresql';
import express, { type Request, type Response, type Router } from 'express';
import { type ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { type Logger } from 'pino';
import { type Config } from '../../config';
import { anonymousViewer, type OrganisationRef } from '../../auth/viewer';
import { AppError, badInput, firstFieldName } from '../../domain/errors';
import { type InsightRuntime } from '../../domain/insightRequests';
import { MAX_ALERTS_PER_ADDRESS, UNCONFIRMED_DAYS } from '../../domain/searchAlerts';
import { defineAbilityFor } from '../../policies/ability';
import { type ServiceContext } from '../../services/context';
import { beginRequest, endRequest, ORGANISATION_HEADER } from '../../services/requestScope';
import {
  confirmSearchAlert,
  subscribeSearchAlert,
  unsubscribeSearchAlert,
} from '../../services/searchAlerts';
import { loggableError } from '../logSafe';
import { clientKey } from '../rateLimit/clientAddress';
import { AlertForm, CSS, searchMistake } from './page';
import { queryString, readParams, type SearchParams, toFilter } from './params';
import { SECURITY_HEADERS } from './routes';

/**
 * E-mail alerts per saved search (varsel om nye oppføringer; docs/public-journal.md, "E-mail
 * alerts"), without JavaScript:
 *
 * | route                                    | what                                                  |
 * |------------------------------------------|-------------------------------------------------------|
 * | POST /journal/{org}/varsel               | the form under a search's results: e-mail + the search |
 * | GET  /journal/{org}/varsel/bekreft?token | the confirm link of the confirm mail: confirms        |
 * | GET  /journal/{org}/varsel/avmeld?token  | every mail's unsubscribe link: a button, nothing more |
 * | POST /journal/{org}/varsel/avmeld        | the button: ends the alert                            |
 *
 * Unsubscribing takes a POST so that a mail scanner that opens every link ends nothing. The
 * pages never tell whether an address has an alert: subscribing answers the same for a new
 * alert, one waiting, one confirmed or an address at its limit, and unsubscribing the same for
 * any link. Tokens travel in the query string of the mails' links only; the request log keeps
 * paths without it, and the pages send no Referer. Without {org}, for the organisation
 * X-Organisation names or the only one, as the insight forms. Each runs in one transaction set
 * to the organisation; the answer is sent once it has committed, never cached.
 */
export interface AlertPageOptions {
  orm: MikroORM;
  config: Config;
  today: () => string;
  insight: InsightRuntime;
  log: Logger;
}

/** The longest search text the journal takes (queries/publicJournal.ts). */
const MAX_QUERY = 200;

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
            <a href={base}>Til den offentlige journalen</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Like the insight forms: no Origin, "null" or this host; another site's form is refused. */
function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (!origin || origin === 'null') return true;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

interface Answer {
  status: number;
  title: string;
  body: ComponentChildren;
}

/** The paths of a route: under /journal/{org}, and without it (see above). */
const both = (path: string) => [`/journal${path}`, `/journal/:org${path}`];

const NO_JOURNAL: Answer = {
  status: 404,
  title: 'Fant ikke journalen',
  body: (
    <p class="error" role="alert">
      Fant ikke journalen. Velg organisasjon på <a href="/journal">/journal</a>.
    </p>
  ),
};

const LINK_DEAD: Answer = {
  status: 404,
  title: 'Lenken virker ikke',
  body: (
    <p class="error" role="alert">
      Lenken virker ikke lenger. En bestilling som ikke er bekreftet innen {UNCONFIRMED_DAYS} dager,
      slettes; bestill varselet på nytt fra søket i journalen.
    </p>
  ),
};

export function alertPageRoutes(options: AlertPageOptions): Router {
  const { orm, config, today, insight, log } = options;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });

  function send(res: Response, answer: Answer, base: string): void {
    res.status(answer.status).set(SECURITY_HEADERS).set('Cache-Control', 'no-store');
    const html = render(
      <Page title={answer.title} base={base}>
        {answer.body}
      </Page>,
    );
    res.type('text/html; charset=utf-8').send(`<!doctype html>\n${html}`);
  }

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
   * Runs a handler in one transaction set to the journal's organisation, committed before the
   * answer; a mistake in the input is its page (400, nothing kept), anything else logged and 500.
   */
  function handle(
    run: (
      req: Request,
      ctx: ServiceContext,
      journal: { organisation: OrganisationRef; base: string },
    ) => Promise<Answer>,
    mistake: (err: AppError, req: Request, base: string) => Answer | null = () => null,
  ) {
    return async (req: Request, res: Response) => {
      const inPath = typeof req.params.org === 'string' ? req.params.org : undefined;
      let base = inPath ? `/journal/${encodeURIComponent(inPath)}` : '/journal';
      const em = orm.em.fork();
      let opened = false;
      let answer: Answer;
      try {
        if (req.method === 'POST' && !sameOrigin(req)) {
          const body = <p class="error">Skjemaet må sendes fra denne nettsiden.</p>;
          send(res, { status: 403, title: 'E-postvarsel', body }, base);
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
          send(res, NO_JOURNAL, base);
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
        const known = err instanceof AppError ? mistake(err, req, base) : null;
        if (known) answer = known;
        else if (err instanceof AppError && err.code === 'NOT_FOUND' && !opened)
          answer = NO_JOURNAL;
        else {
          log.error(
            { requestId: res.locals.requestId, error: loggableError(err) },
            'alert page failed',
          );
          answer = {
            status: 500,
            title: 'E-postvarsel',
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

  /** The search of a form as given; a repeated field is a mistake like the page's. */
  function searchOf(req: Request): SearchParams {
    return readParams((req.body ?? {}) as Request['query']);
  }

  router.post(
    both('/varsel'),
    form,
    handle(
      async (req, ctx, { organisation, base }) => {
        const params = searchOf(req);
        if (params.q.length > MAX_QUERY) {
          throw badInput('query', 'TOO_LONG', `The search text must be at most ${MAX_QUERY}`);
        }
        const filter = toFilter(params);
        await subscribeSearchAlert(
          ctx,
          { publicBaseUrl: insight.publicBaseUrl, organisation },
          text(req.body?.email),
          { search: queryString(params).replace(/^\?/, ''), filter },
        );
        return {
          status: 200,
          title: 'Sjekk e-posten din',
          body: (
            <>
              <p class="receipt" role="status">
                Takk. Er adressen riktig, får du straks en e-post med en lenke. Åpne lenken for å
                bekrefte varselet; først da sender vi e-post om nye oppføringer. Bekrefter du ikke
                innen {UNCONFIRMED_DAYS} dager, slettes bestillingen.
              </p>
              <p>
                Du kan ha opptil {MAX_ALERTS_PER_ADDRESS} varsler per e-postadresse. Hver e-post har
                en lenke for å avslutte varselet.
              </p>
              <p>
                <a href={`${base}${queryString(params)}`}>Tilbake til søket</a>
              </p>
            </>
          ),
        };
      },
      (err, req, base) => {
        if (err.code !== 'BAD_USER_INPUT') return null;
        const field = firstFieldName(err);
        let params: SearchParams;
        try {
          params = searchOf(req);
        } catch {
          return {
            status: 400,
            title: 'E-postvarsel',
            body: <p class="error">{searchMistake(err)}</p>,
          };
        }
        const message =
          field === 'email'
            ? 'E-postadressen er ikke gyldig. Skriv den slik: navn@eksempel.no.'
            : searchMistake(err);
        return {
          status: 400,
          title: 'E-postvarsel',
          body: (
            <AlertForm
              action={`${base}/varsel`}
              params={params}
              email={text(req.body?.email)}
              error={message}
            />
          ),
        };
      },
    ),
  );

  router.get(
    both('/varsel/bekreft'),
    handle(async (req, ctx, { base }) => {
      if (!(await confirmSearchAlert(ctx, text(req.query.token)))) return LINK_DEAD;
      return {
        status: 200,
        title: 'Varselet er bekreftet',
        body: (
          <>
            <p class="receipt" role="status">
              Varselet er bekreftet. Du får én e-post om dagen når nye oppføringer som passer søket,
              er blitt offentlige; dager uten nye oppføringer får du ingen.
            </p>
            <p>
              <a href={base}>Til den offentlige journalen</a>
            </p>
          </>
        ),
      };
    }),
  );

  router.get(
    both('/varsel/avmeld'),
    handle(async (req, _ctx, { base }) => ({
      status: 200,
      title: 'Avslutt e-postvarsel',
      body: (
        <form class="insight" method="post" action={`${base}/varsel/avmeld`}>
          <input type="hidden" name="token" value={text(req.query.token)} />
          <p>Vil du slutte å få e-post om nye oppføringer for dette søket?</p>
          <div class="actions">
            <button type="submit">Avslutt varselet</button>
          </div>
        </form>
      ),
    })),
  );

  router.post(
    both('/varsel/avmeld'),
    form,
    handle(async (req, ctx, { base }) => {
      await unsubscribeSearchAlert(ctx, text(req.body?.token));
      return {
        status: 200,
        title: 'Varselet er avsluttet',
        body: (
          <>
            <p class="receipt" role="status">
              Du får ikke flere e-poster om dette søket.
            </p>
            <p>
              <a href={base}>Til den offentlige journalen</a>
            </p>
          </>
        ),
      };
    }),
  );

  return router;
}

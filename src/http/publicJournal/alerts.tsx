import express, { type Request, type Response, type Router } from 'express';
import { AppError, badInput, firstFieldName } from '../../domain/errors';
import { MAX_ALERTS_PER_ADDRESS, UNCONFIRMED_DAYS } from '../../domain/searchAlerts';
import { type ServiceContext } from '../../services/context';
import {
  confirmSearchAlert,
  subscribeSearchAlert,
  unsubscribeSearchAlert,
} from '../../services/searchAlerts';
import { AlertForm, renderPublicPage, searchMistake } from './page';
import { queryString, readParams, type SearchParams, toFilter } from './params';
import {
  both,
  type FormAnswer as Answer,
  type FormJournal,
  publicFormHandler,
  type PublicFormOptions,
} from './forms';
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
export type AlertPageOptions = PublicFormOptions;

/** The longest search text the journal takes (queries/publicJournal.ts). */
const MAX_QUERY = 200;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

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
  const { insight } = options;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });

  function send(res: Response, answer: Answer, base: string): void {
    res.status(answer.status).set(SECURITY_HEADERS).set('Cache-Control', 'no-store');
    res.type('text/html; charset=utf-8').send(
      renderPublicPage({
        title: answer.title,
        heading: answer.title,
        footer: (
          <p>
            <a href={base}>Til den offentlige journalen</a>
          </p>
        ),
        children: answer.body,
      }),
    );
  }

  /** A form's handler (forms.tsx); `mistake` gives the page of a refusal it knows. */
  const handle = (
    run: (req: Request, ctx: ServiceContext, journal: FormJournal) => Promise<Answer>,
    mistake: (err: AppError, req: Request, base: string) => Answer | null = () => null,
  ) => publicFormHandler(options, send, 'E-postvarsel', run, mistake);

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

import { type MikroORM } from '@mikro-orm/postgresql';
import { type Request, type RequestHandler, type Response } from 'express';
import { type ComponentChildren } from 'preact';
import { type Logger } from 'pino';
import { type Config } from '../../config';
import { anonymousViewer, type OrganisationRef } from '../../auth/viewer';
import { AppError } from '../../domain/errors';
import { type InsightRuntime } from '../../domain/insightRequests';
import { defineAbilityFor } from '../../policies/ability';
import { type ServiceContext } from '../../services/context';
import { beginRequest, endRequest, ORGANISATION_HEADER } from '../../services/requestScope';
import { loggableError } from '../logSafe';
import { clientKey } from '../rateLimit/clientAddress';

/**
 * What the public's forms share (the insight request forms, insight.tsx; the e-mail alerts,
 * alerts.tsx): the journal a form belongs to, the origin check, and the one way a form's handler
 * runs — in one transaction set to the journal's organisation, answered once it has committed.
 */
export interface PublicFormOptions {
  orm: MikroORM;
  config: Config;
  today: () => string;
  insight: InsightRuntime;
  log: Logger;
}

/** What a form handler answers, sent once its transaction has committed. */
export interface FormAnswer {
  status: number;
  title: string;
  body: ComponentChildren;
  headers?: Record<string, string>;
}

/** The journal a form belongs to: its organisation, and where its page is. */
export interface FormJournal {
  organisation: OrganisationRef;
  base: string;
}

/** The paths of a form: under /journal/{org}, and without it (the organisation named or the only one). */
export const both = (path: string) => [`/journal${path}`, `/journal/:org${path}`];

/**
 * No Origin (other clients), "null" (what a browser sends for our own form, since the journal
 * page's Referrer-Policy is no-referrer) or this host; a page of another site is refused. The
 * forms need no sign-in, so this is no CSRF defence, only a refusal of other sites' forms.
 */
export function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (!origin || origin === 'null') return true;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

/** No journal named, or none by that name: the forms belong to an organisation's journal. */
export function noJournal(title: string): FormAnswer {
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

/** The public acting through a form, as the services see them, in the journal's organisation. */
function serviceContext(
  options: PublicFormOptions,
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
    today: options.today(),
    publicJournal: options.config.publicJournal,
    ability: defineAbilityFor(anonymousViewer),
    insight: options.insight,
    clientAddress: clientKey(req.ip),
    log: options.log.child({ requestId }),
  };
}

/**
 * A form's route handler: a POST from another site is refused (403); the handler runs in one
 * transaction set to the journal's organisation and its answer is sent after the commit. A
 * refusal `mistake` knows becomes its page (nothing kept), an unknown organisation a 404,
 * anything else is logged and a 500 page.
 */
export function publicFormHandler(
  options: PublicFormOptions,
  send: (res: Response, answer: FormAnswer, base: string) => void,
  title: string,
  run: (req: Request, ctx: ServiceContext, journal: FormJournal) => Promise<FormAnswer>,
  mistake: (err: AppError, req: Request, base: string) => FormAnswer | null,
): RequestHandler {
  return async (req, res) => {
    const inPath = typeof req.params.org === 'string' ? req.params.org : undefined;
    let base = inPath ? `/journal/${encodeURIComponent(inPath)}` : '/journal';
    const em = options.orm.em.fork();
    // Whether the organisation was found: a NOT_FOUND before that is the journal's, not the form's.
    let opened = false;
    let answer: FormAnswer | null;
    try {
      if (req.method === 'POST' && !sameOrigin(req)) {
        const body = <p class="error">Skjemaet må sendes fra denne nettsiden.</p>;
        send(res, { status: 403, title, body }, base);
        return;
      }
      const { organisation } = await beginRequest(em, null, inPath ?? req.get(ORGANISATION_HEADER));
      opened = true;
      if (!organisation) {
        await endRequest(em, false);
        send(res, noJournal(title), base);
        return;
      }
      if (inPath) base = `/journal/${encodeURIComponent(organisation.shortName)}`;
      try {
        answer = await run(req, serviceContext(options, req, res, em, organisation), {
          organisation,
          base,
        });
        await endRequest(em, true);
      } catch (err) {
        await endRequest(em, false).catch(() => undefined);
        throw err;
      }
    } catch (err) {
      answer =
        err instanceof AppError && err.code === 'NOT_FOUND' && !opened
          ? noJournal(title)
          : err instanceof AppError
            ? mistake(err, req, base)
            : null;
      if (!answer) {
        options.log.error(
          { requestId: res.locals.requestId, form: title, error: loggableError(err) },
          'public form failed',
        );
        answer = {
          status: 500,
          title,
          body: (
            <p class="error">Noe gikk galt hos oss (forespørsel {String(res.locals.requestId)}).</p>
          ),
        };
      }
    }
    send(res, answer, base);
  };
}

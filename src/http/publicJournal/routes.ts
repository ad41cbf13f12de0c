import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { loggableError } from '../logSafe';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { type Logger } from 'pino';
import { type Config } from '../../config';
import { AppError } from '../../domain/errors';
import {
  cursorPublicJournal,
  listPublicJournal,
  type PublicEntryRow,
  streamPublicJournal,
} from '../../queries/publicJournal';
import { toGlobalId } from '../../schema/globalId';
import { ATOM_ENTRIES, atomFeed } from './atom';
import { csvRecord, csvStringifier } from './csv';
import { jsonArray } from './json';
import {
  type JournalPageModel,
  PAGE_SIZE,
  renderJournalPage,
  searchMistake,
  type UnitOption,
} from './page';
import { NO_SEARCH, parseAfter, parseSearch, readParams, toFilter } from './params';
import { coalesce, onEnd, primed } from './streams';

/**
 * The public journal over plain HTTP, for people and programs without a GraphQL client:
 *
 * | path                     | what                                                      |
 * |--------------------------|-----------------------------------------------------------|
 * | GET /journal             | HTML page: search form, 25 entries a page, paging links   |
 * | GET /public-journal.csv  | every matching entry, streamed CSV (see csv.ts)           |
 * | GET /public-journal.json | every matching entry, streamed JSON array                 |
 * | GET /public-journal.atom | Atom feed of the newest 50 matching entries               |
 *
 * All take the same search parameters: q, from, to (YYYY-MM-DD), unit (a Unit global id), type
 * (a JournalPostType) and legalBasis; a mistake is 400 with a plain message. No sign-in: the
 * content is the same for everybody, built only from the public forms the query layer returns.
 * Search terms are never logged (the request log keeps the path without its query string).
 */
export interface PublicJournalRouteOptions {
  orm: MikroORM;
  config: Config;
  /** The calendar date in Norway: the same clock as the GraphQL context */
  today: () => string;
  log: Logger;
}

export const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const PATHS = ['/journal', '/public-journal.csv', '/public-journal.json', '/public-journal.atom'];

/** Errors of a reader that went away in the middle of a download: no failure of ours. */
const GONE = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE']);

/** A Host header that can stand in a URL as it is (name or IP literal, optional port). */
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function publicJournalRoutes(options: PublicJournalRouteOptions): Router {
  const { orm, config, today, log } = options;
  const settings = config.publicJournal;
  const router = express.Router();

  function logFailure(err: unknown, res: Response): void {
    log.error(
      { requestId: res.locals.requestId, error: loggableError(err) },
      'public journal request failed',
    );
  }

  /** Runs a view; mistakes in the search are 400, anything else is logged and 500. */
  function view(run: (req: Request, res: Response, em: EntityManager) => Promise<void>) {
    const handler: RequestHandler = async (req, res) => {
      try {
        await run(req, res, orm.em.fork());
      } catch (err) {
        if (res.headersSent) {
          // Cut off in the middle: a reader that went away is no failure; anything else is, and
          // the response is ended without its last chunk, so the client sees it is incomplete.
          if (!GONE.has(String((err as { code?: unknown }).code))) logFailure(err, res);
          res.destroy();
          return;
        }
        if (err instanceof AppError && err.code === 'BAD_USER_INPUT') {
          res.status(400).type('text/plain; charset=utf-8').send(`${err.message}\n`);
          return;
        }
        logFailure(err, res);
        res
          .status(500)
          .type('text/plain; charset=utf-8')
          .send(`Internal server error (request ${String(res.locals.requestId)})\n`);
      }
    };
    return handler;
  }

  // A cursor download holds a pooled connection for as long as its reader takes. At most half the
  // pool does so at once; beyond that a download pages with keyset statements (the same entries in
  // the same order, no connection held between pages), so slow readers never take every connection.
  const cursorSlots = Math.max(1, Math.floor((orm.config.get('pool')?.max ?? 10) / 2));
  let cursorsOpen = 0;

  /** Every matching entry, with the first row already fetched (mistakes are still 400). */
  function allEntries(em: EntityManager, req: Request): Promise<AsyncGenerator<PublicEntryRow>> {
    const { filter } = parseSearch(req.query);
    if (cursorsOpen >= cursorSlots) {
      return primed(streamPublicJournal(em, settings, today(), filter));
    }
    const rows = cursorPublicJournal(em, settings, today(), filter);
    cursorsOpen += 1;
    return primed(onEnd(rows, () => (cursorsOpen -= 1)));
  }

  router.use(PATHS, (_req, res, next) => {
    res.set(SECURITY_HEADERS);
    next();
  });

  router.get(
    '/public-journal.csv',
    view(async (req, res, em) => {
      const rows = await allEntries(em, req);
      res.status(200).set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="offentlig-journal.csv"',
      });
      await pipeline(Readable.from(mapRows(rows, csvRecord)), csvStringifier(), coalesce(), res);
    }),
  );

  router.get(
    '/public-journal.json',
    view(async (req, res, em) => {
      const rows = await allEntries(em, req);
      res.status(200).type('application/json; charset=utf-8');
      await pipeline(Readable.from(jsonArray(rows)), coalesce(), res);
    }),
  );

  router.get(
    '/public-journal.atom',
    view(async (req, res, em) => {
      const { params, filter } = parseSearch(req.query);
      // Express's req.host: the Host header, or X-Forwarded-Host where TRUST_PROXY trusts it.
      const host = req.host;
      if (!host || !HOST.test(host)) {
        res.status(400).type('text/plain; charset=utf-8').send('The Host header is not valid\n');
        return;
      }
      const date = today();
      const page = await listPublicJournal(em, settings, date, { filter, first: ATOM_ENTRIES });
      res
        .status(200)
        .type('application/atom+xml; charset=utf-8')
        .send(
          await atomFeed({
            origin: `${req.protocol}://${host}`,
            params,
            rows: page.nodes,
            cursors: page.cursors,
            today: date,
          }),
        );
    }),
  );

  router.get(
    '/journal',
    view(async (req, res, em) => {
      const model: JournalPageModel = {
        params: NO_SEARCH,
        units: await unitOptions(em),
        types: settings.types,
        delayWorkdays: settings.delayWorkdays,
      };
      try {
        model.params = readParams(req.query);
        const after = parseAfter(req.query);
        const page = await listPublicJournal(em, settings, today(), {
          filter: toFilter(model.params),
          first: PAGE_SIZE,
          after,
        });
        model.result = {
          entries: page.nodes,
          total: await page.totalCount(),
          nextCursor: page.hasNextPage ? (page.cursors.at(-1) ?? null) : null,
          firstPage: after === null,
        };
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'BAD_USER_INPUT')) throw err;
        res.status(400);
        model.error = searchMistake(err);
        model.result = undefined;
      }
      res.type('text/html; charset=utf-8').send(renderJournalPage(model));
    }),
  );

  return router;
}

async function* mapRows<T>(
  rows: AsyncIterable<PublicEntryRow>,
  fn: (row: PublicEntryRow) => T,
): AsyncGenerator<T> {
  for await (const row of rows) yield fn(row);
}

const collator = new Intl.Collator('nb');

/** Every unit, for the unit select, in Norwegian alphabetical order (æ, ø, å last). */
async function unitOptions(em: EntityManager): Promise<UnitOption[]> {
  const units = await em
    .getConnection()
    .execute<{ id: string; name: string }[]>('select id, name from unit order by name');
  return units
    .map((u) => ({ id: toGlobalId('Unit', u.id), name: u.name }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

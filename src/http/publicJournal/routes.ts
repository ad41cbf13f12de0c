import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { loggableError } from '../logSafe';
import { limitExpensiveStatements } from '../../queries/statementSlots';
import { type ExpensiveStatementLimiter, isSlotRefusal } from '../limits/expensiveStatements';
import { sendJsonError } from '../limits/jsonErrors';
import { endCutOff } from '../signedInRoutes';
import { clientKey } from '../rateLimit/clientAddress';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { type Logger } from 'pino';
import { type Config } from '../../config';
import { AppError, isStatementTimeout } from '../../domain/errors';
import { ExpiringCache } from '../../queries/expiringCache';
import { type OrganisationRef } from '../../auth/viewer';
import { findOrganisation, listOrganisations } from '../../queries/organisations';
import { ORGANISATION_HEADER, readFromReplica } from '../../services/requestScope';
import {
  archiveCreatorOf,
  type JournalPeriod,
  offentligJournalFromCounted,
} from '../../exports/journals';
import {
  cursorCountedPublicJournal,
  cursorPublicJournal,
  inJournalOf,
  journalLegalBases,
  journalUnits,
  listPublicJournal,
  type PublicJournalCounts,
  publicJournalWatermark,
  streamPublicJournal,
} from '../../queries/publicJournal';
import { copyPublicJournalCsv } from '../../queries/publicJournalCsv';
import {
  publicationMoments,
  publicCaseEntries,
  publicEntryByRegistryId,
} from '../../queries/publicJournalEntry';
import { toGlobalId } from '../../schema/globalId';
import { ATOM_ENTRIES, atomFeed } from './atom';
import { BASKET_PARAM, basketEntries, basketParam, readBasket } from './basket';
import { type CachedPage, etagOf, notModified } from './cache';
import { csvFromCopy, csvText, parseCsvFormat } from './csv';
import { jsonArray } from './json';
import {
  type JournalPageModel,
  type JournalPaths,
  PAGE_SIZE,
  renderJournalPage,
  renderOrganisationList,
  searchMistake,
  DOWNLOAD_TIMEOUT_MESSAGE,
  TIMEOUT_MESSAGE,
  type UnitOption,
} from './page';
import {
  NO_SEARCH,
  orderOf,
  parsePaging,
  parseSearch,
  queryString,
  readParams,
  SEARCH_PARAM_NAMES,
  type SearchParams,
  toFilter,
} from './params';
import {
  CASE_PAGE_SIZE,
  isCasePath,
  isEntryPath,
  registryIdOf,
  renderCasePage,
  renderEntryPage,
  renderMessagePage,
  renderNotFoundPage,
} from './permalinks';
import { coalesce, onEnd, started, type Started } from './streams';

/**
 * The public journal over plain HTTP, for people and programs without a GraphQL client. Each
 * organisation (arkivskaper) has its own, under its short name:
 *
 * | path                                 | what                                                    |
 * |--------------------------------------|---------------------------------------------------------|
 * | GET /journal                         | the organisations, each a link to its journal           |
 * | GET /journal/{org}                   | HTML page: search form, 25 entries a page, paging links |
 * | GET /journal/{org}/public-journal.csv  | every matching entry, streamed CSV (see csv.ts)       |
 * | GET /journal/{org}/public-journal.json | every matching entry, streamed JSON array             |
 * | GET /journal/{org}/public-journal.atom | Atom feed of the newest 50 matching entries           |
 * | GET /journal/{org}/public-journal.xml  | every matching entry, Noark 5 offentlig journal (XML) |
 * | GET /journal/{org}/{registryId}      | one entry's page (/journal/vennesla/2026/30-4)          |
 * | GET /journal/{org}/sak/{caseNumber}  | one case's page with its public entries (permalinks.tsx) |
 *
 * The paths of before (/journal as the page, /public-journal.csv …) answer for the organisation
 * the X-Organisation header names, or for the only one of the installation, so links made before
 * there were several still work; where neither names one, /journal lists them and a download is
 * 404. An unknown organisation is 404, as a path that does not exist. Every statement runs in a
 * transaction set to the organisation (row-level security); caches and ETags are per organisation.
 *
 * All take the same search parameters: q, from, to (YYYY-MM-DD), unit (a Unit global id), type
 * (a JournalPostType) and legalBasis; a mistake is 400 with a plain message. The CSV also takes
 * `format=rfc4180` (comma-separated, the API's names) instead of its Norwegian default. No sign-in: the
 * content is the same for everybody, built only from the public forms the query layer returns.
 * Search terms are never logged (the request log keeps the path without its query string).
 */
export interface PublicJournalRouteOptions {
  orm: MikroORM;
  config: Config;
  /** The calendar date in Norway: the same clock as the GraphQL context */
  today: () => string;
  log: Logger;
  /** The client address's slots for searches and counts (limits/expensiveStatements.ts) */
  statements: ExpensiveStatementLimiter;
  /** The counts of searches, shared with GraphQL's publicJournal (http/app.ts) */
  counts: PublicJournalCounts;
}

export const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const DOWNLOADS = [
  '/public-journal.csv',
  '/public-journal.json',
  '/public-journal.atom',
  '/public-journal.xml',
];
const PATHS = [
  '/journal',
  '/journal/:org',
  ...DOWNLOADS,
  ...DOWNLOADS.map((path) => `/journal/:org${path}`),
];

/** A journal's organisation and where its page and downloads are. */
interface Journal {
  organisation: OrganisationRef;
  paths: JournalPaths;
}

/**
 * The journal a request is for: the organisation of the path (/journal/{org}…), else the one
 * X-Organisation names, else the only one; null when none is named or the named one is unknown.
 */
async function journalOf(req: Request, em: EntityManager): Promise<Journal | null> {
  const inPath = typeof req.params.org === 'string' ? req.params.org : undefined;
  const named = inPath ?? req.get(ORGANISATION_HEADER);
  let organisation: OrganisationRef | null;
  if (named) organisation = await findOrganisation(em, named);
  else {
    const all = await listOrganisations(em);
    organisation = all.length === 1 ? all[0]! : null;
  }
  if (!organisation) return null;
  const base = `/journal/${encodeURIComponent(organisation.shortName)}`;
  const paths = inPath ? { page: base, downloads: base } : { page: '/journal', downloads: '' };
  return {
    organisation: {
      id: organisation.id,
      shortName: organisation.shortName,
      name: organisation.name,
    },
    paths,
  };
}

const NO_JOURNAL =
  'Ingen offentlig journal her: velg organisasjon på /journal.\nNo public journal here: choose the organisation at /journal.\n';

/** How long a rendered first page or feed stays in the process, and how many are kept. */
const PAGE_CACHE_TTL_MS = 30_000;
const PAGE_CACHE_ENTRIES = 200;

/** When a download of the XML should be tried again while every cursor slot is taken. */
const XML_RETRY_AFTER_SECONDS = 10;
const XML_BUSY =
  'Den offentlige journalen som XML er opptatt; prøv igjen om litt.\nThe XML public journal is busy; try again shortly.\n';

/** A Host header that can stand in a URL as it is (name or IP literal, optional port). */
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function publicJournalRoutes(options: PublicJournalRouteOptions): Router {
  const { orm, config, today, log, counts } = options;
  const settings = config.publicJournal;
  const router = express.Router();
  const cacheControl = `public, max-age=${config.publicJournalCache.maxAgeSeconds}`;
  // Rendered first pages of /journal and feeds, keyed by the ETag, which holds the watermark.
  // Nothing of a signed-in user ever goes in: these routes have no sign-in.
  const pages = new ExpiringCache<CachedPage>({
    ttlMs: PAGE_CACHE_TTL_MS,
    maxEntries: PAGE_CACHE_ENTRIES,
  });

  /**
   * Sets ETag and Cache-Control from the publication watermark, read before any content. Returns
   * the ETag, or null when the client's copy is current and 304 has been sent (no page query run).
   */
  async function revalidate(
    req: Request,
    res: Response,
    em: EntityManager,
    journal: Journal,
    request: string,
    date: string,
  ): Promise<string | null> {
    const watermark = await publicJournalWatermark(em);
    // The organisation and the paths (the page's links) are part of the representation.
    const etag = etagOf({
      request: JSON.stringify([journal.organisation.id, journal.paths.page, request]),
      watermark,
      today: date,
      settings,
    });
    res.set({ ETag: etag, 'Cache-Control': cacheControl });
    if (!notModified(req.get('if-none-match'), etag)) return etag;
    res.status(304).end();
    return null;
  }

  /** An error is no representation of the journal: it gets neither the ETag nor Cache-Control. */
  function uncached(res: Response): void {
    res.removeHeader('ETag');
    res.removeHeader('Cache-Control');
  }

  function send(res: Response, page: CachedPage): void {
    res.status(page.status).type(page.contentType).send(page.body);
  }

  function logFailure(err: unknown, res: Response): void {
    log.error(
      { requestId: res.locals.requestId, error: loggableError(err) },
      'public journal request failed',
    );
  }

  /**
   * Runs a view; mistakes in the search are 400, a statement stopped at the timeout 503 with a hint
   * to narrow the search (downloads fail before their first byte, when the first page is fetched),
   * anything else is logged and 500.
   */
  function view(
    run: (req: Request, res: Response, em: EntityManager, journal: Journal) => Promise<void>,
    none: (req: Request, res: Response, em: EntityManager) => Promise<void> = async (_r, res) => {
      res.status(404).type('text/plain; charset=utf-8').send(NO_JOURNAL);
    },
  ) {
    const handler: RequestHandler = async (req, res, next) => {
      try {
        const em = orm.em.fork();
        // Published entries only, read without a change: a read replica may serve them.
        readFromReplica(em);
        limitExpensiveStatements(em, options.statements.slotsFor({ client: clientKey(req.ip) }));
        const journal = await journalOf(req, em);
        // /journal/{name} where no organisation has that short name: other routes may have it
        // (/journal/innsyn), else it is the server's 404.
        if (!journal && req.params.org !== undefined && req.path.split('/').length === 3) {
          next();
          return;
        }
        await (journal ? run(req, res, em, journal) : none(req, res, em));
      } catch (err) {
        if (endCutOff(err, res, log, 'public journal request failed')) return;
        uncached(res);
        if (isSlotRefusal(err)) {
          const retryAfterSeconds = Number(err.extensions.retryAfterSeconds);
          res.setHeader('retry-after', String(retryAfterSeconds));
          sendJsonError(res, 429, 'RATE_LIMITED', err.message, { retryAfterSeconds });
          return;
        }
        if (err instanceof AppError && err.code === 'BAD_USER_INPUT') {
          res.status(400).type('text/plain; charset=utf-8').send(`${err.message}\n`);
          return;
        }
        logFailure(err, res);
        if (isStatementTimeout(err)) {
          res.status(503).type('text/plain; charset=utf-8').send(`${DOWNLOAD_TIMEOUT_MESSAGE}\n`);
          return;
        }
        res
          .status(500)
          .type('text/plain; charset=utf-8')
          .send(`Internal server error (request ${String(res.locals.requestId)})\n`);
      }
    };
    return handler;
  }

  // A cursor or COPY download holds a pooled connection for as long as its reader takes. At most
  // half the pool does so at once; beyond that a download pages with keyset statements (the same
  // entries in the same order, no connection held between pages), so slow readers never take every
  // connection.
  const cursorSlots = Math.max(1, Math.floor((orm.config.get('pool')?.max ?? 10) / 2));
  let cursorsOpen = 0;

  /** A download that holds a connection, if a slot is free (else null). */
  function holding<T>(open: () => AsyncGenerator<T>): AsyncGenerator<T> | null {
    if (cursorsOpen >= cursorSlots) return null;
    cursorsOpen += 1;
    return onEnd(open(), () => (cursorsOpen -= 1));
  }

  /**
   * Sends a download: its source already started (the first value fetched, so mistakes are still
   * 400 and a timeout before the first entry still 503), then ended whatever happened.
   */
  async function sendDownload<T>(
    res: Response,
    source: Started<T>,
    body: (items: AsyncGenerator<T>) => AsyncGenerator<Buffer | string>,
  ): Promise<void> {
    try {
      await pipeline(Readable.from(body(source.items)), coalesce(), res);
    } finally {
      await source.close();
    }
  }

  router.use(PATHS, (_req, res, next) => {
    res.set(SECURITY_HEADERS);
    next();
  });

  /**
   * An entry's or a case's page (permalinks.tsx), cached like the journal's first page; not found
   * and a bad page link are answered without ETag or Cache-Control. `next('route')` leaves a path
   * whose numbers are no registry id or case number to the other routes (/journal/{org}/innsyn/…).
   */
  function permalink(
    applies: (req: Request) => boolean,
    request: (req: Request) => string,
    build: (req: Request, em: EntityManager, journal: Journal, date: string) => Promise<CachedPage>,
  ): RequestHandler[] {
    const notFound = async (_req: Request, res: Response) => {
      res.status(404).type('text/html; charset=utf-8').send(renderNotFoundPage('/journal'));
    };
    return [
      (req, _res, next) => next(applies(req) ? undefined : 'route'),
      view(async (req, res, em, journal) => {
        const date = today();
        const etag = await revalidate(req, res, em, journal, request(req), date);
        if (!etag) return;
        const hit = pages.get(etag);
        if (hit) return send(res, hit);
        const page = await inJournalOf(em, journal.organisation.id, () =>
          build(req, em, journal, date),
        );
        if (page.status === 200) pages.set(etag, page);
        else uncached(res);
        send(res, page);
      }, notFound),
    ];
  }

  const html = (status: number, body: string): CachedPage => ({
    status,
    contentType: 'text/html; charset=utf-8',
    body,
  });

  // Before every other route under /journal: a registry id starts with a four-digit year, which
  // the paths tell from an organisation's short name by their number of segments.
  router.get(
    ['/journal/sak/:year/:sequence', '/journal/:org/sak/:year/:sequence'],
    ...permalink(
      (req) => isCasePath(req.params.year, req.params.sequence),
      (req) => `case ${req.params.year}/${req.params.sequence} ${String(req.query.after ?? '')}`,
      async (req, em, journal, date) => {
        const caseNumber = `${req.params.year}/${req.params.sequence}`;
        let after: string | null;
        try {
          after = parsePaging(req.query).after;
          const page = await publicCaseEntries(em, settings, date, caseNumber, {
            first: CASE_PAGE_SIZE,
            after,
          });
          if (page.nodes.length === 0) return html(404, renderNotFoundPage(journal.paths.page));
          return html(
            200,
            renderCasePage(journal, {
              caseNumber,
              entries: page.nodes,
              total: (await page.totalCount()).count,
              nextCursor: page.hasNextPage ? (page.cursors.at(-1) ?? null) : null,
              firstPage: after === null,
            }),
          );
        } catch (err) {
          if (!(err instanceof AppError && err.code === 'BAD_USER_INPUT')) throw err;
          return html(
            400,
            renderMessagePage(
              journal.paths.page,
              'Ugyldig lenke',
              'Lenken til neste side er ikke gyldig. Begynn på første side av saken.',
            ),
          );
        }
      },
    ),
  );

  router.get(
    ['/journal/:year/:entry', '/journal/:org/:year/:entry'],
    ...permalink(
      (req) => isEntryPath(req.params.year, req.params.entry),
      (req) => `entry ${req.params.year}/${req.params.entry}`,
      async (req, em, journal, date) => {
        const id = registryIdOf(String(req.params.year), String(req.params.entry));
        const row = id && (await publicEntryByRegistryId(em, settings, date, id));
        return row
          ? html(200, renderEntryPage(journal, row))
          : html(404, renderNotFoundPage(journal.paths.page));
      },
    ),
  );

  router.get(
    ['/public-journal.csv', '/journal/:org/public-journal.csv'],
    view(async (req, res, em, journal) => {
      const { params, filter } = parseSearch(req.query);
      const format = parseCsvFormat(req.query);
      const date = today();
      const org = journal.organisation.id;
      const request = `csv ${format}${queryString(params)}`;
      if (!(await revalidate(req, res, em, journal, request, date))) return;
      // Written by PostgreSQL (COPY) while a slot is free, else from keyset pages.
      const copied = holding(() =>
        copyPublicJournalCsv(
          em,
          org,
          settings,
          date,
          filter,
          config.hardening.statementTimeoutMs,
          format,
        ),
      );
      const headers = {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="offentlig-journal.csv"',
      };
      if (copied) {
        const chunks = await started(copied);
        res.status(200).set(headers);
        await sendDownload(res, chunks, (items) => csvFromCopy(items, format));
      } else {
        const rows = await started(streamPublicJournal(em, org, settings, date, filter));
        res.status(200).set(headers);
        await sendDownload(res, rows, (items) => csvText(items, format));
      }
    }),
  );

  router.get(
    ['/public-journal.json', '/journal/:org/public-journal.json'],
    view(async (req, res, em, journal) => {
      const { params, filter } = parseSearch(req.query);
      const date = today();
      const org = journal.organisation.id;
      if (!(await revalidate(req, res, em, journal, `json${queryString(params)}`, date))) return;
      const rows = await started(
        holding(() => cursorPublicJournal(em, org, settings, date, filter)) ??
          streamPublicJournal(em, org, settings, date, filter),
      );
      res.status(200).type('application/json; charset=utf-8');
      await sendDownload(res, rows, jsonArray);
    }),
  );

  router.get(
    ['/public-journal.xml', '/journal/:org/public-journal.xml'],
    view(async (req, res, em, journal) => {
      const { params, filter } = parseSearch(req.query);
      const date = today();
      const org = journal.organisation.id;
      if (!(await revalidate(req, res, em, journal, `xml${queryString(params)}`, date))) return;
      // The header counts the entries before they follow: only one statement read through a
      // cursor gives the count and the entries from one snapshot, so without a free slot the
      // client comes back rather than get a header that may not match (docs/noark5.md).
      const creator = await inJournalOf(em, org, () => archiveCreatorOf(em));
      const counted = holding(() => cursorCountedPublicJournal(em, org, settings, date, filter));
      if (!counted) {
        uncached(res);
        res.setHeader('retry-after', String(XML_RETRY_AFTER_SECONDS));
        res.status(503).type('text/plain; charset=utf-8').send(XML_BUSY);
        return;
      }
      const rows = await started(counted);
      const period: JournalPeriod = {
        from: filter.journalDate?.from,
        to: filter.journalDate?.to,
        today: date,
      };
      res.status(200).set({
        'Content-Type': 'application/xml; charset=utf-8',
        'Content-Disposition': 'attachment; filename="offentlig-journal.xml"',
      });
      await sendDownload(res, rows, (batches) =>
        offentligJournalFromCounted(batches, period, creator, selectionOf(params)),
      );
    }),
  );

  router.get(
    ['/public-journal.atom', '/journal/:org/public-journal.atom'],
    view(async (req, res, em, journal) => {
      const { params, filter } = parseSearch(req.query);
      // Express's req.host: the Host header, or X-Forwarded-Host where TRUST_PROXY trusts it.
      const host = req.host;
      if (!host || !HOST.test(host)) {
        res.status(400).type('text/plain; charset=utf-8').send('The Host header is not valid\n');
        return;
      }
      const date = today();
      const origin = `${req.protocol}://${host}`;
      const etag = await revalidate(
        req,
        res,
        em,
        journal,
        `atom ${origin}${queryString(params)}`,
        date,
      );
      if (!etag) return;
      const hit = pages.get(etag);
      if (hit) return send(res, hit);
      const { page, published } = await inJournalOf(em, journal.organisation.id, async () => {
        const page = await listPublicJournal(em, settings, date, {
          filter,
          page: { first: ATOM_ENTRIES },
        });
        const ids = page.nodes.map((row) => row.id);
        return { page, published: await publicationMoments(em, settings, date, ids) };
      });
      const feed: CachedPage = {
        status: 200,
        contentType: 'application/atom+xml; charset=utf-8',
        body: await atomFeed({
          origin,
          organisation: journal.organisation,
          paths: journal.paths,
          params,
          rows: page.nodes,
          published,
          today: date,
        }),
      };
      pages.set(etag, feed);
      send(res, feed);
    }),
  );

  router.get(
    ['/journal', '/journal/:org'],
    view(
      async (req, res, em, journal) => {
        const date = today();
        // A repeated parameter is answered below with the page's own 400, without a cache key.
        const key = journalKey(req.query);
        const etag = key ? await revalidate(req, res, em, journal, key.request, date) : undefined;
        if (etag === null) return;
        const hit = etag && key?.firstPage ? pages.get(etag) : undefined;
        if (hit) return send(res, hit);
        const html = await inJournalOf(em, journal.organisation.id, () =>
          journalPage(req, res, em, journal, date),
        );
        if (etag && key?.firstPage && html.status === 200) pages.set(etag, html);
        send(res, html);
      },
      async (_req, res, em) => {
        const html = renderOrganisationList(await listOrganisations(em));
        res.status(200).set('Cache-Control', cacheControl).type('text/html; charset=utf-8');
        res.send(html);
      },
    ),
  );

  /** The page of one journal, read in its organisation's transaction. */
  async function journalPage(
    req: Request,
    res: Response,
    em: EntityManager,
    journal: Journal,
    date: string,
  ): Promise<CachedPage> {
    const model: JournalPageModel = {
      organisation: journal.organisation,
      paths: journal.paths,
      params: NO_SEARCH,
      units: await unitOptions(em),
      types: settings.types,
      delayWorkdays: settings.delayWorkdays,
      legalBases: await journalLegalBases(em),
    };
    try {
      // First, so that a mistake in the search keeps the basket.
      model.basket = await basketEntries(em, settings, date, readBasket(req.query[BASKET_PARAM]));
      model.params = readParams(req.query);
      const { sort, after, before } = parsePaging(req.query);
      model.sort = sort;
      model.after = after;
      const page = await listPublicJournal(
        em,
        settings,
        date,
        {
          filter: toFilter(model.params),
          page: before ? { last: PAGE_SIZE, before } : { first: PAGE_SIZE, after },
          order: orderOf(sort),
        },
        counts,
      );
      model.result = {
        entries: page.nodes,
        total: await page.totalCount(),
        nextCursor: page.hasNextPage ? (page.cursors.at(-1) ?? null) : null,
        previousCursor: page.hasPreviousPage ? (page.cursors[0] ?? null) : null,
        firstPage: !page.hasPreviousPage,
      };
    } catch (err) {
      if (err instanceof AppError && err.code === 'BAD_USER_INPUT') {
        res.status(400);
        uncached(res);
        model.error = searchMistake(err);
      } else if (isStatementTimeout(err)) {
        logFailure(err, res);
        res.status(503);
        uncached(res);
        model.error = TIMEOUT_MESSAGE;
      } else throw err;
      model.result = undefined;
    }
    return {
      status: res.statusCode,
      contentType: 'text/html; charset=utf-8',
      body: renderJournalPage(model),
    };
  }

  return router;
}

/** What the /journal page depends on in its query string, in normal form; null when repeated. */
function journalKey(query: Request['query']): { request: string; firstPage: boolean } | null {
  try {
    const { sort, after, before } = parsePaging(query);
    // The request basket (kurv=) is part of the page: its entries are shown and checked.
    const kurv = basketParam(readBasket(query[BASKET_PARAM]));
    return {
      request: `journal${queryString(readParams(query), { sort, after, before, [BASKET_PARAM]: kurv })}`,
      firstPage: after === null && before === null,
    };
  } catch {
    return null;
  }
}

/** Seleksjon (M313) of the XML: the search as given, e.g. `q=søknad, type=INCOMING`; null for none. */
function selectionOf(params: SearchParams): string | null {
  const given = SEARCH_PARAM_NAMES.filter((name) => params[name]).map(
    (name) => `${name}=${params[name]}`,
  );
  return given.length ? `Søk: ${given.join(', ')}` : null;
}

const collator = new Intl.Collator('nb');

/** Every unit, for the unit select, in Norwegian alphabetical order (æ, ø, å last). */
async function unitOptions(em: EntityManager): Promise<UnitOption[]> {
  const units = await journalUnits(em);
  return units
    .map((u) => ({ id: toGlobalId('Unit', u.id), name: u.name }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

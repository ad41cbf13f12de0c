import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type MikroORM } from '@mikro-orm/postgresql';
import express, { type Request, type Response, type Router } from 'express';
import { type Logger } from 'pino';
import { type Authenticator } from '../../auth/authenticate';
import { hasRole, type UserViewer } from '../../auth/viewer';
import { badInput, forbidden, isStatementTimeout } from '../../domain/errors';
import { Role } from '../../entities/enums';
import {
  type ArchiveCreator,
  archiveCreatorOf,
  cursorLoependeJournal,
  type JournalDates,
  loependeJournalFromCounted,
  loependeJournalStatement,
} from '../../exports/journals';
import { defineAbilityFor } from '../../policies/ability';
import { recordLoependeJournalRead } from '../../services/journalExports';
import { endRequest } from '../../services/requestScope';
import { sendJsonError } from '../limits/jsonErrors';
import { parseSearch } from '../publicJournal/params';
import { coalesce } from '../publicJournal/streams';
import { endCutOff, logFailure, sendInternalError, sendRefusal, signIn } from '../signedInRoutes';

/**
 * The løpende journal (Noark 5 `loependeJournal.xsd`) for archivists, for the journal's own
 * control: every journal post of a period with its values in full.
 *
 * | route                                                        | who                |
 * |--------------------------------------------------------------|--------------------|
 * | GET /archive/loepende-journal.xml?from=YYYY-MM-DD&to=YYYY-MM-DD | archivists (bearer token) |
 *
 * The organisation is the one the request acts in (token claim or X-Organisation, as every signed-
 * in request). The posts are those the policies let the viewer read in FULL (JournalPost and its
 * Case), which for an archivist is every post of the organisation. Refusals are JSON errors as
 * the documents routes': 401 UNAUTHENTICATED without a valid token, 403 FORBIDDEN for anyone not
 * an archivist, 400 BAD_USER_INPUT for a missing or malformed period. One audit event records the
 * read (services/journalExports.ts).
 */
export interface JournalRouteOptions {
  orm: MikroORM;
  authenticator: Authenticator;
  /** The calendar date in Norway: whether a screening is still active */
  today: () => string;
  log: Logger;
}

/** The period of the request: both ends required, the right way round. */
function periodOf(req: Request): JournalDates {
  const { from, to } = req.query;
  const range = parseSearch({ from, to }).filter.journalDate;
  if (!range?.from || !range.to) {
    throw badInput(
      range?.from ? 'to' : 'from',
      'REQUIRED',
      'The løpende journal needs a period: from and to, YYYY-MM-DD',
    );
  }
  return { from: range.from, to: range.to };
}

export function journalExportRoutes(options: JournalRouteOptions): Router {
  const { orm, authenticator, today, log } = options;
  const router = express.Router();
  const signedIn = signIn({
    authenticator,
    withoutToken: 'Sign in: the løpende journal needs a bearer token',
  });

  function fail(err: unknown, res: Response): void {
    if (endCutOff(err, res, log, 'løpende journal cut off') || sendRefusal(err, res)) return;
    logFailure(err, res, log, 'løpende journal failed');
    if (isStatementTimeout(err)) {
      sendJsonError(
        res,
        503,
        'QUERY_TIMEOUT',
        'The period is too long to read at once: choose a shorter one',
      );
      return;
    }
    sendInternalError(res);
  }

  router.get('/archive/loepende-journal.xml', async (req, res) => {
    const em = orm.em.fork();
    let source: AsyncGenerator<unknown> | undefined;
    try {
      const { viewer } = await signedIn(req, res, em);
      let prepared: {
        viewer: UserViewer;
        dates: JournalDates;
        statement: NonNullable<ReturnType<typeof loependeJournalStatement>>;
        creator: ArchiveCreator;
      };
      try {
        if (viewer.kind !== 'user' || !hasRole(viewer, Role.ARCHIVIST)) {
          throw forbidden('Only archivists read the løpende journal');
        }
        const dates = periodOf(req);
        const statement = loependeJournalStatement(defineAbilityFor(viewer), dates, today());
        if (!statement) throw forbidden('Only archivists read the løpende journal');
        prepared = { viewer, dates, statement, creator: await archiveCreatorOf(em) };
      } finally {
        await endRequest(em, false).catch(() => undefined);
      }
      const { viewer: reader, dates, statement, creator } = prepared;
      // Read through a cursor of its own: one statement, so the count in the header is the
      // number of the entries that follow.
      const cursor = cursorLoependeJournal(em, reader.organisationId, statement);
      source = cursor;
      const first = await cursor.next();
      const posts = first.done ? 0 : Number(first.value[0]!.entries_total);
      await recordLoependeJournalRead(em, reader, String(res.locals.requestId), dates, posts);
      const batches = (async function* () {
        if (!first.done) yield first.value;
        yield* cursor;
      })();
      res.status(200).set({
        'Content-Type': 'application/xml; charset=utf-8',
        'Content-Disposition': 'attachment; filename="loepende-journal.xml"',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      await pipeline(
        Readable.from(loependeJournalFromCounted(batches, dates, creator)),
        coalesce(),
        res,
      );
    } catch (err) {
      fail(err, res);
    } finally {
      await source?.return(undefined);
    }
  });

  return router;
}

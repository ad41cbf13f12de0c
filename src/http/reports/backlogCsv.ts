import { type MikroORM } from '@mikro-orm/postgresql';
import express, { type Request, type Router } from 'express';
import { type Logger } from 'pino';
import { type Authenticator } from '../../auth/authenticate';
import { badInput, forbidden, notFound } from '../../domain/errors';
import { defineAbilityFor } from '../../policies/ability';
import { refuseUnitFollowUp, UNIT_FOLLOW_UP_REFUSAL } from '../../policies/approval';
import { unitAndAbove } from '../../queries/approval';
import { type JournalPostRow } from '../../queries/journalPosts';
import { unitNames, userNames } from '../../queries/names';
import { FORMULA_STARTS, JOURNAL_POST_TYPE_CODES } from '../../queries/publicJournalCsv';
import { backlog } from '../../queries/reports';
import { idOf } from '../../schema/globalId';
import { AccessLog } from '../../services/accessLog';
import { refused } from '../../services/funnel';
import { endRequest } from '../../services/requestScope';
import { endCutOff, logFailure, sendInternalError, sendRefusal, signIn } from '../signedInRoutes';

/**
 * Restanseliste as a download (docs/daily-routines.md, "Restanseliste as a download"), for the
 * archive's quarterly routine:
 *
 * | route                                                         | who                                  |
 * |---------------------------------------------------------------|--------------------------------------|
 * | GET /reports/restanseliste.csv?unit=<Unit id>&olderThanDays=n | leaders of the unit or above, archivists (bearer token) |
 *
 * The rows are the GraphQL `backlog` of that unit (queries/reports.ts, the same function, paged
 * through by its keyset): only posts the viewer may see, each as the viewer sees it (a REDACTED
 * post with its public title and no handler). CSV for Norwegian Excel: UTF-8 with a byte order
 * mark, `;` between cells, CRLF rows, Norwegian headers; a cell that would start a formula gets a
 * leading apostrophe. Refusals are JSON errors as the other signed-in routes': 401, 403 (not a
 * leader of the unit or above, nor an archivist), 404 (no such unit), 400 (a malformed argument).
 */
export interface BacklogCsvOptions {
  orm: MikroORM;
  authenticator: Authenticator;
  /** The calendar date in Norway */
  today: () => string;
  log: Logger;
}

export const BACKLOG_CSV_HEADERS = [
  'Saksnr',
  'Registrerings-ID',
  'Journalpostnr',
  'Journaldato',
  'Forfallsdato',
  'Type',
  'Tittel',
  'Saksbehandler',
  'Enhet',
  'Dager på vent',
] as const;

const PAGE = 100;
const DAY_MS = 86_400_000;

function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && text && FORMULA_STARTS.includes(text[0]!)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (cells: (string | number | null)[]) => `${cells.map(cell).join(';')}\r\n`;

function argumentsOf(req: Request): { unitId: string; olderThanDays: number | null } {
  const unit = typeof req.query.unit === 'string' ? req.query.unit : '';
  if (!unit) throw badInput('unit', 'REQUIRED', 'Name the unit: ?unit=<Unit id>');
  const unitId = idOf('Unit', unit);
  if (!unitId)
    throw badInput('unit', 'INVALID_ID', 'unit is not the id of a Unit', { type: 'Unit' });
  const days = req.query.olderThanDays;
  if (days === undefined) return { unitId, olderThanDays: null };
  if (typeof days !== 'string' || !/^\d{1,5}$/.test(days)) {
    throw badInput(
      'olderThanDays',
      'INVALID_FORMAT',
      'olderThanDays must be a whole number of days',
    );
  }
  return { unitId, olderThanDays: Number(days) };
}

/** ASCII for the file name: letters and digits, dashes between words. */
const slug = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[åÅ]/g, 'a')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

export function backlogCsvRoutes(options: BacklogCsvOptions): Router {
  const { orm, authenticator, today: todayOf, log } = options;
  const router = express.Router();
  const signedIn = signIn({
    authenticator,
    withoutToken: 'Sign in: the restanseliste needs a bearer token',
  });

  router.get('/reports/restanseliste.csv', async (req, res) => {
    const em = orm.em.fork();
    let accessLog: AccessLog | undefined;
    let ok = false;
    try {
      const { viewer } = await signedIn(req, res, em);
      const ability = defineAbilityFor(viewer);
      const today = todayOf();
      const args = argumentsOf(req);
      // Who may not even read units learns nothing of which exist.
      if (!ability.can('read', 'Unit')) throw forbidden(UNIT_FOLLOW_UP_REFUSAL);
      const reach = await unitAndAbove(em, args.unitId);
      if (!reach) throw notFound('The unit');
      const refusal = refuseUnitFollowUp(viewer, reach);
      if (refusal) throw refused(refusal);
      const requestId = String(res.locals.requestId);
      accessLog = new AccessLog({ requestId, em, viewer, ability, log: log.child({ requestId }) });

      const unitName = (await unitNames(em, [args.unitId])).get(args.unitId)!;
      let page = await backlog(em, ability, today, args, { first: PAGE });
      res.status(200).set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="restanseliste-${slug(unitName)}-${today}.csv"`,
        'Cache-Control': 'no-store',
      });
      res.write(`\uFEFF${line([...BACKLOG_CSV_HEADERS])}`);
      for (;;) {
        accessLog.noteRows('JournalPost', page.nodes);
        res.write(await rowsOf(page.nodes, today));
        if (!page.hasNextPage) break;
        page = await backlog(em, ability, today, args, {
          first: PAGE,
          after: page.cursors.at(-1)!,
        });
      }
      ok = true;
      res.end();
    } catch (err) {
      if (endCutOff(err, res, log, 'restanseliste cut off') || sendRefusal(err, res)) return;
      logFailure(err, res, log, 'restanseliste failed');
      sendInternalError(res);
    } finally {
      await endRequest(em, ok).catch(() => undefined);
      accessLog?.write();
    }

    /** One page as CSV lines; the handlers' and units' names in one statement each. */
    async function rowsOf(rows: JournalPostRow[], today: string): Promise<string> {
      const handlers = await userNames(
        em,
        rows.map((r) => r.responsible_id),
      );
      const units = await unitNames(
        em,
        rows.map((r) => r.responsible_unit_id),
      );
      return rows
        .map((r) =>
          line([
            r.case_number,
            `${r.case_number}-${r.document_number}`,
            `${r.journal_year}/${r.journal_sequence_number}`,
            r.journal_date,
            r.due_date,
            JOURNAL_POST_TYPE_CODES[r.type],
            r.title,
            r.responsible_id ? (handlers.get(r.responsible_id) ?? null) : null,
            units.get(r.responsible_unit_id) ?? null,
            Math.round((Date.parse(today) - Date.parse(r.journal_date)) / DAY_MS),
          ]),
        )
        .join('');
    }
  });

  return router;
}

import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { type MikroORM } from '@mikro-orm/postgresql';
import express, { type Request, type Response, type Router } from 'express';
import { type Logger } from 'pino';
import { type Authenticator } from '../../auth/authenticate';
import { type Config } from '../../config';
import { attachmentDisposition } from '../../domain/documents';
import { AppError, notFound, unauthenticated } from '../../domain/errors';
import { defineAbilityFor } from '../../policies/ability';
import { idOf } from '../../schema/globalId';
import { openExportPackage } from '../../services/archiveExports';
import { type ServiceContext } from '../../services/context';
import { type InsightRuntime } from '../../domain/insightRequests';
import { beginRequest, endRequest, ORGANISATION_HEADER } from '../../services/requestScope';
import { sendJsonError } from '../limits/jsonErrors';
import { loggableError } from '../logSafe';
import { clientKey } from '../rateLimit/clientAddress';

/**
 * The deposit packages (arkivuttrekk) of finished exports:
 *
 * | route                                        | who                         | what             |
 * |----------------------------------------------|-----------------------------|------------------|
 * | GET /archive/exports/{export id}/package.tar | archivists, bearer token    | the package      |
 *
 * `{export id}` is an ArchiveExport's global id (its `downloadUrl`). Refusals are JSON errors as
 * GraphQL's: 401 UNAUTHENTICATED, 403 FORBIDDEN (not an archivist), 404 NOT_FOUND (no such export
 * in the viewer's organisation), 409 INVALID_STATE (the export has not succeeded). The package is
 * streamed from EXPORT_DIR with Content-Length and its SHA-256 as ETag; each download is audited
 * (archiveExport.download) before the first byte leaves, as it hands on the whole part.
 */
export interface PackageRouteOptions {
  orm: MikroORM;
  config: Config;
  authenticator: Authenticator;
  insight: InsightRuntime;
  today: () => string;
  log: Logger;
}

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
};

export function packageRoutes(options: PackageRouteOptions): Router {
  const { orm, config, authenticator, insight, today, log } = options;
  const router = express.Router();

  function fail(err: unknown, res: Response): void {
    if (res.headersSent) {
      log.error(
        { requestId: res.locals.requestId, error: loggableError(err) },
        'package download cut off',
      );
      res.destroy();
      return;
    }
    if (err instanceof AppError && STATUS[err.code]) {
      if (err.code === 'UNAUTHENTICATED') res.set('WWW-Authenticate', 'Bearer');
      const { code: _c, http: _h, ...extra } = err.extensions as Record<string, unknown>;
      sendJsonError(res, STATUS[err.code]!, err.code, err.message, extra);
      return;
    }
    const requestId = String(res.locals.requestId);
    log.error({ requestId, error: loggableError(err) }, 'package request failed');
    sendJsonError(
      res,
      500,
      'INTERNAL_SERVER_ERROR',
      `Internal server error (request ${requestId})`,
    );
  }

  async function serviceContext(req: Request, res: Response): Promise<ServiceContext> {
    const authorization = req.get('authorization');
    if (!authorization) throw unauthenticated('Sign in: deposit packages need a bearer token');
    const em = orm.em.fork();
    const identity = await authenticator.identify(authorization);
    const { viewer, organisation } = await beginRequest(em, identity, req.get(ORGANISATION_HEADER));
    if (viewer.kind === 'user') res.locals.userId = viewer.userId;
    const requestId = String(res.locals.requestId);
    return {
      requestId,
      em,
      viewer,
      organisation,
      today: today(),
      publicJournal: config.publicJournal,
      ability: defineAbilityFor(viewer),
      insight,
      clientAddress: clientKey(req.ip),
      log: log.child({ requestId }),
    };
  }

  router.get('/archive/exports/:exportId/package.tar', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    let ctx: ServiceContext | null = null;
    try {
      ctx = await serviceContext(req, res);
      const id = idOf('ArchiveExport', String(req.params.exportId));
      if (!id) throw notFound('The archive export');
      const pkg = await openExportPackage(ctx, config, id);
      // The audit event is kept before the first byte leaves.
      await endRequest(ctx.em, true);
      ctx = null;
      res.status(200).set({
        'Content-Type': 'application/x-tar',
        'Content-Disposition': attachmentDisposition(pkg.fileName),
        'Content-Length': String(pkg.size),
        ETag: `"${pkg.sha256}"`,
        'X-Content-Type-Options': 'nosniff',
      });
      await pipeline(createReadStream(pkg.file), res);
    } catch (err) {
      if (ctx) await endRequest(ctx.em, false).catch(() => undefined);
      fail(err, res);
    }
  });

  return router;
}

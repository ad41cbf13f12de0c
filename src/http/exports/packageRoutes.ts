import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import express, { type Response, type Router } from 'express';
import { attachmentDisposition } from '../../domain/documents';
import { notFound } from '../../domain/errors';
import { idOf } from '../../schema/globalId';
import { openExportPackage } from '../../services/archiveExports';
import { type ServiceContext } from '../../services/context';
import { endRequest } from '../../services/requestScope';
import {
  endCutOff,
  logFailure,
  sendInternalError,
  sendRefusal,
  serviceContexts,
  signIn,
  type SignedInRouteDeps,
} from '../signedInRoutes';

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
export type PackageRouteOptions = SignedInRouteDeps;

export function packageRoutes(options: PackageRouteOptions): Router {
  const { orm, config, authenticator, log } = options;
  const router = express.Router();
  const serviceContext = serviceContexts({
    ...options,
    signedIn: signIn({
      authenticator,
      withoutToken: 'Sign in: deposit packages need a bearer token',
    }),
  });

  function fail(err: unknown, res: Response): void {
    if (endCutOff(err, res, log, 'package download cut off') || sendRefusal(err, res)) return;
    logFailure(err, res, log, 'package request failed');
    sendInternalError(res);
  }

  router.get('/archive/exports/:exportId/package.tar', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    let ctx: ServiceContext | null = null;
    try {
      ctx = await serviceContext(req, res, orm.em.fork());
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

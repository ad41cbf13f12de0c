import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import express, { type Request, type Response, type Router } from 'express';
import { type Logger } from 'pino';
import { type Authenticator } from '../../auth/authenticate';
import { type Config } from '../../config';
import { AccessLog } from '../../services/accessLog';
import {
  attachmentDisposition,
  currentDocument,
  currentObject,
  type DocumentMeta,
  fileNameFromDisposition,
  mediaTypeOf,
  parseVariant,
  PDF,
  readContent,
  safeFileName,
  startsLikePdf,
} from '../../domain/documents';
import { type AppError, badInput, fieldErrorsOf, notFound } from '../../domain/errors';
import { DOWNLOAD_PATH, type InsightRuntime, verifyLink } from '../../domain/insightRequests';
import { DocumentVariant } from '../../entities';
import { defineAbilityFor } from '../../policies/ability';
import { documentFacts, postOfDescription } from '../../queries/facts';
import { idOf } from '../../schema/globalId';
import { descriptionDocumentPath } from '../../schema/types/documentDescriptions';
import { documentPath } from '../../schema/types/documents';
import { uploadDocument } from '../../services/documents';
import { endRequest } from '../../services/requestScope';
import { releasedFileByLink } from '../../services/insightRequests';
import { sendJsonError } from '../limits/jsonErrors';
import { loggableError } from '../logSafe';
import { clientKey } from '../rateLimit/clientAddress';
import { type CostLimiter } from '../rateLimit/limiter';
import {
  endCutOff,
  logFailure,
  sendInternalError,
  sendRefusal,
  serviceContexts,
  signIn,
} from '../signedInRoutes';

/**
 * Files (dokumentobjekt) of the document descriptions of journal posts over plain HTTP
 * (policies/documents.ts says who; domain/documents when):
 *
 * | route                                                  | who                 | what                          |
 * |--------------------------------------------------------|---------------------|-------------------------------|
 * | PUT /documents/descriptions/{description id}/{variant} | bearer token        | upload or replace the file of a document description (main document or attachment) |
 * | GET /documents/descriptions/{description id}/{variant} | bearer token        | its current file              |
 * | PUT /documents/{post id}/{variant}                     | bearer token        | the same for the post's main document (made at the first upload) |
 * | GET /documents/{post id}/{variant}                     | bearer token        | the main document's current file |
 * | GET /insight-downloads/{token}                         | anyone with the link | exactly the file an insight decision released |
 *
 * `{description id}` is a DocumentDescription's global id, `{post id}` a journal post's, and
 * `{variant}` PRODUCTION, ARCHIVE or PUBLIC (any case). A description the viewer does not read in
 * full (its own screening) is 404 for every variant, as a post they do not see. Upload: `Content-Type` is required; a file claimed as application/pdf must start with
 * `%PDF-`, and the ARCHIVE file must identify itself as PDF/A (domain/documents/pdfa.ts); the
 * name comes from `Content-Disposition: attachment; filename*=UTF-8''…` or `?filename=`; at most
 * DOCUMENT_MAX_BYTES (413 beyond). A locked post's file is replaced only by an archivist's
 * correction: `X-Correction-Reason` (percent-encoded UTF-8 allowed) or `?correction=`. Refusals
 * are JSON errors as GraphQL's: 401 UNAUTHENTICATED, 403 FORBIDDEN, 404 NOT_FOUND (also for a
 * variant the viewer may not fetch), 400 BAD_USER_INPUT (415 with the field error NOT_PDFA: an
 * ARCHIVE file that is not PDF/A), 409 INVALID_STATE, 413 PAYLOAD_TOO_LARGE. Downloads are
 * attachments (never rendered in the API's origin), with Content-Length and the SHA-256 as ETag.
 * The upload itself is services/documents.ts: this route only parses the request; `fail` is the
 * one mapping of errors to responses.
 */
export interface DocumentRouteOptions {
  orm: MikroORM;
  config: Config;
  authenticator: Authenticator;
  insight: InsightRuntime;
  /** The calendar date in Norway (tests pass a fixed one) */
  today: () => string;
  /** The public download budget (hardening): links spend RATE_LIMIT_DOWNLOAD_COST */
  limiter?: CostLimiter;
  log: Logger;
}

/** 413: not a GraphQL error code, so not an AppError. */
class TooLarge extends Error {}

/** The raw body, refused (413) as soon as it passes `max` bytes. */
async function readBody(req: Request, max: number): Promise<Buffer | 'too large'> {
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > max) return 'too large';
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) return 'too large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

function header(value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function queryText(req: Request, name: string): string | null {
  const v = req.query[name];
  return typeof v === 'string' ? v : null;
}

/** The headers of a file download; the body follows unless HEAD or not modified. */
async function sendFile(
  req: Request,
  res: Response,
  em: EntityManager,
  doc: DocumentMeta,
  cache: string,
): Promise<void> {
  const etag = `"${doc.sha256}"`;
  res.set({
    'Content-Type': doc.mediaType,
    'Content-Disposition': attachmentDisposition(doc.fileName),
    ETag: etag,
    'Cache-Control': cache,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Referrer-Policy': 'no-referrer',
  });
  const match = req.get('if-none-match');
  if (match && match.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    res.status(304).end();
    return;
  }
  res.status(200).set('Content-Length', String(doc.size));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(Readable.from(readContent(em, doc)), res);
}

export function documentRoutes(options: DocumentRouteOptions): Router {
  const { orm, config, authenticator, insight, limiter, log } = options;
  const router = express.Router();
  const max = config.documents.maxBytes;

  const signedIn = signIn({
    authenticator,
    withoutToken: 'Sign in: documents need a bearer token',
  });
  const serviceContext = serviceContexts({ ...options, signedIn });

  function fail(err: unknown, res: Response): void {
    if (endCutOff(err, res, log, 'download cut off')) return;
    if (err instanceof TooLarge) {
      sendJsonError(res, 413, 'PAYLOAD_TOO_LARGE', err.message);
      return;
    }
    // A file of a format the variant does not take (an ARCHIVE file that is not PDF/A): 415.
    const notPdfa = (e: AppError) => fieldErrorsOf(e).some((f) => f.code === 'NOT_PDFA');
    if (sendRefusal(err, res, (e) => (notPdfa(e) ? 415 : undefined))) return;
    logFailure(err, res, log, 'document request failed');
    sendInternalError(res);
  }

  /** The post or description a path names: `{post id}` (its main document) or `{description id}`. */
  function target(req: Request): { postId: string | null; descriptionId: string | null } {
    if (req.params.descriptionId !== undefined) {
      return {
        postId: null,
        descriptionId: idOf('DocumentDescription', String(req.params.descriptionId)),
      };
    }
    return { postId: idOf('JournalPost', String(req.params.postId)), descriptionId: null };
  }

  function variantOf(req: Request): DocumentVariant {
    const variant = parseVariant(String(req.params.variant));
    if (!variant) {
      throw badInput(
        'variant',
        'INVALID_FORMAT',
        'The variant must be PRODUCTION, ARCHIVE or PUBLIC',
      );
    }
    return variant;
  }

  /** The signed-in viewer, the post, the description and the variant, or a refusal. */
  async function access(req: Request, res: Response, em: EntityManager) {
    const { viewer } = await signedIn(req, res, em);
    const ability = defineAbilityFor(viewer);
    const named = target(req);
    const variant = variantOf(req);
    const postId = named.descriptionId
      ? await postOfDescription(em, named.descriptionId)
      : named.postId;
    const facts = postId ? await documentFacts(em, postId, variant, named.descriptionId) : null;
    if (!postId || !facts || !ability.can('read', facts.post)) {
      throw notFound(named.descriptionId ? 'The document description' : 'The journal post');
    }
    return {
      viewer,
      ability,
      postId,
      descriptionId: named.descriptionId,
      variant,
      facts: facts.document,
    };
  }

  /** The raw body as the file: within DOCUMENT_MAX_BYTES, not empty, a PDF when it says so. */
  async function fileContent(req: Request, res: Response, mediaType: string): Promise<Buffer> {
    const body = await readBody(req, max);
    if (body === 'too large') {
      res.set('Connection', 'close');
      throw new TooLarge(
        `The document is larger than the limit of ${max} bytes (DOCUMENT_MAX_BYTES)`,
      );
    }
    if (body.length === 0) throw badInput('body', 'REQUIRED', 'The document is empty');
    if (mediaType === PDF && !startsLikePdf(body)) {
      throw badInput(
        'Content-Type',
        'NOT_ALLOWED',
        'The file is not a PDF (it does not start with %PDF-), though Content-Type says application/pdf',
      );
    }
    return body;
  }

  async function upload(req: Request, res: Response): Promise<void> {
    res.set('Cache-Control', 'no-store');
    const em = orm.em.fork();
    try {
      const ctx = await serviceContext(req, res, em);
      const named = target(req);
      const variant = variantOf(req);
      const mediaType = mediaTypeOf(req.get('content-type'));
      if (!mediaType) {
        throw badInput(
          'Content-Type',
          'REQUIRED',
          'Send the media type of the file as Content-Type (e.g. application/pdf)',
        );
      }
      const result = await uploadDocument(ctx, {
        ...named,
        variant,
        mediaType,
        fileName: safeFileName(
          queryText(req, 'filename') ?? fileNameFromDisposition(req.get('content-disposition')),
        ),
        correctionReason: queryText(req, 'correction') ?? header(req.get('x-correction-reason')),
        content: () => fileContent(req, res, mediaType),
      });
      // Kept before the client is told so.
      await endRequest(em, true);
      const d = result.document;
      const path = named.descriptionId
        ? descriptionDocumentPath(d.descriptionId, variant)
        : documentPath(d.journalPostId, variant);
      res
        .status(result.outcome === 'created' ? 201 : 200)
        .set({ ETag: `"${d.sha256}"`, Location: path })
        .json({
          outcome: result.outcome.toUpperCase(),
          document: {
            variant: d.variant,
            version: d.version,
            fileName: d.fileName,
            mediaType: d.mediaType,
            format: d.format,
            size: d.size,
            sha256: d.sha256,
            uploadedAt: d.uploadedAt.toISOString(),
            downloadUrl: path,
          },
        });
    } catch (err) {
      // Refused before the body was read: do not keep the connection for the rest of it.
      if (!req.complete) res.set('Connection', 'close');
      fail(err, res);
    } finally {
      await endRequest(em, false).catch(() => undefined);
    }
  }

  router.put('/documents/descriptions/:descriptionId/:variant', upload);
  router.put('/documents/:postId/:variant', upload);

  async function download(req: Request, res: Response): Promise<void> {
    let accessLog: AccessLog | undefined;
    const em = orm.em.fork();
    try {
      const { viewer, ability, postId, descriptionId, variant, facts } = await access(req, res, em);
      const doc = !ability.can('read', facts)
        ? null
        : descriptionId
          ? await currentObject(em, descriptionId, variant)
          : await currentDocument(em, postId, variant);
      if (!doc) {
        throw notFound(
          `A ${variant} document of this ${descriptionId ? 'document description' : 'journal post'}`,
        );
      }
      if (doc.disposed) {
        // Disposed of (kassert): the bytes are gone for good, which a 404 would not say.
        res.set('Cache-Control', 'no-store');
        sendJsonError(
          res,
          410,
          'GONE',
          'The document has been disposed of (kassert): its file no longer exists',
        );
        return;
      }
      if (variant !== DocumentVariant.PUBLIC) {
        // A full read of the post's content: services/accessLog.ts decides whether it is logged.
        const requestId = String(res.locals.requestId);
        accessLog = new AccessLog({
          requestId,
          em,
          viewer,
          ability,
          log: log.child({ requestId }),
        });
        accessLog.noteRead('JournalPost', postId);
      }
      await sendFile(req, res, em, doc, 'private, no-store');
    } catch (err) {
      fail(err, res);
    } finally {
      // Also when the reader went away mid-download: part of the file was handed out.
      accessLog?.write();
      await endRequest(em, true).catch(() => undefined);
    }
  }

  router.get('/documents/descriptions/:descriptionId/:variant', download);
  router.get('/documents/:postId/:variant', download);

  /** Link refusals are plain text: they are read by people who followed a link. */
  function linkRefusal(res: Response, status: number, text: string): void {
    res
      .status(status)
      .set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' })
      .type('text/plain; charset=utf-8')
      .send(`${text}\n`);
  }

  router.get(`${DOWNLOAD_PATH}/:token`, async (req, res) => {
    try {
      if (limiter) {
        const decision = await limiter.consume(
          { kind: 'anonymous', address: clientKey(req.ip) },
          config.hardening.rateLimit.downloadCost,
        );
        if (!decision.allowed) {
          res.set('Retry-After', String(decision.retryAfterSeconds));
          linkRefusal(
            res,
            429,
            `For mange forespørsler. Prøv igjen om ${decision.retryAfterSeconds} sekunder.\nToo many requests: try again in ${decision.retryAfterSeconds} s.`,
          );
          return;
        }
      }
      const check = verifyLink(insight.linkKey, String(req.params.token), insight.now());
      if (!check.ok && check.reason === 'expired') {
        linkRefusal(
          res,
          410,
          'Lenken er utløpt. Slå opp innsynskravet ditt med referansen for å få en ny lenke.\nThis download link has expired: look up your insight request by its reference for a new one.',
        );
        return;
      }
      const em = orm.em.fork();
      const claims = check.ok ? check.claims : null;
      // Read in the link's organisation: the transaction it begins ends after the file is sent.
      try {
        const doc = claims
          ? await releasedFileByLink(em, String(res.locals.requestId), claims)
          : null;
        if (!doc) {
          linkRefusal(
            res,
            404,
            'Lenken er ugyldig, eller dokumentet er ikke lenger utlevert.\nThis download link is not valid, or the document is no longer released.',
          );
          return;
        }
        await sendFile(req, res, em, doc, 'private, no-store');
      } finally {
        await endRequest(em, true).catch(() => undefined);
      }
    } catch (err) {
      if (endCutOff(err, res, log, 'download cut off')) return;
      log.error(
        { requestId: res.locals.requestId, error: loggableError(err) },
        'insight download failed',
      );
      linkRefusal(res, 500, `Internal server error (request ${String(res.locals.requestId)})`);
    }
  });

  return router;
}

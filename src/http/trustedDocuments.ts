import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Request, type RequestHandler } from 'express';
import { sendJsonError } from './limits/jsonErrors';

/**
 * Persisted operations ("trusted documents"). With TRUSTED_DOCUMENTS_ONLY=true the server runs
 * only the operations of the manifest that `npm run trusted-documents` writes from
 * docs/operations/*.graphql (the same file and hashes as GraphQL Code Generator's client preset
 * with `persistedDocuments`: sha256 of the printed document). A client sends either the hash,
 * Apollo APQ style (`extensions.persistedQuery.sha256Hash`), or the exact document text of the
 * manifest.
 */
export type TrustedDocuments = Map<string, string>;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** "sha256:ab12…" (client preset) and "ab12…" (APQ) name the same document. */
const bareHash = (hash: string): string => hash.replace(/^sha256:/, '').toLowerCase();

/** Reads and checks the manifest: every key must be the sha256 of its text. */
export function loadTrustedDocuments(file: string): TrustedDocuments {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(
      `TRUSTED_DOCUMENTS_ONLY is on but the manifest ${file} cannot be read (${(err as Error).message}); run npm run trusted-documents`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`The trusted documents manifest ${file} is not an object of hash: document`);
  }
  const documents: TrustedDocuments = new Map();
  for (const [key, text] of Object.entries(parsed)) {
    if (typeof text !== 'string' || bareHash(key) !== sha256(text)) {
      throw new Error(
        `The trusted documents manifest ${file} has an entry whose hash does not match its text: ${key}`,
      );
    }
    documents.set(bareHash(key), text);
  }
  return documents;
}

/** Apollo's persisted-query cache, answered from the manifest only: nothing can be registered. */
export function trustedDocumentsCache(documents: TrustedDocuments) {
  return {
    async get(key: string): Promise<string | undefined> {
      return documents.get(bareHash(key.replace(/^apq:/, '')));
    },
    async set(): Promise<void> {},
    async delete(): Promise<boolean> {
      return false;
    },
  };
}

/** The query text and persisted-query extension of a POST body or GET query string. */
function requested(req: Request): { query?: unknown; hash?: unknown; persisted?: unknown } {
  if (req.method === 'GET') {
    const q = req.query as Record<string, unknown>;
    let extensions: unknown;
    if (typeof q.extensions === 'string') {
      try {
        extensions = JSON.parse(q.extensions);
      } catch {
        extensions = undefined;
      }
    }
    return { query: q.query, ...persistedQuery(extensions) };
  }
  const body = req.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  return { query: body.query, ...persistedQuery(body.extensions) };
}

/**
 * The document text of a GraphQL request before Apollo reads it: the query of the body or URL, or
 * the manifest's text for a trusted document named by hash (with TRUSTED_DOCUMENTS_ONLY).
 */
export function requestedDocument(
  req: Request,
  documents: TrustedDocuments | undefined,
): string | undefined {
  const { query, hash } = requested(req);
  if (typeof query === 'string') return query;
  return documents && typeof hash === 'string' ? documents.get(bareHash(hash)) : undefined;
}

function persistedQuery(extensions: unknown): { persisted?: unknown; hash?: unknown } {
  if (!extensions || typeof extensions !== 'object') return {};
  const persisted = (extensions as { persistedQuery?: unknown }).persistedQuery;
  if (persisted === undefined) return {};
  const hash =
    persisted && typeof persisted === 'object'
      ? (persisted as { sha256Hash?: unknown }).sha256Hash
      : undefined;
  return { persisted, hash };
}

const HASH = /^(sha256:)?[0-9a-fA-F]{64}$/;

/**
 * Before Apollo on /graphql, always: a malformed `extensions.persistedQuery` is 400 BAD_REQUEST
 * here, because Apollo refuses it with an error that has no code, which the error masking would
 * turn into INTERNAL_SERVER_ERROR.
 */
export function checkPersistedQuery(): RequestHandler {
  return (req, res, next) => {
    const { query, persisted, hash } = requested(req);
    if (persisted === undefined) return next();
    const refuse = (message: string) => sendJsonError(res, 400, 'BAD_REQUEST', message);
    if (
      !persisted ||
      typeof persisted !== 'object' ||
      (persisted as { version?: unknown }).version !== 1
    ) {
      return refuse('extensions.persistedQuery must be { version: 1, sha256Hash }');
    }
    if (typeof hash !== 'string' || !HASH.test(hash)) {
      return refuse('extensions.persistedQuery.sha256Hash must be 64 hexadecimal digits');
    }
    // With the text, Apollo compares the hash as given: lower-case hex without a prefix.
    if (typeof query === 'string' && query !== '' && sha256(query) !== hash) {
      return refuse(
        'extensions.persistedQuery.sha256Hash is not the sha256 (lower-case hex) of the query',
      );
    }
    next();
  };
}

/**
 * Before Apollo on /graphql: a document text not in the manifest gets 400 OPERATION_NOT_TRUSTED, a
 * hash not in it 400 PERSISTED_QUERY_NOT_FOUND, before anything is parsed. Requests with neither go
 * on to Apollo, which refuses them as malformed.
 */
export function trustedDocumentsOnly(documents: TrustedDocuments): RequestHandler {
  return (req, res, next) => {
    const { query, hash } = requested(req);
    if (query !== undefined && query !== null && query !== '') {
      if (typeof query === 'string' && documents.has(sha256(query))) return next();
      return sendJsonError(
        res,
        400,
        'OPERATION_NOT_TRUSTED',
        'This server runs only its published operations: send the hash or the exact text of one',
      );
    }
    if (hash !== undefined) {
      if (typeof hash === 'string' && documents.has(bareHash(hash))) return next();
      return sendJsonError(
        res,
        400,
        'PERSISTED_QUERY_NOT_FOUND',
        'No published operation has this hash',
      );
    }
    next();
  };
}

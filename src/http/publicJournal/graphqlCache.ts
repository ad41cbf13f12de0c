import { type ApolloServerPlugin, type GraphQLRequestContext, HeaderMap } from '@apollo/server';
import { type FormattedExecutionResult, OperationTypeNode } from 'graphql';
import { publicJournalWatermark } from '../../queries/publicJournal';
import { ExpiringCache } from '../../queries/expiringCache';
import { type ServiceContext } from '../../services/context';
import { measureOperation } from '../limits/measure';
import { etagOf, notModified } from './cache';

/** As the /journal page cache (routes.ts): the watermark decides freshness, this frees memory. */
const RESULT_TTL_MS = 30_000;
const RESULT_ENTRIES = 200;

/**
 * The root fields an operation may select to be answered from the cache: the same for everybody.
 * Not the public fields of policies/publicOperations.ts, some of which answer per requester.
 */
const CACHEABLE_ROOT_FIELDS = new Set(['publicJournal', '__typename']);

/** JSON with the keys of every object sorted: the same variables give the same key. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Offentlig journal over GraphQL: an anonymous query that selects only `publicJournal` (and
 * `__typename`) is the same for everybody, so its result is kept for a short while, keyed like the
 * /journal pages (cache.ts): the request's organisation (X-Organisation, or the only one), the
 * document's hash, the operation name and the variables in normal
 * form, with the publication watermark, the date in Norway and the settings. A change of the
 * journal (published, held, reset, corrected) moves the watermark, so the next request misses.
 *
 * It answers in `responseForOperation`, after `didResolveOperation`: parsing, validation, the
 * operation limits and the rate limit's cost (limits/plugin.ts) have run as for any request, so a
 * hit spends the same points. Only the execution is skipped; Apollo serializes the kept result as
 * it serialized the original. Results with errors are never kept. A signed-in request (any
 * Authorization header) neither reads nor fills the cache.
 *
 * GET requests (Apollo's GET, with CSRF prevention's preflight header) also get the ETag,
 * Cache-Control as /journal, Vary: Authorization, and 304 when If-None-Match holds the ETag.
 */
export function publicJournalResponseCache(options: {
  maxAgeSeconds: number;
}): ApolloServerPlugin<ServiceContext> {
  const results = new ExpiringCache<FormattedExecutionResult>({
    ttlMs: RESULT_TTL_MS,
    maxEntries: RESULT_ENTRIES,
  });
  const cacheControl = `public, max-age=${options.maxAgeSeconds}`;

  /** The ETag of a cacheable request, which is also its key; undefined when not cacheable. */
  async function etagFor(rc: GraphQLRequestContext<ServiceContext>): Promise<string | undefined> {
    const { contextValue: ctx, operation, document, request, queryHash } = rc;
    if (ctx.viewer.kind !== 'anonymous' || request.http?.headers.get('authorization')) return;
    if (!operation || !document || !queryHash) return;
    if (operation.operation !== OperationTypeNode.QUERY) return;
    const roots = measureOperation(document, operation).rootFieldNames;
    if (![...roots].every((name) => CACHEABLE_ROOT_FIELDS.has(name))) return;
    const watermark = await publicJournalWatermark(ctx.em);
    return etagOf({
      // The organisation the request acts in: the journal a query without `organisation:` reads.
      request: JSON.stringify([
        '/graphql',
        ctx.organisation?.id ?? null,
        queryHash,
        request.operationName ?? null,
        canonicalJson(request.variables ?? {}),
      ]),
      watermark,
      today: ctx.today,
      settings: ctx.publicJournal,
    });
  }

  return {
    async requestDidStart() {
      let etag: string | undefined;
      let hit = false;
      return {
        async responseForOperation(rc) {
          etag = await etagFor(rc);
          const kept = etag === undefined ? undefined : results.get(etag);
          if (!kept) return null;
          hit = true;
          return {
            body: { kind: 'single', singleResult: kept },
            http: { headers: new HeaderMap() },
          };
        },
        // No await before the headers are set: Apollo's cache control plugin comes after this one
        // and keeps a Cache-Control it does not write itself, instead of writing `no-store`.
        async willSendResponse({ request, response }) {
          if (etag === undefined || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.errors || (response.http.status ?? 200) !== 200) return;
          if (!hit) results.set(etag, result);
          if (request.http?.method !== 'GET') return;
          response.http.headers.set('etag', etag);
          response.http.headers.set('cache-control', cacheControl);
          response.http.headers.set('vary', 'Authorization');
          if (notModified(request.http.headers.get('if-none-match'), etag)) {
            response.http.status = 304;
          }
        },
      };
    },
  };
}

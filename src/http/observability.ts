import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type ApolloServerPlugin } from '@apollo/server';
import { type Request, type RequestHandler, type Response } from 'express';
import { Kind, parse } from 'graphql';
import { type Logger } from 'pino';
import { metricsContentType, scrapeText } from '../observability/clusterMetrics';
import { graphqlOperationDuration, httpRequestDuration } from '../observability/metrics';
import { type ServiceContext } from '../services/context';
import { sendJsonError } from './limits/jsonErrors';

/**
 * The route a request matched, as its pattern (`/documents/:id`), so the HTTP histogram has one
 * series per route and never one per id. Requests no route answered share one label.
 */
export function routeOf(req: Request, res: Response): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (route !== undefined) return `${req.baseUrl}${String(route)}`;
  // Mounted apps and routers without a route of their own: /graphql, the Noark 5 interface.
  if (req.baseUrl) return req.baseUrl;
  return res.statusCode === 404 ? '(unmatched)' : '(other)';
}

/** Times the request by route for `arkivgraf_http_request_duration_seconds`. */
export function observeHttpRequest(req: Request, res: Response, seconds: number): void {
  httpRequestDuration.observe(
    { method: req.method, route: routeOf(req, res), status: String(res.statusCode) },
    seconds,
  );
}

/** The operation label of a request without a name, and of a name no trusted document has. */
export const ANONYMOUS_OPERATION = '(anonymous)';
export const OTHER_OPERATION = '(other)';

/**
 * The operation names of the trusted documents (docs/operations/trusted-documents.json): the
 * names the operation label may take, so what a client calls its operation cannot add series.
 * A missing or unreadable manifest leaves every name folded into OTHER_OPERATION.
 */
export function knownOperationNames(manifest: string): ReadonlySet<string> {
  const names = new Set<string>();
  let documents: Record<string, unknown>;
  try {
    documents = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
  } catch {
    return names;
  }
  for (const text of Object.values(documents)) {
    if (typeof text !== 'string') continue;
    for (const definition of parse(text).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) {
        names.add(definition.name.value);
      }
    }
  }
  return names;
}

export function operationLabel(
  name: string | null | undefined,
  known: ReadonlySet<string>,
): string {
  if (!name) return ANONYMOUS_OPERATION;
  return known.has(name) ? name : OTHER_OPERATION;
}

/** Times every GraphQL operation by its (bounded) name and its type. */
export function operationMetricsPlugin(
  known: ReadonlySet<string>,
): ApolloServerPlugin<ServiceContext> {
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, operation }) {
          graphqlOperationDuration.observe(
            {
              operation: operationLabel(operationName ?? request.operationName, known),
              type: operation?.operation ?? '(none)',
            },
            Number(process.hrtime.bigint() - started) / 1e9,
          );
        },
      };
    },
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GET /metrics in Prometheus' text format: open by default, like /healthz, or only with
 * `Authorization: Bearer <METRICS_TOKEN>` when that is set. Counts only (README, "Observability").
 */
export function metricsRoute(token: string | undefined, log: Logger): RequestHandler {
  return async (req, res) => {
    if (token) {
      const given = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (!sameSecret(given, token)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        sendJsonError(
          res,
          401,
          'UNAUTHENTICATED',
          'The metrics need the bearer token METRICS_TOKEN',
        );
        return;
      }
    }
    try {
      const text = await scrapeText();
      res.setHeader('content-type', metricsContentType);
      res.setHeader('cache-control', 'no-store');
      res.send(text);
    } catch (err) {
      log.error({ err }, 'metrics could not be collected');
      sendJsonError(res, 503, 'UNAVAILABLE', 'The metrics could not be collected; try again');
    }
  };
}

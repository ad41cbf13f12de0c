import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/**
 * OpenTelemetry tracing (README, "Observability"), on when OTEL_EXPORTER_OTLP_ENDPOINT is set:
 * spans of HTTP requests, GraphQL operations and resolvers, and PostgreSQL statements, exported
 * in batches over OTLP/HTTP with JSON bodies. The entry point imports this module before anything
 * else, because the instrumentations patch `http`, `pg` and `graphql` as they are first required.
 *
 * No screened value reaches a span: statements carry their SQL without the bound values
 * (`enhancedDatabaseReporting` off) and without literals, since MikroORM writes many values into
 * the SQL text it sends (withoutLiterals); GraphQL documents carry their literals as "*"
 * (`allowValues` off) and no variables; a query string (a search of the public journal) is
 * replaced by REDACTED. The request id is set on the HTTP span by http/app.ts.
 */
const endpoint =
  process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
const protocol =
  process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || process.env.OTEL_EXPORTER_OTLP_PROTOCOL;

/**
 * SQL with every string, dollar-quoted and numeric literal replaced by `?`: the shape of the
 * statement stays, the values it was written with go.
 */
export function withoutLiterals(sql: string): string {
  return sql
    .replace(/\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g, "'?'")
    .replace(/'(?:[^']|'')*'/g, "'?'")
    .replace(/(?<![\w$."])\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '?');
}

/** The statement attributes instrumentation-pg sets, by the semantic conventions it follows. */
const STATEMENT_KEYS = ['db.query.text', 'db.statement'];

/** Paths polled by probes and Prometheus: spans of them would only be noise. */
const UNTRACED = new Set(['/healthz', '/readyz', '/metrics']);

function start(): NodeTracerProvider | undefined {
  if (!endpoint) return undefined;
  if (protocol && protocol !== 'http/json' && protocol !== 'http/protobuf') {
    console.error(
      `OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not supported: Arkivgraf exports traces over OTLP/HTTP (http/json); tracing is off`,
    );
    return undefined;
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': process.env.OTEL_SERVICE_NAME || 'arkivgraf',
    }),
    // The exporter reads the endpoint and headers, the processor its delay and batch size, from
    // the standard OTEL_* variables.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED.has((req.url ?? '').split('?')[0] ?? ''),
        requestHook: (span, req) => {
          // An incoming request (a ClientRequest, going out, has getHeader).
          if (!('getHeader' in req) && req.url?.includes('?')) {
            span.setAttribute('url.query', 'REDACTED');
          }
        },
      }),
      new PgInstrumentation({
        enhancedDatabaseReporting: false,
        requestHook: (span, { query }) => {
          const set = (span as { attributes?: Record<string, unknown> }).attributes ?? {};
          for (const key of STATEMENT_KEYS) {
            if (key in set) span.setAttribute(key, withoutLiterals(query.text));
          }
        },
      }),
      new GraphQLInstrumentation({
        allowValues: false,
        mergeItems: true,
        ignoreTrivialResolveSpans: true,
      }),
    ],
  });
  return provider;
}

const provider = start();

/** Sends the spans still buffered; before the process exits. */
export async function flushTracing(): Promise<void> {
  await provider?.shutdown();
}

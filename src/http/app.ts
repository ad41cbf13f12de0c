import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { type MikroORM } from '@mikro-orm/postgresql';
import { trace } from '@opentelemetry/api';
import express, { type Request } from 'express';
import { type GraphQLSchema } from 'graphql';
import { type Logger } from 'pino';
import { createAuthenticator } from '../auth/authenticate';
import { localSecret } from '../auth/secret';
import { type Config } from '../config';
import { AccessLog } from '../services/accessLog';
import { deriveLinkKey, type InsightRuntime } from '../domain/insightRequests';
import { limitExpensiveStatements } from '../queries/statementSlots';
import { todayInOslo } from '../domain/workingDays';
import { defineAbilityFor } from '../policies/ability';
import { PublicJournalCounts } from '../queries/publicJournal';
import { type Context } from '../resolvers/context';
import { createLoaders } from '../resolvers/loaders';
import { accessLogPlugin } from './accessLog';
import { requestTransactionPlugin } from './requestTransaction';
import { beginRequest, endRequest, ORGANISATION_HEADER } from '../services/requestScope';
import { errorMaskingPlugin, maskContextError, timeoutAsClientError } from './errors';
import { documentRoutes } from './documents/routes';
import { journalExportRoutes } from './exports/journalRoutes';
import { backlogCsvRoutes } from './reports/backlogCsv';
import { createHardening } from './limits';
import { requestScope } from './limits/requestScope';
import { publicJournalResponseCache } from './publicJournal/graphqlCache';
import { insightPageRoutes } from './publicJournal/insight';
import { alertPageRoutes } from './publicJournal/alerts';
import { publicJournalRoutes } from './publicJournal/routes';
import { createCostLimiter } from './rateLimit/limiter';
import { ArchiveExportRuntime } from '../services/archiveExports';
import { packageRoutes } from './exports/packageRoutes';
import { NOARK5_MOUNT } from './noark5/links';
import { noark5Routes } from './noark5/router';
import { mailOnlyLoggedWarning, mailTransport } from '../mail/transport';
import { MailOutbox } from '../services/mailOutbox';
import { answerClusterScrapes } from '../observability/clusterMetrics';
import {
  observePool,
  type OperationalCounts,
  type PoolLike,
  setOperationalCountsSource,
  setReplicaStatusSource,
} from '../observability/metrics';
import { corsFor } from './cors';
import {
  knownOperationNames,
  metricsRoute,
  observeHttpRequest,
  operationMetricsPlugin,
} from './observability';
import { type ReplicaMonitor, watchReplicas } from '../db/replicas';
import { graphqlLane } from './replicaLane';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A caller's request id is kept when it looks like one, so traces join across services. */
function requestIdOf(req: Request): string {
  const given = req.get('x-request-id');
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

export interface HttpApp {
  httpServer: http.Server;
  /** The read replicas' health and lag (DATABASE_REPLICA_URLS), for metrics */
  replicas: ReplicaMonitor;
  /** Stops accepting, lets in-flight requests finish, then closes the listener. */
  stop(): Promise<void>;
}

/** The Express app with GraphQL at /graphql, health at /healthz and readiness at /readyz. */
export async function createHttpApp(options: {
  config: Config;
  orm: MikroORM;
  schema: GraphQLSchema;
  log: Logger;
  /** The calendar date in Norway; tests pass a fixed one */
  today?: () => string;
}): Promise<HttpApp> {
  const { config, orm, schema, log } = options;
  const todayOf = options.today ?? (() => todayInOslo());
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const authenticator = createAuthenticator(config);
  // The public journal's counts per search and watermark: one cache for /journal and GraphQL.
  const publicCounts = new PublicJournalCounts();
  // Limits, rate limits, trusted documents and JSON errors: see limits/index.ts, docs/security.md.
  const hardening = createHardening({ app, config, orm, log });
  // Insight requests: the download links' key and a submission budget of their own (RATE_LIMIT_INSIGHT_*).
  const rateLimit = config.hardening.rateLimit;
  const submissions = rateLimit.enabled
    ? createCostLimiter({
        settings: {
          ...rateLimit,
          windowSeconds: config.insight.submissions.windowSeconds,
          anonymousPoints: config.insight.submissions.points,
          userPoints: config.insight.submissions.points,
        },
        orm,
        log,
        name: 'insight',
      })
    : undefined;
  const insight: InsightRuntime = {
    settings: config.insight,
    linkKey: deriveLinkKey(
      config.insight.linkSecret,
      config.insight.linkSecret ? new Uint8Array() : localSecret(config),
    ),
    submissions,
    now: () => new Date(),
    publicBaseUrl: config.mail.publicBaseUrl,
  };
  // Export jobs (arkivuttrekk) run in this process; jobs a stopped process left are marked FAILED.
  const archiveExports = new ArchiveExportRuntime(orm.em, {
    exportDir: config.exportDir,
    publicJournal: config.publicJournal,
    today: todayOf,
    log,
  });
  void archiveExports
    .failAbandoned()
    .catch((err: unknown) => log.error({ err }, 'abandoned archive exports were not marked'));
  // The mail outbox's sender (MAIL_SENDER_ENABLED); a cluster's primary gives the warning once.
  const mailOutbox = config.mail.senderEnabled
    ? new MailOutbox(orm.em, {
        mail: config.mail,
        transport: mailTransport(config.mail, log),
        today: todayOf,
        log,
        publicJournal: config.publicJournal,
      })
    : undefined;
  const mailWarning = mailOnlyLoggedWarning(config.mail, config.env);
  if (mailWarning && !cluster.isWorker) log.warn(mailWarning);
  mailOutbox?.start();
  // Which read replicas may take reads (docs/scaling.md, "Read replicas"): checked before the
  // first request, then every few seconds.
  const replicas = await watchReplicas(orm, { maxLagMs: config.replicas.maxLagMs, log });

  // The gauges of /metrics (README, "Observability"): the pool's use, and counts across every
  // organisation from a function of the database that returns only them (row-level security keeps
  // the server's role to one organisation; see Migration20261204090000_metrics).
  observePool(orm.em.getConnection().getKnex().client.pool as PoolLike);
  setReplicaStatusSource(() => replicas.status());
  setOperationalCountsSource(async () => {
    const [row] = await orm.em
      .fork()
      .getConnection()
      .execute<{ mail_pending: string; insight_overdue: string }[]>(
        'select mail_pending, insight_overdue from arkivgraf_operational_counts(?::date)',
        [todayOf()],
      );
    return {
      mailPending: Number(row?.mail_pending ?? 0),
      insightOverdue: Number(row?.insight_overdue ?? 0),
    } satisfies OperationalCounts;
  });
  answerClusterScrapes();
  // Set when stop() begins: /readyz says 503 at once, so a load balancer sends no new requests.
  let draining = false;

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.env !== 'production',
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    hideSchemaDetailsFromClientErrors: true,
    includeStacktraceInErrorResponses: false,
    // main.ts owns shutdown: drain HTTP, then close the pool, then stop PostgreSQL.
    stopOnTerminationSignals: false,
    ...hardening.apolloOptions,
    formatError: timeoutAsClientError,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      errorMaskingPlugin(),
      accessLogPlugin(),
      requestTransactionPlugin(log),
      operationMetricsPlugin(knownOperationNames(config.hardening.trustedDocuments.manifest)),
      ...hardening.apolloPlugins,
      // Anonymous public journal queries per watermark: see publicJournal/graphqlCache.ts.
      publicJournalResponseCache({ maxAgeSeconds: config.publicJournalCache.maxAgeSeconds }),
      ...(config.env === 'production' ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(req);
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    // The HTTP server span (observability/tracing.ts) carries the request id, to find its trace.
    trace.getActiveSpan()?.setAttribute('arkivgraf.request_id', requestId);
    res.on('finish', () => {
      observeHttpRequest(req, res, Number(process.hrtime.bigint() - started) / 1e9);
      log.info(
        {
          requestId,
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          userId: res.locals.userId,
          operation: res.locals.operation,
        },
        'request',
      );
    });
    next();
  });

  // Browsers on the origins of CORS_ORIGINS: see cors.ts, docs/security.md.
  app.use(corsFor(config.corsOrigins));

  // Before the rate limits: a scrape is never refused for a budget.
  app.get('/metrics', metricsRoute(config.metricsToken, log));

  app.use(hardening.beforeRoutes);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    if (draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    try {
      await orm.em.fork().getConnection().execute('select 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  // The public journal as HTML, CSV, JSON and Atom (no sign-in): see publicJournal/routes.ts.
  app.use(
    publicJournalRoutes({
      orm,
      config,
      today: todayOf,
      log,
      statements: hardening.statements,
      counts: publicCounts,
    }),
  );
  // Insight requests without GraphQL (/journal/innsyn …) and documents of journal posts
  // (/documents/…, /insight-downloads/…): see publicJournal/insight.tsx and documents/routes.ts.
  app.use(insightPageRoutes({ orm, config, today: todayOf, insight, log }));
  app.use(alertPageRoutes({ orm, config, today: todayOf, insight, log }));
  app.use(
    documentRoutes({
      orm,
      config,
      authenticator,
      insight,
      today: todayOf,
      limiter: hardening.limiter,
      log,
    }),
  );
  // The archivists' løpende journal as Noark 5 XML: see exports/journalRoutes.ts.
  app.use(journalExportRoutes({ orm, authenticator, today: todayOf, log }));
  // The restanseliste of a unit as CSV: see reports/backlogCsv.ts.
  app.use(backlogCsvRoutes({ orm, authenticator, today: todayOf, log }));

  app.use(packageRoutes({ orm, config, authenticator, insight, today: todayOf, log }));

  // The Noark 5 service interface for specialist systems: see noark5/router.ts.
  app.use(NOARK5_MOUNT, noark5Routes({ orm, config, authenticator, insight, today: todayOf, log }));

  app.use(
    '/graphql',
    ...hardening.graphql,
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context> => {
        const requestId = String(res.locals.requestId);
        const em = orm.em.fork();
        if (typeof req.body?.operationName === 'string') {
          res.locals.operation = req.body.operationName.slice(0, 100);
        }
        const { viewer, organisation } = await authenticator
          .identify(req.get('authorization'))
          .then((identity) =>
            beginRequest(
              em,
              identity,
              req.get(ORGANISATION_HEADER),
              graphqlLane(
                hardening.documentOf(req),
                (req.method === 'GET' ? req.query : req.body)?.operationName,
                config.hardening.maxTokens,
              ),
            ),
          )
          .catch((err: unknown) => {
            throw maskContextError(err, requestId, log);
          });
        // Apollo refuses some requests (malformed variables, an empty batch) after building the
        // context without running the plugins: whatever is still open when the answer has gone is
        // rolled back, so no request keeps its connection.
        res.on('close', () => void endRequest(em, false).catch(() => undefined));
        if (viewer.kind === 'user') res.locals.userId = viewer.userId;
        const clientAddress = requestScope()?.client ?? 'unknown';
        limitExpensiveStatements(
          em,
          hardening.statements.slotsFor(
            viewer.kind === 'user' ? { userId: viewer.userId } : { client: clientAddress },
          ),
        );
        const ability = defineAbilityFor(viewer);
        const today = todayOf();
        const requestLog = log.child({ requestId });
        const accessLog = new AccessLog({ requestId, em, viewer, ability, log: requestLog });
        return {
          requestId,
          em,
          viewer,
          organisation,
          today,
          publicJournal: config.publicJournal,
          publicCounts,
          ability,
          loaders: createLoaders(em, ability, today, accessLog, config.publicJournal),
          accessLog,
          insight,
          clientAddress,
          log: requestLog,
          archiveExports,
        };
      },
    }),
  );

  // Keep last: unknown paths and errors no route answered become JSON with the request id (never
  // Express's HTML page).
  app.use(...hardening.errors);

  return {
    httpServer,
    replicas,
    async stop() {
      draining = true;
      await apollo.stop();
      await replicas.stop();
      // A running export is stopped and marked FAILED while the pool is still open.
      await archiveExports.stop();
      // The mail being handed over is finished and marked while the pool is still open.
      await mailOutbox?.stop();
      // Points counted in memory go to PostgreSQL before main.ts closes the pool.
      await Promise.all([hardening.limiter?.close(), submissions?.close()]);
    },
  };
}

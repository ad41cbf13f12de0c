import { type ApolloServerOptions, type ApolloServerPlugin } from '@apollo/server';
import { type MikroORM } from '@mikro-orm/postgresql';
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type RequestHandler,
} from 'express';
import { type Logger } from 'pino';
import { type Config } from '../../config';
import { type ServiceContext } from '../../services/context';
import { rateLimitDownloads } from '../rateLimit/downloads';
import { type CostLimiter, createCostLimiter } from '../rateLimit/limiter';
import {
  checkPersistedQuery,
  loadTrustedDocuments,
  trustedDocumentsCache,
  requestedDocument,
  trustedDocumentsOnly,
} from '../trustedDocuments';
import { bodyErrorHandler, finalErrorHandler, unknownPath } from './jsonErrors';
import { ExpensiveStatementLimiter } from './expensiveStatements';
import { operationLimitsPlugin } from './plugin';
import { enterRequestScope } from './requestScope';

/** At most this many validation errors are reported for one document. */
export const MAX_VALIDATION_ERRORS = 10;

/** What createHttpApp mounts; docs/security.md describes each part. */
export interface Hardening {
  /** Spread into the ApolloServer options */
  apolloOptions: Pick<
    ApolloServerOptions<ServiceContext>,
    'maxRecursiveSelections' | 'validationOptions' | 'parseOptions' | 'persistedQueries'
  >;
  /** Added to Apollo's plugins */
  apolloPlugins: ApolloServerPlugin<ServiceContext>[];
  /** Before every route: rate limits of the public downloads */
  beforeRoutes: RequestHandler;
  /** On /graphql before Apollo: body limit and its JSON errors, trusted documents, request scope */
  graphql: (RequestHandler | ErrorRequestHandler)[];
  /** After every route: JSON 404 and JSON errors instead of Express's HTML pages */
  errors: [RequestHandler, ErrorRequestHandler];
  limiter?: CostLimiter;
  /** Slots for each viewer's searches, counts and unindexed orders */
  statements: ExpensiveStatementLimiter;
  /** The document text a GraphQL request names, trusted documents by hash included */
  documentOf(req: Request): string | undefined;
}

export function createHardening(options: {
  app: Express;
  config: Config;
  orm: MikroORM;
  log: Logger;
}): Hardening {
  const { app, config, orm, log } = options;
  const h = config.hardening;
  // req.ip is the client's address only as far as proxies are trusted (TRUST_PROXY, default none).
  app.set('trust proxy', h.trustProxy);

  const limiter = h.rateLimit.enabled
    ? createCostLimiter({ settings: h.rateLimit, orm, log })
    : undefined;
  const trusted = h.trustedDocuments.only
    ? loadTrustedDocuments(h.trustedDocuments.manifest)
    : undefined;

  const passThrough: RequestHandler = (_req, _res, next) => next();

  return {
    apolloOptions: {
      maxRecursiveSelections: h.maxSelections,
      validationOptions: { maxErrors: MAX_VALIDATION_ERRORS },
      parseOptions: { maxTokens: h.maxTokens },
      ...(trusted ? { persistedQueries: { cache: trustedDocumentsCache(trusted) } } : {}),
    },
    apolloPlugins: [
      operationLimitsPlugin({ limits: h.operations, maxSelections: h.maxSelections, limiter }),
    ],
    beforeRoutes: limiter ? rateLimitDownloads(limiter, h.rateLimit.downloadCost) : passThrough,
    graphql: [
      express.json({ limit: h.bodyLimit }),
      bodyErrorHandler(h.bodyLimit),
      checkPersistedQuery(),
      ...(trusted ? [trustedDocumentsOnly(trusted)] : []),
      enterRequestScope(),
    ],
    errors: [unknownPath, finalErrorHandler(log)],
    limiter,
    statements: new ExpensiveStatementLimiter(h.expensiveStatements),
    documentOf: (req) => requestedDocument(req, trusted),
  };
}

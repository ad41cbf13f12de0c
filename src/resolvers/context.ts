import { type EntityManager } from '@mikro-orm/postgresql';
import { type Logger } from 'pino';
import { type Viewer } from '../auth/viewer';
import { type PublicJournalSettings } from '../config';
import { type AccessLog } from '../domain/accessLog';
import { type InsightRuntime } from '../domain/insightRequests/runtime';
import { type AppAbility } from '../policies/ability';
import { type Loaders } from './loaders';

/** Everything a resolver may use, made fresh for each request and shared with no other. */
export interface Context {
  requestId: string;
  /** A fork of the EntityManager for this request alone */
  em: EntityManager;
  viewer: Viewer;
  /** The calendar date in Norway when the request began: screening expiry is decided against it */
  today: string;
  /** Which posts the public journal shows, and after how many working days */
  publicJournal: PublicJournalSettings;
  ability: AppAbility;
  loaders: Loaders;
  /** The full reads of restricted records this request hands out, written at its end */
  accessLog: AccessLog;
  /** Insight requests: link key, time limits, the submission rate limiter (shared by all requests) */
  insight: InsightRuntime;
  log: Logger;
}

import { type EntityManager } from '@mikro-orm/postgresql';
import { type Logger } from 'pino';
import { type OrganisationRef, type Viewer } from '../auth/viewer';
import { type PublicJournalSettings } from '../config';
import { type InsightRuntime } from '../domain/insightRequests/runtime';
import { type AppAbility } from '../policies/ability';

/**
 * What a service needs of one request, whichever adapter received it (GraphQL, an HTTP route, a
 * form): made fresh for each request and shared with no other.
 */
export interface ServiceContext {
  requestId: string;
  /** A fork of the EntityManager for this request alone */
  em: EntityManager;
  viewer: Viewer;
  /**
   * The organisation the request acts in, which `em`'s transaction has set for row-level security
   * (none: an anonymous request in an installation of several, which sees no organisation's rows)
   */
  organisation: OrganisationRef | null;
  /** The calendar date in Norway when the request began: screening expiry is decided against it */
  today: string;
  /** Which posts the public journal shows, and after how many working days */
  publicJournal: PublicJournalSettings;
  ability: AppAbility;
  /** Insight requests: link key, time limits, the submission rate limiter (shared by all requests) */
  insight: InsightRuntime;
  /** The client's address as the rate limits count it ('unknown' when not known) */
  clientAddress: string;
  log: Logger;
}

import { type InsightSettings } from '../../config';

/** Whose budget a submission spends: the client address for the public, the user when signed in. */
export type SubmitterKey =
  { kind: 'anonymous'; address: string } | { kind: 'user'; userId: string };

/** The rate limiter of submissions (src/http/rateLimit/limiter.ts fits this shape). */
export interface SubmissionLimiter {
  consume(
    subject: SubmitterKey,
    points: number,
  ): Promise<{ allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number }>;
}

/** What insight requests need of the server, made once at start and shared by every request. */
export interface InsightRuntime {
  settings: InsightSettings;
  /** The HMAC key of download links */
  linkKey: Buffer;
  /** undefined when rate limits are off (RATE_LIMIT_ENABLED=false) */
  submissions?: SubmissionLimiter;
  /** The clock of link expiry */
  now: () => Date;
  /** PUBLIC_BASE_URL: where the public reaches the server; links in mails start with it */
  publicBaseUrl: string;
}

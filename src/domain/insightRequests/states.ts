import { type InsightOutcome, InsightRequestStatus } from '../../entities/InsightRequest';

/**
 * The states an insight request (innsynskrav) and its items must be in for each change: used by
 * the changes themselves (decide.ts, reassign.ts) and by `viewerCan`, so a button shown is a
 * button that works.
 */

/** Behandling påbegynt (startInsightRequest) applies to a request not yet taken up. */
export const mayStartRequest = (status: InsightRequestStatus): boolean =>
  status === InsightRequestStatus.RECEIVED;

/** Avslutt (closeInsightRequest) applies to a request with every item decided. */
export const mayCloseRequest = (status: InsightRequestStatus): boolean =>
  status === InsightRequestStatus.DECIDED;

/** A closed request takes no decisions and no reassignments until an appeal reopens it. */
export const requestTakesDecisions = (status: InsightRequestStatus): boolean =>
  status !== InsightRequestStatus.CLOSED;

/** An item is decided (or handed on) while it has no outcome, or its outcome was appealed. */
export const itemAwaitsDecision = (item: {
  outcome?: InsightOutcome | null;
  appealPending: boolean;
}): boolean => !item.outcome || item.appealPending;

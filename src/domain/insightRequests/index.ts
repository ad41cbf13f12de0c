/**
 * Insight requests (innsynskrav; domain.md, "Insight requests"): submission by anyone, routing,
 * decisions, appeal, and the links that release documents. Each function that changes something
 * runs inside the transaction of its service (services/insightRequests.ts) and adds its audit event
 * `insightRequest.<action>` there. WHO may act is decided before, by the policies
 * (policies/insightRequests.ts); the public acts by reference.
 */
export * from './appeal';
export * from './decide';
export * from './input';
export * from './legalBasis';
export * from './links';
export * from './reference';
export * from './runtime';
export * from './submit';
export * from './publicStatus';
export * from './reassign';
export * from './states';

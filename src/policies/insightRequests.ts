import { hasRole, unitsWithRole, type Viewer } from '../auth/viewer';
import { isScreeningActive } from '../domain/screening';
import { Role } from '../entities/enums';
import { InsightOutcome } from '../entities/InsightRequest';
import { type AppAbility, type RuleBuilder, type Tagged } from './subjects';
import { type Refusal } from './writes';
import { isInternal } from './viewerFacts';

/**
 * Insight requests (innsynskrav). A request is routed at submission: each item (one requested
 * journal post) to the post's responsible person (its assignee) and to the post's responsible
 * unit. Fields of a request: status, assigneeIds (list: the assignees of its items), unitIds
 * (list: the units of its items). Fields of an item: assigneeId, unitId.
 *
 * | action                         | who                                                        |
 * |--------------------------------|------------------------------------------------------------|
 * | create InsightRequest          | anyone, signed in or not (submitInsightRequest)            |
 * | read, process InsightRequest   | the assignee of one of its items; LEADERs and INSIGHT_HANDLERs of the unit of one of its items (a grant for the whole organisation: every unit); ARCHIVISTs |
 * | decide InsightRequestItem      | its assignee; LEADERs and INSIGHT_HANDLERs of its unit; ARCHIVISTs; and (refuseDecision) reads the post in full |
 * | reassign InsightRequestItem    | the same holders, also without reading the post in full    |
 *
 * Nobody else sees a request: it is NONE (NOT_FOUND by id, never listed or counted). `process` is
 * taking a request up and closing it. A viewer who sees a request with items of several units
 * decides only the items of their own units (FORBIDDEN on the others). The journal posts of the
 * items are shown as the journal post policy lets the viewer see them (FULL or REDACTED).
 *
 * What a decision may release (docs/access-control.md, "Insight decisions"):
 *
 * | rule                                                                         | refusal   |
 * |------------------------------------------------------------------------------|-----------|
 * | any outcome: the decider reads the post in full now (a REDACTED one reassigns it) | FORBIDDEN |
 * | FULL: no screening in force under a code with a duty of confidentiality (taushetsplikt) | CONFLICT |
 * | PARTIAL: releases the uploaded PUBLIC variant only (domain/insightRequests/decide.ts) | CONFLICT without one |
 * | the new assignee of a reassignment: eligibility.ts `mayBeAssignee`, and reads the post in full | BAD_USER_INPUT |
 *
 * The requester holds no role: the reference on the receipt is a secret that gives the status view
 * and the appeal of that one request, and nothing else (domain/insightRequests).
 */
export function insightRequestRules(viewer: Viewer, { can }: RuleBuilder): void {
  can('create', 'InsightRequest');
  if (!isInternal(viewer)) return;
  const me = viewer.userId;

  can(['read', 'process'], 'InsightRequest', { assigneeIds: me });
  can(['decide', 'reassign'], 'InsightRequestItem', { assigneeId: me });

  const everywhere = viewer.grants.some(
    (g) => (g.role === Role.LEADER || g.role === Role.INSIGHT_HANDLER) && g.unitId === null,
  );
  const units = [
    ...new Set([
      ...unitsWithRole(viewer, Role.LEADER),
      ...unitsWithRole(viewer, Role.INSIGHT_HANDLER),
    ]),
  ];
  if (everywhere || hasRole(viewer, Role.ARCHIVIST)) {
    can(['read', 'process'], 'InsightRequest');
    can(['decide', 'reassign'], 'InsightRequestItem');
  } else if (units.length) {
    can(['read', 'process'], 'InsightRequest', { unitIds: { $in: units } });
    can(['decide', 'reassign'], 'InsightRequestItem', { unitId: { $in: units } });
  }
}

const DECIDERS =
  'the assignee, a leader or insight handler of the unit of the journal post, or an archivist';

export const insightRefusals = {
  notFound: 'The insight request was not found',
  process: 'Only those the request is routed to may take it up or close it',
  decide: `Each item is decided by ${DECIDERS}`,
  reassign: `Each item is reassigned by ${DECIDERS}`,
  notFull:
    'You see the journal post only in its public form (REDACTED): only one who reads it in full may decide it. Reassign the item (reassignInsightRequestItem) to someone who does',
  dutyOfConfidentiality:
    'The journal post is screened under a duty of confidentiality (taushetsplikt) that is in force: it cannot be released in full. Lift the screening first, or decide PARTIAL (with the uploaded public variant) or DENIED',
} as const;

/**
 * May the viewer take up or close the request? `request` is undefined when no request has the id.
 */
export function refuseProcess(
  ability: AppAbility,
  request: Tagged<'InsightRequest'> | undefined,
): Refusal | null {
  if (!request || !ability.can('read', request)) {
    return { code: 'NOT_FOUND', message: insightRefusals.notFound };
  }
  if (!ability.can('process', request)) {
    return { code: 'FORBIDDEN', message: insightRefusals.process };
  }
  return null;
}

/**
 * May the viewer decide the item (any outcome)? The `decide` rule on the item, and reading its
 * journal post in full now: what a decider releases, they must be able to read.
 */
export function refuseDecision(
  ability: AppAbility,
  item: Tagged<'InsightRequestItem'>,
  postFull: boolean,
): Refusal | null {
  if (!ability.can('decide', item)) return { code: 'FORBIDDEN', message: insightRefusals.decide };
  if (!postFull) return { code: 'FORBIDDEN', message: insightRefusals.notFull };
  return null;
}

/** May the viewer hand the item to someone else? The holders of `decide`, FULL or not. */
export function refuseReassign(
  ability: AppAbility,
  item: Tagged<'InsightRequestItem'>,
): Refusal | null {
  return ability.can('reassign', item)
    ? null
    : { code: 'FORBIDDEN', message: insightRefusals.reassign };
}

/** The screening of the requested post, with its code's duty of confidentiality. */
export interface ScreeningFacts {
  screeningCodeId: string | null;
  screeningExpiresOn: string | null;
  /** The code marks a duty of confidentiality (taushetsplikt); false without a code */
  dutyOfConfidentiality: boolean;
}

/**
 * May the outcome be given to a post screened like this on `today`? A duty of confidentiality in
 * force forbids releasing the document as it is (FULL); PARTIAL (the redacted public variant) and
 * DENIED stay open. An expired screening binds nobody.
 */
export function refuseRelease(
  outcome: InsightOutcome,
  screening: ScreeningFacts,
  today: string,
): Refusal | null {
  if (outcome !== InsightOutcome.FULL || !screening.dutyOfConfidentiality) return null;
  return isScreeningActive(screening, today)
    ? { code: 'CONFLICT', message: insightRefusals.dutyOfConfidentiality }
    : null;
}

/** What the viewer may do to one item, as far as the policies decide (for `viewerCan`). */
export function itemWritesAllowed(
  ability: AppAbility,
  item: Tagged<'InsightRequestItem'>,
  postFull: boolean,
): { decide: boolean; reassign: boolean } {
  return {
    decide: refuseDecision(ability, item, postFull) === null,
    reassign: refuseReassign(ability, item) === null,
  };
}

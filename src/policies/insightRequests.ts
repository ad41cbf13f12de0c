import { hasRole, unitsWithRole, type Viewer } from '../auth/viewer';
import { Role } from '../entities/enums';
import { type RuleBuilder } from './subjects';
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
 * | decide InsightRequestItem      | its assignee; LEADERs and INSIGHT_HANDLERs of its unit; ARCHIVISTs |
 *
 * Nobody else sees a request: it is NONE (NOT_FOUND by id, never listed or counted). `process` is
 * taking a request up and closing it. A viewer who sees a request with items of several units
 * decides only the items of their own units (FORBIDDEN on the others). The journal posts of the
 * items are shown as the journal post policy lets the viewer see them (FULL or REDACTED).
 *
 * The requester holds no role: the reference on the receipt is a secret that gives the status view
 * and the appeal of that one request, and nothing else (domain/insightRequests).
 */
export function insightRequestRules(viewer: Viewer, { can }: RuleBuilder): void {
  can('create', 'InsightRequest');
  if (!isInternal(viewer)) return;
  const me = viewer.userId;

  can(['read', 'process'], 'InsightRequest', { assigneeIds: me });
  can('decide', 'InsightRequestItem', { assigneeId: me });

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
    can('decide', 'InsightRequestItem');
  } else if (units.length) {
    can(['read', 'process'], 'InsightRequest', { unitIds: { $in: units } });
    can('decide', 'InsightRequestItem', { unitId: { $in: units } });
  }
}

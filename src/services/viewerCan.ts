import {
  acceptsPosts,
  awaitsArchiveCheck,
  closableFrom,
  isCaseChangeable,
  isClosed,
  mayCancelCase,
} from '../domain/caseStates';
import {
  awaitsApproval,
  isContentLocked,
  mayAssessScreening,
  mayCancel,
  mayConfirm,
  mayDispatch,
  mayDistribute,
  mayFinalize,
  maySendForApproval,
  mayWriteOff,
  type PostState,
} from '../domain/journalPosts/states';
import { mayMovePost, takesMovedPosts } from '../domain/moves';
import { mayOverridePublication } from '../domain/publication';
import { type CaseStatus, PublicationOverride } from '../entities/enums';
import { type AppAbility } from '../policies/ability';
import { caseRefusals } from '../policies/cases';
import { journalPostRefusals } from '../policies/journalPosts';
import {
  itemAwaitsDecision,
  mayCloseRequest,
  mayStartRequest,
  requestTakesDecisions,
} from '../domain/insightRequests/states';
import { type InsightOutcome, type InsightRequestStatus } from '../entities/InsightRequest';
import { itemWritesAllowed, refuseProcess } from '../policies/insightRequests';
import { type Tagged } from '../policies/subjects';
import { writesAllowed } from '../policies/writes';

/**
 * What the funnel would let the viewer do to a record now (`viewerCan`): the write rule of the
 * policies (policies/writes.ts) AND the state rules of the domain that depend on the record alone
 * (domain/caseStates.ts, domain/journalPosts/states.ts), the same functions the services and the
 * domain apply to the change itself. What depends on more than the record (a case's unfinished
 * posts, the reply of a write-off, the user named) is decided when the change is asked for.
 */

export interface CaseWrites {
  update: boolean;
  registerPost: boolean;
  registerIncoming: boolean;
  manageContacts: boolean;
  addInternalContact: boolean;
  removeInternalContact: boolean;
  assignResponsible: boolean;
  changeAccessGroup: boolean;
  close: boolean;
  cancel: boolean;
  approve: boolean;
  reopen: boolean;
  addRemark: boolean;
  changeResponsibleUnit: boolean;
}

export function caseWrites(ability: AppAbility, facts: Tagged<'Case'>): CaseWrites {
  const may = writesAllowed(ability, 'Case', facts, caseRefusals);
  const status = facts.status as CaseStatus;
  const changeable = isCaseChangeable(status);
  const open = acceptsPosts(status);
  // As the service does: whoever may close for good does, the others close as handler.
  const close = may.close
    ? closableFrom(true).includes(status)
    : may.closeByHandler && closableFrom(false).includes(status);
  return {
    update: may.update && changeable,
    registerPost: may.registerPost && open,
    registerIncoming: (may.registerPost || may.registerIncoming) && open,
    manageContacts: may.manageContacts,
    addInternalContact: may.manageContacts,
    // Only a contact the case has can be removed; which one is named when the change is asked for.
    removeInternalContact:
      may.manageContacts && ((facts.internalContactIds as string[] | null) ?? []).length > 0,
    assignResponsible: may.assignResponsible && changeable,
    changeAccessGroup: may.changeAccessGroup && may.update && changeable,
    close,
    cancel: may.cancel && mayCancelCase(status),
    approve: may.approve && awaitsArchiveCheck(status),
    reopen: may.reopen && isClosed(status),
    // A remark (merknad) may be added in any state: it changes none of the case's content.
    addRemark: may.addRemark,
    // assignCaseResponsible with responsibleUnitId; its posts are read in full by whoever may.
    changeResponsibleUnit: may.assignResponsible && changeable,
  };
}

export interface JournalPostWrites {
  update: boolean;
  finalize: boolean;
  sendForApproval: boolean;
  approve: boolean;
  reject: boolean;
  forward: boolean;
  dispatch: boolean;
  confirm: boolean;
  cancel: boolean;
  writeOff: boolean;
  correct: boolean;
  assessScreening: boolean;
  managePublicJournal: boolean;
  publishNow: boolean;
  hold: boolean;
  resetPublication: boolean;
  changeAccessGroup: boolean;
  addRemark: boolean;
  move: boolean;
  distribute: boolean;
}

/** The state of a post as journalPostFacts loads it. */
const stateOf = (facts: Tagged<'JournalPost'>): PostState => ({
  type: facts.type,
  status: facts.status,
  approverId: facts.approverId ?? null,
  writeOffMethod: facts.writeOffMethod ?? null,
  screeningTemporary: !!facts.screeningTemporary,
  screeningAssessedOn: facts.screeningAssessedOn ?? null,
  requiresApproval: !!facts.requiresApproval,
});

export function journalPostWrites(
  ability: AppAbility,
  facts: Tagged<'JournalPost'>,
): JournalPostWrites {
  const may = writesAllowed(ability, 'JournalPost', facts, journalPostRefusals);
  const state = stateOf(facts);
  const update = may.update && !isContentLocked(state);
  const pending = awaitsApproval(state);
  const publication = (next: PublicationOverride | null) =>
    may.managePublicJournal &&
    mayOverridePublication((facts.publicationOverride as PublicationOverride | null) ?? null, next);
  return {
    update,
    finalize: may.finalize && mayFinalize(state),
    sendForApproval: may.sendForApproval && maySendForApproval(state),
    approve: may.approve && pending,
    reject: may.reject && pending,
    forward: may.forward && pending,
    dispatch: may.dispatch && mayDispatch(state),
    confirm: may.confirm && mayConfirm(state),
    cancel: may.cancel && mayCancel(state),
    writeOff: may.writeOff && mayWriteOff(state),
    correct: may.correct,
    assessScreening: may.assessScreening && mayAssessScreening(state),
    managePublicJournal: may.managePublicJournal,
    publishNow: publication(PublicationOverride.PUBLISH_NOW),
    hold: publication(PublicationOverride.HOLD),
    resetPublication: publication(null),
    // Through a change while the content is open, or the archive's correction.
    changeAccessGroup: may.changeAccessGroup && (update || may.correct),
    addRemark: may.addRemark,
    // The target case is named when the move is asked for (and must be read in full, and open).
    move: may.move && mayMovePost(state) && takesMovedPosts(facts.caseStatus as CaseStatus),
    distribute: may.distribute && mayDistribute(state),
  };
}

export interface InsightRequestWrites {
  process: boolean;
  start: boolean;
  close: boolean;
}

/** `request` is undefined when the viewer does not see it (then nothing is allowed). */
export function insightRequestWrites(
  ability: AppAbility,
  request: Tagged<'InsightRequest'> | undefined,
): InsightRequestWrites {
  const process = refuseProcess(ability, request) === null;
  const status = request?.status as InsightRequestStatus;
  return {
    process,
    start: process && mayStartRequest(status),
    close: process && mayCloseRequest(status),
  };
}

export interface InsightItemWrites {
  decide: boolean;
  reassign: boolean;
}

/** The state of an item, and of its request, as far as the changes look at them. */
export interface InsightItemState {
  requestStatus: InsightRequestStatus;
  outcome: InsightOutcome | null;
  appealPending: boolean;
}

/**
 * What the viewer may do to one item of a request they see: the policies' `decide` (reading the
 * post in full) and `reassign`, and the state rules of the changes (domain/insightRequests/states.ts).
 */
export function insightItemWrites(
  ability: AppAbility,
  item: Tagged<'InsightRequestItem'>,
  postFull: boolean,
  state: InsightItemState,
): InsightItemWrites {
  const may = itemWritesAllowed(ability, item, postFull);
  const open = requestTakesDecisions(state.requestStatus) && itemAwaitsDecision(state);
  return { decide: may.decide && open, reassign: may.reassign && open };
}

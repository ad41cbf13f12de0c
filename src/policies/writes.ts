import { type AppAbility } from './subjects';
import { type ActionOf, type Tagged } from './subjects';

/**
 * The write rule, for every change to a case or a journal post (docs/access-control.md, "Who may
 * change a record"):
 *
 * | the actor …                                   | answer                                    |
 * |-----------------------------------------------|-------------------------------------------|
 * | does not see the record (NONE), or it is gone | NOT_FOUND: its existence is not confirmed |
 * | sees it REDACTED                              | FORBIDDEN: only a FULL reader may change it |
 * | reads it FULL, but no rule gives the action   | FORBIDDEN, with the action's refusal text |
 * | reads it FULL and a rule gives the action     | allowed                                   |
 *
 * So write rights never exceed read rights: relations such as "creator" or "responsible" give the
 * write actions of cases.ts and journalPosts.ts only on top of FULL. The funnel
 * (src/services/funnel.ts) enforces the decision; `viewerCan` shows the same decision to clients.
 */

export type RecordSubject = 'Case' | 'JournalPost';

/** The actions that change a record (everything but reading it). */
export type WriteAction<S extends RecordSubject> = Exclude<ActionOf<S>, 'read' | 'readFull'>;

/** A refusal of a write, with the code the client gets. */
export type Refusal = { code: 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT'; message: string };

/** The record in words, for messages: "The case", "The journal post". */
export const RECORD_NAMES: Record<RecordSubject, string> = {
  Case: 'The case',
  JournalPost: 'The journal post',
};

/** The refusal texts of one subject: a front end may show them as they are. */
export type Refusals<S extends RecordSubject> = Record<WriteAction<S>, string>;

const notFullText = (subject: RecordSubject) =>
  `You see ${RECORD_NAMES[subject].toLowerCase()} only in its public form (REDACTED); only those who read it in full may change it`;

/**
 * The first two steps of the write rule, shared by the record's own actions and by writes to what
 * hangs on it (its documents, policies/documents.ts): null when the viewer reads the record FULL.
 * `record` is undefined when no record has the id.
 */
export function refuseUnlessFull<S extends RecordSubject>(
  ability: AppAbility,
  subject: S,
  record: Tagged<S> | undefined,
): Refusal | null {
  // The casts pair a generic S with its own actions, which TypeScript cannot follow through a union.
  const can = (a: ActionOf<S>) => ability.can(a as never, record as never);
  if (!record || !can('read' as ActionOf<S>)) {
    return { code: 'NOT_FOUND', message: `${RECORD_NAMES[subject]} was not found` };
  }
  if (!can('readFull' as ActionOf<S>)) return { code: 'FORBIDDEN', message: notFullText(subject) };
  return null;
}

/**
 * May the ability's viewer `action` the record? null when allowed, else the refusal. `record` is
 * undefined when no record has the id.
 */
export function refuseRecordWrite<S extends RecordSubject>(
  ability: AppAbility,
  subject: S,
  action: WriteAction<S>,
  record: Tagged<S> | undefined,
  refusals: Refusals<S>,
): Refusal | null {
  const notFull = refuseUnlessFull(ability, subject, record);
  if (notFull) return notFull;
  if (!ability.can(action as never, record as never)) {
    return { code: 'FORBIDDEN', message: refusals[action] };
  }
  return null;
}

/**
 * For each write action of the subject: would the funnel let the viewer do it to this record now,
 * as far as the policies decide? (The record's state is the domain's to decide.)
 */
export function writesAllowed<S extends RecordSubject>(
  ability: AppAbility,
  subject: S,
  record: Tagged<S>,
  refusals: Refusals<S>,
): Record<WriteAction<S>, boolean> {
  const out = {} as Record<WriteAction<S>, boolean>;
  for (const action of Object.keys(refusals) as WriteAction<S>[]) {
    out[action] = refuseRecordWrite(ability, subject, action, record, refusals) === null;
  }
  return out;
}

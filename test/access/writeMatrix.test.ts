import { getNamedType, isInputObjectType, isObjectType, type GraphQLOutputType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { todayInOslo } from '../../src/domain/workingDays';
import {
  CaseStatus,
  JournalPostType,
  JournalStatus,
  PublicationOverride,
} from '../../src/entities';
import { buildAppSchema } from '../../src/graphql/buildSchema';
import { toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';
import {
  type Built,
  type CaseState,
  createWriteFixtures,
  type Kind,
  KINDS,
  type PostState,
  WRITE_VIEWERS,
  type WriteViewer,
  type WriteWorld,
} from '../support/writeFixtures';

/**
 * The write rule of docs/access-control.md ("Who may change a record"), cell by cell through the
 * real server: every mutation and the document upload × every viewer relation × every record kind.
 *
 *   NONE → NOT_FOUND; REDACTED → FORBIDDEN; FULL without a rule → FORBIDDEN; FULL with a rule → allowed.
 *
 * Each cell acts on a record of its own, laid out in a state where the write is allowed (a
 * reserved U post to finalise, a finalised one awaiting the leader to approve …), so the cell tests
 * who, not when. An allowed cell must change its record; a refused one must leave it exactly as it
 * was: the row (version, updated_at, status, every field), its internal contacts, posts, parties,
 * classes, remarks, document descriptions, files, disposals, insight items and audit events (also
 * those of its descriptions, parties and disposals), and the case a post would move to.
 *
 * Records: every case is created by `creator`, has `caseResponsible` and `internalContact` and
 * belongs to the unit `leader` leads; every post's responsible is `postResponsible` and its creator
 * `creator` (`lostCreator` in that viewer's own cells). Kinds: open (no group, no screening),
 * screenedNoGroup (screened, no group), elev and personal (screened, in the Elev or Personal
 * access group; `member` is in both).
 */

type Outcome = 'ALLOW' | 'NOT_FOUND' | 'FORBIDDEN' | 'SIGN_IN';
const A: Outcome = 'ALLOW';
const N: Outcome = 'NOT_FOUND';
const F: Outcome = 'FORBIDDEN';
/**
 * The anonymous public is told to sign in before any record is looked up (GraphQL: FORBIDDEN
 * "Sign in …" from the funnel's actorOf; the document routes: 401 UNAUTHENTICATED). The answer is
 * the same for every id, so it confirms no record's existence, as NOT_FOUND would not either.
 */
const S: Outcome = 'SIGN_IN';

/** One row per viewer: the outcome on the open, screenedNoGroup, elev and personal record. */
type Table = Record<WriteViewer, readonly [Outcome, Outcome, Outcome, Outcome]>;

// The tables, written by hand from the spec. Levels on posts: every internal user is FULL on
// open and screenedNoGroup; on elev and personal handler, otherLeader, admin, ended, lostCreator
// and redactedInsight are REDACTED; the public and formerEmployee are NONE everywhere. On cases the
// same, and postResponsible is REDACTED too (a post's responsible has no claim on its case).

/** Change, finalise, send for approval, dispatch, cancel a post; upload its files. */
// prettier-ignore
const POST_OWN_WORK: Table = {
  //               open screenedNoGroup elev personal
  public:          [S, S, S, S],
  handler:         [F, F, F, F],
  member:          [F, F, F, F],
  archivist:       [A, A, A, A],
  creator:         [A, A, A, A],
  caseResponsible: [F, F, F, F],
  internalContact: [F, F, F, F],
  leader:          [A, A, A, A],
  otherLeader:     [F, F, F, F],
  postResponsible: [A, A, A, A],
  admin:           [F, F, F, F],
  ended:           [F, F, F, F],
  formerEmployee:  [N, N, N, N],
  lostCreator:     [A, A, F, F],
  redactedInsight: [F, F, F, F],
};

/** Write off a post, assess its screening: the same, and the case responsible. */
const POST_OWN_WORK_AND_CASE_RESPONSIBLE: Table = {
  ...POST_OWN_WORK,
  caseResponsible: [A, A, A, A],
};

/** Approve, reject, forward a post: the leader it was sent to (here `leader`), nobody else. */
// prettier-ignore
const POST_APPROVER: Table = {
  public:          [S, S, S, S],
  handler:         [F, F, F, F],
  member:          [F, F, F, F],
  archivist:       [F, F, F, F],
  creator:         [F, F, F, F],
  caseResponsible: [F, F, F, F],
  internalContact: [F, F, F, F],
  leader:          [A, A, A, A],
  otherLeader:     [F, F, F, F],
  postResponsible: [F, F, F, F],
  admin:           [F, F, F, F],
  ended:           [F, F, F, F],
  formerEmployee:  [N, N, N, N],
  lostCreator:     [F, F, F, F],
  redactedInsight: [F, F, F, F],
};

/** Change the access group of a post: leaders of the case's unit, archivists. */
const POST_ACCESS_GROUP: Table = { ...POST_APPROVER, archivist: [A, A, A, A] };

/** Confirm, correct a post; publish now, hold back, reset its publication: archivists. */
const POST_ARCHIVE: Table = { ...POST_APPROVER, leader: [F, F, F, F], archivist: [A, A, A, A] };

/**
 * Move a post to a case that does not exist: the archivist, who would be allowed, is told
 * NOT_FOUND; everyone else is refused by the rule before the target is looked up.
 */
const POST_MOVE_NOWHERE: Table = { ...POST_ARCHIVE, archivist: [N, N, N, N] };

/** Upload the PUBLIC variant: own work, and insight handlers of the post's unit (when FULL). */
const POST_PUBLIC_VARIANT: Table = { ...POST_OWN_WORK, redactedInsight: [A, A, F, F] };

/**
 * Change, remove or upload to an attachment with its own screening: as for any attachment, and the
 * writer reads the description in full, which is read as a post with an access group is. The
 * post's creator is not among those (`lostCreator`, FULL on the open posts, sees it REDACTED);
 * the case's creator, the post's responsible, leaders and archivists are.
 */
const SCREENED_ATTACHMENT: Table = { ...POST_OWN_WORK, lostCreator: [F, F, F, F] };

/** Its PUBLIC variant: insight handlers of the post's unit read the description REDACTED too. */
const SCREENED_ATTACHMENT_PUBLIC: Table = { ...SCREENED_ATTACHMENT, redactedInsight: [F, F, F, F] };

/**
 * Decide an insight request item: its assignee (`postResponsible`), leaders and insight handlers
 * of the post's unit, archivists, each only when FULL on the post. Nobody else sees the request
 * at all (NOT_FOUND).
 */
// prettier-ignore
const INSIGHT_DECIDE: Table = {
  public:          [S, S, S, S],
  handler:         [N, N, N, N],
  member:          [N, N, N, N],
  archivist:       [A, A, A, A],
  creator:         [N, N, N, N],
  caseResponsible: [N, N, N, N],
  internalContact: [N, N, N, N],
  leader:          [A, A, A, A],
  otherLeader:     [N, N, N, N],
  postResponsible: [A, A, A, A],
  admin:           [N, N, N, N],
  ended:           [N, N, N, N],
  formerEmployee:  [N, N, N, N],
  lostCreator:     [N, N, N, N],
  redactedInsight: [A, A, F, F],
};

/** Change, cancel a case; manage its internal contacts: creator, case responsible, leaders, archivists. */
// prettier-ignore
const CASE_OWNERS: Table = {
  public:          [S, S, S, S],
  handler:         [F, F, F, F],
  member:          [F, F, F, F],
  archivist:       [A, A, A, A],
  creator:         [A, A, A, A],
  caseResponsible: [A, A, A, A],
  internalContact: [F, F, F, F],
  leader:          [A, A, A, A],
  otherLeader:     [F, F, F, F],
  postResponsible: [F, F, F, F],
  admin:           [F, F, F, F],
  ended:           [F, F, F, F],
  formerEmployee:  [N, N, N, N],
  lostCreator:     [F, F, F, F],
  redactedInsight: [F, F, F, F],
};

/** Assign the case responsible, change the access group of a case: leaders of its unit, archivists. */
const CASE_LEADERS: Table = {
  ...CASE_OWNERS,
  creator: [F, F, F, F],
  caseResponsible: [F, F, F, F],
};

/** Approve (the archive's check), reopen a case: archivists. */
const CASE_ARCHIVE: Table = { ...CASE_LEADERS, leader: [F, F, F, F] };

/** Close a case: the archive for good; its case responsible or a leader of its unit as handler. */
const CASE_CLOSE: Table = { ...CASE_LEADERS, caseResponsible: [A, A, A, A] };

/** Register a post in a case: creator, case responsible, internal contacts, leaders; the archive (incoming). */
const CASE_REGISTER: Table = { ...CASE_OWNERS, internalContact: [A, A, A, A] };

/**
 * Propose, confirm, cancel a disposal (kassasjon) of a post's document: archivists alone
 * (docs/noark5.md, "Bevaring og kassasjon"; confirming: not the proposer, here `secondArchivist`).
 * The role is asked before any record is looked up, so every other viewer is FORBIDDEN on every
 * record, also one they do not see: the answer is the same for every id, as the public's sign-in
 * is, and confirms nothing. The archivist reads every record of this matrix in full; the refusal
 * of an archivist who does not is beyond what these viewers can show.
 */
// prettier-ignore
const DISPOSAL: Table = {
  //               open screenedNoGroup elev personal
  public:          [S, S, S, S],
  handler:         [F, F, F, F],
  member:          [F, F, F, F],
  archivist:       [A, A, A, A],
  creator:         [F, F, F, F],
  caseResponsible: [F, F, F, F],
  internalContact: [F, F, F, F],
  leader:          [F, F, F, F],
  otherLeader:     [F, F, F, F],
  postResponsible: [F, F, F, F],
  admin:           [F, F, F, F],
  ended:           [F, F, F, F],
  formerEmployee:  [F, F, F, F],
  lostCreator:     [F, F, F, F],
  redactedInsight: [F, F, F, F],
};

/**
 * Add a remark (merknad) to a case: anyone who reads it FULL, nothing more (docs/noark5.md,
 * "Merknad"). Every internal user reads the open and screenedNoGroup cases in full; the elev and
 * personal ones only members, the case's own people, leaders of its unit and archivists.
 */
// prettier-ignore
const CASE_FULL_READER: Table = {
  //               open screenedNoGroup elev personal
  public:          [S, S, S, S],
  handler:         [A, A, F, F],
  member:          [A, A, A, A],
  archivist:       [A, A, A, A],
  creator:         [A, A, A, A],
  caseResponsible: [A, A, A, A],
  internalContact: [A, A, A, A],
  leader:          [A, A, A, A],
  otherLeader:     [A, A, F, F],
  postResponsible: [A, A, F, F],
  admin:           [A, A, F, F],
  ended:           [A, A, F, F],
  formerEmployee:  [N, N, N, N],
  lostCreator:     [A, A, F, F],
  redactedInsight: [A, A, F, F],
};

/** Add a remark to a post: the same, and the post's responsible reads it in full. */
const POST_FULL_READER: Table = { ...CASE_FULL_READER, postResponsible: [A, A, A, A] };

let server: TestServer;
let world: WriteWorld;
const tokens = new Map<WriteViewer, string | undefined>();
const gid = (type: Parameters<typeof toGlobalId>[0], id: string) => toGlobalId(type, id);

/** An error as an outcome: its code, or SIGN_IN when the client is told to sign in first. */
function outcomeOf(code: string, message: string): string {
  if (code === 'UNAUTHENTICATED' || (code === 'FORBIDDEN' && /^Sign in/.test(message))) {
    return 'SIGN_IN';
  }
  return code;
}

/** What the client was told: ALLOW, or the error code. */
async function graphql(
  viewer: WriteViewer,
  text: string,
  variables: Record<string, unknown>,
): Promise<{ outcome: string; message?: string }> {
  const res = await server.gql(text, variables, { token: tokens.get(viewer) });
  const error = res.body.errors?.[0];
  if (error)
    return {
      outcome: outcomeOf(String(error.extensions?.code), error.message),
      message: error.message,
    };
  if (!res.body.data) return { outcome: `HTTP ${res.status}`, message: res.text };
  return { outcome: 'ALLOW' };
}

/** An upload to a post's main document, or (`descriptions/…`) to one of its document descriptions. */
async function upload(
  viewer: WriteViewer,
  postId: string,
  variant: 'PRODUCTION' | 'PUBLIC',
  descriptionId?: string,
): Promise<{ outcome: string; message?: string }> {
  const token = tokens.get(viewer);
  const target = descriptionId
    ? `descriptions/${gid('DocumentDescription', descriptionId)}`
    : gid('JournalPost', postId);
  const res = await fetch(`${server.url}/documents/${target}/${variant}`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/pdf',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: new Uint8Array(Buffer.from(`%PDF-1.7\n% ${variant} ${postId}\n%%EOF\n`, 'latin1')),
  });
  const text = await res.text();
  if (res.status === 200 || res.status === 201) return { outcome: 'ALLOW' };
  try {
    const error = JSON.parse(text).errors[0];
    return { outcome: outcomeOf(error.extensions.code, error.message), message: error.message };
  } catch {
    return { outcome: `HTTP ${res.status}`, message: text };
  }
}

interface Write {
  name: string;
  table: Table;
  /** The record for one cell, in the state that allows the write */
  record: { post: PostState } | { case: CaseState };
  act(viewer: WriteViewer, built: Built): Promise<{ outcome: string; message?: string }>;
}

const RESERVED_U: PostState = { type: JournalPostType.OUTGOING, status: JournalStatus.RESERVED };
const REGISTERED_I: PostState = {
  type: JournalPostType.INCOMING,
  status: JournalStatus.REGISTERED,
};
const AWAITING_LEADER: PostState = {
  type: JournalPostType.OUTGOING,
  status: JournalStatus.FINALIZED,
  approver: 'leader',
};
const IN_PROGRESS: CaseState = { status: CaseStatus.IN_PROGRESS };

/** Fixed arguments, or a function where they name fixtures, which exist only when a cell runs. */
type Args = string | ((built: Built) => string);

/**
 * A mutation on the cell's post or case, its input the record's `id` plus the fields `args`;
 * `label` names the write in the tables when one mutation is tested for two rules.
 */
function onRecord(
  subject: 'JournalPost' | 'Case' | 'DocumentDescription',
  name: string,
  table: Table,
  record: Write['record'],
  args: Args,
  label: string,
): Write {
  return {
    name: label,
    table,
    record,
    act: (viewer, b) =>
      graphql(
        viewer,
        `mutation($id: ID!) { ${name}(input: { id: $id${typeof args === 'string' ? args : args(b)} }) { id } }`,
        {
          id: gid(
            subject,
            { Case: b.caseId, JournalPost: b.postId, DocumentDescription: b.descriptionId }[
              subject
            ]!,
          ),
        },
      ),
  };
}

const onPost = (name: string, table: Table, post: PostState, args: Args = '', label = name) =>
  onRecord('JournalPost', name, table, { post }, args, label);

/** A mutation on the cell's post's attachment (dokumentbeskrivelse). */
const onDescription = (
  name: string,
  table: Table,
  post: PostState,
  args: Args = '',
  label = name,
) =>
  onRecord(
    'DocumentDescription',
    name,
    table,
    { post: { attachment: true, ...post } },
    args,
    label,
  );

const onCase = (name: string, table: Table, state: CaseState, args: Args = '', label = name) =>
  onRecord('Case', name, table, { case: state }, args, label);

const user = (k: keyof WriteWorld['userIds']) => `"${gid('User', world.userIds[k])}"`;
const spareGroup = () => `"${gid('AccessGroup', world.spareGroupId)}"`;

/** The writes of each rule (the arguments are read when a cell runs, after the fixtures exist). */
const POST_WRITES: Write[] = [
  onPost('updateJournalPost', POST_OWN_WORK, RESERVED_U, ', title: "Endret – {Navn}"'),
  onPost('finalizeJournalPost', POST_OWN_WORK, RESERVED_U),
  onPost(
    'sendForApproval',
    POST_OWN_WORK,
    RESERVED_U,
    () => `, approverId: ${user('secondLeader')}`,
  ),
  onPost('dispatchJournalPost', POST_OWN_WORK, {
    type: JournalPostType.OUTGOING,
    status: JournalStatus.FINALIZED,
  }),
  onPost('cancelJournalPost', POST_OWN_WORK, RESERVED_U, ', reason: "Feilregistrert"'),
  {
    name: 'PUT /documents/{post}/PRODUCTION',
    table: POST_OWN_WORK,
    record: { post: RESERVED_U },
    act: (viewer, b) => upload(viewer, b.postId!, 'PRODUCTION'),
  },
  onPost(
    'writeOffJournalPost',
    POST_OWN_WORK_AND_CASE_RESPONSIBLE,
    REGISTERED_I,
    ', method: NOTED',
  ),
  {
    name: 'writeOffJournalPosts',
    table: POST_OWN_WORK_AND_CASE_RESPONSIBLE,
    record: { post: REGISTERED_I },
    act: (viewer, b) =>
      graphql(
        viewer,
        'mutation($id: ID!) { writeOffJournalPosts(input: { ids: [$id], method: NOTED }) { journalPosts { id } } }',
        {
          id: gid('JournalPost', b.postId!),
        },
      ),
  },
  onPost(
    'assessScreening',
    POST_OWN_WORK_AND_CASE_RESPONSIBLE,
    { ...REGISTERED_I, temporaryScreening: true },
    ', screeningCodeId: null',
  ),
  onPost('approveJournalPost', POST_APPROVER, AWAITING_LEADER),
  onPost('rejectJournalPost', POST_APPROVER, AWAITING_LEADER, ', comment: "Skriv om"'),
  onPost(
    'forwardForApproval',
    POST_APPROVER,
    AWAITING_LEADER,
    () => `, approverId: ${user('secondLeader')}`,
  ),
  onPost(
    'updateJournalPost',
    POST_ACCESS_GROUP,
    RESERVED_U,
    () => `, accessGroupId: ${spareGroup()}`,
    'updateJournalPost (accessGroupId)',
  ),
  onPost('confirmJournalPost', POST_ARCHIVE, {
    type: JournalPostType.OUTGOING,
    status: JournalStatus.DISPATCHED,
  }),
  onPost(
    'correctJournalPost',
    POST_ARCHIVE,
    REGISTERED_I,
    ', documentDate: "2026-01-05", reason: "Feil dato"',
  ),
  // Fordeling: leaders of the post's unit and archivists (the handler named reads every post).
  onPost(
    'distributeJournalPost',
    POST_ACCESS_GROUP,
    REGISTERED_I,
    () => `, responsibleId: ${user('secondArchivist')}`,
  ),
  onPost('publishNow', POST_ARCHIVE, REGISTERED_I),
  onPost('holdFromPublicJournal', POST_ARCHIVE, REGISTERED_I, ', reason: "Vurderes"'),
  onPost('resetPublication', POST_ARCHIVE, {
    ...REGISTERED_I,
    publicationOverride: PublicationOverride.HOLD,
  }),
  {
    name: 'PUT /documents/{post}/PUBLIC',
    table: POST_PUBLIC_VARIANT,
    record: { post: REGISTERED_I },
    act: (viewer, b) => upload(viewer, b.postId!, 'PUBLIC'),
  },
  {
    name: 'decideInsightRequest',
    table: INSIGHT_DECIDE,
    record: { post: { ...REGISTERED_I, insightRequest: true } },
    act: (viewer, b) =>
      graphql(
        viewer,
        `
          mutation ($id: ID!, $post: ID!) {
            decideInsightRequest(
              input: {
                id: $id
                decisions: [
                  {
                    journalPostId: $post
                    outcome: DENIED
                    legalBasis: "Offl. § 13"
                    additionalAccessConsidered: true
                  }
                ]
              }
            ) {
              id
            }
          }
        `,
        { id: gid('InsightRequest', b.insightRequestId!), post: gid('JournalPost', b.postId!) },
      ),
  },
  onPost('addJournalPostRemark', POST_FULL_READER, REGISTERED_I, ', type: GENERAL, text: "Notat"'),
  onPost(
    'moveJournalPost',
    POST_ARCHIVE,
    { ...REGISTERED_I, moveTarget: 'open' },
    (b) => `, caseId: "${gid('Case', b.targetCaseId!)}"`,
  ),
  // The target is a second record: one in the Personal group, which most viewers see REDACTED or
  // not at all, changes no answer (the archivist reads it in full; everyone else is refused by
  // the rule, not by the target, so its existence is not confirmed).
  onPost(
    'moveJournalPost',
    POST_ARCHIVE,
    { ...REGISTERED_I, moveTarget: 'personal' },
    (b) => `, caseId: "${gid('Case', b.targetCaseId!)}"`,
    'moveJournalPost (target in Personal)',
  ),
  onPost(
    'moveJournalPost',
    POST_MOVE_NOWHERE,
    REGISTERED_I,
    `, caseId: "${gid('Case', '00000000-0000-4000-8000-000000000000')}"`,
    'moveJournalPost (unknown target)',
  ),
  {
    name: 'addDocumentAttachment',
    table: POST_OWN_WORK,
    record: { post: RESERVED_U },
    act: (viewer, b) =>
      graphql(
        viewer,
        'mutation($id: ID!) { addDocumentAttachment(input: { journalPostId: $id, title: "Vedlegg" }) { id } }',
        { id: gid('JournalPost', b.postId!) },
      ),
  },
  onDescription('updateDocumentDescription', POST_OWN_WORK, RESERVED_U, ', title: "Nytt vedlegg"'),
  onDescription('removeDocumentAttachment', POST_OWN_WORK, RESERVED_U),
  {
    name: 'PUT /documents/descriptions/{description}/PRODUCTION',
    table: POST_OWN_WORK,
    record: { post: { ...RESERVED_U, attachment: true } },
    act: (viewer, b) => upload(viewer, b.postId!, 'PRODUCTION', b.descriptionId!),
  },
  {
    name: 'PUT /documents/descriptions/{description}/PUBLIC',
    table: POST_PUBLIC_VARIANT,
    record: { post: { ...REGISTERED_I, attachment: true } },
    act: (viewer, b) => upload(viewer, b.postId!, 'PUBLIC', b.descriptionId!),
  },
  onDescription(
    'updateDocumentDescription',
    SCREENED_ATTACHMENT,
    { ...RESERVED_U, attachment: 'screened' },
    ', title: "Nytt vedlegg"',
    'updateDocumentDescription (screened attachment)',
  ),
  onDescription(
    'removeDocumentAttachment',
    SCREENED_ATTACHMENT,
    { ...RESERVED_U, attachment: 'screened' },
    '',
    'removeDocumentAttachment (screened attachment)',
  ),
  {
    name: 'PUT /documents/descriptions/{screened attachment}/PRODUCTION',
    table: SCREENED_ATTACHMENT,
    record: { post: { ...RESERVED_U, attachment: 'screened' } },
    act: (viewer, b) => upload(viewer, b.postId!, 'PRODUCTION', b.descriptionId!),
  },
  {
    name: 'PUT /documents/descriptions/{screened attachment}/PUBLIC',
    table: SCREENED_ATTACHMENT_PUBLIC,
    record: { post: { ...REGISTERED_I, attachment: 'screened' } },
    act: (viewer, b) => upload(viewer, b.postId!, 'PUBLIC', b.descriptionId!),
  },
  {
    name: 'proposeDisposal',
    table: DISPOSAL,
    record: { post: { ...REGISTERED_I, disposal: 'toPropose' } },
    act: (viewer, b) =>
      graphql(
        viewer,
        `
          mutation ($id: ID!, $remark: ID!) {
            proposeDisposal(
              input: { basis: "Kontrollert", documents: [{ id: $id, remarkId: $remark }] }
            ) {
              id
            }
          }
        `,
        { id: gid('DocumentDescription', b.descriptionId!), remark: gid('Remark', b.remarkId!) },
      ),
  },
  ...(['confirmDisposal', 'cancelDisposal'] as const).map((name): Write => ({
    name,
    table: DISPOSAL,
    record: { post: { ...REGISTERED_I, disposal: 'proposed' } },
    act: (viewer, b) =>
      graphql(viewer, `mutation($id: ID!) { ${name}(input: { id: $id }) { id } }`, {
        id: gid('Disposal', b.disposalId!),
      }),
  })),
];

const CASE_WRITES: Write[] = [
  onCase('updateCase', CASE_OWNERS, IN_PROGRESS, ', title: "Endret sak – {Navn}"'),
  onCase('cancelCase', CASE_OWNERS, IN_PROGRESS, ', reason: "Duplikat"'),
  onCase('addInternalContact', CASE_OWNERS, IN_PROGRESS, () => `, userId: ${user('bystander')}`),
  onCase(
    'removeInternalContact',
    CASE_OWNERS,
    IN_PROGRESS,
    () => `, userId: ${user('internalContact')}`,
  ),
  onCase(
    'assignCaseResponsible',
    CASE_LEADERS,
    IN_PROGRESS,
    () => `, userId: ${user('unitHandler')}`,
  ),
  onCase(
    'updateCase',
    CASE_LEADERS,
    IN_PROGRESS,
    () => `, accessGroupId: ${spareGroup()}`,
    'updateCase (accessGroupId)',
  ),
  onCase('approveCase', CASE_ARCHIVE, { status: CaseStatus.RESERVED }),
  onCase('reopenCase', CASE_ARCHIVE, { status: CaseStatus.CLOSED }, ', reason: "Ny opplysning"'),
  onCase('closeCase', CASE_CLOSE, IN_PROGRESS),
  onCase(
    'closeCase',
    CASE_CLOSE,
    IN_PROGRESS,
    ', remark: "Ferdig behandlet"',
    'closeCase (remark)',
  ),
  onCase('addCaseParty', CASE_OWNERS, IN_PROGRESS, ', name: "Ny Part", role: "Foresatt"'),
  onCase(
    'updateCaseParty',
    CASE_OWNERS,
    { ...IN_PROGRESS, party: true },
    (b) => `, partyId: "${gid('CaseParty', b.partyId!)}", name: "Endret Part"`,
  ),
  onCase(
    'removeCaseParty',
    CASE_OWNERS,
    { ...IN_PROGRESS, party: true },
    (b) => `, partyId: "${gid('CaseParty', b.partyId!)}"`,
  ),
  onCase(
    'setCaseClasses',
    CASE_OWNERS,
    IN_PROGRESS,
    () => `, primaryClassId: "${gid('Class', world.classId)}"`,
  ),
  {
    name: 'proposeDisposal (a case)',
    table: DISPOSAL,
    record: { case: { status: CaseStatus.CLOSED, dueForDisposal: true } },
    act: (viewer, b) =>
      graphql(
        viewer,
        'mutation($id: ID!) { proposeDisposal(input: { basis: "Arkivplan", caseIds: [$id] }) { id } }',
        { id: gid('Case', b.caseId) },
      ),
  },
  onCase('addCaseRemark', CASE_FULL_READER, IN_PROGRESS, ', type: GENERAL, text: "Notat"'),
  onCase(
    'assignCaseResponsible',
    CASE_LEADERS,
    IN_PROGRESS,
    () =>
      `, userId: ${user('bystander')}, responsibleUnitId: "${gid('Unit', world.fx.units.other)}"`,
    'assignCaseResponsible (responsibleUnitId)',
  ),
  {
    ...onCase('registerJournalPost', CASE_REGISTER, IN_PROGRESS),
    act: (viewer, b) =>
      graphql(
        viewer,
        `mutation($id: ID!) { registerJournalPost(input: { caseId: $id, type: INCOMING,
           title: "Brev fra {Navn}", responsibleId: ${user('unitHandler')} }) { id } }`,
        { id: gid('Case', b.caseId) },
      ),
  },
];

interface Cell {
  write: Write;
  viewer: WriteViewer;
  kind: Kind;
  expected: Outcome;
  built?: Built;
  result?: { outcome: string; message?: string; changed: boolean };
}

function cellsOf(writes: Write[]): Cell[] {
  return writes.flatMap((write) =>
    WRITE_VIEWERS.flatMap((viewer) =>
      KINDS.map((kind, i) => ({ write, viewer, kind, expected: write.table[viewer][i]! })),
    ),
  );
}
const postCells = cellsOf(POST_WRITES);
const caseCells = cellsOf(CASE_WRITES);

/**
 * Everything a write could touch of one cell's records, as one string per cell: the case and
 * post rows as stored (and the case a post would move to); the case's internal contacts, posts,
 * parties, classes, remarks and disposal items; the post's files, document descriptions, remarks
 * and the disposals of its documents; the insight request with its items; and the number of audit
 * events about any of them.
 */
async function footprints(cells: Cell[]): Promise<Map<Cell, string>> {
  const em = server.orm.em.fork();
  const caseIds = cells.flatMap((c) => [
    c.built!.caseId,
    ...(c.built!.targetCaseId ? [c.built!.targetCaseId] : []),
  ]);
  const postIds = cells.flatMap((c) => (c.built!.postId ? [c.built!.postId] : []));
  const requestIds = cells.flatMap((c) =>
    c.built!.insightRequestId ? [c.built!.insightRequestId] : [],
  );
  const byId = async (fragment: ReturnType<typeof sql>) =>
    new Map((await query<{ id: string; state: string }>(em, fragment)).map((r) => [r.id, r.state]));
  const cases = await byId(sql`
    select c.id, json_build_object(
      'row', row_to_json(c),
      'contacts', (select json_agg(i.user_id order by i.user_id) from case_internal_contact i where i.case_id = c.id),
      'posts', (select json_agg(p.id order by p.id) from journal_post p where p.case_id = c.id),
      'parties', (select json_agg(t order by t.position) from case_party t where t.case_id = c.id),
      'classes', (select json_agg(t order by t.position) from case_class t where t.case_id = c.id),
      'remarks', (select json_agg(t order by t.id) from remark t where t.case_id = c.id),
      'disposals', (select json_agg(t order by t.id) from disposal_item t where t.case_id = c.id),
      'audit', (select count(*) from audit_event a where a.target_id = c.id
                or a.target_id in (select t.id from case_party t where t.case_id = c.id)))::text as state
    from case_file c where c.id in (${caseIds})`);
  const posts = postIds.length
    ? await byId(sql`
    select p.id, json_build_object(
      'row', row_to_json(p),
      'documents', (select count(*) from document d where d.journal_post_id = p.id),
      'descriptions', (select json_agg(t order by t.document_number) from document_description t where t.journal_post_id = p.id),
      'remarks', (select json_agg(t order by t.id) from remark t where t.journal_post_id = p.id),
      'disposals', (select json_agg(json_build_object('disposal', d, 'item', i) order by i.id)
                    from disposal_item i join disposal d on d.id = i.disposal_id
                    join document_description t on t.id = i.document_description_id
                    where t.journal_post_id = p.id),
      'audit', (select count(*) from audit_event a where a.target_id = p.id
                or a.target_id in (select t.id from document_description t where t.journal_post_id = p.id)
                or a.target_id in (select i.disposal_id from disposal_item i
                  join document_description t on t.id = i.document_description_id
                  where t.journal_post_id = p.id)))::text as state
    from journal_post p where p.id in (${postIds})`)
    : new Map<string, string>();
  const requests = requestIds.length
    ? await byId(sql`
    select r.id, json_build_object(
      'row', row_to_json(r),
      'items', (select json_agg(i order by i.position) from insight_request_item i where i.request_id = r.id),
      'audit', (select count(*) from audit_event a where a.target_id = r.id
                or a.target_id in (select i.id from insight_request_item i where i.request_id = r.id)))::text as state
    from insight_request r where r.id in (${requestIds})`)
    : new Map<string, string>();
  return new Map(
    cells.map((c) => [
      c,
      [
        cases.get(c.built!.caseId),
        c.built!.targetCaseId && cases.get(c.built!.targetCaseId),
        c.built!.postId && posts.get(c.built!.postId),
        c.built!.insightRequestId && requests.get(c.built!.insightRequestId),
      ].join('\n'),
    ]),
  );
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) await work(item);
    }),
  );
}

/** Runs every cell once, concurrently, and keeps what the client was told and whether anything changed. */
async function runCells(cells: Cell[]): Promise<void> {
  const before = await footprints(cells);
  await inBatches(cells, 6, async (cell) => {
    cell.result = { ...(await cell.write.act(cell.viewer, cell.built!)), changed: false };
  });
  const after = await footprints(cells);
  for (const cell of cells) cell.result!.changed = before.get(cell) !== after.get(cell);
}

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  world = await createWriteFixtures(server.orm.em.fork(), todayInOslo());
  for (const v of WRITE_VIEWERS) {
    tokens.set(v, v === 'public' ? undefined : await server.tokenFor(world.usernames[v]));
  }
  for (const cell of [...postCells, ...caseCells]) {
    const r = cell.write.record;
    cell.built =
      'post' in r
        ? world.addPost(
            cell.kind,
            r.post,
            cell.viewer === 'lostCreator' ? 'lostCreator' : 'creator',
          )
        : world.addCase(cell.kind, r.case);
  }
  await world.flush();
});
afterAll(() => server?.close());

/** One `describe` per rule: its writes × viewers × kinds. */
function describeRule(title: string, cells: Cell[], table: Table) {
  const mine = cells.filter((c) => c.write.table === table);
  describe(title, () => {
    beforeAll(() => runCells(mine), 120_000);
    it.each(mine.map((c) => [c.write.name, c.viewer, c.kind, c.expected, c] as const))(
      '%s by %s on the %s record: %s',
      (_w, _v, _k, expected, cell) => {
        const { outcome, changed, message } = cell.result!;
        // Allowed: the record changed. Refused: nothing changed.
        expect({ outcome, changed }, message).toEqual({
          outcome: expected,
          changed: expected === 'ALLOW',
        });
      },
    );
  });
}

describeRule(
  "A post's own work (change, finalise, send for approval, dispatch, cancel, upload a file, add, change and remove an attachment): its responsible or creator, leaders of the case's unit and archivists, only when they read it in full",
  postCells,
  POST_OWN_WORK,
);
describeRule(
  'Writing off a post and assessing its screening: the same, and the case responsible',
  postCells,
  POST_OWN_WORK_AND_CASE_RESPONSIBLE,
);
describeRule(
  'Approving, rejecting and forwarding a post: only the leader it was sent to',
  postCells,
  POST_APPROVER,
);
describeRule(
  "Moving a post to another access group: leaders of the case's unit and archivists, not its responsible or creator",
  postCells,
  POST_ACCESS_GROUP,
);
describeRule(
  'Confirming, correcting and moving a post to another case, and its publication (publish now, hold back, reset): archivists',
  postCells,
  POST_ARCHIVE,
);
describeRule(
  'Moving a post to a case that does not exist: NOT_FOUND for the archivist, the rule for everyone else',
  postCells,
  POST_MOVE_NOWHERE,
);
describeRule(
  "The PUBLIC variant: also insight handlers of the post's unit, but only when they read the post in full",
  postCells,
  POST_PUBLIC_VARIANT,
);
describeRule(
  "Deciding an insight request item: its assignee, leaders and insight handlers of the post's unit, archivists, each only when FULL on the post; nobody else sees the request",
  postCells,
  INSIGHT_DECIDE,
);
describeRule(
  'Changing and cancelling a case, managing its internal contacts, parties and classes: its creator, case responsible, leaders of its unit, archivists',
  caseCells,
  CASE_OWNERS,
);
describeRule(
  'Assigning the case responsible, moving a case to another unit or access group: leaders of its unit and archivists',
  caseCells,
  CASE_LEADERS,
);
describeRule("The archive's check and reopening a case: archivists", caseCells, CASE_ARCHIVE);
describeRule(
  'Closing a case, with or without a closing remark: archivists for good; its case responsible and leaders of its unit as handlers',
  caseCells,
  CASE_CLOSE,
);
describeRule(
  'Registering a post in a case: its creator, case responsible, internal contacts, leaders of its unit; archivists (incoming letters)',
  caseCells,
  CASE_REGISTER,
);

describeRule(
  'An attachment with its own screening: changed, removed and uploaded to only by those who also read it in full (not the post creator without a claim on the case)',
  postCells,
  SCREENED_ATTACHMENT,
);
describeRule(
  'The PUBLIC variant of an attachment with its own screening: not insight handlers who read it only REDACTED',
  postCells,
  SCREENED_ATTACHMENT_PUBLIC,
);
describeRule(
  'Proposing, confirming (a second archivist) and cancelling the disposal of a document: archivists alone',
  postCells,
  DISPOSAL,
);
describeRule('Proposing the disposal of a case due for it: archivists alone', caseCells, DISPOSAL);
describeRule(
  'Adding a remark (merknad) to a case: anyone who reads it in full',
  caseCells,
  CASE_FULL_READER,
);
describeRule(
  'Adding a remark (merknad) to a journal post: anyone who reads it in full',
  postCells,
  POST_FULL_READER,
);

describe('Nobody grants a role or an access-group membership to themself; another admin may', () => {
  type AdminWrite = 'assignRole' | 'addAccessGroupMember';
  const text: Record<AdminWrite, string> = {
    assignRole: 'mutation($u: ID!) { assignRole(input: { id: $u, role: ARCHIVIST }) { id } }',
    addAccessGroupMember:
      'mutation($u: ID!, $g: ID!) { addAccessGroupMember(input: { id: $g, userId: $u }) { id } }',
  };
  /** The target's grants or memberships and the audit events about them. */
  async function footprint(write: AdminWrite, userId: string): Promise<string> {
    const table = write === 'assignRole' ? sql`role_grant` : sql`access_group_membership`;
    const action = write === 'assignRole' ? 'user.%Role' : '%Member%';
    const [row] = await query<{ state: string }>(
      server.orm.em.fork(),
      sql`select json_build_object(
        'rows', (select json_agg(t order by t.id) from ${table} t where t.user_id = ${userId}),
        'audit', (select count(*) from audit_event a where a.action like ${action}
                  and (a.target_id = ${userId} or a.changes::text like ${`%${userId}%`})))::text as state`,
    );
    return row!.state;
  }
  async function attempt(
    write: AdminWrite,
    actor: WriteViewer,
    target: keyof WriteWorld['userIds'],
  ) {
    const userId = world.userIds[target];
    const before = await footprint(write, userId);
    const { outcome, message } = await graphql(actor, text[write], {
      u: gid('User', userId),
      g: gid('AccessGroup', world.fx.groups.elev),
    });
    return { outcome, message, changed: before !== (await footprint(write, userId)) };
  }
  const writes: AdminWrite[] = ['assignRole', 'addAccessGroupMember'];

  it.each(writes.flatMap((w) => WRITE_VIEWERS.map((v) => [w, v] as const)))(
    '%s by %s on itself: FORBIDDEN (the public: sign in), nothing changes',
    async (write, viewer) => {
      const target = viewer === 'public' ? 'grantee' : viewer;
      const { outcome, changed, message } = await attempt(write, viewer, target);
      expect({ outcome, changed }, message).toEqual({
        outcome: viewer === 'public' ? 'SIGN_IN' : 'FORBIDDEN',
        changed: false,
      });
    },
  );
  it.each(writes)('%s by admin on another user: allowed', async (write) => {
    const { outcome, changed, message } = await attempt(write, 'admin', 'grantee');
    expect({ outcome, changed }, message).toEqual({ outcome: 'ALLOW', changed: true });
  });
});

/**
 * Mutations that change a case, a journal post or a document description but are not cells of
 * this matrix, each with the test that holds its rule. Anything else that names such a record
 * must be added to the matrix (or here, with a reason).
 */
const TESTED_ELSEWHERE: Record<string, string> = {
  // Its rule differs from every write here (also without reading the post in full, and the new
  // assignee must read it): test/insight/writeRules.test.ts, "An item is reassigned by whoever may
  // decide it, to someone who reads the post in full".
  reassignInsightRequestItem: 'test/insight/writeRules.test.ts',
};

describe('Every mutation on a case, journal post or document description is in the matrix, or excused above', () => {
  const RECORDS = new Set(['Case', 'JournalPost', 'DocumentDescription']);
  /** Input fields that name a case or post besides the subject `id` */
  const NAMING = ['caseId', 'caseIds', 'journalPostId'];
  /** The result is one of the records, or an object (a payload, a disposal) with one as a field. */
  function holdsRecord(type: GraphQLOutputType): boolean {
    const named = getNamedType(type);
    if (RECORDS.has(named.name)) return true;
    return (
      isObjectType(named) &&
      Object.values(named.getFields()).some((f) => RECORDS.has(getNamedType(f.type).name))
    );
  }
  const inMatrix = new Set(
    [...POST_WRITES, ...CASE_WRITES]
      .map((w) => w.name.replace(/ \(.*\)$/, ''))
      .filter((name) => !name.startsWith('PUT ')),
  );

  it('finds no mutation on a record missing from both, and every name there is a mutation', async () => {
    const mutations = (await buildAppSchema()).getMutationType()!.getFields();
    const onRecords = Object.values(mutations)
      .filter((m) => {
        const input = m.args.find((a) => a.name === 'input');
        const type = input && getNamedType(input.type);
        if (!type || !isInputObjectType(type)) return false;
        const fields = Object.keys(type.getFields());
        return (
          fields.some((f) => NAMING.includes(f)) ||
          (fields.some((f) => f === 'id' || f === 'ids') && holdsRecord(m.type))
        );
      })
      .map((m) => m.name);
    expect(onRecords.length).toBeGreaterThan(30);
    expect(onRecords.filter((name) => !inMatrix.has(name) && !TESTED_ELSEWHERE[name])).toEqual([]);
    expect(
      [...inMatrix, ...Object.keys(TESTED_ELSEWHERE)].filter((name) => !mutations[name]),
    ).toEqual([]);
  });
});

import { createHash, randomUUID } from 'node:crypto';
import { type EntityManager } from '@mikro-orm/postgresql';
import {
  AccessGroup,
  Case,
  CaseInternalContact,
  CaseClass,
  CaseClassRole,
  CaseParty,
  CaseStatus,
  Class,
  ClassificationSystem,
  ClassificationType,
  Disposal,
  DisposalDecision,
  DisposalItem,
  DocumentDescription,
  DocumentRole,
  InsightRequest,
  InsightRequestItem,
  InsightRequestStatus,
  JournalPost,
  JournalPostType,
  JournalStatus,
  PublicationOverride,
  Remark,
  RemarkType,
  Role,
  RoleGrant,
  ScreeningCode,
  Unit,
  User,
} from '../../src/entities';
import { createPolicyFixtures, type Fixtures, VIEWERS } from './fixtures';

/**
 * The viewer relations of the write matrix: those of the read matrix, and
 *
 * - `lostCreator`: created the journal post (its `createdBy`), but has no relation to its case
 *   (not creator, responsible, internal contact or member): FULL on a post without an access
 *   group, REDACTED on one with a group. On a case it created nothing, so it is a plain handler.
 * - `redactedInsight`: INSIGHT_HANDLER of the post's unit, member of no group: REDACTED on posts
 *   with an access group, FULL on the others.
 */
export const WRITE_VIEWERS = [...VIEWERS, 'lostCreator', 'redactedInsight'] as const;
export type WriteViewer = (typeof WRITE_VIEWERS)[number];

/** The record kinds of the write matrix: a journal post, or a case, of each. */
export const KINDS = ['open', 'screenedNoGroup', 'elev', 'personal'] as const;
export type Kind = (typeof KINDS)[number];

/** How a record is to be laid out for one cell: the state in which the write is allowed. */
export interface PostState {
  type: JournalPostType;
  status: JournalStatus;
  /** The leader the post awaits approval from */
  approver?: 'leader' | null;
  /** Every kind carries the temporary screening code XX (for the screening assessment) */
  temporaryScreening?: boolean;
  publicationOverride?: PublicationOverride | null;
  /** An insight request with one undecided item for the post, routed as at submission */
  insightRequest?: boolean;
  /**
   * A main document and an attachment under editing (dokumentbeskrivelse), no files; `screened`:
   * the attachment has its own screening (code 13)
   */
  attachment?: boolean | 'screened';
  /** A second case in progress, to move the post to: unscreened without a group, or in Personal */
  moveTarget?: 'open' | 'personal';
  /**
   * The attachment as a single document to dispose of (kassasjon), with a remark on the post
   * recording its check: still to propose, or proposed by `secondArchivist`
   */
  disposal?: 'toPropose' | 'proposed';
}

export interface CaseState {
  status: CaseStatus;
  /** One case party (sakspart), to change or remove */
  party?: boolean;
  /** Closed in 2024 with a primary class that disposes of its cases after a year: due for disposal */
  dueForDisposal?: boolean;
}

/** The ids of one cell's records. */
export interface Built {
  caseId: string;
  postId: string | null;
  insightRequestId: string | null;
  /** The post's attachment (PostState.attachment) */
  descriptionId: string | null;
  /** The case's party (CaseState.party) */
  partyId: string | null;
  /** The case to move the post to (PostState.moveTarget) */
  targetCaseId: string | null;
  /** The post's remark and the proposed disposal (PostState.disposal) */
  remarkId: string | null;
  disposalId: string | null;
}

export interface WriteWorld {
  fx: Fixtures;
  /** user id of each viewer (but the public) and of the helpers below */
  userIds: Record<Exclude<WriteViewer, 'public'> | Helper, string>;
  usernames: Record<Exclude<WriteViewer, 'public'> | Helper, string>;
  /** An access group nobody is in, to move records to */
  spareGroupId: string;
  /** An unscreened class (klasse) to classify cases with */
  classId: string;
  /** Adds a case (and a post in it) for one cell; written by `flush`. */
  addCase(kind: Kind, state: CaseState): Built;
  addPost(kind: Kind, state: PostState, createdBy: 'creator' | 'lostCreator'): Built;
  flush(): Promise<void>;
}

/**
 * Users who are named by writes but never act: `unitHandler` (CASE_HANDLER of the responsible
 * unit, an eligible responsible), `secondLeader` (LEADER of the responsible unit, an eligible
 * approver), `bystander` (CASE_HANDLER elsewhere, to add as internal contact), `grantee` (the
 * target of an admin's grants to someone else), `secondArchivist` (ARCHIVIST, the proposer of the
 * disposals that `archivist` confirms: four eyes).
 */
type Helper = 'unitHandler' | 'secondLeader' | 'bystander' | 'grantee' | 'secondArchivist';

const past = new Date('2024-01-01T00:00:00Z');

const NOTHING: Omit<Built, 'caseId'> = {
  postId: null,
  insightRequestId: null,
  descriptionId: null,
  partyId: null,
  targetCaseId: null,
  remarkId: null,
  disposalId: null,
};

export async function createWriteFixtures(em: EntityManager, today: string): Promise<WriteWorld> {
  const fx = await createPolicyFixtures(em, today);
  const responsibleUnit = em.getReference(Unit, fx.units.responsible);
  const otherUnit = em.getReference(Unit, fx.units.other);

  const extra = {
    lostCreator: { username: 'fx.lostcreator', role: Role.CASE_HANDLER, unit: otherUnit },
    redactedInsight: {
      username: 'fx.insight',
      role: Role.INSIGHT_HANDLER,
      unit: responsibleUnit,
    },
    unitHandler: { username: 'fx.unithandler', role: Role.CASE_HANDLER, unit: responsibleUnit },
    secondLeader: { username: 'fx.secondleader', role: Role.LEADER, unit: responsibleUnit },
    bystander: { username: 'fx.bystander', role: Role.CASE_HANDLER, unit: otherUnit },
    grantee: { username: 'fx.grantee', role: Role.CASE_HANDLER, unit: otherUnit },
    secondArchivist: { username: 'fx.secondarchivist', role: Role.ARCHIVIST, unit: null },
  } as const;
  for (const { username, role, unit } of Object.values(extra)) {
    const user = em.create(User, {
      username,
      displayName: `Fixture ${username}`,
      unit: otherUnit,
      active: true,
      createdAt: past,
    });
    em.create(RoleGrant, { user, role, unit, validFrom: past });
  }
  const spare = em.create(AccessGroup, { name: 'Fixture Reserve', createdAt: past });
  const system = em.create(ClassificationSystem, {
    title: 'Fixture K-koder',
    type: ClassificationType.K_CODES,
  });
  const klass = em.create(Class, {
    system,
    classId: '999',
    title: 'Fixture klasse',
    screened: false,
    publicClassId: '999',
    publicTitle: 'Fixture klasse',
  });
  const disposingClass = em.create(Class, {
    system,
    classId: '998',
    title: 'Fixture kassasjon',
    screened: false,
    publicClassId: '998',
    publicTitle: 'Fixture kassasjon',
    disposalDecision: DisposalDecision.DISPOSE,
    disposalAuthority: 'Arkivforskriften § 15',
    retentionYears: 1,
  });
  await em.flush();

  const usernames = {
    ...fx.usernames,
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v.username])),
  } as WriteWorld['usernames'];
  const users = await em.find(User, { username: { $in: Object.values(usernames) } });
  const byName = new Map(users.map((u) => [u.username, u]));
  const userIds = Object.fromEntries(
    Object.entries(usernames).map(([k, v]) => [k, byName.get(v)!.id]),
  ) as WriteWorld['userIds'];
  const user = (k: keyof WriteWorld['userIds']) => em.getReference(User, userIds[k]);

  const codes = await em.find(ScreeningCode, { code: { $in: ['fx13', 'fxXX'] } });
  const code = (c: string) => codes.find((x) => x.code === c)!;
  const groupOf: Record<Kind, AccessGroup | null> = {
    open: null,
    screenedNoGroup: null,
    elev: em.getReference(AccessGroup, fx.groups.elev),
    personal: em.getReference(AccessGroup, fx.groups.personal),
  };

  let seq = 0;
  function caseOf(kind: Kind, status: CaseStatus, temporary: boolean): Case {
    seq += 1;
    const screening =
      temporary || kind !== 'open'
        ? {
            screeningCode: code(temporary ? 'fxXX' : 'fx13'),
            screenedFields: [...code(temporary ? 'fxXX' : 'fx13').defaultScreenedFields],
          }
        : {};
    const c = em.create(Case, {
      id: randomUUID(),
      caseYear: 2097,
      caseSequence: seq,
      caseNumber: `2097/${seq}`,
      title: `Skrivesak ${seq} Navn`,
      publicTitle: kind === 'open' ? `Skrivesak ${seq} Navn` : `Skrivesak ${seq} *****`,
      status,
      responsibleUnit,
      caseResponsible: user('caseResponsible'),
      createdBy: user('creator'),
      accessGroup: groupOf[kind],
      createdAt: past,
      updatedAt: past,
      ...screening,
    });
    em.create(CaseInternalContact, { case: c, user: user('internalContact'), addedAt: past });
    return c;
  }

  return {
    fx,
    userIds,
    usernames,
    spareGroupId: spare.id,
    classId: klass.id,
    addCase(kind, state) {
      const c = caseOf(kind, state.status, false);
      if (state.dueForDisposal) {
        c.closedAt = past;
        em.create(CaseClass, {
          case: c,
          position: 0,
          class: disposingClass,
          role: CaseClassRole.PRIMARY,
        });
      }
      const party = state.party
        ? em.create(CaseParty, { case: c, position: 0, name: 'Part Navn', role: 'Elev' })
        : null;
      return { ...NOTHING, caseId: c.id, partyId: party?.id ?? null };
    },
    addPost(kind, state, createdBy) {
      const temporary = state.temporaryScreening ?? false;
      const c = caseOf(kind, CaseStatus.IN_PROGRESS, temporary);
      const p = em.create(JournalPost, {
        id: randomUUID(),
        case: c,
        documentNumber: 1,
        journalYear: 2097,
        journalSequenceNumber: seq,
        type: state.type,
        status: state.status,
        title: c.title,
        publicTitle: c.publicTitle,
        journalDate: today,
        responsible: user('postResponsible'),
        responsibleUnit,
        createdBy: user(createdBy),
        approver: state.approver ? user(state.approver) : null,
        accessGroup: c.accessGroup ?? null,
        screeningCode: c.screeningCode ?? null,
        screenedFields: [...c.screenedFields],
        publicationOverride: state.publicationOverride ?? null,
        createdAt: past,
        updatedAt: past,
      });
      let insightRequestId: string | null = null;
      if (state.insightRequest) {
        const request = em.create(InsightRequest, {
          referenceHash: createHash('sha256').update(`ref-${p.id}`).digest('hex'),
          status: InsightRequestStatus.RECEIVED,
          receivedOn: today,
          dueDate: today,
          answerDeadline: today,
          requesterEmail: `innsyn-${seq}@example.org`,
        });
        em.create(InsightRequestItem, {
          request,
          position: 0,
          journalPost: p,
          assignee: user('postResponsible'),
          unit: responsibleUnit,
        });
        insightRequestId = request.id;
      }
      let descriptionId: string | null = null;
      if (state.attachment || state.disposal) {
        const described = { journalPost: p, createdBy: user(createdBy), createdAt: past };
        em.create(DocumentDescription, {
          ...described,
          documentNumber: 1,
          role: DocumentRole.MAIN,
          title: p.title,
        });
        descriptionId = em.create(DocumentDescription, {
          ...described,
          documentNumber: 2,
          role: DocumentRole.ATTACHMENT,
          title: 'Vedlegg Navn',
          screeningCode: state.attachment === 'screened' ? code('fx13') : null,
        }).id;
      }
      let remarkId: string | null = null;
      let disposalId: string | null = null;
      if (state.disposal) {
        const remark = em.create(Remark, {
          journalPost: p,
          type: RemarkType.GENERAL,
          text: 'Politiattest kontrollert',
          registeredBy: user(createdBy),
          registeredAt: past,
        });
        remarkId = remark.id;
        if (state.disposal === 'proposed') {
          const disposal = em.create(Disposal, {
            basis: 'Kontrollert',
            proposedBy: user('secondArchivist'),
            proposedAt: past,
          });
          em.create(DisposalItem, {
            disposal,
            description: em.getReference(DocumentDescription, descriptionId!),
            remark,
          });
          disposalId = disposal.id;
        }
      }
      const targetCaseId = state.moveTarget
        ? caseOf(state.moveTarget, CaseStatus.IN_PROGRESS, false).id
        : null;
      return {
        ...NOTHING,
        caseId: c.id,
        postId: p.id,
        insightRequestId,
        descriptionId,
        targetCaseId,
        remarkId,
        disposalId,
      };
    },
    async flush() {
      await em.flush();
    },
  };
}

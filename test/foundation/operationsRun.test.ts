import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { toGlobalId } from '../../src/schema/globalId';
import { operation, operationNames } from '../support/operations';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Every example operation of docs/operations/ runs against the real server with the demo data
 * (issue 12: "the operations in docs/operations/ updated, typed by codegen and run in the tests"),
 * in one story told in the order a front end would: the directory is read, the archive opens a
 * case and registers a letter whose screening is still to be assessed, the handler answers with
 * an outgoing letter that a leader rejects, then (forwarded to another leader) approves, the
 * letters are written off, and the public asks for insight in a screened entry of the public
 * journal, which the unit's insight handler routes to the leader who decides it. The steps build
 * on one another, in order; each step sends the version the step before returned.
 */
let server: TestServer;
const tokens = new Map<string, string>();
/** The operations run so far, by name: the last test checks that none was left out. */
const ran = new Set<string>();

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.close());

/** Runs the example operation `name` as `username` (null: anonymously); it must succeed. */
async function run(
  name: string,
  username: string | null,
  variables: Record<string, unknown> = {},
): Promise<any> {
  let token: string | undefined;
  if (username) {
    token = tokens.get(username) ?? (await server.tokenFor(username));
    tokens.set(username, token);
  }
  const res = await server.gql(operation(name), variables, token ? { token } : {});
  expect(res.body.errors, `${name} as ${username ?? 'the public'}`).toBeUndefined();
  expect(res.status).toBe(200);
  ran.add(name);
  return res.body.data;
}

const LEGAL_BASIS = 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1';

/** Ids of the directory, read by the first screen. */
const ids = { ppt: '', code13: '', elev: '', users: new Map<string, string>() };
const userId = (username: string): string => {
  const id = ids.users.get(username);
  if (!id) throw new Error(`${username} is not in the directory`);
  return id;
};

describe('A front end reads the directory, the case list and the follow-up lists', () => {
  it('Me: the signed-in archivist with their unit and role', async () => {
    const { me } = await run('Me', 'arkivar');
    expect(me).toMatchObject({
      username: 'arkivar',
      displayName: 'Randi Frigstad',
      unit: { name: 'Sentralarkivet' },
      accessGroups: [],
    });
    expect(me.roles.map((r: { role: string }) => r.role)).toEqual(['ARCHIVIST']);
  });

  it('Directory: units, active users, access groups and screening codes for the pickers', async () => {
    const data = await run('Directory', 'arkivar');
    expect(data.units.nodes).toHaveLength(6);
    // 22 of Vennesla, the IKT archivist who works for Vennesla and Iveland, and the users of the
    // three specialist systems (docs/demo-data.md).
    expect(data.users.nodes).toHaveLength(26);
    expect(data.accessGroups.nodes.map((g: { name: string }) => g.name)).toEqual([
      'Elev',
      'Flyktning',
      'Personal',
      'Personal begrenset tilgang',
    ]);
    const code13 = data.screeningCodes.nodes.find((c: { code: string }) => c.code === '13');
    expect(code13.legalBasis).toBe(LEGAL_BASIS);
    ids.code13 = code13.id;
    ids.elev = data.accessGroups.nodes.find((g: { name: string }) => g.name === 'Elev').id;
    const ppt = data.units.nodes.find((u: { name: string }) => u.name === 'PPT');
    expect(ppt.parent.name).toBe('Vennesla kommune');
    ids.ppt = ppt.id;
    for (const u of data.users.nodes) ids.users.set(u.username, u.id);
  });

  it('NodeById: a unit and a user refetched by their global ids', async () => {
    expect((await run('NodeById', 'arkivar', { id: ids.ppt })).node).toEqual({
      id: ids.ppt,
      name: 'PPT',
    });
    const leader = userId('leder');
    expect((await run('NodeById', 'arkivar', { id: leader })).node).toEqual({
      id: leader,
      username: 'leder',
      displayName: 'Hilde Eikeland',
    });
  });

  it('CaseList and CaseDetail: the PPT cases, and one of them with its posts', async () => {
    const { cases } = await run('CaseList', 'arkivar', {
      filter: { unitId: ids.ppt },
      orderBy: { field: 'CASE_NUMBER' },
      first: 5,
    });
    expect(cases.totalCount).toBeGreaterThan(5);
    expect(cases.edges).toHaveLength(5);
    expect(cases.pageInfo.hasNextPage).toBe(true);
    const [first] = cases.edges;
    expect(first.node.responsibleUnit.name).toBe('PPT');
    const detail = await run('CaseDetail', 'arkivar', { id: first.node.id, first: 10 });
    expect(detail.case).toMatchObject({
      id: first.node.id,
      caseNumber: first.node.caseNumber,
      visibility: 'FULL',
    });
    expect(detail.case.version).toBeGreaterThan(0);
    expect(detail.case.journalPosts.totalCount).toBe(first.node.journalPosts.totalCount);
  });

  it('Backlog and DueList: the unit’s letters not written off, and those past their due date', async () => {
    const { backlog } = await run('Backlog', 'leder', {
      filter: { unitId: ids.ppt, olderThanDays: 0 },
      first: 10,
    });
    expect(backlog.totalCount).toBeGreaterThan(0);
    for (const post of backlog.nodes) expect(post.responsibleUnit.name).toBe('PPT');
    const { dueList } = await run('DueList', 'leder', { filter: { unitId: ids.ppt }, first: 10 });
    expect(dueList.totalCount).toBeGreaterThan(0);
    // Past due where the server is (Oslo is never behind UTC): due today in UTC at the latest.
    const today = new Date().toISOString().slice(0, 10);
    for (const post of dueList.nodes) {
      expect(post.writtenOff).toBe(false);
      expect(post.dueDate <= today).toBe(true);
    }
  });
});

/** The case of the story and its posts, with the versions last returned. */
const story = {
  caseId: '',
  caseNumber: '',
  letter: { id: '', version: 0 },
  reply: { id: '', version: 0 },
  more: [] as string[],
};

describe('The archive opens a case and registers a letter whose screening is still to be assessed', () => {
  it('CreateCase: the archive’s own case is IN_PROGRESS, with the handler responsible', async () => {
    const { createCase } = await run('CreateCase', 'arkivar', {
      input: {
        title: 'Skoleskyss – klage fra {Ola Nordmann}',
        responsibleUnitId: ids.ppt,
        caseResponsibleId: userId('saksbehandler'),
        screeningCodeId: ids.code13,
        // § 13 requires an access group (need to know, docs/daily-routines.md)
        accessGroupId: ids.elev,
      },
    });
    expect(createCase).toMatchObject({
      status: 'IN_PROGRESS',
      title: 'Skoleskyss – klage fra Ola Nordmann',
      publicTitle: 'Skoleskyss – klage fra *****',
      titleScreened: false,
      visibility: 'FULL',
      responsibleUnit: { name: 'PPT' },
      caseResponsible: { username: 'saksbehandler' },
      screening: { legalBasis: LEGAL_BASIS, code: { code: '13' } },
    });
    expect(createCase.caseNumber).toMatch(/^\d{4}\/\d+$/);
    expect(createCase.version).toBeGreaterThan(0);
    story.caseId = createCase.id;
    story.caseNumber = createCase.caseNumber;
  });

  it('PartyDuplicateCheck and AddCaseParty: the pupil is not yet in any case; once a party, found', async () => {
    // A synthetic national id (month + 80), in no case of the demo data
    const pupil = '01811010096';
    const before = await run('PartyDuplicateCheck', 'arkivar', { partyIdentifier: pupil });
    expect(before.cases.totalCount).toBe(0);
    const { addCaseParty } = await run('AddCaseParty', 'arkivar', {
      input: { id: story.caseId, name: 'Ola Nordmann', role: 'Elev', nationalId: pupil },
    });
    expect(addCaseParty.parties).toMatchObject([
      { position: 0, name: 'Ola Nordmann', role: 'Elev', nationalId: pupil },
    ]);
    const after = await run('PartyDuplicateCheck', 'arkivar', { partyIdentifier: pupil });
    expect(after.cases.nodes.map((c: { id: string }) => c.id)).toEqual([story.caseId]);
  });

  it('RegisterIncomingLetter with screeningPending: TEMPORARY, screened with XX', async () => {
    const { registerJournalPost: post } = await run('RegisterIncomingLetter', 'arkivar', {
      input: {
        caseId: story.caseId,
        type: 'INCOMING',
        title: 'Klage på vedtak om skoleskyss for {Ola Nordmann}',
        documentDate: '2026-11-18',
        screeningPending: true,
        correspondents: [{ role: 'SENDER', name: 'Kari Nordmann', address: 'Storgata 1' }],
      },
    });
    expect(post).toMatchObject({
      registryId: `${story.caseNumber}-1`,
      documentNumber: 1,
      type: 'INCOMING',
      status: 'TEMPORARY',
      screening: { code: { code: 'XX' } },
    });
    story.letter = { id: post.id, version: post.version };
  });

  it('AssessScreening: XX replaced by the duty of confidentiality (13), the version moves on', async () => {
    const { assessScreening: post } = await run('AssessScreening', 'arkivar', {
      input: {
        id: story.letter.id,
        screeningCodeId: ids.code13,
        expectedVersion: story.letter.version,
      },
    });
    expect(post).toMatchObject({
      status: 'TEMPORARY',
      visibility: 'FULL',
      screening: { legalBasis: LEGAL_BASIS, code: { code: '13' } },
    });
    expect(post.version).toBeGreaterThan(story.letter.version);
    story.letter.version = post.version;
  });

  it('ConfirmJournalPost: the assessed letter is REGISTERED', async () => {
    const { confirmJournalPost: post } = await run('ConfirmJournalPost', 'arkivar', {
      input: { id: story.letter.id, expectedVersion: story.letter.version },
    });
    expect(post).toMatchObject({ id: story.letter.id, status: 'REGISTERED' });
    expect(post.version).toBeGreaterThan(story.letter.version);
    story.letter.version = post.version;
  });

  it('WriteOff: the handler replied by phone, with a note of the call', async () => {
    const { writeOffJournalPost: post } = await run('WriteOff', 'saksbehandler', {
      input: {
        id: story.letter.id,
        method: 'REPLIED_BY_PHONE',
        note: 'Ringte klager, svar kommer skriftlig',
        expectedVersion: story.letter.version,
      },
    });
    expect(post).toMatchObject({
      id: story.letter.id,
      writtenOff: true,
      writeOffMethod: 'REPLIED_BY_PHONE',
    });
    expect(post.version).toBeGreaterThan(story.letter.version);
  });
});

describe('An outgoing letter goes to a leader for approval: rejected, sent again, forwarded, approved, dispatched', () => {
  const step = async (name: string, field: string, user: string, input: object) => {
    const data = await run(name, user, {
      input: { id: story.reply.id, expectedVersion: story.reply.version, ...input },
    });
    const post = data[field];
    expect(post.id).toBe(story.reply.id);
    expect(post.version).toBeGreaterThan(story.reply.version);
    story.reply.version = post.version;
    return post;
  };

  it('RegisterIncomingLetter as OUTGOING by the handler: the reply is RESERVED', async () => {
    const { registerJournalPost: post } = await run('RegisterIncomingLetter', 'saksbehandler', {
      input: {
        caseId: story.caseId,
        type: 'OUTGOING',
        title: 'Svar på klage om skoleskyss for {Ola Nordmann}',
        correspondents: [{ role: 'RECIPIENT', name: 'Kari Nordmann', address: 'Storgata 1' }],
      },
    });
    expect(post).toMatchObject({
      registryId: `${story.caseNumber}-2`,
      type: 'OUTGOING',
      status: 'RESERVED',
      responsible: { displayName: 'Morten Skaar' },
    });
    story.reply = { id: post.id, version: post.version };
  });

  it('SendForApproval to the leader: finalised on the way', async () => {
    const post = await step('SendForApproval', 'sendForApproval', 'saksbehandler', {
      approverId: userId('leder'),
    });
    expect(post.status).toBe('FINALIZED');
  });

  it('Reject by the leader, with a comment: back to RESERVED for the handler', async () => {
    const post = await step('Reject', 'rejectJournalPost', 'leder', {
      comment: 'Vis til forskriften om skoleskyss',
    });
    expect(post.status).toBe('RESERVED');
  });

  it('SendForApproval again, ForwardForApproval by the leader to the head of the municipality', async () => {
    expect(
      (
        await step('SendForApproval', 'sendForApproval', 'saksbehandler', {
          approverId: userId('leder'),
        })
      ).status,
    ).toBe('FINALIZED');
    const post = await step('ForwardForApproval', 'forwardForApproval', 'leder', {
      approverId: userId('stab.leder'),
      comment: 'Prinsipiell sak',
    });
    expect(post.status).toBe('FINALIZED');
  });

  it('Approve by the leader asked: APPROVED', async () => {
    const post = await step('Approve', 'approveJournalPost', 'stab.leder', {});
    expect(post.status).toBe('APPROVED');
  });

  it('Dispatch by the handler: DISPATCHED', async () => {
    const post = await step('Dispatch', 'dispatchJournalPost', 'saksbehandler', {});
    expect(post.status).toBe('DISPATCHED');
  });

  it('WriteOffSeveral: two more letters of the case written off by the one reply', async () => {
    for (const title of [
      'Tilleggsopplysninger fra {Kari Nordmann}',
      'Purring fra {Kari Nordmann}',
    ]) {
      const { registerJournalPost: post } = await run('RegisterIncomingLetter', 'arkivar', {
        input: {
          caseId: story.caseId,
          type: 'INCOMING',
          title,
          correspondents: [{ role: 'SENDER', name: 'Kari Nordmann' }],
        },
      });
      expect(post.status).toBe('REGISTERED');
      story.more.push(post.id);
    }
    const { writeOffJournalPosts } = await run('WriteOffSeveral', 'saksbehandler', {
      input: { ids: story.more, method: 'REPLIED_BY_LETTER', replyId: story.reply.id },
    });
    expect(writeOffJournalPosts.journalPosts).toEqual(
      story.more.map((id) =>
        expect.objectContaining({ id, writtenOff: true, writeOffMethod: 'REPLIED_BY_LETTER' }),
      ),
    );
  });
});

/** The insight request of the story: the public's reference, the internal id and version. */
const insight = { reference: '', id: '', version: 0, postId: '', registryId: '' };

describe('The public asks for insight; the insight handler routes it to the leader, who decides', () => {
  it('SubmitInsightRequest anonymously for a screened PPT entry of the public journal: a receipt', async () => {
    const journal = await server.gql(
      `query($filter: PublicJournalFilter) { publicJournal(filter: $filter, first: 10) {
        nodes { id registryId title screened legalBasis } } }`,
      { filter: { unitId: ids.ppt, type: 'INCOMING', legalBasis: LEGAL_BASIS } },
    );
    expect(journal.body.errors).toBeUndefined();
    const [entry] = journal.body.data.publicJournal.nodes;
    expect(entry).toMatchObject({ screened: true, legalBasis: LEGAL_BASIS });
    insight.registryId = entry.registryId;
    const { submitInsightRequest: receipt } = await run('SubmitInsightRequest', null, {
      input: {
        entryIds: [entry.id],
        requesterEmail: 'kari@example.no',
        requesterName: 'Kari Nordmann',
        message: 'Jeg ber om innsyn i brevet.',
      },
    });
    expect(receipt.reference).toMatch(/^INN-[0-9A-Z]{26}$/);
    expect(receipt.dueDate > receipt.receivedAt.slice(0, 10)).toBe(true);
    insight.reference = receipt.reference;
  });

  it('InsightRequestStatus: the requester sees it RECEIVED, by the reference', async () => {
    const { insightRequestStatus: status } = await run('InsightRequestStatus', null, {
      reference: insight.reference,
    });
    expect(status).toMatchObject({
      reference: insight.reference,
      status: 'RECEIVED',
      canAppeal: false,
      items: [{ registryId: insight.registryId, outcome: null }],
    });
  });

  it('InsightRequests and InsightRequest: in the insight handler’s queue; the post is REDACTED to them', async () => {
    const { insightRequests } = await run('InsightRequests', 'innsyn', {
      filter: { status: 'RECEIVED' },
    });
    const card = insightRequests.edges
      .map((e: { node: unknown }) => e.node)
      .find((r: { requesterEmail: string }) => r.requesterEmail === 'kari@example.no');
    expect(card.status).toBe('RECEIVED');
    const { insightRequest: request } = await run('InsightRequest', 'innsyn', { id: card.id });
    expect(request).toMatchObject({
      id: card.id,
      message: 'Jeg ber om innsyn i brevet.',
      // RECEIVED: the handler may take it up, not yet close it.
      viewerCan: { start: true, close: false },
    });
    const [item] = request.items;
    expect(item.journalPost).toMatchObject({
      registryId: insight.registryId,
      visibility: 'REDACTED',
    });
    expect(item.viewerCan).toEqual({ decide: false, reassign: true });
    insight.id = request.id;
    insight.version = request.version;
    insight.postId = item.journalPost.id;
  });

  it('StartInsightRequest: IN_PROGRESS', async () => {
    const { startInsightRequest: request } = await run('StartInsightRequest', 'innsyn', {
      input: { id: insight.id, expectedVersion: insight.version },
    });
    expect(request.status).toBe('IN_PROGRESS');
    expect(request.version).toBeGreaterThan(insight.version);
    insight.version = request.version;
  });

  it('ReassignInsightRequestItem: handed to the leader of PPT, who reads the post in full', async () => {
    const { reassignInsightRequestItem: request } = await run(
      'ReassignInsightRequestItem',
      'innsyn',
      {
        input: {
          id: insight.id,
          journalPostId: insight.postId,
          assigneeId: userId('leder'),
          expectedVersion: insight.version,
        },
      },
    );
    expect(request.version).toBeGreaterThan(insight.version);
    insight.version = request.version;
    // Who handles a post the insight handler sees REDACTED is not shown to them; the leader sees it.
    expect(request.items[0].assignee).toBeNull();
    const { insightRequest: mine } = await run('InsightRequest', 'leder', { id: insight.id });
    expect(mine.version).toBe(insight.version);
    expect(mine.items).toEqual([
      expect.objectContaining({
        assignee: { displayName: 'Hilde Eikeland' },
        viewerCan: { decide: true, reassign: true },
        journalPost: expect.objectContaining({ id: insight.postId, visibility: 'FULL' }),
      }),
    ]);
  });

  it('DecideInsightRequest by the leader: DENIED under the duty of confidentiality', async () => {
    const { decideInsightRequest: request } = await run('DecideInsightRequest', 'leder', {
      input: {
        id: insight.id,
        expectedVersion: insight.version,
        decisions: [{ journalPostId: insight.postId, outcome: 'DENIED', legalBasis: LEGAL_BASIS }],
      },
    });
    expect(request.status).toBe('DECIDED');
    expect(request.items).toEqual([
      expect.objectContaining({
        outcome: 'DENIED',
        legalBasis: LEGAL_BASIS,
        decidedBy: { displayName: 'Hilde Eikeland' },
        journalPost: { id: insight.postId, registryId: insight.registryId },
      }),
    ]);
    expect(request.appealInformation).toMatch(/offentleglova § 32/);
    expect(request.version).toBeGreaterThan(insight.version);
    insight.version = request.version;
  });

  it('CloseInsightRequest: CLOSED', async () => {
    const { closeInsightRequest: request } = await run('CloseInsightRequest', 'innsyn', {
      input: { id: insight.id, expectedVersion: insight.version },
    });
    expect(request.status).toBe('CLOSED');
    expect(request.closedAt).not.toBeNull();
    expect(request.version).toBeGreaterThan(insight.version);
  });

  it('AppealInsightDecision by the requester: the refused item is APPEALED', async () => {
    const { insightRequestStatus: status } = await run('InsightRequestStatus', null, {
      reference: insight.reference,
    });
    expect(status).toMatchObject({ status: 'CLOSED', canAppeal: true });
    expect(status.items[0]).toMatchObject({ outcome: 'DENIED', legalBasis: LEGAL_BASIS });
    const { appealInsightDecision: appealed } = await run('AppealInsightDecision', null, {
      input: { reference: insight.reference, reason: 'Jeg er part i saken.' },
    });
    expect(appealed).toMatchObject({
      status: 'APPEALED',
      canAppeal: false,
      items: [{ registryId: insight.registryId, appealPending: true }],
    });
  });
});

describe('An archivist reads the archive parts (arkivdeler)', () => {
  it('ArchiveParts: the active part can start a new period, the closed one is its predecessor', async () => {
    const { archiveParts } = await run('ArchiveParts', 'arkivar', { status: null });
    const active = archiveParts.nodes.find((p: { status: string }) => p.status === 'ACTIVE');
    const closed = archiveParts.nodes.find((p: { status: string }) => p.status === 'CLOSED');
    expect(active.viewerCan).toEqual({ startNewPeriod: true, close: false });
    expect(closed.successor.id).toBe(active.id);
  });
});

describe('The archive notes a remark and moves a misfiled letter to the right case', () => {
  it('AddCaseRemark: the remark is on the case, with who added it', async () => {
    const { addCaseRemark } = await run('AddCaseRemark', 'arkivar', {
      input: { id: story.caseId, type: 'CASE_HANDLING', text: 'Frist avtalt med klager' },
    });
    expect(addCaseRemark.remarks).toMatchObject([
      {
        type: 'CASE_HANDLING',
        text: 'Frist avtalt med klager',
        registeredBy: { username: 'arkivar' },
      },
    ]);
  });

  it('MoveJournalPost: the journal number stays, the registry id follows the new case', async () => {
    const { createCase: target } = await run('CreateCase', 'arkivar', {
      input: { title: 'Skoleskyss – generelt', responsibleUnitId: ids.ppt },
    });
    const { registerJournalPost: letter } = await run('RegisterIncomingLetter', 'arkivar', {
      input: {
        caseId: story.caseId,
        type: 'INCOMING',
        title: 'Rutetider for skoleskyss til {Ola Nordmann}',
      },
    });
    const { moveJournalPost: moved } = await run('MoveJournalPost', 'arkivar', {
      input: { id: letter.id, caseId: target.id, expectedVersion: letter.version },
    });
    expect(moved).toMatchObject({
      registryId: `${target.caseNumber}-1`,
      journalYear: letter.journalYear,
      journalSequenceNumber: letter.journalSequenceNumber,
      case: { id: target.id },
    });
  });
});

describe('A handler files a case under classes (klasser) and finds it by class', () => {
  it('CasesByClass and SetCaseClasses: the K-code A20 lists the pupil folders; the case is filed under it', async () => {
    const first = await run('CasesByClass', 'arkivar', { first: 1 });
    const kCodes = first.classificationSystems.nodes.find(
      (s: { type: string }) => s.type === 'K_CODES',
    );
    expect(kCodes.viewerCan).toEqual({ createClass: true });
    const { classes } = await run('CasesByClass', 'arkivar', { systemId: kCodes.id, first: 1 });
    const a20 = classes.nodes.find((k: { classId: string }) => k.classId === 'A20');
    const f30 = classes.nodes.find((k: { classId: string }) => k.classId === 'F30');
    const { cases } = await run('CasesByClass', 'arkivar', { classId: f30.id, first: 1 });
    const target = cases.nodes[0];
    expect(target.primaryClass).toMatchObject({ classId: 'F30', screened: false });
    const { setCaseClasses } = await run('SetCaseClasses', 'arkivar', {
      input: { id: target.id, primaryClassId: f30.id, secondaryClassIds: [a20.id] },
    });
    expect(setCaseClasses.secondaryClasses).toEqual([
      { id: a20.id, classId: 'A20', title: 'Grunnskole' },
    ]);
    const filed = await run('CasesByClass', 'arkivar', { classId: a20.id, first: 100 });
    expect(filed.cases.nodes.map((c: { id: string }) => c.id)).toContain(target.id);
  });
});

describe('A post’s documents: main document and attachments, one screened on its own', () => {
  it('DocumentDescriptions: the archive reads the screened attachment, an admin gets `*****` and no file', async () => {
    const [row] = await query<{ journal_post_id: string }>(
      server.orm.em.fork(),
      sql`select journal_post_id from document_description where screening_code_id is not null`,
    );
    const id = toGlobalId('JournalPost', row!.journal_post_id);
    const full = (await run('DocumentDescriptions', 'arkivar', { id })).journalPost;
    const screened = full.documentDescriptions.find((d: { screened: boolean }) => d.screened);
    expect(screened).toMatchObject({ role: 'ATTACHMENT', visibility: 'FULL' });
    expect(screened.title).not.toBe('*****');
    expect(screened.documents).toHaveLength(1);
    const other = (await run('DocumentDescriptions', 'admin', { id })).journalPost;
    expect(other.documentDescriptions.map((d: { role: string }) => d.role)).toEqual(
      full.documentDescriptions.map((d: { role: string }) => d.role),
    );
    expect(other.documentDescriptions.find((d: { screened: boolean }) => d.screened)).toMatchObject(
      {
        title: '*****',
        visibility: 'REDACTED',
        documents: [],
      },
    );
  });
});

describe('Two archivists dispose of a case due on the disposal list (kassasjon)', () => {
  it('DisposalList, ProposeDisposal, ConfirmDisposal: the second archivist carries it out', async () => {
    const { disposalList } = await run('DisposalList', 'arkivar', { filter: null, after: null });
    const due = disposalList.nodes.find((n: { case: { caseNumber: string } }) =>
      ['2024/1', '2024/5'].includes(n.case.caseNumber),
    );
    expect(due).toMatchObject({ decision: 'DISPOSE', source: 'ARCHIVE_PART' });
    const { proposeDisposal } = await run('ProposeDisposal', 'arkivar', {
      input: { basis: 'Arkivforskriften § 15', caseIds: [due.case.id], documents: [] },
    });
    expect(proposeDisposal.viewerCan).toEqual({ confirm: false, cancel: true });
    const { confirmDisposal } = await run('ConfirmDisposal', 'arkiv.konsulent', {
      input: { id: proposeDisposal.id, expectedVersion: proposeDisposal.version },
    });
    expect(confirmDisposal).toMatchObject({
      status: 'CONFIRMED',
      proposedBy: { username: 'arkivar' },
      confirmedBy: { username: 'arkiv.konsulent' },
    });
  });
});

describe('Every example operation of docs/operations was run above', () => {
  it('none is left out', () => {
    expect([...ran].sort()).toEqual([...new Set(operationNames())].sort());
  });
});

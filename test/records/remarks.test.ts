import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { todayInOslo } from '../../src/domain/workingDays';
import { toGlobalId } from '../../src/schema/globalId';
import { expectInputFieldError, fieldErrorsOf } from '../support/fieldErrors';
import { createPolicyFixtures, type Fixtures, type ViewerName } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Remarks (merknad, docs/noark5.md "Merknad"): added through the write funnel by whoever reads
 * the record in full, audited, append-only, and never seen by a viewer who does not read the
 * record in full; closing a case may leave a CLOSING remark in the same transaction.
 */
let server: TestServer;
let fx: Fixtures;
const tokens = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  fx = await createPolicyFixtures(server.orm.em.fork(), todayInOslo());
  for (const who of [
    'handler',
    'member',
    'archivist',
    'leader',
    'admin',
    'caseResponsible',
  ] as const) {
    tokens.set(who, await server.tokenFor(fx.usernames[who]));
  }
});
afterAll(() => server?.close());

const as = (who: ViewerName, q: string, variables: Record<string, unknown> = {}) =>
  server.gql(q, variables, who === 'public' ? {} : { token: tokens.get(who)! });

const rows = <T>(fragment: ReturnType<typeof sql>) => query<T>(server.orm.em.fork(), fragment);

const caseId = (r: keyof Fixtures['cases']) => toGlobalId('Case', fx.cases[r]);
const postId = (r: keyof Fixtures['posts']) => toGlobalId('JournalPost', fx.posts[r]);

const REMARK = 'id type text registeredAt correctsId registeredBy { username }';
const ADD_CASE = `mutation($input: AddCaseRemarkInput!) { addCaseRemark(input: $input) { id remarks { ${REMARK} } } }`;
const ADD_POST = `mutation($input: AddJournalPostRemarkInput!) { addJournalPostRemark(input: $input) { id remarks { ${REMARK} } } }`;
const CASE_REMARKS = `query($id: ID!) { case(id: $id) { visibility remarks { ${REMARK} } viewerCan { addRemark } } }`;
const POST_REMARKS = `query($id: ID!) { journalPost(id: $id) { visibility remarks { ${REMARK} } viewerCan { addRemark } } }`;
const CLOSE = `mutation($input: CloseCaseInput!) { closeCase(input: $input) { id status remarks { ${REMARK} } } }`;

interface Remark {
  id: string;
  type: string;
  text: string;
  correctsId: string | null;
  registeredBy: { username: string };
}

const remarkCount = async () =>
  Number((await rows<{ n: string }>(sql`select count(*) as n from remark`))[0]!.n);

const codeOf = (res: { body: { errors?: { extensions?: { code?: string } }[] } }) =>
  res.body.errors?.[0]?.extensions?.code;

describe('Whoever reads a record in full adds a remark, through the funnel, audited', () => {
  it('a member of the access group adds a remark to a pupil case; it is returned with type, text, by and at', async () => {
    const res = await as('member', ADD_CASE, {
      input: { id: caseId('elev'), type: 'CASE_HANDLING', text: 'Foreldremøte avtalt' },
    });
    expect(res.body.errors).toBeUndefined();
    const [remark] = res.body.data.addCaseRemark.remarks as Remark[];
    expect(remark).toMatchObject({
      type: 'CASE_HANDLING',
      text: 'Foreldremøte avtalt',
      correctsId: null,
      registeredBy: { username: fx.usernames.member },
    });
    const events = await rows<{ changes: { remark: { new: { type: string } } }; actor: string }>(
      sql`select e.changes, u.username as actor from audit_event e join app_user u on u.id = e.actor_id
          where e.action = 'case.addRemark' and e.target_id = ${fx.cases.elev}`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.actor).toBe(fx.usernames.member);
    expect(events[0]!.changes.remark.new.type).toBe('CASE_HANDLING');
    // The trail names the remark, never its text (the remark itself is never changed).
    expect(JSON.stringify(events[0]!.changes)).not.toContain('Foreldremøte');
  });

  it('a remark on a journal post works the same way', async () => {
    const res = await as('member', ADD_POST, {
      input: { id: postId('elev'), type: 'GENERAL', text: 'Original i papirarkiv' },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.addJournalPostRemark.remarks).toMatchObject([
      { type: 'GENERAL', text: 'Original i papirarkiv' },
    ]);
    const counted = await rows<{ n: string }>(
      sql`select count(*) as n from audit_event where action = 'journalPost.addRemark' and target_id = ${fx.posts.elev}`,
    );
    expect(Number(counted[0]!.n)).toBe(1);
  });

  it('a viewer who sees the record REDACTED gets FORBIDDEN, an unknown record NOT_FOUND, the public UNAUTHENTICATED; nothing is stored', async () => {
    const before = await remarkCount();
    const redacted = await as('handler', ADD_CASE, {
      input: { id: caseId('elev'), type: 'GENERAL', text: 'Skal ikke lagres' },
    });
    expect(codeOf(redacted)).toBe('FORBIDDEN');
    const redactedPost = await as('admin', ADD_POST, {
      input: { id: postId('personal'), type: 'GENERAL', text: 'Skal ikke lagres' },
    });
    expect(codeOf(redactedPost)).toBe('FORBIDDEN');
    const unknown = await as('member', ADD_CASE, {
      input: {
        id: toGlobalId('Case', '00000000-0000-4000-8000-000000000000'),
        type: 'GENERAL',
        text: 'Skal ikke lagres',
      },
    });
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    const anonymous = await as('public', ADD_CASE, {
      input: { id: caseId('open'), type: 'GENERAL', text: 'Skal ikke lagres' },
    });
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
    expect(await remarkCount()).toBe(before);
  });

  it('viewerCan.addRemark says the same: true where FULL, false where REDACTED', async () => {
    const full = await as('member', CASE_REMARKS, { id: caseId('elev') });
    expect(full.body.data.case.viewerCan.addRemark).toBe(true);
    const redacted = await as('handler', CASE_REMARKS, { id: caseId('elev') });
    expect(redacted.body.data.case.viewerCan.addRemark).toBe(false);
    const post = await as('handler', POST_REMARKS, { id: postId('open') });
    expect(post.body.data.journalPost.viewerCan.addRemark).toBe(true);
  });
});

describe('A remark is never shown to a viewer who does not read its record in full, not even as a count', () => {
  it('a REDACTED viewer of the case and of the post gets empty lists', async () => {
    for (const who of ['handler', 'admin'] as const) {
      const c = await as(who, CASE_REMARKS, { id: caseId('elev') });
      expect(c.body.data.case).toMatchObject({ visibility: 'REDACTED', remarks: [] });
      expect(c.text).not.toContain('Foreldremøte');
      const p = await as(who, POST_REMARKS, { id: postId('elev') });
      expect(p.body.data.journalPost).toMatchObject({ visibility: 'REDACTED', remarks: [] });
      expect(p.text).not.toContain('papirarkiv');
    }
  });

  it('the FULL readers (member, archivist, leader of the unit) see them', async () => {
    for (const who of ['member', 'archivist', 'leader'] as const) {
      const c = await as(who, CASE_REMARKS, { id: caseId('elev') });
      expect(c.body.data.case.remarks.map((r: Remark) => r.text)).toContain('Foreldremøte avtalt');
    }
  });

  it('the public gets neither the record nor its remarks', async () => {
    const c = await as('public', CASE_REMARKS, { id: caseId('elev') });
    expect(c.body.data?.case ?? null).toBeNull();
    expect(c.text).not.toContain('Foreldremøte');
  });

  it('node(id:) of a remark answers null for everybody: a remark is read with its record', async () => {
    const c = await as('member', CASE_REMARKS, { id: caseId('elev') });
    const id = c.body.data.case.remarks[0].id;
    for (const who of ['member', 'handler'] as const) {
      const res = await as(who, `query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(res.body.data.node).toBeNull();
    }
  });
});

describe('Remarks are append-only: a mistake is corrected by a new remark naming the one it corrects', () => {
  it('a CORRECTION keeps the original and points at it', async () => {
    const first = await as('archivist', ADD_CASE, {
      input: { id: caseId('open'), type: 'GENERAL', text: 'Møte 3. mai' },
    });
    const original = first.body.data.addCaseRemark.remarks.at(-1) as Remark;
    const res = await as('archivist', ADD_CASE, {
      input: {
        id: caseId('open'),
        type: 'CORRECTION',
        text: 'Rettelse: møtet var 4. mai',
        correctsId: original.id,
      },
    });
    expect(res.body.errors).toBeUndefined();
    const all = res.body.data.addCaseRemark.remarks as Remark[];
    expect(all.map((r) => r.text)).toEqual(['Møte 3. mai', 'Rettelse: møtet var 4. mai']);
    expect(all[1]!.correctsId).toBe(original.id);
  });

  it('the database refuses to change or delete a remark', async () => {
    await expect(rows(sql`update remark set text = 'endret'`)).rejects.toThrow(/never changed/);
    await expect(rows(sql`delete from remark`)).rejects.toThrow(/never changed/);
  });

  it('a CORRECTION needs a remark of the same record; other types name none', async () => {
    const before = await remarkCount();
    const missing = await as('archivist', ADD_CASE, {
      input: { id: caseId('open'), type: 'CORRECTION', text: 'Rettelse' },
    });
    expectInputFieldError(missing.body.errors?.[0], 'correctsId');
    const elevRemark = (await as('member', CASE_REMARKS, { id: caseId('elev') })).body.data.case
      .remarks[0].id;
    const otherRecord = await as('archivist', ADD_CASE, {
      input: { id: caseId('open'), type: 'CORRECTION', text: 'Rettelse', correctsId: elevRemark },
    });
    expect(fieldErrorsOf(otherRecord.body.errors?.[0])).toMatchObject([
      { path: ['input', 'correctsId'], code: 'UNKNOWN_REFERENCE' },
    ]);
    const notCorrection = await as('archivist', ADD_CASE, {
      input: { id: caseId('open'), type: 'GENERAL', text: 'Merknad', correctsId: elevRemark },
    });
    expect(fieldErrorsOf(notCorrection.body.errors?.[0])).toMatchObject([
      { path: ['input', 'correctsId'], code: 'NOT_ALLOWED' },
    ]);
    expect(await remarkCount()).toBe(before);
  });
});

describe('Bad remark input is a field error and changes nothing', () => {
  it('a blank text is REQUIRED, a too long one TOO_LONG, a CLOSING remark is only given by closing', async () => {
    const before = await remarkCount();
    const blank = await as('archivist', ADD_CASE, {
      input: { id: caseId('open'), type: 'GENERAL', text: '   ' },
    });
    expect(fieldErrorsOf(blank.body.errors?.[0])).toMatchObject([
      { path: ['input', 'text'], code: 'REQUIRED' },
    ]);
    const long = await as('archivist', ADD_CASE, {
      input: { id: caseId('open'), type: 'GENERAL', text: 'x'.repeat(4001) },
    });
    expect(fieldErrorsOf(long.body.errors?.[0])).toMatchObject([
      { path: ['input', 'text'], code: 'TOO_LONG' },
    ]);
    const closing = await as('archivist', ADD_CASE, {
      input: { id: caseId('open'), type: 'CLOSING', text: 'Avsluttet' },
    });
    expect(fieldErrorsOf(closing.body.errors?.[0])).toMatchObject([
      { path: ['input', 'type'], code: 'NOT_ALLOWED' },
    ]);
    const stale = await as('archivist', ADD_CASE, {
      input: { id: caseId('open'), type: 'GENERAL', text: 'Merknad', expectedVersion: 999 },
    });
    expect(codeOf(stale)).toBe('STALE_VERSION');
    expect(await remarkCount()).toBe(before);
  });
});

describe('Closing a case with a remark stores a CLOSING remark in the same transaction and audit event', () => {
  it('the archive closes a case saying why; the remark and the close are one audit event', async () => {
    const res = await as('archivist', CLOSE, {
      input: { id: caseId('expired'), remark: 'Eleven har sluttet; saken er ferdig' },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.closeCase.status).toBe('CLOSED');
    const closing = (res.body.data.closeCase.remarks as Remark[]).find((r) => r.type === 'CLOSING');
    expect(closing).toMatchObject({
      text: 'Eleven har sluttet; saken er ferdig',
      registeredBy: { username: fx.usernames.archivist },
    });
    const events = await rows<{ changes: { status: unknown; remark: { new: { id: string } } } }>(
      sql`select changes from audit_event where action = 'case.close' and target_id = ${fx.cases.expired}`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.changes.status).toBeDefined();
    expect(toGlobalId('Remark', events[0]!.changes.remark.new.id)).toBe(closing!.id);
  });

  it('the case responsible closes as handler saying why, as the seeds ask of the main case handler', async () => {
    const res = await as('caseResponsible', CLOSE, {
      input: { id: caseId('personal'), remark: 'Arbeidsforholdet er avsluttet' },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.closeCase.status).toBe('CLOSED_BY_HANDLER');
    expect(res.body.data.closeCase.remarks).toMatchObject([
      {
        type: 'CLOSING',
        text: 'Arbeidsforholdet er avsluttet',
        registeredBy: { username: fx.usernames.caseResponsible },
      },
    ]);
  });

  it('a refused close stores no remark', async () => {
    const before = await remarkCount();
    // noteN holds a FINALIZED (unfinished) post: the case cannot be closed.
    const res = await as('archivist', CLOSE, {
      input: { id: caseId('noteN'), remark: 'Avsluttes' },
    });
    expect(codeOf(res)).toBe('INVALID_STATE');
    const blank = await as('archivist', CLOSE, { input: { id: caseId('noteX'), remark: ' ' } });
    expect(fieldErrorsOf(blank.body.errors?.[0])).toMatchObject([
      { path: ['input', 'remark'], code: 'REQUIRED' },
    ]);
    expect(await remarkCount()).toBe(before);
  });

  it('a remark may still be added to the closed case: it changes none of its content', async () => {
    const res = await as('archivist', ADD_CASE, {
      input: { id: caseId('expired'), type: 'GENERAL', text: 'Politiattest makulert' },
    });
    expect(res.body.errors).toBeUndefined();
  });
});

describe('Remarks of a page of records load in one statement per kind (no N+1)', () => {
  it('the cases list with every case remarks and post remarks runs a fixed number of remark statements', async () => {
    server.statements.length = 0;
    const res = await as(
      'archivist',
      `{ cases(first: 9) { nodes { remarks { text } journalPosts(first: 2) { nodes { remarks { text } } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.cases.nodes.length).toBeGreaterThan(5);
    const remarkStatements = server.statements.filter((s) => /from remark r/.test(s));
    expect(remarkStatements).toHaveLength(2);
  });
});

describe('The demo data holds a few remarks, seen only by those who read their records in full', () => {
  let demo: TestServer;
  beforeAll(async () => {
    demo = await startTestServer({ data: 'demo' });
  });
  afterAll(() => demo?.close());

  it('closing remarks and a remark on a pupil folder: the archivist sees them, the administrator not', async () => {
    const q = `{ cases(filter: { query: "Elevmappe" }, first: 50) { nodes { caseNumber visibility remarks { type text } } } }`;
    const remarksOf = async (username: string) =>
      (
        (await demo.gql(q, {}, { token: await demo.tokenFor(username) })).body.data.cases.nodes as {
          visibility: string;
          remarks: Remark[];
        }[]
      ).flatMap((c) => c.remarks);
    expect((await remarksOf('arkivar')).map((r) => r.type)).toContain('CASE_HANDLING');
    expect(await remarksOf('admin')).toEqual([]);
    const byType = await query<{ type: string; n: string }>(
      demo.orm.em.fork(),
      sql`select type, count(*) as n from remark group by type order by type`,
    );
    expect(byType.map((r) => r.type)).toEqual(['CASE_HANDLING', 'CLOSING', 'GENERAL']);
  });
});

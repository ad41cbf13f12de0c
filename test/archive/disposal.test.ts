import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { signLink } from '../../src/domain/insightRequests';
import { idOf, toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Bevaring og kassasjon (docs/noark5.md, "Bevaring og kassasjon"): a case inherits the disposal
 * decision of its primary class, else of its archive part; the disposal list shows the closed
 * cases due; a disposal proposed by one archivist is carried out only when another confirms it,
 * and then the bytes are gone from the database while the trace remains.
 */
const LINK_SECRET = 'insight-link-secret-for-the-disposal-tests';
let server: TestServer;
const tokens = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer({ data: 'demo', env: { INSIGHT_LINK_SECRET: LINK_SECRET } });
  for (const who of ['admin', 'arkivar', 'arkiv.konsulent', 'saksbehandler']) {
    tokens.set(who, await server.tokenFor(who));
  }
});
afterAll(() => server?.close());

const as = (who: string, q: string, variables: Record<string, unknown> = {}) =>
  server.gql(q, variables, { token: tokens.get(who)! });

const sqlRows = <T>(fragment: ReturnType<typeof sql>) => query<T>(server.orm.em.fork(), fragment);

const noErrors = (res: { body: { errors?: unknown } }) =>
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();

const codeOf = (res: { body: { errors?: { extensions?: { code?: string } }[] } }) =>
  res.body.errors?.[0]?.extensions?.code;

const SET_PART = `mutation($input: SetArchivePartDisposalRuleInput!) {
  setArchivePartDisposalRule(input: $input) { id disposalRule { decision authority retentionYears } } }`;
const SET_CLASS = `mutation($input: SetClassDisposalRuleInput!) {
  setClassDisposalRule(input: $input) { id disposalRule { decision authority retentionYears } } }`;
const CASE_DISPOSAL = `query($id: ID!) { node(id: $id) { ... on Case { id disposal {
  decision authority retentionYears source disposalDate
  sourceClass { id } sourceArchivePart { id } } } } }`;
const LIST = `query($filter: DisposalListFilter, $first: Int, $after: String) {
  disposalList(filter: $filter, first: $first, after: $after) {
    nodes { case { id caseNumber } decision disposalDate documentCount }
    pageInfo { hasNextPage endCursor } } }`;
const PROPOSE = `mutation($input: ProposeDisposalInput!) { proposeDisposal(input: $input) {
  id status version basis proposedBy { username } cases { id } documents { id } } }`;
const VIEWER_CAN = `query($id: ID!) { node(id: $id) { ... on Disposal { viewerCan { confirm cancel } } } }`;
const CONFIRM = `mutation($input: ConfirmDisposalInput!) { confirmDisposal(input: $input) {
  id status confirmedAt proposedBy { username } confirmedBy { username } } }`;
const CANCEL = `mutation($input: CancelDisposalInput!) { cancelDisposal(input: $input) {
  id status cancelledBy { username } } }`;
const DESCRIPTION = `query($id: ID!) { node(id: $id) { ... on DocumentDescription { id title
  disposal { disposedAt disposedBy { username } disposal { basis status
    proposedBy { username } confirmedBy { username } } } } } }`;

const BASIS = 'Arkivforskriften § 15 og bevarings- og kassasjonsplan for PPT';

/** A closed case without a primary class that has files with bytes (of the closed part first). */
async function closedCaseWithFiles() {
  const rows = await sqlRows<{ case_id: string; archive_part_id: string; closed_on: string }>(
    sql`select c.id as case_id, c.archive_part_id, (c.closed_at at time zone 'Europe/Oslo')::date::text as closed_on
      from case_file c join archive_part p on p.id = c.archive_part_id
      where c.status = 'CLOSED' and c.closed_at is not null
        and not exists (select 1 from case_class cc where cc.case_id = c.id and cc.role = 'PRIMARY')
        and exists (select 1 from journal_post jp join document d on d.journal_post_id = jp.id
          where jp.case_id = c.id and d.content is not null)
      order by p.status = 'CLOSED' desc, c.closed_at, c.id limit 1`,
  );
  expect(rows.length).toBe(1);
  return rows[0]!;
}

async function filesWithBytes(caseId: string): Promise<number> {
  const [row] = await sqlRows<{ n: string }>(
    sql`select count(*) as n from document d join journal_post jp on jp.id = d.journal_post_id
      where jp.case_id = ${caseId} and d.content is not null`,
  );
  return Number(row!.n);
}

let part: string;
let caseId: string;
let closedOn: string;

async function caseDisposal(id = caseId) {
  const res = await as('arkivar', CASE_DISPOSAL, { id: toGlobalId('Case', id) });
  noErrors(res);
  return res.body.data.node.disposal;
}

async function listed(who = 'arkivar', filter: Record<string, unknown> = {}) {
  const res = await as(who, LIST, { first: 100, filter });
  return res;
}

beforeAll(async () => {
  const found = await closedCaseWithFiles();
  caseId = found.case_id;
  part = found.archive_part_id;
  closedOn = found.closed_on;
});

describe('The demo data holds decisions and cases due for disposal', () => {
  it('lists the closed archive part’s unclassified cases, and preserves personnel folders', async () => {
    const res = await listed('arkivar', {
      archivePartId: toGlobalId('ArchivePart', '00000000-0000-4000-8000-00000000a100'),
    });
    noErrors(res);
    const numbers = res.body.data.disposalList.nodes.map(
      (n: { case: { caseNumber: string } }) => n.case.caseNumber,
    );
    expect(numbers).toEqual(expect.arrayContaining(['2024/5', '2024/1']));
    const [personnel] = await sqlRows<{ id: string }>(
      sql`select id from case_file where case_number = '2024/6'`,
    );
    expect(await caseDisposal(personnel!.id)).toMatchObject({
      decision: 'PRESERVE',
      source: 'CLASS',
    });
  });
});

describe('A case inherits the disposal decision of its primary class, else of its archive part', () => {
  it('takes the archive part’s decision and counts its disposal date from the closing day', async () => {
    const res = await as('arkivar', SET_PART, {
      input: {
        id: toGlobalId('ArchivePart', part),
        decision: 'DISPOSE',
        authority: BASIS,
        retentionYears: 5,
      },
    });
    noErrors(res);
    expect(res.body.data.setArchivePartDisposalRule.disposalRule).toEqual({
      decision: 'DISPOSE',
      authority: BASIS,
      retentionYears: 5,
    });
    const d = await caseDisposal();
    expect(d.source).toBe('ARCHIVE_PART');
    expect(d.sourceArchivePart.id).toBe(toGlobalId('ArchivePart', part));
    const [y, m, day] = closedOn.split('-').map(Number);
    const expected = `${y! + 5}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    // 29 February plus whole years is 28 February, as PostgreSQL counts.
    expect([expected, expected.replace(/-02-29$/, '-02-28')]).toContain(d.disposalDate);
  });

  it('takes its primary class’s decision before the part’s, and the part’s again once cleared', async () => {
    const [k] = await sqlRows<{ id: string }>(
      sql`select k.id from class k join classification_system s on s.id = k.system_id
        where not k.screened order by k.class_id limit 1`,
    );
    // The closed case is classified directly: a closed case takes no new classes through the API.
    await sqlRows(
      sql`insert into case_class (case_id, position, class_id, role) values (${caseId}, 0, ${k!.id}, 'PRIMARY')`,
    );
    const set = await as('arkivar', SET_CLASS, {
      input: { id: toGlobalId('Class', k!.id), decision: 'PRESERVE', authority: 'Bevares' },
    });
    noErrors(set);
    let d = await caseDisposal();
    expect(d).toMatchObject({ decision: 'PRESERVE', source: 'CLASS', sourceArchivePart: null });
    expect(d.sourceClass.id).toBe(toGlobalId('Class', k!.id));
    noErrors(
      await as('arkivar', SET_CLASS, { input: { id: toGlobalId('Class', k!.id), decision: null } }),
    );
    d = await caseDisposal();
    expect(d).toMatchObject({ decision: 'DISPOSE', source: 'ARCHIVE_PART' });
  });

  it('refuses a decision to dispose without a retention period or legal basis', async () => {
    const res = await as('arkivar', SET_PART, {
      input: { id: toGlobalId('ArchivePart', part), decision: 'DISPOSE' },
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const fields = res.body.errors![0]!.extensions!.fieldErrors as { path: string[] }[];
    expect(fields.map((f) => f.path.at(-1)).sort()).toEqual(['authority', 'retentionYears']);
    expect((await caseDisposal()).retentionYears).toBe(5);
  });

  it('is set only by administrators and archivists, audited', async () => {
    const res = await as('saksbehandler', SET_PART, {
      input: { id: toGlobalId('ArchivePart', part), decision: 'PRESERVE' },
    });
    expect(codeOf(res)).toBe('FORBIDDEN');
    const [row] = await sqlRows<{ n: string }>(
      sql`select count(*) as n from audit_event where action = 'archivePart.setDisposalRule' and target_id = ${part}`,
    );
    expect(Number(row!.n)).toBeGreaterThanOrEqual(1);
  });
});

describe('The disposal list shows the closed cases due, for archivists only', () => {
  it('leaves a case out until its disposal date has come', async () => {
    const res = await listed();
    noErrors(res);
    const ids = res.body.data.disposalList.nodes.map((n: { case: { id: string } }) => n.case.id);
    const d = await caseDisposal();
    const due = d.disposalDate <= new Date().toISOString().slice(0, 10);
    expect(ids.includes(toGlobalId('Case', caseId))).toBe(due);
    const later = await listed('arkivar', { dueBy: d.disposalDate });
    noErrors(later);
    expect(
      later.body.data.disposalList.nodes.map((n: { case: { id: string } }) => n.case.id),
    ).toContain(toGlobalId('Case', caseId));
  });

  it('lists the case once the period has run, with its documents, filtered by archive part', async () => {
    noErrors(
      await as('arkivar', SET_PART, {
        input: {
          id: toGlobalId('ArchivePart', part),
          decision: 'DISPOSE',
          authority: BASIS,
          retentionYears: 0,
        },
      }),
    );
    const res = await listed('arkivar', { archivePartId: toGlobalId('ArchivePart', part) });
    noErrors(res);
    const entry = res.body.data.disposalList.nodes.find(
      (n: { case: { id: string } }) => n.case.id === toGlobalId('Case', caseId),
    );
    expect(entry.decision).toBe('DISPOSE');
    expect(entry.disposalDate).toBe(closedOn);
    expect(entry.documentCount).toBeGreaterThan(0);
  });

  it('pages with a cursor without repeating a case', async () => {
    const first = await as('arkivar', LIST, { first: 1 });
    noErrors(first);
    const page = first.body.data.disposalList;
    if (!page.pageInfo.hasNextPage) return expect(page.nodes.length).toBe(1);
    const next = await as('arkivar', LIST, { first: 1, after: page.pageInfo.endCursor });
    noErrors(next);
    expect(next.body.data.disposalList.nodes[0].case.id).not.toBe(page.nodes[0].case.id);
  });

  it('is FORBIDDEN to a case handler and an administrator', async () => {
    expect(codeOf(await listed('saksbehandler'))).toBe('FORBIDDEN');
    expect(codeOf(await listed('admin'))).toBe('FORBIDDEN');
  });
});

describe('Disposal needs a second archivist, and then the bytes are gone while the trace remains', () => {
  let disposalId: string;
  let descriptionIds: string[];

  it('refuses a non-archivist’s proposal', async () => {
    const res = await as('saksbehandler', PROPOSE, {
      input: { basis: BASIS, caseIds: [toGlobalId('Case', caseId)] },
    });
    expect(codeOf(res)).toBe('FORBIDDEN');
  });

  it('refuses a case that is not due (INVALID_STATE) and one that does not exist (NOT_FOUND)', async () => {
    const open = await sqlRows<{ id: string }>(
      sql`select id from case_file where status <> 'CLOSED' order by id limit 1`,
    );
    const notDue = await as('arkivar', PROPOSE, {
      input: { basis: BASIS, caseIds: [toGlobalId('Case', open[0]!.id)] },
    });
    expect(codeOf(notDue)).toBe('INVALID_STATE');
    const missing = await as('arkivar', PROPOSE, {
      input: {
        basis: BASIS,
        caseIds: [toGlobalId('Case', '00000000-0000-4000-8000-000000000000')],
      },
    });
    expect(codeOf(missing)).toBe('NOT_FOUND');
  });

  it('lets one archivist propose; nothing is destroyed yet', async () => {
    const res = await as('arkivar', PROPOSE, {
      input: { basis: BASIS, caseIds: [toGlobalId('Case', caseId)] },
    });
    noErrors(res);
    const d = res.body.data.proposeDisposal;
    expect(d).toMatchObject({
      status: 'PROPOSED',
      basis: BASIS,
      proposedBy: { username: 'arkivar' },
    });
    expect(d.cases).toEqual([{ id: toGlobalId('Case', caseId) }]);
    disposalId = d.id;
    expect(await filesWithBytes(caseId)).toBeGreaterThan(0);
    descriptionIds = (
      await sqlRows<{ id: string }>(
        sql`select dd.id from document_description dd join journal_post jp on jp.id = dd.journal_post_id
          where jp.case_id = ${caseId}`,
      )
    ).map((r) => r.id);
  });

  it('tells the proposer they cannot confirm it, and the second archivist that they can', async () => {
    const mine = await as('arkivar', VIEWER_CAN, { id: disposalId });
    noErrors(mine);
    expect(mine.body.data.node.viewerCan).toEqual({ confirm: false, cancel: true });
    const theirs = await as('arkiv.konsulent', VIEWER_CAN, { id: disposalId });
    expect(theirs.body.data.node.viewerCan).toEqual({ confirm: true, cancel: true });
    expect((await as('saksbehandler', VIEWER_CAN, { id: disposalId })).body.data.node).toBeNull();
  });

  it('refuses the proposer’s own confirmation (FORBIDDEN), destroying nothing', async () => {
    const res = await as('arkivar', CONFIRM, { input: { id: disposalId } });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.body.errors![0]!.message).toMatch(/another archivist/);
    expect(await filesWithBytes(caseId)).toBeGreaterThan(0);
  });

  it('refuses a non-archivist’s confirmation (FORBIDDEN)', async () => {
    const res = await as('saksbehandler', CONFIRM, { input: { id: disposalId } });
    expect(codeOf(res)).toBe('FORBIDDEN');
  });

  it('carries it out when a second archivist confirms: the content column is NULL for every file', async () => {
    const before = await sqlRows<{ id: string; sha256: string; size: number; file_name: string }>(
      sql`select d.id, d.sha256, d.size, d.file_name from document d
        join journal_post jp on jp.id = d.journal_post_id where jp.case_id = ${caseId} order by d.id`,
    );
    const res = await as('arkiv.konsulent', CONFIRM, { input: { id: disposalId } });
    noErrors(res);
    expect(res.body.data.confirmDisposal).toMatchObject({
      status: 'CONFIRMED',
      proposedBy: { username: 'arkivar' },
      confirmedBy: { username: 'arkiv.konsulent' },
    });
    expect(await filesWithBytes(caseId)).toBe(0);
    const after = await sqlRows<{
      id: string;
      sha256: string;
      size: number;
      file_name: string;
      content: Buffer | null;
      disposed_at: Date | null;
    }>(
      sql`select d.id, d.sha256, d.size, d.file_name, d.content, d.disposed_at from document d
        join journal_post jp on jp.id = d.journal_post_id where jp.case_id = ${caseId} order by d.id`,
    );
    // The trace: every file row remains with its name, size and checksum, its bytes gone.
    expect(
      after.map(({ id, sha256, size, file_name }) => ({ id, sha256, size, file_name })),
    ).toEqual(before);
    for (const row of after) {
      expect(row.content).toBeNull();
      expect(row.disposed_at).not.toBeNull();
    }
  });

  it('keeps the trace on each description (kassertDato, kassertAv) naming both archivists', async () => {
    const res = await as('arkivar', DESCRIPTION, {
      id: toGlobalId('DocumentDescription', descriptionIds[0]!),
    });
    noErrors(res);
    const trace = res.body.data.node.disposal;
    expect(trace.disposedAt).toBeTruthy();
    expect(trace.disposedBy.username).toBe('arkiv.konsulent');
    expect(trace.disposal).toMatchObject({
      basis: BASIS,
      status: 'CONFIRMED',
      proposedBy: { username: 'arkivar' },
      confirmedBy: { username: 'arkiv.konsulent' },
    });
    const [audit] = await sqlRows<{ changes: { destroyedFiles: { new: { sha256: string }[] } } }>(
      sql`select changes from audit_event where action = 'disposal.confirm' and target_id = ${idOf('Disposal', disposalId)}`,
    );
    expect(audit!.changes.destroyedFiles.new.length).toBeGreaterThan(0);
    // The audit trail names files by checksum, never by a (possibly screened) title or file name.
    expect(JSON.stringify(audit!.changes)).not.toMatch(/fileName|title/);
  });

  it('answers a download of a disposed file with 410 GONE', async () => {
    const [file] = await sqlRows<{ document_description_id: string; variant: string }>(
      sql`select d.document_description_id, d.variant from document d
        join journal_post jp on jp.id = d.journal_post_id where jp.case_id = ${caseId} and d.replaced_at is null limit 1`,
    );
    const gid = toGlobalId('DocumentDescription', file!.document_description_id);
    const res = await fetch(`${server.url}/documents/descriptions/${gid}/${file!.variant}`, {
      headers: { authorization: `Bearer ${tokens.get('arkivar')}` },
    });
    expect(res.status).toBe(410);
    expect((await res.json()).errors[0].extensions.code).toBe('GONE');
  });

  it('takes the case off the disposal list and refuses disposing of it again', async () => {
    const res = await listed();
    noErrors(res);
    expect(
      res.body.data.disposalList.nodes.map((n: { case: { id: string } }) => n.case.id),
    ).not.toContain(toGlobalId('Case', caseId));
    const again = await as('arkivar', PROPOSE, {
      input: { basis: BASIS, caseIds: [toGlobalId('Case', caseId)] },
    });
    expect(codeOf(again)).toBe('INVALID_STATE');
    const confirmAgain = await as('arkiv.konsulent', CONFIRM, { input: { id: disposalId } });
    expect(codeOf(confirmAgain)).toBe('INVALID_STATE');
  });
});

describe('A proposal can be cancelled, and then destroys nothing', () => {
  it('cancels, and refuses confirming it afterwards', async () => {
    const [other] = await sqlRows<{ case_id: string; archive_part_id: string }>(
      sql`select id as case_id, archive_part_id from case_file
        where status = 'CLOSED' and closed_at is not null and id <> ${caseId} order by id limit 1`,
    );
    // Due: its part disposes at once (its primary class, if any, has no decision of its own).
    noErrors(
      await as('arkivar', SET_PART, {
        input: {
          id: toGlobalId('ArchivePart', other!.archive_part_id),
          decision: 'DISPOSE',
          authority: BASIS,
          retentionYears: 0,
        },
      }),
    );
    const proposed = await as('arkivar', PROPOSE, {
      input: { basis: BASIS, caseIds: [toGlobalId('Case', other!.case_id)] },
    });
    noErrors(proposed);
    const id = proposed.body.data.proposeDisposal.id;
    const cancelled = await as('arkiv.konsulent', CANCEL, { input: { id } });
    noErrors(cancelled);
    expect(cancelled.body.data.cancelDisposal).toMatchObject({
      status: 'CANCELLED',
      cancelledBy: { username: 'arkiv.konsulent' },
    });
    const confirm = await as('arkiv.konsulent', CONFIRM, { input: { id } });
    expect(codeOf(confirm)).toBe('INVALID_STATE');
    const [marked] = await sqlRows<{ n: string }>(
      sql`select count(*) as n from document_description where disposal_id = ${idOf('Disposal', id)}`,
    );
    expect(Number(marked!.n)).toBe(0);
    const list = await listed();
    expect(
      list.body.data.disposalList.nodes.map((n: { case: { id: string } }) => n.case.id),
    ).toContain(toGlobalId('Case', other!.case_id));
  });
});

/**
 * A link of an insight request that released the current file of the description in full, as the
 * decision would have made it (the request and item are written directly: the insight flow has its
 * own tests).
 */
async function insightLinkTo(descriptionId: string, postId: string): Promise<string> {
  const [file] = await sqlRows<{ id: string; variant: string }>(
    sql`select id, variant from document where document_description_id = ${descriptionId}
      and replaced_at is null and variant in ('PRODUCTION', 'ARCHIVE') limit 1`,
  );
  const [post] = await sqlRows<{ unit_id: string; user_id: string }>(
    sql`select c.responsible_unit_id as unit_id, (select id from app_user where username = 'arkivar') as user_id
      from journal_post jp join case_file c on c.id = jp.case_id where jp.id = ${postId}`,
  );
  const requestId = '00000000-0000-4000-8000-00000000d001';
  const itemId = '00000000-0000-4000-8000-00000000d002';
  await sqlRows(
    sql`insert into insight_request (id, reference_hash, status, received_at, received_on, due_date,
        answer_deadline, requester_email, decided_at, decided_on, updated_at)
      values (${requestId}, 'disposal-test', 'DECIDED', now(), current_date, current_date, current_date,
        'innsyn@example.org', now(), current_date, now())`,
  );
  await sqlRows(
    sql`insert into insight_request_item (id, request_id, position, journal_post_id, unit_id, outcome,
        legal_basis, decided_by_id, decided_at, released_document_id)
      values (${itemId}, ${requestId}, 1, ${postId}, ${post!.unit_id}, 'FULL', null, ${post!.user_id},
        now(), ${file!.id})`,
  );
  const token = signLink(Buffer.from(LINK_SECRET, 'utf8'), {
    r: requestId,
    i: itemId,
    d: file!.id,
    e: Math.floor(Date.now() / 1000) + 3600,
  });
  return `/insight-downloads/${token}`;
}

describe('A single document (a police certificate) is disposed of on its own, against a remark on its case; its insight link stops serving', () => {
  it('needs a remark on the case, and destroys only that document’s bytes', async () => {
    const [doc] = await sqlRows<{ id: string; case_id: string; journal_post_id: string }>(
      sql`select dd.id, jp.case_id, dd.journal_post_id from document_description dd
        join journal_post jp on jp.id = dd.journal_post_id
        where dd.disposed_at is null and exists (select 1 from document d
            where d.document_description_id = dd.id and d.content is not null)
          and exists (select 1 from document_description o join document d on d.document_description_id = o.id
            where o.journal_post_id = jp.id and o.id <> dd.id and d.content is not null)
        order by dd.id limit 1`,
    );
    expect(doc).toBeTruthy();
    const [elsewhere] = await sqlRows<{ id: string }>(
      sql`select id from remark where case_id is not null and case_id <> ${doc!.case_id} limit 1`,
    );
    const REMARK = `mutation($input: AddCaseRemarkInput!) { addCaseRemark(input: $input) { remarks { id text } } }`;
    const added = await as('arkivar', REMARK, {
      input: {
        id: toGlobalId('Case', doc!.case_id),
        type: 'GENERAL',
        text: 'Politiattest kontrollert og funnet i orden, jf. forskrift til opplæringslova § 15-2',
      },
    });
    noErrors(added);
    const remark = added.body.data.addCaseRemark.remarks.find((r: { text: string }) =>
      r.text.startsWith('Politiattest'),
    );
    if (elsewhere) {
      const wrong = await as('arkivar', PROPOSE, {
        input: {
          basis: 'Forskrift til opplæringslova § 15-2',
          documents: [
            {
              id: toGlobalId('DocumentDescription', doc!.id),
              remarkId: toGlobalId('Remark', elsewhere.id),
            },
          ],
        },
      });
      expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    }
    const link = await insightLinkTo(doc!.id, doc!.journal_post_id);
    expect((await fetch(`${server.url}${link}`)).status).toBe(200);
    const proposed = await as('arkivar', PROPOSE, {
      input: {
        basis: 'Forskrift til opplæringslova § 15-2',
        documents: [{ id: toGlobalId('DocumentDescription', doc!.id), remarkId: remark.id }],
      },
    });
    noErrors(proposed);
    expect(proposed.body.data.proposeDisposal.documents).toEqual([
      { id: toGlobalId('DocumentDescription', doc!.id) },
    ]);
    const confirmed = await as('arkiv.konsulent', CONFIRM, {
      input: { id: proposed.body.data.proposeDisposal.id },
    });
    noErrors(confirmed);
    const rows = await sqlRows<{ description: string; with_bytes: boolean }>(
      sql`select d.document_description_id as description, d.content is not null as with_bytes
        from document d where d.journal_post_id = ${doc!.journal_post_id}`,
    );
    expect(rows.filter((r) => r.description === doc!.id).every((r) => !r.with_bytes)).toBe(true);
    expect(rows.some((r) => r.description !== doc!.id && r.with_bytes)).toBe(true);
    // The insight link that released the file serves nothing once it is disposed of.
    const after = await fetch(`${server.url}${link}`);
    expect(after.status).toBe(404);
    expect(await after.text()).not.toContain('%PDF');
  });
});

import { expect } from 'vitest';
import { query, sql, type SqlFragment } from '../../src/db/sqlTemplate';
import { screeningExpiresOn } from '../../src/domain/screening';
import { todayInOslo } from '../../src/domain/workingDays';
import { AccessGroup, Case, CaseStatus, ScreeningCode, Unit, User } from '../../src/entities';
import { idOf, toGlobalId } from '../../src/schema/globalId';
import { type GqlResponse, type TestServer } from '../support/server';

/**
 * What the tests of write-off, approval and the backlog download share: signed-in calls by demo
 * username, cases made straight in the database (so each rule starts from its own case), posts
 * registered and moved through their life cycle by GraphQL.
 */
export const POST_FIELDS = `id registryId status title publicTitle writtenOff writeOffMethod
  writeOffDate version documentType { id name requiresApproval }`;

export const M = {
  register: `mutation($input: RegisterJournalPostInput!) { registerJournalPost(input: $input) { ${POST_FIELDS} } }`,
  update: `mutation($input: UpdateJournalPostInput!) { updateJournalPost(input: $input) { ${POST_FIELDS} } }`,
  finalize: `mutation($input: FinalizeJournalPostInput!) { finalizeJournalPost(input: $input) { ${POST_FIELDS} } }`,
  send: `mutation($input: SendForApprovalInput!) { sendForApproval(input: $input) { ${POST_FIELDS} } }`,
  approve: `mutation($input: ApproveJournalPostInput!) { approveJournalPost(input: $input) { ${POST_FIELDS} } }`,
  reject: `mutation($input: RejectJournalPostInput!) { rejectJournalPost(input: $input) { ${POST_FIELDS} } }`,
  forward: `mutation($input: ForwardForApprovalInput!) { forwardForApproval(input: $input) { ${POST_FIELDS} } }`,
  dispatch: `mutation($input: DispatchJournalPostInput!) { dispatchJournalPost(input: $input) { ${POST_FIELDS} } }`,
  cancel: `mutation($input: CancelJournalPostInput!) { cancelJournalPost(input: $input) { ${POST_FIELDS} } }`,
  writeOff: `mutation($input: WriteOffJournalPostInput!) { writeOffJournalPost(input: $input) { ${POST_FIELDS} } }`,
};

export interface MadeCase {
  id: string;
  gid: string;
  caseNumber: string;
}

export function routineClient(server: () => TestServer, firstSequence: number) {
  const tokens = new Map<string, string>();
  let sequence = firstSequence;
  const rows = <T = any>(fragment: SqlFragment) => query<T>(server().orm.em.fork(), fragment);

  async function as<T = any>(
    username: string,
    q: string,
    variables: Record<string, unknown> = {},
  ): Promise<GqlResponse<T>> {
    if (!tokens.has(username)) tokens.set(username, await server().tokenFor(username));
    return server().gql<T>(q, variables, { token: tokens.get(username)! });
  }

  /** Runs a mutation or query and expects it to succeed; returns its one root field. */
  async function ok(username: string, q: string, variables: Record<string, unknown> = {}) {
    const res = await as(username, q, variables);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return Object.values(res.body.data as Record<string, any>)[0];
  }

  async function userId(username: string): Promise<string> {
    const [u] = await rows<{ id: string }>(
      sql`select id from app_user where username = ${username}`,
    );
    return u!.id;
  }

  /** A case straight in the database, IN_PROGRESS in PPT with saksbehandler responsible. */
  async function makeCase(
    spec: { unit?: string; group?: string; code?: string; title?: string } = {},
  ): Promise<MadeCase> {
    const em = server().orm.em.fork();
    sequence += 1;
    const unit = await em.findOneOrFail(Unit, { name: spec.unit ?? 'PPT' });
    const user = (name: string) => em.findOneOrFail(User, { username: name });
    const code = spec.code ? await em.findOneOrFail(ScreeningCode, { code: spec.code }) : null;
    const group = spec.group ? await em.findOneOrFail(AccessGroup, { name: spec.group }) : null;
    const title = spec.title ?? `Rutinesak ${sequence}`;
    const c = em.create(Case, {
      caseYear: 2026,
      caseSequence: sequence,
      caseNumber: `2026/${sequence}`,
      title,
      publicTitle: code ? 'Rutinesak' : title,
      status: CaseStatus.IN_PROGRESS,
      responsibleUnit: unit,
      caseResponsible: await user('saksbehandler'),
      createdBy: await user('saksbehandler'),
      accessGroup: group,
      screeningCode: code,
      screenedFields: code ? [...code.defaultScreenedFields] : [],
      screeningExpiresOn: code
        ? screeningExpiresOn(todayInOslo(), code.defaultDurationYears)
        : null,
    });
    await em.flush();
    return { id: c.id, gid: toGlobalId('Case', c.id), caseNumber: c.caseNumber };
  }

  /** Registers a post (by saksbehandler unless `by`); incoming ones by the archive. */
  async function post(
    c: MadeCase,
    type: string,
    extra: Record<string, unknown> = {},
    by?: string,
  ): Promise<any> {
    const registrar = by ?? (type === 'INCOMING' ? 'arkivar' : 'saksbehandler');
    return ok(registrar, M.register, {
      input: {
        caseId: c.gid,
        type,
        title: `Dokument ${type.toLowerCase()}`,
        ...(type === 'INCOMING' && { correspondents: [{ role: 'SENDER', name: 'Statped' }] }),
        ...extra,
      },
    });
  }

  async function auditEvents(gid: string, action: string) {
    const id = idOf('JournalPost', gid)!;
    return rows<{ action: string; changes: any; reason: string | null; actor: string }>(
      sql`select e.action, e.changes, e.reason, u.username as actor from audit_event e
          left join app_user u on u.id = e.actor_id
          where e.target_id = ${id} and e.action = ${action} order by e.id`,
    );
  }

  return { as, ok, rows, userId, makeCase, post, auditEvents };
}

/** The refusal's code (and field for BAD_USER_INPUT); returns the error. */
export function refusal(res: GqlResponse<any>, code: string, field?: string): any {
  const error: any = res.body.errors?.[0];
  expect(error?.extensions?.code, JSON.stringify(res.body)).toBe(code);
  if (field) {
    expect(error.extensions.fieldErrors.map((f: any) => f.path.at(-1))).toContain(field);
  }
  return error;
}

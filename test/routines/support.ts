import { expect } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { fromGlobalId, toGlobalId } from '../../src/schema/globalId';
import { type TestServer } from '../support/server';

/**
 * Shared steps of the routine tests on the Vennesla demo (docs/demo-data.md): ids by name,
 * cases and incoming letters made through GraphQL as the routines make them, the audit trail.
 */
export interface Routine {
  server: TestServer;
  tokens: Record<string, string>;
  users: Record<string, string>;
  units: Record<string, string>;
  codes: Record<string, string>;
  groups: Record<string, string>;
}

export async function routineOn(server: TestServer, usernames: string[]): Promise<Routine> {
  const em = server.orm.em.fork();
  const byKey = async (f: ReturnType<typeof sql>) =>
    Object.fromEntries(
      (await query<{ k: string; id: string }>(em, f)).map((r) => [r.k, r.id] as const),
    );
  const tokens: Record<string, string> = {};
  for (const u of usernames) tokens[u] = await server.tokenFor(u);
  return {
    server,
    tokens,
    users: await byKey(sql`select username as k, id from app_user`),
    units: await byKey(sql`select name as k, id from unit`),
    codes: await byKey(sql`select code as k, id from screening_code`),
    groups: await byKey(sql`select name as k, id from access_group`),
  };
}

export const userGid = (r: Routine, username: string) => toGlobalId('User', r.users[username]!);
export const unitGid = (r: Routine, name: string) => toGlobalId('Unit', r.units[name]!);

/** The data of a successful operation; the test fails with the errors otherwise. */
export async function ok<T = any>(
  r: Routine,
  as: string,
  q: string,
  vars: Record<string, unknown> = {},
): Promise<T> {
  const res = await r.server.gql<T>(q, vars, { token: r.tokens[as] });
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data as T;
}

/** The first error of a refused operation: its code, message and field errors. */
export async function refusal(
  r: Routine,
  as: string,
  q: string,
  vars: Record<string, unknown> = {},
): Promise<{ code: string; message: string; fields: { path: unknown[]; code: string }[] }> {
  const res = await r.server.gql(q, vars, { token: r.tokens[as] });
  const error = res.body.errors?.[0];
  expect(error, 'expected a refusal').toBeDefined();
  return {
    code: error!.extensions?.code as string,
    message: error!.message,
    fields: ((error!.extensions?.fieldErrors as { path: unknown[]; code: string }[]) ?? []).map(
      (f) => ({ path: f.path, code: f.code }),
    ),
  };
}

export const POST_FIELDS = `id registryId version title publicTitle status journalDate documentDate
  receivedDate dueDate responsible { username } responsibleUnit { name }`;

export interface PostView {
  id: string;
  registryId: string;
  version: number;
  title: string;
  publicTitle: string;
  status: string;
  journalDate: string;
  documentDate: string | null;
  receivedDate: string | null;
  dueDate: string | null;
  responsible: { username: string } | null;
  responsibleUnit: { name: string };
}

/** A new case of `unit`, created by `as`, with `responsible` as case responsible when given. */
export async function newCase(
  r: Routine,
  as: string,
  unit: string,
  title: string,
  responsible?: string,
): Promise<string> {
  const data = await ok<{ createCase: { id: string } }>(
    r,
    as,
    `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`,
    {
      input: {
        title,
        responsibleUnitId: unitGid(r, unit),
        ...(responsible ? { caseResponsibleId: userGid(r, responsible) } : {}),
      },
    },
  );
  return data.createCase.id;
}

/** An incoming letter registered in the case by `as` (the archive, unless said otherwise). */
export async function registerIncoming(
  r: Routine,
  caseId: string,
  extra: Record<string, unknown> = {},
  as = 'arkivar',
): Promise<PostView> {
  const data = await ok<{ registerJournalPost: PostView }>(
    r,
    as,
    `mutation($input: RegisterJournalPostInput!) {
      registerJournalPost(input: $input) { ${POST_FIELDS} } }`,
    { input: { caseId, type: 'INCOMING', title: 'Søknad om støtte', ...extra } },
  );
  return data.registerJournalPost;
}

/** The audit events of a record, oldest first. */
export async function auditOf(
  r: Routine,
  globalId: string,
): Promise<{ action: string; changes: Record<string, { old: unknown; new: unknown }> }[]> {
  const rawId = rawIdOf(globalId);
  return query(
    r.server.orm.em.fork(),
    sql`select action, changes from audit_event where target_id = ${rawId} order by at, id`,
  );
}

export const rawIdOf = (globalId: string): string => fromGlobalId(globalId)!.id;

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInOslo } from '../../src/domain/workingDays';
import { toGlobalId } from '../../src/schema/globalId';
import { createPolicyFixtures, type Fixtures } from '../support/fixtures';
import { fieldErrorsOf } from '../support/fieldErrors';
import { type GqlError, startTestServer, type TestServer } from '../support/server';

/**
 * The error contract (docs/api-conventions.md, "Errors"; the codes in docs/security.md): for each
 * kind of mistake a client can make, the code it gets, the field errors with their paths from the
 * operation's argument, and the extensions a form needs, through the real API. Every error
 * carries its requestId.
 */
let server: TestServer;
let fx: Fixtures;
const tokens = new Map<string, string>();
/** A case whose version has moved on since `staleVersion` was loaded */
let edited: { id: string; staleVersion: number; currentVersion: number };

const unit = () => toGlobalId('Unit', fx.units.responsible);
const openCase = () => toGlobalId('Case', fx.cases.open);
const openPost = () => toGlobalId('JournalPost', fx.posts.open);

async function call(who: string | null, query: string, variables: Record<string, unknown> = {}) {
  if (who && !tokens.has(who)) tokens.set(who, await server.tokenFor(who));
  return server.gql(query, variables, who ? { token: tokens.get(who)! } : {});
}

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  fx = await createPolicyFixtures(server.orm.em.fork(), todayInOslo());
  const created = await call(
    fx.usernames.leader,
    'mutation($input: CreateCaseInput!) { createCase(input: $input) { id version } }',
    { input: { title: 'Sak som endres', responsibleUnitId: unit() } },
  );
  expect(created.body.errors, JSON.stringify(created.body)).toBeUndefined();
  const { id, version } = created.body.data.createCase;
  const updated = await call(
    fx.usernames.leader,
    'mutation($input: UpdateCaseInput!) { updateCase(input: $input) { version } }',
    { input: { id, expectedVersion: version, title: 'Sak som er endret' } },
  );
  expect(updated.body.errors, JSON.stringify(updated.body)).toBeUndefined();
  edited = { id, staleVersion: version, currentVersion: updated.body.data.updateCase.version };
  const unitCreated = await call(
    fx.usernames.admin,
    'mutation { createUnit(input: { name: "Kontraktenheten" }) { id } }',
  );
  expect(unitCreated.body.errors, JSON.stringify(unitCreated.body)).toBeUndefined();
});
afterAll(() => server?.close());

type Path = (string | number)[];

interface Case {
  /** What is wrong, in plain words */
  mistake: string;
  /** The fixture user who calls (a key of fx.usernames), or null for the public */
  who: keyof Fixtures['usernames'] | null;
  query: string;
  variables?: () => Record<string, unknown>;
  code: string;
  /** HTTP status, where it is not 200 */
  status?: number;
  /** Every field error expected: its path and code (params where they matter) */
  fieldErrors?: { path: Path; code: string; params?: Record<string, unknown> }[];
  /** Further extensions the error carries */
  extensions?: () => Record<string, unknown>;
}

const REGISTER = `mutation($input: RegisterJournalPostInput!) { registerJournalPost(input: $input) { id } }`;
const CREATE_CASE = `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`;
const UPDATE_CASE = `mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }`;
const APPROVE_CASE = `mutation($input: ApproveCaseInput!) { approveCase(input: $input) { id } }`;
const REOPEN_CASE = `mutation($input: ReopenCaseInput!) { reopenCase(input: $input) { id } }`;
const CREATE_UNIT = `mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }`;
const CASES = `query($after: String) { cases(after: $after) { totalCount } }`;

/** A Norwegian national identity number with valid check digits (a made-up person). */
const NATIONAL_ID = '01819012365';

const CONTRACT: Case[] = [
  {
    mistake: 'registerJournalPost: a blank title and a blank correspondent name, both at once',
    who: 'archivist',
    query: REGISTER,
    variables: () => ({
      input: {
        caseId: openCase(),
        type: 'INCOMING',
        title: '   ',
        correspondents: [{ role: 'SENDER', name: ' ' }],
      },
    }),
    code: 'BAD_USER_INPUT',
    fieldErrors: [
      { path: ['input', 'title'], code: 'REQUIRED' },
      { path: ['input', 'correspondents', 0, 'name'], code: 'REQUIRED' },
    ],
  },
  {
    mistake: 'registerJournalPost: a national identity number in the second, public, correspondent',
    who: 'archivist',
    query: REGISTER,
    variables: () => ({
      input: {
        caseId: openCase(),
        type: 'INCOMING',
        title: 'Søknad om skoleskyss',
        correspondents: [
          { role: 'SENDER', name: 'Kari Nordmann' },
          { role: 'SENDER', name: `Ola ${NATIONAL_ID}`, screened: false },
        ],
      },
    }),
    code: 'BAD_USER_INPUT',
    fieldErrors: [{ path: ['input', 'correspondents', 1, 'name'], code: 'NOT_ALLOWED' }],
  },
  {
    mistake: 'createCase: a blank title and screened fields without a screening code, both at once',
    who: 'leader',
    query: CREATE_CASE,
    variables: () => ({
      input: { title: ' ', responsibleUnitId: unit(), screenedFields: ['TITLE'] },
    }),
    code: 'BAD_USER_INPUT',
    fieldErrors: [
      { path: ['input', 'title'], code: 'REQUIRED' },
      { path: ['input', 'screenedFields'], code: 'NOT_ALLOWED' },
    ],
  },
  {
    mistake: 'createCase: a title over the limit, with the limit as a parameter',
    who: 'leader',
    query: CREATE_CASE,
    variables: () => ({ input: { title: 'x'.repeat(1001), responsibleUnitId: unit() } }),
    code: 'BAD_USER_INPUT',
    fieldErrors: [{ path: ['input', 'title'], code: 'TOO_LONG', params: { max: 1000 } }],
  },
  {
    mistake:
      'registerJournalPost: a User id as the case and a Case id as the access group, both at once',
    who: 'archivist',
    query: REGISTER,
    variables: () => ({
      input: {
        caseId: toGlobalId('User', fx.cases.open),
        accessGroupId: openCase(),
        type: 'INCOMING',
        title: 'Brev',
      },
    }),
    code: 'BAD_USER_INPUT',
    fieldErrors: [
      { path: ['input', 'caseId'], code: 'INVALID_ID', params: { type: 'Case' } },
      { path: ['input', 'accessGroupId'], code: 'INVALID_ID', params: { type: 'AccessGroup' } },
    ],
  },
  {
    mistake: 'approveCase: the global id of a JournalPost as the case',
    who: 'archivist',
    query: APPROVE_CASE,
    variables: () => ({ input: { id: openPost() } }),
    code: 'BAD_USER_INPUT',
    fieldErrors: [{ path: ['input', 'id'], code: 'INVALID_ID', params: { type: 'Case' } }],
  },
  {
    mistake: 'updateCase: an expectedVersion someone else has moved on from',
    who: 'leader',
    query: UPDATE_CASE,
    variables: () => ({
      input: { id: edited.id, expectedVersion: edited.staleVersion, title: 'Overskrevet' },
    }),
    code: 'STALE_VERSION',
    extensions: () => ({ currentVersion: edited.currentVersion }),
  },
  {
    mistake: 'reopenCase: a case in progress, which is not closed',
    who: 'archivist',
    query: REOPEN_CASE,
    variables: () => ({ input: { id: openCase(), reason: 'Ny informasjon' } }),
    code: 'INVALID_STATE',
    extensions: () => ({ state: 'IN_PROGRESS' }),
  },
  {
    mistake: 'createUnit: a name another unit has',
    who: 'admin',
    query: CREATE_UNIT,
    variables: () => ({ input: { name: 'Kontraktenheten' } }),
    code: 'CONFLICT',
  },
  {
    mistake: 'updateCase: a case that does not exist for the caller (no current role)',
    who: 'formerEmployee',
    query: UPDATE_CASE,
    variables: () => ({ input: { id: openCase(), title: 'Endret' } }),
    code: 'NOT_FOUND',
  },
  {
    mistake: 'cases: a cursor this API never gave out',
    who: 'archivist',
    query: CASES,
    variables: () => ({ after: 'bm90IGEgY3Vyc29y' }),
    code: 'BAD_USER_INPUT',
    fieldErrors: [{ path: ['after'], code: 'INVALID_FORMAT' }],
  },
  {
    mistake: 'publicJournal: a search text over the limit, named by its path in the filter',
    who: null,
    query: `query($q: String) { publicJournal(filter: { query: $q }) { totalCount } }`,
    variables: () => ({ q: 'x'.repeat(201) }),
    code: 'BAD_USER_INPUT',
    fieldErrors: [{ path: ['filter', 'query'], code: 'TOO_LONG', params: { max: 200 } }],
  },
  {
    mistake: 'cases: asked by the public',
    who: null,
    query: CASES,
    code: 'UNAUTHENTICATED',
    status: 401,
  },
  {
    mistake: 'createCase: asked by the public',
    who: null,
    query: CREATE_CASE,
    variables: () => ({ input: { title: 'Sak', responsibleUnitId: unit() } }),
    code: 'UNAUTHENTICATED',
    status: 401,
  },
];

const sortedByPath = <T extends { path: Path }>(list: T[]): T[] =>
  [...list].sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path)));

describe('Each kind of mistake gets its code, its field errors by path, and a requestId', () => {
  it.each(CONTRACT.map((c) => [c.mistake, c] as const))('%s', async (_mistake, c) => {
    const res = await call(c.who && fx.usernames[c.who], c.query, c.variables?.() ?? {});
    const errors: GqlError[] = res.body.errors ?? [];
    expect(errors, JSON.stringify(res.body)).toHaveLength(1);
    expect(res.status).toBe(c.status ?? 200);
    for (const error of errors) {
      expect(error.extensions?.requestId, JSON.stringify(error)).toEqual(expect.any(String));
    }
    const [error] = errors;
    expect(error!.extensions?.code, JSON.stringify(error)).toBe(c.code);
    expect(error!.message).not.toBe('');
    const found = sortedByPath(fieldErrorsOf(error));
    const expected = sortedByPath(c.fieldErrors ?? []);
    expect(
      found.map(({ path, code }) => ({ path, code })),
      JSON.stringify(error),
    ).toEqual(expected.map(({ path, code }) => ({ path, code })));
    expected.forEach((e, i) => {
      expect(found[i]!.message).toEqual(expect.any(String));
      expect(found[i]!.params).toEqual(e.params ?? expect.any(Object));
    });
    if (c.extensions) expect(error!.extensions).toMatchObject(c.extensions());
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInOslo } from '../../src/domain/workingDays';
import { toGlobalId } from '../../src/schema/globalId';
import { createPolicyFixtures, type Fixtures, type ViewerName } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The publication controls (publishNow, holdFromPublicJournal, resetPublication) go through the
 * write funnel (docs/access-control.md, "Who may change a record"): `managePublicJournal` is for
 * archivists, on top of reading the post FULL. NONE is NOT_FOUND, REDACTED is FORBIDDEN, FULL
 * without the rule is FORBIDDEN with its text, and a refusal changes nothing.
 */
let server: TestServer;
let fx: Fixtures;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  fx = await createPolicyFixtures(server.orm.em.fork(), todayInOslo());
});
afterAll(() => server?.close());

const MUTATIONS = {
  publishNow: 'mutation($id: ID!) { publishNow(input: { id: $id }) { id } }',
  hold: 'mutation($id: ID!) { holdFromPublicJournal(input: { id: $id, reason: "Feil" }) { id } }',
  holdWithoutReason:
    'mutation($id: ID!) { holdFromPublicJournal(input: { id: $id, reason: " " }) { id } }',
  reset: 'mutation($id: ID!) { resetPublication(input: { id: $id }) { id } }',
};

async function as(viewer: Exclude<ViewerName, 'public'>, mutation: string, postId: string) {
  const token = await server.tokenFor(fx.usernames[viewer]);
  return server.gql(mutation, { id: toGlobalId('JournalPost', postId) }, { token });
}

/** The post's publication state and the whole audit trail: must not move on a refusal. */
async function state(postId: string) {
  const conn = server.orm.em.fork().getConnection();
  return {
    post: await conn.execute(
      'select publication_override, publication_override_reason from journal_post where id = ?',
      [postId],
    ),
    audit: await conn.execute('select id from audit_event order by id'),
  };
}

async function refusedWithoutChange(
  viewer: Exclude<ViewerName, 'public'>,
  postId: string,
  expected: { code: string; message: string | RegExp },
) {
  const before = await state(postId);
  for (const mutation of Object.values(MUTATIONS)) {
    const res = await as(viewer, mutation, postId);
    expect(res.body.errors?.[0]?.extensions?.code, mutation).toBe(expected.code);
    expect(res.body.errors?.[0]?.message).toMatch(expected.message);
  }
  expect(await state(postId)).toEqual(before);
}

describe('Only an archivist who reads the post FULL controls its publication', () => {
  it('NONE (a former employee, every grant ended): NOT_FOUND, nothing changed', async () => {
    await refusedWithoutChange('formerEmployee', fx.posts.elev, {
      code: 'NOT_FOUND',
      message: 'The journal post was not found',
    });
  });

  it('REDACTED (a handler, an admin, a former member on an Elev post): FORBIDDEN before the reason is looked at, nothing changed', async () => {
    for (const viewer of ['handler', 'admin', 'ended'] as const) {
      await refusedWithoutChange(viewer, fx.posts.elev, {
        code: 'FORBIDDEN',
        message: /only in its public form \(REDACTED\)/,
      });
    }
  });

  it('FULL without the rule (the leader of the case’s unit, the post’s responsible): FORBIDDEN with its text, nothing changed', async () => {
    for (const viewer of ['leader', 'postResponsible'] as const) {
      await refusedWithoutChange(viewer, fx.posts.elev, {
        code: 'FORBIDDEN',
        message: 'Only the archive (ARCHIVIST) decides when a post appears in the public journal',
      });
    }
  });

  it('the archivist publishes, holds and resets; each step audited', async () => {
    const post = fx.posts.open;
    expect((await as('archivist', MUTATIONS.publishNow, post)).body.errors).toBeUndefined();
    expect((await state(post)).post).toEqual([
      { publication_override: 'PUBLISH_NOW', publication_override_reason: null },
    ]);
    expect((await as('archivist', MUTATIONS.hold, post)).body.errors).toBeUndefined();
    expect((await state(post)).post).toEqual([
      { publication_override: 'HOLD', publication_override_reason: 'Feil' },
    ]);
    expect((await as('archivist', MUTATIONS.reset, post)).body.errors).toBeUndefined();
    const events = await server.orm.em
      .fork()
      .getConnection()
      .execute(
        "select action from audit_event where target_id = ? and action like 'journalPost.%' order by id",
        [post],
      );
    expect(events.map((e) => e.action)).toEqual([
      'journalPost.publishNow',
      'journalPost.hold',
      'journalPost.resetPublication',
    ]);
  });
});

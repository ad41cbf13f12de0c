import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectInputFieldError } from '../support/fieldErrors';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Users' e-mail addresses (docs/notices.md): set by administrators when the user is created or
 * later (null clears), audited; `User.email` is shown to the user themself and to administrators,
 * null to everybody else.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.close());

const as = async (username: string, q: string, v: Record<string, unknown> = {}) =>
  server.gql(q, v, { token: await server.tokenFor(username) });

const EMAILS = `{ users(first: 100) { nodes { username email } } me { username email } }`;

describe('Only the user and administrators see an e-mail address', () => {
  it('an admin sees every address, a user their own, another user none', async () => {
    const admin = await as('admin', EMAILS);
    const byAdmin = admin.body.data.users.nodes as { username: string; email: string | null }[];
    expect(byAdmin.find((u) => u.username === 'saksbehandler')?.email).toBe(
      'saksbehandler@vennesla.kommune.example',
    );
    const own = await as('saksbehandler', EMAILS);
    expect(own.body.data.me.email).toBe('saksbehandler@vennesla.kommune.example');
    const others = (own.body.data.users.nodes as { username: string; email: string | null }[])
      .filter((u) => u.username !== 'saksbehandler')
      .map((u) => u.email);
    expect(others.every((e) => e === null)).toBe(true);
  });
});

describe('Administrators set an address when creating a user, and change or clear it', () => {
  it('createUser takes a valid address and refuses an invalid one', async () => {
    const bad = await as(
      'admin',
      `mutation { createUser(input: { username: "ny.bruker", displayName: "Ny Bruker", email: "ikke en adresse" }) { id } }`,
    );
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expectInputFieldError(bad.body.errors![0], 'email');
    const ok = await as(
      'admin',
      `mutation { createUser(input: { username: "ny.bruker", displayName: "Ny Bruker", email: "ny.bruker@vennesla.kommune.example" }) { id email } }`,
    );
    expect(ok.body.data.createUser.email).toBe('ny.bruker@vennesla.kommune.example');
  });

  it('setUserEmail changes and clears it, audited with old and new; others are FORBIDDEN', async () => {
    const list = await as('admin', `{ users(first: 100) { nodes { id username } } }`);
    const id = list.body.data.users.nodes.find(
      (u: { username: string }) => u.username === 'stab.radgiver',
    ).id;
    const SET = `mutation($id: ID!, $e: String) { setUserEmail(input: { id: $id, email: $e }) { email } }`;
    const refused = await as('arkivar', SET, { id, e: 'x@example.no' });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const changed = await as('admin', SET, { id, e: 'stab@vennesla.kommune.example' });
    expect(changed.body.data.setUserEmail.email).toBe('stab@vennesla.kommune.example');
    const cleared = await as('admin', SET, { id, e: null });
    expect(cleared.body.data.setUserEmail.email).toBeNull();
    const events = await server.orm.em
      .fork()
      .execute<{ changes: unknown }[]>(
        "select changes from audit_event where action = 'user.setEmail' order by at",
      );
    expect(events.map((e) => e.changes)).toEqual([
      {
        email: {
          old: 'stab.radgiver@vennesla.kommune.example',
          new: 'stab@vennesla.kommune.example',
        },
      },
      { email: { old: 'stab@vennesla.kommune.example', new: null } },
    ]);
  });
});

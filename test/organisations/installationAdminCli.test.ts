import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { startTestServer, type TestServer } from '../support/server';

// `npm run installation-admin` names the installation admins (installasjonsadministratorer) as
// the database owner: the server's role may only read the table.

let server: TestServer;

/** The command as npm runs it (from source here), on this file's database. */
const cli = (args: string[]) =>
  runCli('src/auth/cli/installation-admin.ts', args, { DATABASE_URL: server.databaseUrl });

const ME = '{ me { installationAdmin } }';

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.close());

describe('The command line adds and removes installation admins', () => {
  it('adds one, who is one from the next request on, and lists them', async () => {
    const token = await server.tokenFor('arkivar');
    const added = await cli(['add', 'arkivar']);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('arkivar is now an installation admin');
    expect((await server.gql(ME, {}, { token })).body.data.me.installationAdmin).toBe(true);
    expect((await cli(['list'])).stdout.trim().split('\n')).toEqual(['arkivar']);
  }, 60_000);

  it('removes one, who is no longer one', async () => {
    const token = await server.tokenFor('arkivar');
    const removed = await cli(['remove', 'arkivar']);
    expect(removed.code).toBe(0);
    expect((await server.gql(ME, {}, { token })).body.data.me.installationAdmin).toBe(false);
    const again = await cli(['remove', 'arkivar']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('arkivar is not an installation admin');
  }, 60_000);

  it('warns that a username of no organisation cannot sign in', async () => {
    const res = await cli(['add', 'ukjent.person']);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('ukjent.person is no active user of any organisation');
  }, 60_000);

  it('refuses anything else with the usage', async () => {
    for (const args of [[], ['add'], ['grant', 'arkivar'], ['add', 'a', 'b']]) {
      const res = await cli(args);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('Usage: npm run installation-admin');
    }
  }, 60_000);
});

describe('The server cannot name installation admins itself', () => {
  it('refuses its own role an insert into installation_admin', async () => {
    await expect(
      server.appOrm.em
        .fork()
        .execute(`insert into installation_admin (username) values ('inntrenger')`),
    ).rejects.toThrow(/permission denied/);
  });
});

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { failureMessage, openDatabase } from '../../src/db/database';
import { runBuilt, sharedBuild } from '../support/cli';
import { startTestServer, type TestServer } from '../support/server';
import { freePort } from '../support/processes';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.close());

describe('Health and readiness', () => {
  it('GET /healthz answers while the process lives', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers when the database does', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });
});

describe('Every response carries a request id', () => {
  it('is generated when the caller sends none, and kept when it sends a valid one', async () => {
    const generated = await fetch(`${server.url}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${server.url}/healthz`, {
      headers: { 'x-request-id': 'abc-123-def-456' },
    });
    expect(kept.headers.get('x-request-id')).toBe('abc-123-def-456');
    const refused = await fetch(`${server.url}/healthz`, {
      headers: { 'x-request-id': 'bad id\twith tab' },
    });
    expect(refused.headers.get('x-request-id')).not.toBe('bad id\twith tab');
  });
});

describe('The schema answers me, units, users and node with real data', () => {
  it('me for a demo user, with roles and access groups', async () => {
    const token = await server.tokenFor('elevtjeneste');
    const res = await server.gql(
      '{ me { username displayName unit { name } roles { role unit { name } } accessGroups { name } } }',
      {},
      { token },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.me).toMatchObject({
      username: 'elevtjeneste',
      roles: [{ role: 'CASE_HANDLER', unit: { name: 'Vennesla skole' } }],
      accessGroups: [{ name: 'Elev' }],
    });
  });

  it('me is null for the public, and lists of internal things ask the public to sign in', async () => {
    expect((await server.gql('{ me { username } }')).body).toEqual({ data: { me: null } });
    const res = await server.gql(
      '{ me { username } units { nodes { name } } users { nodes { username } } }',
    );
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('units and users for a signed-in user; node refetches each by its id', async () => {
    const token = await server.tokenFor('saksbehandler');
    const res = await server.gql(
      '{ units(first: 100) { nodes { id name } } users(first: 100) { nodes { id username } } }',
      {},
      { token },
    );
    const names = res.body.data.units.nodes.map((u: { name: string }) => u.name);
    expect(names).toEqual(
      expect.arrayContaining(['Vennesla skole', 'PPT', 'NAV Flyktning', 'Sentralarkivet']),
    );
    for (const username of [
      'admin',
      'arkivar',
      'leder',
      'saksbehandler',
      'innsyn',
      'elevtjeneste',
    ]) {
      expect(res.body.data.users.nodes.map((u: { username: string }) => u.username)).toContain(
        username,
      );
    }
    const ppt = res.body.data.units.nodes.find((u: { name: string }) => u.name === 'PPT');
    const node = await server.gql(
      'query($id: ID!) { node(id: $id) { id ... on Unit { name } } }',
      { id: ppt.id },
      { token },
    );
    expect(node.body.data.node).toEqual({ id: ppt.id, name: 'PPT' });
  });

  it("other users' roles are hidden from non-admins and shown to admins", async () => {
    const query = '{ users(first: 100) { nodes { username roles { role } } } }';
    const asHandler = await server.gql(
      query,
      {},
      { token: await server.tokenFor('saksbehandler') },
    );
    const leder = (r: typeof asHandler) =>
      r.body.data.users.nodes.find((u: { username: string }) => u.username === 'leder');
    expect(leder(asHandler).roles).toEqual([]);
    const asAdmin = await server.gql(query, {}, { token: await server.tokenFor('admin') });
    expect(leder(asAdmin).roles).toEqual([{ role: 'LEADER' }]);
  });

  it('node answers null for an id that is unknown or malformed', async () => {
    const token = await server.tokenFor('saksbehandler');
    const res = await server.gql(
      '{ a: node(id: "VW5pdDowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA") { id } b: node(id: "%%%") { id } }',
      {},
      { token },
    );
    expect(res.body.data).toEqual({ a: null, b: null });
  });
});

describe('Errors say what a client may know and nothing more', () => {
  it('a field that does not exist gets no "did you mean" suggestion', async () => {
    const res = await server.gql(
      '{ me { usernam } }',
      {},
      { token: await server.tokenFor('admin') },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.text).not.toMatch(/Did you mean/i);
  });

  it('GET with a mutation is refused, and batching is off', async () => {
    const get = await fetch(
      `${server.url}/graphql?query=${encodeURIComponent('mutation { createUnit(input: { name: "x" }) { id } }')}`,
      { headers: { 'apollo-require-preflight': 'true' } },
    );
    expect(get.status).toBe(405);
    const batch = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]),
    });
    expect(batch.status).toBe(400);
  });
});

describe('Timestamps are ISO 8601 with an offset', () => {
  it('a case answers createdAt as a DateTime', async () => {
    const res = await server.gql(
      '{ cases(first: 3) { edges { node { createdAt } } } }',
      {},
      { token: await server.tokenFor('arkivar') },
    );
    expect(res.body.errors).toBeUndefined();
    for (const e of res.body.data.cases.edges)
      expect(e.node.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  });
});

/** A port some other program holds while `fn` runs. */
async function whileTaken<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  try {
    return await fn((holder.address() as net.AddressInfo).port);
  } finally {
    holder.close();
  }
}

describe('A taken port stops the start with one line naming the setting', () => {
  beforeAll(() => sharedBuild(), 300_000);

  it('the HTTP port: PORT, before the database is opened', async () => {
    const run = await whileTaken((port) =>
      runBuilt('src/main.js', [], {
        PORT: String(port),
        // Nothing answers here: the port is looked at before the database.
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      }).then((r) => ({ ...r, port })),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `PORT ${run.port} is taken by another program (on 127.0.0.1): stop it or set PORT=<a free port>\n`,
    );
  }, 60_000);

  it('the embedded PostgreSQL port: EMBEDDED_POSTGRES_PORT or DATABASE_URL, before initdb', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-port-'));
    try {
      const httpPort = await freePort();
      const run = await whileTaken((port) =>
        runBuilt('src/main.js', [], {
          DATA_DIR: dataDir,
          DATABASE_URL: '',
          EMBEDDED_POSTGRES_PORT: String(port),
          PORT: String(httpPort),
        }).then((r) => ({ ...r, port })),
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `EMBEDDED_POSTGRES_PORT ${run.port} is taken by another program: set EMBEDDED_POSTGRES_PORT=<a free port>, or DATABASE_URL=postgres://… to use a PostgreSQL of your own\n`,
      );
      expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('The command-line tools find the running embedded PostgreSQL by themselves', () => {
  beforeAll(() => sharedBuild(), 300_000);

  it('attach on the port the cluster runs on, whatever EMBEDDED_POSTGRES_PORT says', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-attach-'));
    const [running, configured] = await Promise.all([freePort(), freePort()]);
    const db = await openDatabase(
      loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(running) }),
    );
    try {
      const run = await runBuilt('src/db/cli/migrate.js', [], {
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        EMBEDDED_POSTGRES_PORT: String(configured),
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        `Migrations applied to postgres://postgres:****@127.0.0.1:${running}/arkivgraf`,
      );
    } finally {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('say that no database runs instead of a bare ECONNREFUSED', async () => {
    // What a crash can leave: postmaster.pid naming a live process (here this one) that is no
    // PostgreSQL, on a port where nothing answers.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-refused-'));
    const cluster = path.join(dataDir, 'postgres');
    const port = await freePort();
    mkdirSync(cluster, { recursive: true });
    writeFileSync(path.join(cluster, 'PG_VERSION'), '18\n');
    writeFileSync(
      path.join(cluster, 'postmaster.pid'),
      [process.pid, cluster, '0', port, '/tmp', '127.0.0.1', '0', 'ready', ''].join('\n'),
    );
    try {
      const run = await runBuilt('src/auth/cli/token.js', ['leder'], {
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        AUTH_SECRET: 'attach-test-secret-0123456789abcdefghij',
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `no Arkivgraf database is running on DATA_DIR ${dataDir} (nothing answers on port ${port}); start the server (npm start) or set DATABASE_URL\n`,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('name DATABASE_URL when nothing answers there', async () => {
    const port = await freePort();
    const run = await runBuilt('src/db/cli/migrate.js', [], {
      DATABASE_URL: `postgres://arkivgraf:hemmelig@127.0.0.1:${port}/arkivgraf`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `nothing answers at DATABASE_URL postgres://arkivgraf:****@127.0.0.1:${port}/arkivgraf (connection refused): start that PostgreSQL or set DATABASE_URL to one that runs\n`,
    );
  }, 60_000);
});

describe('A failure is one line, also when a library throws no Error', () => {
  it('gives the message of an Error and says so when nothing came with the failure', () => {
    expect(failureMessage(new Error('PORT 4000 is taken'))).toBe('PORT 4000 is taken');
    expect(failureMessage(undefined)).toBe('failed without saying why (it threw undefined)');
    expect(failureMessage('plain text')).toBe('plain text');
    expect(failureMessage({ code: 'X' })).toBe("{ code: 'X' }");
  });
});

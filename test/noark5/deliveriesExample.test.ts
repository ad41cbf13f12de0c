import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The example client (examples/deliver.ts, `npm run example:deliver`) against a real server: it
 * finds its way from the root by links, and a second run files nothing new. It needs the reads
 * (root → arkivstruktur → arkivdel) and the real deliver (DUPLICATE) of the merged branch.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('the example client delivers a pupil’s case once, however often it runs', () => {
  it('stores each step on the first run and finds each a duplicate on the second', async () => {
    const env = {
      ARKIVGRAF_URL: server.url,
      ARKIVGRAF_TOKEN: await server.tokenFor('elevtjeneste'),
    };
    const first = await runCli('examples/deliver.ts', [], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    for (const step of ['saksmappe', 'journalpost', 'dokumentbeskrivelse', 'fil']) {
      expect(first.stdout).toMatch(new RegExp(`^${step}\\s+STORED`, 'm'));
    }
    const second = await runCli('examples/deliver.ts', [], env);
    expect(second.code).toBe(0);
    for (const step of ['saksmappe', 'journalpost', 'dokumentbeskrivelse', 'fil']) {
      expect(second.stdout).toMatch(new RegExp(`^${step}\\s+DUPLICATE`, 'm'));
    }
    const rows = await server.orm.em
      .fork()
      .getConnection()
      .execute<{ n: string }[]>(`select count(*) as n from case_file where title = ?`, [
        'Elevmappe – Ola Nordmann',
      ]);
    expect(Number(rows[0]!.n)).toBe(1);
  });
});

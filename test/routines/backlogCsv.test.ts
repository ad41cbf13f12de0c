import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/db/sqlTemplate';
import { idOf, toGlobalId } from '../../src/schema/globalId';
import { MARKER } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { parseCsv } from '../support/csv';
import { routineClient } from './approvalSupport';

/**
 * Restanseliste as a download (docs/daily-routines.md, "Restanseliste as a download"): the
 * GraphQL backlog of a unit as CSV for Norwegian Excel, for leaders of the unit or above and
 * archivists, each row as the viewer sees it.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.close());

const { ok, rows, makeCase, post } = routineClient(() => server, 7500);

const HEADERS = [
  'Saksnr',
  'Registrerings-ID',
  'Journalpostnr',
  'Journaldato',
  'Forfallsdato',
  'Type',
  'Tittel',
  'Saksbehandler',
  'Enhet',
  'Dager på vent',
];

const tokens = new Map<string, string>();
async function download(query: string, username?: string) {
  const headers: Record<string, string> = {};
  if (username) {
    if (!tokens.has(username)) tokens.set(username, await server.tokenFor(username));
    headers.authorization = `Bearer ${tokens.get(username)}`;
  }
  const res = await fetch(`${server.url}/reports/restanseliste.csv${query}`, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, text: bytes.toString('utf8') };
}

const unitGid = async (name: string) =>
  toGlobalId(
    'Unit',
    (await rows<{ id: string }>(sql`select id from unit where name = ${name}`))[0]!.id,
  );

const BACKLOG = `query($unitId: ID!, $days: Int, $after: String) {
  backlog(first: 100, after: $after, filter: { unitId: $unitId, olderThanDays: $days }) {
    pageInfo { hasNextPage endCursor }
    nodes { registryId title journalDate dueDate type responsible { displayName } } } }`;

/** The GraphQL backlog of a unit as the viewer sees it, every page. */
async function graphqlBacklog(username: string, unitId: string, days?: number) {
  const all: any[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = await ok(username, BACKLOG, { unitId, days, after });
    all.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return all;
    after = page.pageInfo.endCursor;
  }
}

describe('The restanseliste download is the unit’s backlog as CSV for Norwegian Excel', () => {
  let ppt: string;
  beforeAll(async () => {
    ppt = await unitGid('PPT');
    // A restricted letter three months old with a screened title: leder reads it in full,
    // stab.leder (a unit above) only in its public form.
    const c = await makeCase({ code: '13', group: 'Elev', title: 'Elevsak' });
    const letter = await post(c, 'INCOMING', { title: `Henvisning av {${MARKER}Kari}` });
    await rows(
      sql`update journal_post set journal_date = current_date - 90, journal_year = journal_year
          where id = ${idOf('JournalPost', letter.id)}`,
    );
  });

  it('UTF-8 with BOM, `;`, Norwegian headers, a file name; the rows the GraphQL backlog gives', async () => {
    const { res, bytes, text } = await download(`?unit=${ppt}`, 'leder');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="restanseliste-ppt-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...body] = parseCsv(text.slice(1), ';');
    expect(header).toEqual(HEADERS);
    const expected = await graphqlBacklog('leder', ppt);
    expect(body.length).toBeGreaterThan(1);
    expect(body.map((r) => [r[1], r[6], r[3], r[4], r[7]])).toEqual(
      expected.map((n) => [
        n.registryId,
        n.title.match(/^[=+\-@]/) ? `'${n.title}` : n.title,
        n.journalDate,
        n.dueDate ?? '',
        n.responsible?.displayName ?? '',
      ]),
    );
    for (const r of body) {
      expect(['I', 'N']).toContain(r[5]);
      expect(r[8]).toBe('PPT');
      expect(r[0]).toBe(r[1]!.replace(/-\d+$/, ''));
    }
    expect(text).toContain(MARKER);
  });

  it('leaves out the last three weeks unless olderThanDays says otherwise', async () => {
    const { text } = await download(`?unit=${ppt}`, 'arkivar');
    const waiting = parseCsv(text.slice(1), ';')
      .slice(1)
      .map((r) => Number(r[9]));
    expect(Math.min(...waiting)).toBeGreaterThanOrEqual(21);
    const all = parseCsv(
      (await download(`?unit=${ppt}&olderThanDays=0`, 'arkivar')).text.slice(1),
      ';',
    );
    expect(all.length - 1).toBe((await graphqlBacklog('arkivar', ppt, 0)).length);
  });

  it('a viewer who reads a post only in its public form gets it so, without its handler', async () => {
    const { res, text } = await download(`?unit=${ppt}`, 'stab.leder');
    expect(res.status).toBe(200);
    expect(text).not.toContain(MARKER);
    const body = parseCsv(text.slice(1), ';').slice(1);
    expect(body.map((r) => [r[1], r[6], r[7]])).toEqual(
      (await graphqlBacklog('stab.leder', ppt)).map((n) => [
        n.registryId,
        n.title,
        n.responsible?.displayName ?? '',
      ]),
    );
  });

  it('leaders of the unit or above and archivists; others 403, no token 401, unknown unit 404, bad id 400', async () => {
    for (const who of ['leder', 'stab.leder', 'arkivar']) {
      expect((await download(`?unit=${ppt}`, who)).res.status, who).toBe(200);
    }
    for (const who of ['saksbehandler', 'nav.leder', 'admin']) {
      const { res, text } = await download(`?unit=${ppt}`, who);
      expect(res.status, who).toBe(403);
      expect(JSON.parse(text).errors[0].extensions.code).toBe('FORBIDDEN');
    }
    expect((await download(`?unit=${ppt}`)).res.status).toBe(401);
    const unknown = toGlobalId('Unit', '00000000-0000-4000-8000-000000000000');
    expect((await download(`?unit=${unknown}`, 'leder')).res.status).toBe(404);
    expect((await download(`?unit=nonsense`, 'leder')).res.status).toBe(400);
    expect((await download(`?unit=${ppt}&olderThanDays=x`, 'leder')).res.status).toBe(400);
    expect((await download(``, 'leder')).res.status).toBe(400);
  });
});

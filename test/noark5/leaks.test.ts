import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql } from '../../src/db/sqlTemplate';
import { todayInOslo } from '../../src/domain/workingDays';
import { accessLogSettled } from '../../src/services/accessLog';
import { createPolicyFixtures, type Fixtures, type ViewerName } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Leak probes of the Noark 5 service interface, as test/access/leakProbes.test.ts does for GraphQL:
 * a caller who is not FULL on a record gets, through every path of the interface, only what the
 * SQL gives a REDACTED reader (public title, no screened name, no people) or, when NONE, 404, and
 * no screened value in a field, an error, a count, an order, a next link or a filter match.
 */

/** Viewers that are REDACTED or NONE on the restricted fixture records (the policy matrix). */
const PROBED = [
  'handler',
  'otherLeader',
  'admin',
  'ended',
  'formerEmployee',
] as const satisfies readonly ViewerName[];
/** Records those viewers are not FULL on. */
const HIDDEN = ['elev', 'personal', 'noteN', 'temporary', 'codeXX'] as const;

const API = '/noark5v5/api/';
const REL = 'https://rel.arkivverket.no/noark5/v5/api/';

let server: TestServer;
let fx: Fixtures;
let forbidden: string[];

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  fx = await createPolicyFixtures(server.orm.em.fork(), todayInOslo());
  forbidden = HIDDEN.flatMap((r) => fx.secrets[r]);
  expect(forbidden.length).toBeGreaterThan(8);
});
afterAll(() => server?.close());

function expectNoSecret(text: string): void {
  for (const secret of forbidden) expect(text, `leaked ${secret}`).not.toContain(secret);
}

/** The keyset cursors of next links, decoded: opaque to clients, but no secret may hide in them. */
function decodedTokens(text: string): string {
  return [...text.matchAll(/\$skiptoken=([A-Za-z0-9_-]+)/g)]
    .map((m) => Buffer.from(m[1]!, 'base64url').toString('utf8'))
    .join('\n');
}

async function get(path: string, token: string) {
  const url = path.startsWith('http') ? path : `${server.url}${API}${path}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null };
}

/** Every read path of a record kind's post and case. */
const pathsOf = (r: (typeof HIDDEN)[number]) => [
  `sakarkiv/saksmappe/${fx.cases[r]}/`,
  `sakarkiv/saksmappe/${fx.cases[r]}/journalpost/`,
  `sakarkiv/journalpost/${fx.posts[r]}/`,
  `sakarkiv/journalpost/${fx.posts[r]}/korrespondansepart/`,
  `sakarkiv/journalpost/${fx.posts[r]}/dokumentbeskrivelse/`,
  `arkivstruktur/registrering/${fx.posts[r]}/dokumentbeskrivelse/`,
];

describe.each(PROBED)('Nothing screened reaches %s through the service interface', (viewer) => {
  let token: string;
  beforeAll(async () => {
    token = await server.tokenFor(fx.usernames[viewer]);
  });
  const ask = async (path: string) => {
    const res = await get(path, token);
    expectNoSecret(res.text);
    expectNoSecret(decodedTokens(res.text));
    return res;
  };

  it('when reading each record and its children, or getting 404 for it', async () => {
    for (const r of HIDDEN) {
      for (const path of pathsOf(r)) {
        const res = await ask(path);
        expect([200, 404], path).toContain(res.status);
        for (const c of res.body.results ?? []) {
          if (c.korrespondanseparttype) await ask(c._links.self.href);
        }
      }
    }
  });

  it('when listing every case, post and class', async () => {
    await ask('sakarkiv/saksmappe/?$top=100');
    await ask('sakarkiv/journalpost/?$top=100');
    await ask(`arkivstruktur/klasse/${fx.elevClass}/`);
    const systems = await ask('arkivstruktur/klassifikasjonssystem/');
    for (const s of systems.body.results ?? []) {
      await ask(s._links[`${REL}arkivstruktur/klasse/`].href);
    }
  });

  it('when filtering by a screened word: no match and a count of zero', async () => {
    for (const list of ['sakarkiv/saksmappe/', 'sakarkiv/journalpost/']) {
      for (const secret of forbidden) {
        for (const filter of [
          `contains(tittel,'${secret}')`,
          `substringof('${secret}',tittel)`,
          `tittel eq '${secret}'`,
        ]) {
          // The self link repeats the client's own filter: everything else must hold no secret.
          const res = await get(`${list}?$filter=${encodeURIComponent(filter)}`, token);
          expect(res.status).toBe(200);
          expectNoSecret(JSON.stringify({ ...res.body, _links: { next: res.body._links.next } }));
          expect(res.body.count, `${list} ${filter}`).toBe(0);
          expect(res.body).not.toHaveProperty('results');
        }
      }
    }
  });

  it('when ordering by title either way and following next links: nothing screened in a token', async () => {
    for (const direction of ['asc', 'desc']) {
      let href: string | undefined =
        `${server.url}${API}sakarkiv/journalpost/?$top=2&$orderby=tittel ${direction}`;
      while (href) {
        const page = await ask(href);
        expect(page.status).toBe(200);
        href = page.body._links.next?.href;
      }
    }
  });

  it('when a request is malformed or refused', async () => {
    await ask(`sakarkiv/saksmappe/?$filter=${encodeURIComponent('hemmelig eq 1')}`);
    await ask(`sakarkiv/saksmappe/${fx.cases.elev}/ny-journalpost-ukjent/`);
  });
});

describe('Without a token, nothing: every path is 401 and names nothing of the record', () => {
  it('for every read path of every restricted record', async () => {
    for (const r of HIDDEN) {
      for (const path of pathsOf(r)) {
        const res = await fetch(`${server.url}${API}${path}`);
        const text = await res.text();
        expect(res.status, path).toBe(401);
        expectNoSecret(text);
      }
    }
  });
});

describe('A caller who may not see a record (NONE) gets 404 on every path of it, never 403', () => {
  it('for a user without any internal access left', async () => {
    const token = await server.tokenFor(fx.usernames.formerEmployee);
    const probe = await get('sakarkiv/saksmappe/?$top=1', token);
    // Only meaningful when this viewer is NONE on the records (the policy matrix says so).
    expect(probe.body.count).toBe(0);
    for (const r of HIDDEN) {
      for (const path of pathsOf(r)) {
        const res = await get(path, token);
        expect(res.status, path).toBe(404);
        expect(res.body.feil.kode).toBe(404);
      }
    }
  });
});

describe('A REDACTED reader gets the public forms; a FULL reader the record, noted in the access log', () => {
  it('the handler reads the elev case with its public title and no access group; the archivist in full', async () => {
    const handler = await get(
      `sakarkiv/saksmappe/${fx.cases.elev}/`,
      await server.tokenFor(fx.usernames.handler),
    );
    expect(handler.status).toBe(200);
    expect(handler.body.tittel).toBe(handler.body.offentligTittel);
    expect(handler.body).not.toHaveProperty('virksomhetsspesifikkeMetadata');
    expect(handler.body).not.toHaveProperty('saksansvarlig');
    expect(handler.body.skjerming?.tilgangsrestriksjon).toBeDefined();
    expect(handler.body.skjerming?.skjermingshjemmel).toEqual(expect.any(String));
    // Write rights never exceed read rights: no ny-* relation on a record read REDACTED.
    expect(handler.text).not.toContain('/ny-');

    const archivist = await get(
      `sakarkiv/saksmappe/${fx.cases.elev}/`,
      await server.tokenFor(fx.usernames.archivist),
    );
    expect(archivist.body.tittel).not.toBe(archivist.body.offentligTittel);
    expect(archivist.body.virksomhetsspesifikkeMetadata).toHaveProperty([
      'vnd-arkivgraf-v1:tilgangsgruppe',
    ]);
    await accessLogSettled();
    const logged = await query<{ n: string }>(
      server.orm.em.fork(),
      sql`select count(*) as n from audit_event e join app_user u on u.id = e.actor_id
        where e.action = 'case.readFull' and e.target_id = ${fx.cases.elev}
          and u.username = ${fx.usernames.archivist}`,
    );
    expect(Number(logged[0]!.n)).toBeGreaterThan(0);
  });
});

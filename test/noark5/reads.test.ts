import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

const REL = 'https://rel.arkivverket.no/noark5/v5/api/';

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startTestServer();
  token = await server.tokenFor('arkivar');
});
afterAll(() => server.close());

interface Answer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** GET an absolute href or a path, as `as` (the archivist unless told). */
async function get(
  href: string,
  headers: Record<string, string> = {},
  as = token,
): Promise<Answer> {
  const url = href.startsWith('http') ? href : `${server.url}${href}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${as}`, ...headers } });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** Follow the relation `name` of an object: its href, fetched. */
async function follow(object: any, name: string, headers: Record<string, string> = {}) {
  const link = object._links[`${REL}${name}/`];
  expect(link, `the relation ${name}`).toBeDefined();
  return get(link.href, headers);
}

async function caseByNumber(mappeID: string) {
  const list = await get(
    `/noark5v5/api/sakarkiv/saksmappe/?$filter=${encodeURIComponent(`mappeID eq '${mappeID}'`)}`,
  );
  expect(list.status).toBe(200);
  expect(list.body.count).toBe(1);
  return list.body.results[0];
}

describe('a client finds everything from the root by following relations', () => {
  it('goes from the root through sakarkiv to a case, its posts, correspondents, descriptions, objects and a file', async () => {
    const root = await get('/noark5v5/api/');
    const sakarkiv = await follow(root.body, 'sakarkiv');
    expect(sakarkiv.status).toBe(200);
    const cases = await follow(sakarkiv.body, 'sakarkiv/saksmappe');
    expect(cases.status).toBe(200);
    expect(cases.body.count).toBeGreaterThan(25);
    expect(cases.body.results).toHaveLength(25);
    expect(cases.body._links.next.href).toContain('$skiptoken=');

    // A case with documents: the first with a post that has a file.
    const withFile = await server.orm.em
      .fork()
      .getConnection()
      .execute<{ case_id: string }[]>(
        `select jp.case_id from document d join document_description dd on dd.id = d.document_description_id
        join journal_post jp on jp.id = dd.journal_post_id where d.replaced_at is null and d.variant = 'ARCHIVE'
        order by jp.case_id limit 1`,
      );
    const caseId = withFile[0]!.case_id;
    const saksmappe = await get(`/noark5v5/api/sakarkiv/saksmappe/${caseId}/`);
    expect(saksmappe.status).toBe(200);
    expect(saksmappe.body).toMatchObject({
      systemID: caseId,
      mappeID: expect.stringMatching(/^\d{4}\/\d+$/),
      saksstatus: { kode: expect.any(String), kodenavn: expect.any(String) },
      administrativEnhet: expect.any(String),
    });
    expect(saksmappe.body._links.self.href).toBe(
      saksmappe.body._links[`${REL}sakarkiv/saksmappe/`].href,
    );
    const keys = Object.keys(saksmappe.body._links);
    expect(keys).toEqual([...keys].sort());

    const posts = await follow(saksmappe.body, 'sakarkiv/journalpost');
    expect(posts.body.count).toBeGreaterThan(0);
    const post = posts.body.results[0];
    expect(post).toMatchObject({
      registreringsID: `${saksmappe.body.mappeID}-${post.journalpostnummer}`,
      journalposttype: { kode: expect.stringMatching(/^[IUNXS]$/) },
      journalstatus: { kode: expect.any(String) },
      journaldato: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(Object.keys(post._links)).toEqual(
      expect.arrayContaining([
        'self',
        `${REL}arkivstruktur/dokumentbeskrivelse/`,
        `${REL}arkivstruktur/korrespondansepart/`,
        `${REL}arkivstruktur/mappe/`,
        `${REL}sakarkiv/journalpost/`,
        `${REL}sakarkiv/saksmappe/`,
      ]),
    );
    const correspondents = await follow(post, 'arkivstruktur/korrespondansepart');
    expect(correspondents.status).toBe(200);
    // The few children of one record come whole: paging options are refused, not ignored.
    const paged = await get(
      `${post._links[`${REL}arkivstruktur/korrespondansepart/`].href}?$top=1`,
    );
    expect(paged.status).toBe(400);
    for (const c of correspondents.body.results ?? []) {
      expect(c.korrespondanseparttype.kode).toMatch(/^(EA|EM|EK|IA|IM|IK)$/);
    }

    const descriptions = await follow(post, 'arkivstruktur/dokumentbeskrivelse');
    expect(descriptions.body.count).toBeGreaterThan(0);
    const main = descriptions.body.results.find((d: any) => d.dokumentnummer === 1);
    expect(main).toMatchObject({ tilknyttetRegistreringSom: { kode: 'H' }, dokumentstatus: {} });
    const objects = await follow(main, 'arkivstruktur/dokumentobjekt');
    const archive = objects.body.results.find((o: any) => o.variantformat.kode === 'A');
    expect(archive).toMatchObject({
      sjekksumAlgoritme: 'SHA-256',
      mimeType: 'application/pdf',
      filstoerrelse: expect.any(Number),
    });
    expect(archive.referanseDokumentfil).toBe(archive._links[`${REL}arkivstruktur/fil/`].href);

    const file = await get(archive.referanseDokumentfil);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.text.startsWith('%PDF-')).toBe(true);
    expect(Number(file.headers.get('content-length'))).toBe(archive.filstoerrelse);

    const refused = await get(archive.referanseDokumentfil, { accept: 'text/plain' });
    expect(refused.status).toBe(406);
    expect(refused.body.feil.kode).toBe(406);
  });

  it('lists arkivstruktur: archives, their parts, classification systems and classes', async () => {
    const listing = await get('/noark5v5/api/arkivstruktur/');
    const arkiver = await follow(listing.body, 'arkivstruktur/arkiv');
    expect(arkiver.body.count).toBeGreaterThan(0);
    const parts = await follow(arkiver.body.results[0], 'arkivstruktur/arkivdel');
    expect(parts.body.results[0]).toMatchObject({ arkivdelstatus: { kode: expect.any(String) } });
    const active = parts.body.results.find((p: any) => p.arkivdelstatus.kode === 'A');
    const mapper = await follow(active, 'arkivstruktur/mappe');
    expect(mapper.status).toBe(200);
    expect(mapper.body.count).toBeGreaterThan(0);
    expect(mapper.body.results[0]._links[`${REL}arkivstruktur/arkivdel/`].href).toBe(
      active._links.self.href,
    );
    const systems = await follow(listing.body, 'arkivstruktur/klassifikasjonssystem');
    expect(systems.body.count).toBeGreaterThan(0);
    const classes = await follow(systems.body.results[0], 'arkivstruktur/klasse');
    expect(classes.status).toBe(200);
    const klasse = classes.body.results[0];
    expect(klasse).toMatchObject({ klasseID: expect.any(String), tittel: expect.any(String) });
    const self = await get(klasse._links.self.href);
    expect(self.body.systemID).toBe(klasse.systemID);
  });
});

describe('write relations appear only where the viewer may do that write', () => {
  it('the archivist sees ny-journalpost on an open case and ny-saksmappe on the active arkivdel', async () => {
    const sakarkiv = await get('/noark5v5/api/sakarkiv/');
    expect(sakarkiv.body._links[`${REL}sakarkiv/ny-saksmappe/`]).toBeDefined();
    const open = await get(
      `/noark5v5/api/sakarkiv/saksmappe/?$filter=${encodeURIComponent("saksstatus/kode eq 'B'")}&$top=1`,
    );
    expect(open.body.results[0]._links[`${REL}sakarkiv/ny-journalpost/`]).toBeDefined();
  });

  it('the archivist sees the post’s and the description’s ny-* relations on a post still open for changes', async () => {
    const reserved = await get(
      `/noark5v5/api/sakarkiv/journalpost/?$filter=${encodeURIComponent("journalstatus/kode eq 'R'")}&$top=1`,
    );
    expect(reserved.body.count).toBeGreaterThan(0);
    const post = reserved.body.results[0];
    for (const name of [
      'arkivstruktur/ny-korrespondansepartperson',
      'arkivstruktur/ny-korrespondansepartenhet',
      'arkivstruktur/ny-korrespondansepartintern',
      'arkivstruktur/ny-dokumentbeskrivelse',
    ]) {
      expect(post._links[`${REL}${name}/`], name).toBeDefined();
    }
    const descriptions = await follow(post, 'arkivstruktur/dokumentbeskrivelse');
    for (const d of descriptions.body.results ?? []) {
      expect(d._links[`${REL}arkivstruktur/ny-dokumentobjekt/`]).toBeDefined();
    }
    // A post that is archived (content locked) offers none of them.
    const archived = await get(
      `/noark5v5/api/sakarkiv/journalpost/?$filter=${encodeURIComponent("journalstatus/kode eq 'A'")}&$top=1`,
    );
    if (archived.body.count > 0)
      expect(JSON.stringify(archived.body.results[0]._links)).not.toContain('/ny-');
  });

  it('an insight handler, who registers nothing, sees no ny-* relation', async () => {
    const insight = await server.tokenFor('innsyn');
    const sakarkiv = await get('/noark5v5/api/sakarkiv/', {}, insight);
    expect(Object.keys(sakarkiv.body._links).some((k) => k.includes('/ny-'))).toBe(false);
    const list = await get('/noark5v5/api/sakarkiv/saksmappe/?$top=100', {}, insight);
    expect(list.text).not.toContain('/ny-');
  });
});

describe('lists page with $top, $skip and the next link, counted among what the viewer sees', () => {
  it('follows next links to the end without repeating or skipping a case', async () => {
    const all = await get('/noark5v5/api/sakarkiv/saksmappe/?$top=100');
    const seen: string[] = [];
    let href: string | undefined =
      `${server.url}/noark5v5/api/sakarkiv/saksmappe/?$top=7&$orderby=tittel desc`;
    while (href) {
      const page = await get(href);
      expect(page.status).toBe(200);
      seen.push(...page.body.results.map((r: any) => r.systemID));
      href = page.body._links.next?.href;
    }
    expect(seen).toHaveLength(all.body.count);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('pages journal posts by date and by creation, either way, to the end', async () => {
    const all = await get('/noark5v5/api/sakarkiv/journalpost/?$top=1');
    for (const order of ['journaldato desc', 'opprettetDato', 'registreringsID desc']) {
      const seen = new Set<string>();
      let href: string | undefined =
        `${server.url}/noark5v5/api/sakarkiv/journalpost/?$top=50&$orderby=${encodeURIComponent(order)}`;
      while (href) {
        const page = await get(href);
        expect(page.status, order).toBe(200);
        for (const r of page.body.results) seen.add(r.systemID);
        href = page.body._links.next?.href;
      }
      expect(seen.size, order).toBe(all.body.count);
    }
  });

  it('answers an empty list with count 0 and no results member', async () => {
    const none = await get(
      `/noark5v5/api/sakarkiv/saksmappe/?$filter=${encodeURIComponent("tittel eq 'ingen slik sak'")}`,
    );
    expect(none.status).toBe(200);
    expect(none.body.count).toBe(0);
    expect(none.body).not.toHaveProperty('results');
    expect(none.body._links).not.toHaveProperty('next');
  });

  it('refuses $top over 100, $skip over the cap, and unknown fields and options with 400 naming them', async () => {
    const cases = [
      ['$top=101', '$top'],
      ['$skip=100000', 'next'],
      [`$filter=${encodeURIComponent("hemmelig eq 'x'")}`, 'hemmelig'],
      [`$filter=${encodeURIComponent("endswith(tittel,'x')")}`, 'endswith'],
      [`$filter=${encodeURIComponent('tittel eq')}`, 'ends too early'],
      ['$expand=journalpost', '$expand'],
      ['$skiptoken=bogus', '$skiptoken'],
    ];
    for (const [query, named] of cases) {
      const res = await get(`/noark5v5/api/sakarkiv/saksmappe/?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.feil.kode).toBe(400);
      expect(res.body.feil.beskrivelse).toContain(named);
    }
  });

  it('filters journal posts by year, dates and the case', async () => {
    const saksmappe = await caseByNumber('2025/14');
    const filter = `saksmappe/systemID eq '${saksmappe.systemID}' and year(journaldato) ge 2000 and journaldato le DateTime'2100-01-01'`;
    const posts = await get(
      `/noark5v5/api/sakarkiv/journalpost/?$filter=${encodeURIComponent(filter)}`,
    );
    expect(posts.status).toBe(200);
    const direct = await follow(saksmappe, 'sakarkiv/journalpost');
    expect(posts.body.count).toBe(direct.body.count);
  });
});

describe('single records carry an ETag; a matching If-None-Match is answered 304', () => {
  it('for a saksmappe and a journalpost', async () => {
    const saksmappe = await caseByNumber('2025/14');
    const first = await get(saksmappe._links.self.href);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"\d+"$/);
    const again = await get(saksmappe._links.self.href, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    const posts = await follow(saksmappe, 'sakarkiv/journalpost');
    const post = await get(posts.body.results[0]._links.self.href);
    expect(post.headers.get('etag')).toMatch(/^"\d+"$/);
    const other = await get(posts.body.results[0]._links.self.href, {
      'if-none-match': '"999999"',
    });
    expect(other.status).toBe(200);
  });

  it('answers 404 in the standard’s shape for an unknown or malformed systemID', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await get(`/noark5v5/api/sakarkiv/saksmappe/${id}/`);
      expect(res.status).toBe(404);
      expect(res.body.feil.kode).toBe(404);
    }
  });
});

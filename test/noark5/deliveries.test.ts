import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/schema/globalId';
import { pdfa2b } from '../support/pdf';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Deliveries of a specialist system through the Noark 5 service interface: the conversation of
 * the standard (new saksmappe → journalpost → dokumentbeskrivelse → dokumentobjekt → file) found
 * by following links from the root, as a client written from the standard finds it; the record
 * read back through the interface and GraphQL; idempotency by the sender's key; access; bad input
 * refused with nothing half-written; and the archive log saying what happened to each attempt.
 */

let server: TestServer;
const NOARK = 'application/vnd.noark5+json';
const API = '/noark5v5/api';
const REL = 'https://rel.arkivverket.no/noark5/v5/api/';

beforeAll(async () => {
  server = await startTestServer({
    env: { REQUEST_BODY_LIMIT: '20kb', DOCUMENT_MAX_BYTES: '200000' },
  });
});
afterAll(() => server.close());

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function call(
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(path.startsWith('http') ? path : `${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && !Buffer.isBuffer(body) ? { 'content-type': NOARK } : {}),
      ...headers,
    },
    body:
      body === undefined
        ? undefined
        : Buffer.isBuffer(body)
          ? new Uint8Array(body)
          : typeof body === 'string'
            ? body
            : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const rows = await server.orm.em.fork().getConnection().execute<{ n: string }[]>(sql, params);
  return Number(rows[0]!.n);
}

/** The href of `relation` (the standard's relation key) in an object's `_links`. */
function follow(object: { _links: Record<string, { href: string }> }, relation: string): string {
  const link = object._links[`${REL}${relation}/`];
  if (!link) throw new Error(`no ${relation} in ${Object.keys(object._links).join(', ')}`);
  return link.href;
}

/** Root → arkivstruktur → arkivdel list → the active arkivdel → its ny-saksmappe. */
async function newCaseHref(token: string): Promise<string> {
  const root = await call('GET', `${API}/`, token);
  const structure = await call('GET', follow(root.body, 'arkivstruktur'), token);
  const parts = await call('GET', follow(structure.body, 'arkivstruktur/arkivdel'), token);
  const active = parts.body.results.find(
    (p: { arkivdelstatus?: { kode: string } }) => p.arkivdelstatus?.kode === 'A',
  );
  return follow(active, 'sakarkiv/ny-saksmappe');
}

/** The main document (dokumentbeskrivelse H) of a letter in a new pupil's case, by links. */
async function mainDocumentOfNewPost(token: string, title: string): Promise<Answer> {
  const made = await call('POST', await newCaseHref(token), token, pupilCase(title));
  const post = await call('POST', follow(made.body, 'sakarkiv/ny-journalpost'), token, {
    tittel: 'Brev om Ola',
    offentligTittel: 'Brev',
    journalposttype: { kode: 'I' },
  });
  return call('POST', follow(post.body, 'arkivstruktur/ny-dokumentbeskrivelse'), token, {
    tittel: 'Brev',
    tilknyttetRegistreringSom: { kode: 'H' },
  });
}

interface LogRow {
  status: string;
  error_code: string | null;
  reason: string | null;
  record_id: string | null;
}

/** The archive log's entries of one key, oldest first. */
const logOfKey = (key: string) =>
  server.orm.em
    .fork()
    .getConnection()
    .execute<LogRow[]>(
      `select status, error_code, reason, record_id from delivery where idempotency_key = ? order by received_at, id`,
      [key],
    );

/** A sender's key: printable ASCII, derived from what it delivers. */
const keyOf = (step: string, title: string) =>
  `${step}-${createHash('sha256').update(title).digest('hex').slice(0, 32)}`;

const casesTitled = (title: string) =>
  count('select count(*) as n from case_file where title = ?', [title]);

/** A pupil's case as Visma Flyt Skole would deliver it: screened §13, access group Elev. */
const pupilCase = (title: string) => ({
  tittel: title,
  offentligTittel: 'Elevmappe',
  administrativEnhet: 'Vennesla skole',
  skjerming: {
    tilgangsrestriksjon: { kode: '13', kodenavn: 'Taushetsplikt' },
    skjermingshjemmel: 'Offl. § 13, jf. fvl. § 13',
  },
  virksomhetsspesifikkeMetadata: { 'vnd-arkivgraf-v1:tilgangsgruppe': 'Elev' },
});

describe('a specialist system delivers a case with a letter and its file, as the standard’s conversation goes', () => {
  it('follows the links from the root to make the saksmappe, journalpost, document and file, and reads them back', async () => {
    const token = await server.tokenFor('visma-flyt-skole');
    const newCase = await newCaseHref(token);

    const template = await call('GET', newCase, token);
    expect(template.status).toBe(200);
    expect(template.body).toMatchObject({ administrativEnhet: 'Vennesla skole' });
    expect(template.body._links.self).toBeUndefined();

    const title = `Elevmappe – Ola Nordmann ${randomUUID()}`;
    const made = await call('POST', newCase, token, pupilCase(title), {
      'Idempotency-Key': keyOf('case', title),
    });
    expect(made.status).toBe(201);
    expect(made.headers.get('x-delivery-status')).toBe('STORED');
    const etag = made.headers.get('etag');
    expect(etag).toMatch(/^"\d+"$/);
    const caseId: string = made.body.systemID;
    const caseHref = `${server.url}${API}/sakarkiv/saksmappe/${caseId}/`;
    expect(made.headers.get('location')).toBe(caseHref);
    expect(made.body._links.self.href).toBe(caseHref);

    const newPost = follow(made.body, 'sakarkiv/ny-journalpost');
    const postTemplate = await call('GET', newPost, token);
    expect(postTemplate.body.journalposttype.kode).toBe('I');

    const post = await call(
      'POST',
      newPost,
      token,
      {
        tittel: 'Søknad om permisjon fra foreldrene',
        offentligTittel: 'Søknad om permisjon',
        journalposttype: { kode: 'I' },
        dokumentetsDato: '2026-11-30',
        korrespondansepart: [
          {
            korrespondanseparttype: { kode: 'EA' },
            navn: 'Kari Nordmann',
            postadresse: {
              adresselinje1: 'Skolevegen 1',
              postnummer: '4700',
              poststed: 'Vennesla',
            },
          },
        ],
      },
      { 'Idempotency-Key': keyOf('post', title) },
    );
    expect(post.status).toBe(201);

    const copy = await call(
      'POST',
      follow(post.body, 'arkivstruktur/ny-korrespondansepartperson'),
      token,
      {
        korrespondanseparttype: { kode: 'EK' },
        navn: 'Per Nordmann',
      },
    );
    expect(copy.status).toBe(201);

    const description = await call(
      'POST',
      follow(post.body, 'arkivstruktur/ny-dokumentbeskrivelse'),
      token,
      {
        tittel: 'Søknad om permisjon',
        tilknyttetRegistreringSom: { kode: 'H' },
        dokumenttype: { kode: 'B' },
        dokumentstatus: { kode: 'B' },
      },
    );
    expect(description.status).toBe(201);

    const file = pdfa2b('Søknad om permisjon');
    const sha256 = createHash('sha256').update(file).digest('hex');
    const declared = await call(
      'POST',
      follow(description.body, 'arkivstruktur/ny-dokumentobjekt'),
      token,
      {
        variantformat: { kode: 'A' },
        format: { kode: 'fmt/476' },
        mimeType: 'application/pdf',
        filnavn: 'soknad.pdf',
        sjekksum: sha256,
        sjekksumAlgoritme: 'SHA256',
        filstoerrelse: file.length,
      },
    );
    expect(declared.status).toBe(202);

    const uploaded = await call('POST', follow(declared.body, 'arkivstruktur/fil'), token, file, {
      'content-type': 'application/pdf',
      'Idempotency-Key': keyOf('file', title),
    });
    expect(uploaded.status).toBe(201);
    expect(uploaded.headers.get('location')).toContain('/arkivstruktur/dokumentobjekt/');
    expect(uploaded.body).toMatchObject({ filnavn: 'soknad.pdf', sjekksum: sha256 });

    const gql = await server.gql(
      `query ($id: ID!) { case(id: $id) { caseNumber title accessGroup { name }
         screening { code { code } }
         journalPosts(first: 5) { nodes { registryId title correspondents { name }
           documents { fileName variant } } } } }`,
      { id: toGlobalId('Case', caseId) },
      { token },
    );
    expect(gql.body.errors).toBeUndefined();
    const c = gql.body.data.case;
    expect(c.title).toBe(title);
    expect(c.caseNumber).toMatch(/^\d{4}\/\d+$/);
    expect(c.accessGroup.name).toBe('Elev');
    expect(c.screening.code.code).toBe('13');
    const [p] = c.journalPosts.nodes;
    expect(p.registryId).toBe(`${c.caseNumber}-1`);
    expect(p.correspondents.map((x: { name: string }) => x.name)).toEqual([
      'Kari Nordmann',
      'Per Nordmann',
    ]);
    expect(p.documents).toEqual([{ fileName: 'soknad.pdf', variant: 'ARCHIVE' }]);

    const saksmappe = await call('GET', caseHref, token);
    expect(saksmappe.status).toBe(200);
    expect(saksmappe.headers.get('etag')).toBe(etag);
    expect(saksmappe.body).toMatchObject({
      systemID: caseId,
      mappeID: c.caseNumber,
      tittel: title,
      offentligTittel: 'Elevmappe',
      administrativEnhet: 'Vennesla skole',
      skjerming: {
        tilgangsrestriksjon: { kode: '13' },
        skjermingshjemmel: 'Offl. § 13, jf. fvl. § 13',
      },
      virksomhetsspesifikkeMetadata: { 'vnd-arkivgraf-v1:tilgangsgruppe': 'Elev' },
    });

    const posts = await call('GET', follow(saksmappe.body, 'sakarkiv/journalpost'), token);
    expect(posts.body.count).toBe(1);
    const journalpost = await call('GET', posts.body.results[0]._links.self.href, token);
    expect(journalpost.status).toBe(200);
    expect(journalpost.body).toMatchObject({
      systemID: post.body.systemID,
      registreringsID: `${c.caseNumber}-1`,
      journalpostnummer: 1,
      tittel: 'Søknad om permisjon fra foreldrene',
      offentligTittel: 'Søknad om permisjon',
      journalposttype: { kode: 'I' },
      dokumentetsDato: '2026-11-30',
    });
    expect(follow(journalpost.body, 'sakarkiv/saksmappe')).toBe(caseHref);
  });

  it('refuses a file that does not match the sjekksum declared for it, and keeps none', async () => {
    const token = await server.tokenFor('visma-flyt-skole');
    const description = await mainDocumentOfNewPost(token, `Sjekksum ${randomUUID()}`);
    const declared = await call(
      'POST',
      follow(description.body, 'arkivstruktur/ny-dokumentobjekt'),
      token,
      { variantformat: { kode: 'P' }, sjekksum: '0'.repeat(64), filstoerrelse: 10 },
    );
    const before = await count('select count(*) as n from document');
    const refused = await call(
      'POST',
      follow(declared.body, 'arkivstruktur/fil'),
      token,
      pdfa2b('Brev'),
      { 'content-type': 'application/pdf' },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.feil.kode).toBe(400);
    expect(await count('select count(*) as n from document')).toBe(before);
  });
});

describe('the same delivery twice makes one record (Idempotency-Key)', () => {
  it('answers the second delivery 200 DUPLICATE with the same record; the log has both', async () => {
    const token = await server.tokenFor('visma-flyt-skole');
    const title = `Idempotent ${randomUUID()}`;
    const path = await newCaseHref(token);
    const first = await call('POST', path, token, pupilCase(title), {
      'Idempotency-Key': keyOf('case', title),
    });
    const second = await call('POST', path, token, pupilCase(title), {
      'Idempotency-Key': keyOf('case', title),
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers.get('x-delivery-status')).toBe('DUPLICATE');
    expect(second.body.systemID).toBe(first.body.systemID);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await casesTitled(title)).toBe(1);
    const record = first.body.systemID;
    expect(await logOfKey(keyOf('case', title))).toEqual([
      { status: 'STORED', error_code: null, reason: null, record_id: record },
      { status: 'DUPLICATE', error_code: null, reason: null, record_id: record },
    ]);
  });

  it('makes one record of twenty parallel deliveries with the same key; the log has one STORED, nineteen DUPLICATE', async () => {
    const token = await server.tokenFor('visma-flyt-skole');
    const title = `Parallel ${randomUUID()}`;
    const path = await newCaseHref(token);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        call('POST', path, token, pupilCase(title), { 'Idempotency-Key': keyOf('case', title) }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
    expect(new Set(answers.map((a) => a.body.systemID)).size).toBe(1);
    expect(await casesTitled(title)).toBe(1);
    const log = await logOfKey(keyOf('case', title));
    expect(log.filter((e) => e.status === 'STORED')).toHaveLength(1);
    expect(log.filter((e) => e.status === 'DUPLICATE')).toHaveLength(19);
    expect(new Set(log.map((e) => e.record_id))).toEqual(new Set([answers[0]!.body.systemID]));
  });

  it('refuses a different body under a key already used (409), making nothing; the log says CONFLICT', async () => {
    const token = await server.tokenFor('visma-flyt-skole');
    const title = `Changed ${randomUUID()}`;
    const path = await newCaseHref(token);
    await call('POST', path, token, pupilCase(title), { 'Idempotency-Key': keyOf('case', title) });
    const changed = await call('POST', path, token, pupilCase(`${title} (changed)`), {
      'Idempotency-Key': keyOf('case', title),
    });
    expect(changed.status).toBe(409);
    expect(changed.body.feil.kode).toBe(409);
    expect(await casesTitled(`${title} (changed)`)).toBe(0);
    const [stored, refused] = await logOfKey(keyOf('case', title));
    expect(stored!.status).toBe('STORED');
    expect(refused).toEqual({
      status: 'REFUSED',
      error_code: 'CONFLICT',
      reason: changed.body.feil.beskrivelse,
      record_id: null,
    });
    expect(refused!.reason).not.toContain(title);
  });
});

describe('a sender delivers only where they may write, and learns nothing of what they do not see', () => {
  it('refuses a saksmappe for a unit the sender has no grant in (403)', async () => {
    const token = await server.tokenFor('nav.saksbehandler');
    const title = `Not mine ${randomUUID()}`;
    const refused = await call('POST', await newCaseHref(token), token, {
      tittel: title,
      administrativEnhet: 'Vennesla skole',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.feil.kode).toBe(403);
    expect(await casesTitled(title)).toBe(0);
  });

  it('refuses a journalpost in a screened saksmappe of another unit (403), and one that does not exist (404)', async () => {
    const owner = await server.tokenFor('visma-flyt-skole');
    const made = await call(
      'POST',
      await newCaseHref(owner),
      owner,
      pupilCase(`Hidden ${randomUUID()}`),
    );
    const outsider = await server.tokenFor('nav.saksbehandler');
    const before = await count('select count(*) as n from journal_post');
    const letter = {
      tittel: 'Brev om Ola',
      offentligTittel: 'Brev',
      journalposttype: { kode: 'I' },
    };
    const screened = await call(
      'POST',
      `${API}/sakarkiv/saksmappe/${made.body.systemID}/ny-journalpost`,
      outsider,
      letter,
    );
    expect(screened.status).toBe(403);
    const missing = randomUUID();
    const template = await call(
      'GET',
      `${API}/sakarkiv/saksmappe/${missing}/ny-journalpost`,
      outsider,
    );
    expect(template.status).toBe(404);
    const post = await call(
      'POST',
      `${API}/sakarkiv/saksmappe/${missing}/ny-journalpost`,
      outsider,
      letter,
    );
    expect(post.status).toBe(404);
    expect(post.body.feil).toMatchObject({ kode: 404 });
    expect(await count('select count(*) as n from journal_post')).toBe(before);
  });
});

describe('the owner of a specialist system reads each refusal in its archive log, with the reason the sender got', () => {
  const ENTRIES = `query Log($systemId: ID) {
    archiveLog(systemId: $systemId, first: 100) {
      nodes { operation key status errorCode reason sender { username } record { id } }
    }
  }`;

  /** The archive log of the system `name`, as `reader` reads it. */
  async function logAs(reader: string, name: string) {
    const token = await server.tokenFor(reader);
    const systems = await server.gql('{ specialistSystems { nodes { id name } } }', {}, { token });
    const system = systems.body.data.specialistSystems.nodes.find(
      (s: { name: string }) => s.name === name,
    );
    const log = await server.gql(ENTRIES, { systemId: system?.id ?? null }, { token });
    expect(log.body.errors).toBeUndefined();
    return log.body.data.archiveLog.nodes as {
      key: string | null;
      status: string;
      errorCode: string | null;
      reason: string | null;
      sender: { username: string };
      record: { id: string } | null;
    }[];
  }

  it('a saksmappe for a unit the system has no grant in: REFUSED FORBIDDEN, read by its owner only', async () => {
    const token = await server.tokenFor('visma-flyt-ppt');
    const title = `Henvisning til feil eining ${randomUUID()}`;
    const key = keyOf('case', title);
    const refused = await call(
      'POST',
      await newCaseHref(token),
      token,
      { tittel: title, administrativEnhet: 'Vennesla skole' },
      { 'Idempotency-Key': key },
    );
    expect(refused.status).toBe(403);
    expect(await casesTitled(title)).toBe(0);

    const entry = (await logAs('leder', 'Visma Flyt PPT')).find((e) => e.key === key);
    expect(entry).toEqual({
      operation: 'NEW_CASE_FILE',
      key,
      status: 'REFUSED',
      errorCode: 'FORBIDDEN',
      reason: refused.body.feil.beskrivelse,
      sender: { username: 'visma-flyt-ppt' },
      record: null,
    });
    expect(entry!.reason).not.toContain(title);
    const school = await logAs('skole.leder', 'Visma Flyt PPT');
    expect(school.find((e) => e.key === key)).toBeUndefined();
  });

  it('bad input (a saksmappe without tittel): REFUSED BAD_USER_INPUT', async () => {
    const token = await server.tokenFor('visma-flyt-skole');
    const key = `no-title-${randomUUID()}`;
    const { tittel: _, ...untitled } = pupilCase('');
    const refused = await call('POST', await newCaseHref(token), token, untitled, {
      'Idempotency-Key': key,
    });
    expect(refused.status).toBe(400);
    const entry = (await logAs('skole.leder', 'Visma Flyt Skole')).find((e) => e.key === key);
    expect(entry).toMatchObject({
      status: 'REFUSED',
      errorCode: 'BAD_USER_INPUT',
      reason: refused.body.feil.beskrivelse,
      sender: { username: 'visma-flyt-skole' },
      record: null,
    });
  });

  it('a delivery refused before its body is read (malformed JSON, unknown fields, another media type, a parent it does not see) is logged too', async () => {
    const token = await server.tokenFor('visma-flyt-skole');
    const path = await newCaseHref(token);
    const attempts: [string, Promise<Answer>][] = [];
    for (const [name, body, headers] of [
      ['malformed', '{"tittel": ', {}],
      ['unknown', { tittel: 'X', farge: 'blå' }, {}],
      ['media', 'tittel=X', { 'content-type': 'application/x-www-form-urlencoded' }],
    ] as const) {
      const key = `before-body-${name}-${randomUUID()}`;
      attempts.push([key, call('POST', path, token, body, { ...headers, 'Idempotency-Key': key })]);
    }
    const unseen = `before-body-unseen-${randomUUID()}`;
    attempts.push([
      unseen,
      call(
        'POST',
        `${API}/sakarkiv/saksmappe/${randomUUID()}/ny-journalpost`,
        token,
        { tittel: 'X' },
        {
          'Idempotency-Key': unseen,
        },
      ),
    ]);
    const answers = await Promise.all(attempts.map(([, answer]) => answer));
    const log = await logAs('skole.leder', 'Visma Flyt Skole');
    for (const [i, [key]] of attempts.entries()) {
      const refused = answers[i]!;
      expect(refused.status).toBeGreaterThanOrEqual(400);
      const entries = log.filter((e) => e.key === key);
      expect(entries).toEqual([
        expect.objectContaining({
          status: 'REFUSED',
          reason: refused.body.feil.beskrivelse,
          record: null,
        }),
      ]);
    }
    expect(log.find((e) => e.key === unseen)?.errorCode).toBe('NOT_FOUND');
  });
});

describe('bad input is refused in the standard’s error shape, and changes nothing', () => {
  const refusedWith = async (status: number, answer: Promise<Answer>) => {
    const before = await count('select count(*) as n from case_file');
    const a = await answer;
    expect(a.status).toBe(status);
    expect(a.body.feil).toMatchObject({ kode: status });
    expect(typeof a.body.feil.beskrivelse).toBe('string');
    expect(await count('select count(*) as n from case_file')).toBe(before);
    return a;
  };

  it('refuses malformed JSON, a body that is not an object and unknown fields (400, naming them)', async () => {
    const token = await server.tokenFor('visma-flyt-skole');
    const path = await newCaseHref(token);
    await refusedWith(400, call('POST', path, token, '{"tittel": '));
    await refusedWith(400, call('POST', path, token, ['tittel']));
    const unknown = await refusedWith(
      400,
      call('POST', path, token, { tittel: 'X', farge: 'blå', storrelse: 2 }),
    );
    expect(unknown.body.feil.beskrivelse).toContain('farge, storrelse');
  });

  it('ignores the read-only fields a client sends back from what it read', async () => {
    const token = await server.tokenFor('visma-flyt-skole');
    const title = `Sent back ${randomUUID()}`;
    const made = await call('POST', await newCaseHref(token), token, {
      ...pupilCase(title),
      systemID: randomUUID(),
      opprettetDato: '2020-01-01',
      _links: {},
    });
    expect(made.status).toBe(201);
    expect(await casesTitled(title)).toBe(1);
  });

  it('refuses another media type (415)', async () => {
    const token = await server.tokenFor('visma-flyt-skole');
    await refusedWith(
      415,
      call('POST', await newCaseHref(token), token, 'tittel=X', {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    );
  });

  it('refuses a body over the request body limit and a file over DOCUMENT_MAX_BYTES (413)', async () => {
    const token = await server.tokenFor('visma-flyt-skole');
    await refusedWith(
      413,
      call('POST', await newCaseHref(token), token, {
        tittel: 'x'.repeat(30_000),
      }),
    );
    const description = await mainDocumentOfNewPost(token, `Large ${randomUUID()}`);
    const before = await count('select count(*) as n from document');
    const tooLarge = await call(
      'POST',
      `${API}/arkivstruktur/dokumentbeskrivelse/${description.body.systemID}/referanseFil?variantformat=P`,
      token,
      Buffer.alloc(300_000, 1),
      { 'content-type': 'application/octet-stream' },
    );
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.feil.kode).toBe(413);
    expect(await count('select count(*) as n from document')).toBe(before);
  });

  it('answers 404 JSON for a ny-* under a record that does not exist, and for a malformed id', async () => {
    const token = await server.tokenFor('visma-flyt-skole');
    for (const path of [
      `${API}/arkivstruktur/arkivdel/${randomUUID()}/ny-saksmappe`,
      `${API}/arkivstruktur/arkivdel/not-an-id/ny-saksmappe`,
      `${API}/sakarkiv/journalpost/${randomUUID()}/ny-dokumentbeskrivelse`,
      `${API}/arkivstruktur/dokumentbeskrivelse/${randomUUID()}/ny-dokumentobjekt`,
    ]) {
      const a = await refusedWith(404, call('POST', path, token, { tittel: 'X' }));
      expect(a.headers.get('content-type')).toMatch(/^application\/vnd\.noark5\+json/);
    }
  });
});

describe('a saksmappe is changed only at the version the sender read (If-Match)', () => {
  it('requires If-Match (428), refuses a stale one (409) and applies a current one (200, new ETag)', async () => {
    const token = await server.tokenFor('visma-flyt-skole');
    const title = `Versioned ${randomUUID()}`;
    const made = await call('POST', await newCaseHref(token), token, pupilCase(title));
    const path: string = made.body._links.self.href;
    const etag = made.headers.get('etag')!;
    const missing = await call('PUT', path, token, { tittel: `${title} 2` });
    expect(missing.status).toBe(428);
    expect(missing.body.feil.kode).toBe(428);
    const changed = await call('PUT', path, token, { tittel: `${title} 2` }, { 'If-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const stale = await call('PUT', path, token, { tittel: `${title} 3` }, { 'If-Match': etag });
    expect(stale.status).toBe(409);
    expect(stale.body.feil.kode).toBe(409);
    expect(await casesTitled(`${title} 2`)).toBe(1);
    expect(await casesTitled(`${title} 3`)).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalPostType, JournalStatus, Role, RoleGrant, User } from '../../src/entities';
import { toGlobalId } from '../../src/schema/globalId';
import {
  DECIDE,
  InsightWorld,
  type Made,
  pdf,
  requestGid,
  sha256,
  SUBMIT,
  TODAY,
} from '../insight/world';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Document descriptions (dokumentbeskrivelse, docs/noark5.md): a post's main document (number 1)
 * and its attachments, each with its files (dokumentobjekt). PUT and GET
 * /documents/descriptions/{description}/{variant}; the old /documents/{post}/{variant} paths
 * serve the main document. An attachment's own screening only adds to the post's.
 */
let server: TestServer;
let w: InsightWorld;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: TODAY });
  w = await new InsightWorld(server).init();
});
afterAll(() => server?.close());

const DESCRIPTIONS = `documentDescriptions { id documentNumber role title status screened visibility version
  documents { variant version fileName sha256 downloadUrl } viewerCan { update remove } }`;

async function descriptionsOf(user: string, post: Made) {
  const res = await w.as(user, `query($id: ID!) { journalPost(id: $id) { ${DESCRIPTIONS} } }`, {
    id: post.gid,
  });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.journalPost.documentDescriptions as any[];
}

const ADD = `mutation($input: AddDocumentAttachmentInput!) {
  addDocumentAttachment(input: $input) { id documentNumber role title status screened version } }`;
const UPDATE = `mutation($input: UpdateDocumentDescriptionInput!) {
  updateDocumentDescription(input: $input) { id title status screened version } }`;
const REMOVE = `mutation($input: RemoveDocumentAttachmentInput!) {
  removeDocumentAttachment(input: $input) { id documentDescriptions { documentNumber } } }`;

async function attach(user: string, post: Made, title: string, screeningCodeId?: string) {
  const res = await w.as(user, ADD, {
    input: { journalPostId: post.gid, title, screeningCodeId: screeningCodeId ?? null },
  });
  return res.body;
}

/** PUT /documents/descriptions/{id}/{variant} with the raw body. */
async function uploadTo(
  user: string,
  descriptionId: string,
  variant: string,
  body: Buffer,
  opts: { type?: string; query?: string } = {},
) {
  const res = await fetch(
    `${server.url}/documents/descriptions/${descriptionId}/${variant}${opts.query ?? ''}`,
    {
      method: 'PUT',
      headers: {
        'content-type': opts.type ?? 'application/pdf',
        authorization: `Bearer ${await w.token(user)}`,
      },
      body: new Uint8Array(body),
    },
  );
  return { res, json: (await res.json()) as any };
}

/** The code of the first error of a GraphQL answer. */
const codeOf = (body: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  body.errors?.[0]?.extensions?.code;

/** The uuid of a DocumentDescription global id. */
const idOf = (gid: string): string => Buffer.from(gid, 'base64url').toString('utf8').split(':')[1]!;

const openPost = (title: string) =>
  w.post({ title, type: JournalPostType.OUTGOING, status: JournalStatus.RESERVED });

describe('A post holds several documents, numbered, with exactly one main document', () => {
  it('the first upload makes the main document (1); attachments are 2, 3, … in the order added', async () => {
    const p = await openPost('Byggesak med vedlegg');
    expect(await descriptionsOf('in.handler', p)).toEqual([]);
    expect((await w.upload('in.handler', p, 'PRODUCTION', pdf('Hoved'))).res.status).toBe(201);
    const first = await attach('in.handler', p, 'Situasjonskart');
    const second = await attach('in.handler', p, 'Tegninger');
    expect(first.errors).toBeUndefined();
    expect(first.data.addDocumentAttachment).toMatchObject({
      documentNumber: 2,
      role: 'ATTACHMENT',
      title: 'Situasjonskart',
      status: 'UNDER_EDITING',
      screened: false,
    });
    expect(second.data.addDocumentAttachment.documentNumber).toBe(3);
    const list = await descriptionsOf('in.handler', p);
    expect(list.map((d) => [d.documentNumber, d.role, d.title])).toEqual([
      [1, 'MAIN', 'Byggesak med vedlegg'],
      [2, 'ATTACHMENT', 'Situasjonskart'],
      [3, 'ATTACHMENT', 'Tegninger'],
    ]);
    expect(list[0].documents.map((d: any) => d.variant)).toEqual(['PRODUCTION']);
  });

  it('an attachment added before any file makes the main document first; the database holds one main', async () => {
    const p = await openPost('Bare vedlegg');
    expect(
      (await attach('in.handler', p, 'Vedlegg A')).data.addDocumentAttachment.documentNumber,
    ).toBe(2);
    const rows = await w.rows(
      'select document_number, role from document_description where journal_post_id = ? order by 1',
      [p.id],
    );
    expect(rows).toEqual([
      { document_number: 1, role: 'MAIN' },
      { document_number: 2, role: 'ATTACHMENT' },
    ]);
    // A second main document, or an attachment as number 1, is refused by the database itself.
    await expect(
      w.rows(
        `insert into document_description (id, journal_post_id, document_number, role, title, created_by_id, created_at)
         values (gen_random_uuid(), ?, 5, 'MAIN', 'x', ?, now())`,
        [p.id, w.userId('in.handler')],
      ),
    ).rejects.toThrow();
  });
});

describe('Each description has its own path; the old paths serve the main document', () => {
  it('PUT and GET /documents/descriptions/{id}/{variant}; /documents/{post}/{variant} stays the main document', async () => {
    const p = await openPost('To dokumenter');
    const main = pdf('Hoveddokumentet');
    await w.upload('in.handler', p, 'PRODUCTION', main);
    const att = (await attach('in.handler', p, 'Vedlegget')).data.addDocumentAttachment;
    const bytes = pdf('Vedlegget');
    const up = await uploadTo('in.handler', att.id, 'PRODUCTION', bytes);
    expect(up.res.status).toBe(201);
    expect(up.json.document).toMatchObject({
      variant: 'PRODUCTION',
      version: 1,
      sha256: sha256(bytes),
      downloadUrl: `/documents/descriptions/${att.id}/PRODUCTION`,
    });
    const got = await w.fetchBytes(`/documents/descriptions/${att.id}/PRODUCTION`, 'in.handler');
    expect(got.res.status).toBe(200);
    expect(got.bytes.equals(bytes)).toBe(true);
    const old = await w.fetchBytes(`/documents/${p.gid}/PRODUCTION`, 'in.handler');
    expect(old.bytes.equals(main)).toBe(true);
    const [mainDescription] = await descriptionsOf('in.handler', p);
    const viaNew = await w.fetchBytes(
      `/documents/descriptions/${mainDescription.id}/PRODUCTION`,
      'in.handler',
    );
    expect(viaNew.bytes.equals(main)).toBe(true);
    // JournalPost.documents is still the main document's files.
    const res = await w.as(
      'in.handler',
      `query($id: ID!) { journalPost(id: $id) { documents { sha256 downloadUrl } } }`,
      { id: p.gid },
    );
    expect(res.body.data.journalPost.documents).toEqual([
      { sha256: sha256(main), downloadUrl: `/documents/${p.gid}/PRODUCTION` },
    ]);
    const list = await descriptionsOf('in.handler', p);
    expect(list[1].documents).toEqual([
      {
        variant: 'PRODUCTION',
        version: 1,
        fileName: expect.stringContaining('-2-'),
        sha256: sha256(bytes),
        downloadUrl: `/documents/descriptions/${att.id}/PRODUCTION`,
      },
    ]);
  });

  it('unknown, wrong-type and other posts’ ids: NOT_FOUND as JSON; the ARCHIVE variant must be PDF/A', async () => {
    const p = await openPost('Feilsti');
    const att = (await attach('in.handler', p, 'Vedlegg')).data.addDocumentAttachment;
    for (const id of [
      toGlobalId('DocumentDescription', '00000000-0000-4000-8000-000000000000'),
      p.gid,
    ]) {
      const res = await w.fetchBytes(`/documents/descriptions/${id}/PRODUCTION`, 'in.handler');
      expect(res.res.status).toBe(404);
      expect(JSON.parse(res.bytes.toString()).errors[0].extensions.code).toBe('NOT_FOUND');
    }
    const plain = await uploadTo('in.handler', att.id, 'ARCHIVE', Buffer.from('%PDF-1.4 plain'));
    expect(plain.res.status).toBe(415);
    const archive = await uploadTo('in.handler', att.id, 'ARCHIVE', pdf('Arkiv'));
    expect(archive.res.status).toBe(201);
    expect(archive.json.document.format).toBe('PDF/A-2b');
  });
});

describe('Rules of a description: status forwards only, finalised files by correction, removal while unfinished', () => {
  it('FINALISED: the title may still change, the status never goes back, a file is replaced only by an archivist’s correction', async () => {
    const p = await openPost('Ferdigstilt vedlegg');
    const att = (await attach('in.handler', p, 'Utkast')).data.addDocumentAttachment;
    await uploadTo('in.handler', att.id, 'PRODUCTION', pdf('v1'));
    const done = await w.as('in.handler', UPDATE, {
      input: { id: att.id, expectedVersion: att.version, status: 'FINALISED', title: 'Endelig' },
    });
    expect(done.body.data.updateDocumentDescription).toMatchObject({
      status: 'FINALISED',
      title: 'Endelig',
    });
    const back = await w.as('in.handler', UPDATE, {
      input: { id: att.id, status: 'UNDER_EDITING' },
    });
    expect(codeOf(back.body)).toBe('INVALID_STATE');
    const stale = await w.as('in.handler', UPDATE, {
      input: { id: att.id, expectedVersion: att.version, title: 'Gammel' },
    });
    expect(codeOf(stale.body)).toBe('STALE_VERSION');
    const replace = await uploadTo('in.handler', att.id, 'PRODUCTION', pdf('v2'));
    expect(replace.res.status).toBe(409);
    expect(codeOf(replace.json)).toBe('INVALID_STATE');
    const corrected = await uploadTo('in.arkivar', att.id, 'PRODUCTION', pdf('v2'), {
      query: '?correction=Feil%20fil',
    });
    expect(corrected.res.status).toBe(200);
    expect(corrected.json.document.version).toBe(2);
    const audit = await w.rows(
      `select action from audit_event where target_id in (?, ?) order by id`,
      [p.id, idOf(att.id)],
    );
    expect(audit.map((a: any) => a.action)).toEqual(
      expect.arrayContaining([
        'documentDescription.create',
        'documentDescription.update',
        'document.upload',
        'document.correct',
      ]),
    );
  });

  it('an unfinished attachment is removed with its files; a finished one, the main document and a locked post’s are not', async () => {
    const p = await openPost('Fjerning');
    await w.upload('in.handler', p, 'PRODUCTION', pdf('Hoved'));
    const a = (await attach('in.handler', p, 'Feil vedlegg')).data.addDocumentAttachment;
    const b = (await attach('in.handler', p, 'Ferdig vedlegg')).data.addDocumentAttachment;
    await uploadTo('in.handler', a.id, 'PRODUCTION', pdf('feil'));
    await w.as('in.handler', UPDATE, { input: { id: b.id, status: 'FINALISED' } });
    const list = await descriptionsOf('in.handler', p);
    expect(list.map((d) => d.viewerCan.remove)).toEqual([false, true, false]);
    const removed = await w.as('in.handler', REMOVE, { input: { id: a.id } });
    expect(removed.body.data.removeDocumentAttachment.documentDescriptions).toEqual([
      { documentNumber: 1 },
      { documentNumber: 3 },
    ]);
    const gone = idOf(a.id);
    expect(await w.rows('select id from document_description where id = ?', [gone])).toEqual([]);
    expect(
      await w.rows('select id from document where document_description_id = ?', [gone]),
    ).toEqual([]);
    for (const id of [b.id, list[0].id]) {
      const refused = await w.as('in.handler', REMOVE, { input: { id } });
      expect(codeOf(refused.body)).toBe('INVALID_STATE');
    }
    const locked = await w.post({ title: 'Journalført', status: JournalStatus.REGISTERED });
    const add = await attach('in.handler', locked, 'For sent');
    expect(codeOf(add)).toBe('INVALID_STATE');
  });
});

describe('Who changes descriptions: the post’s people, reading the post and the description in full', () => {
  it('a FULL reader without the rule is FORBIDDEN, one who does not see the post NOT_FOUND; nothing changes', async () => {
    const p = await openPost('Skriverett');
    const before = await w.rows('select count(*)::int as n from document_description');
    const other = await attach('in.other', p, 'Fremmed vedlegg');
    expect(codeOf(other)).toBe('FORBIDDEN');
    const former = await attach('in.former', p, 'Tidligere');
    expect(codeOf(former)).toBe('NOT_FOUND');
    expect(await w.rows('select count(*)::int as n from document_description')).toEqual(before);
    const leader = await attach('in.leader', p, 'Lederens vedlegg');
    expect(leader.errors).toBeUndefined();
  });
});

describe('A screened attachment never leaks: public form for those who do not read it in full', () => {
  const SECRET = 'Legeerklæring Hemmeligsen';
  let p: Made;
  let att: { id: string };
  let file: Buffer;
  beforeAll(async () => {
    p = await openPost('Søknad om permisjon');
    await w.upload('in.handler', p, 'PRODUCTION', pdf('Søknaden'));
    const added = await attach(
      'in.handler',
      p,
      SECRET,
      toGlobalId('ScreeningCode', w.codes['13'].id),
    );
    expect(added.errors).toBeUndefined();
    att = added.data.addDocumentAttachment;
    file = pdf(`${SECRET} innhold`);
    for (const variant of ['PRODUCTION', 'PUBLIC']) {
      expect((await uploadTo('in.handler', att.id, variant, file)).res.status).toBe(201);
    }
  });

  it('the post’s responsible, its leader and the archive read it in full', async () => {
    for (const user of ['in.handler', 'in.leader', 'in.arkivar']) {
      const [, d] = await descriptionsOf(user, p);
      expect(d, user).toMatchObject({ title: SECRET, screened: true, visibility: 'FULL' });
      expect(d.documents.map((x: any) => x.variant)).toEqual(['PRODUCTION', 'PUBLIC']);
      const got = await w.fetchBytes(`/documents/descriptions/${att.id}/PRODUCTION`, user);
      expect(got.res.status).toBe(200);
    }
  });

  it('a handler who reads the post in full gets `*****`, no files, no rights; every download is NOT_FOUND', async () => {
    for (const user of ['in.other', 'in.insight']) {
      const res = await w.as(
        user,
        `query($id: ID!) { journalPost(id: $id) { visibility ${DESCRIPTIONS} } }`,
        { id: p.gid },
      );
      expect(JSON.stringify(res.body)).not.toContain('Hemmeligsen');
      expect(res.body.data.journalPost.visibility).toBe('FULL');
      const d = res.body.data.journalPost.documentDescriptions[1];
      expect(d).toMatchObject({
        title: '*****',
        screened: true,
        visibility: 'REDACTED',
        documents: [],
        viewerCan: { update: false, remove: false },
      });
      const node = await w.as(
        user,
        `query($id: ID!) { node(id: $id) { ... on DocumentDescription { title } } }`,
        {
          id: att.id,
        },
      );
      expect(node.body.data.node.title).toBe('*****');
      for (const variant of ['PRODUCTION', 'ARCHIVE', 'PUBLIC']) {
        const got = await w.fetchBytes(`/documents/descriptions/${att.id}/${variant}`, user);
        expect(got.res.status, `${user} ${variant}`).toBe(404);
        expect(JSON.parse(got.bytes.toString()).errors[0].extensions.code).toBe('NOT_FOUND');
        expect(got.bytes.toString()).not.toContain('Hemmeligsen');
      }
    }
    const publicUpload = await uploadTo('in.insight', att.id, 'PUBLIC', pdf('ny'));
    expect(publicUpload.res.status).toBe(403);
    const rename = await w.as('in.other', UPDATE, { input: { id: att.id, title: 'Åpen' } });
    expect(codeOf(rename.body)).toBe('FORBIDDEN');
  });

  it('the audit trail shows its values only to those who read it in full: not to an admin who reads the post', async () => {
    const em = server.orm.em.fork();
    const admin = em.create(User, { username: 'in.admin', displayName: 'in.admin' });
    em.create(RoleGrant, {
      user: admin,
      role: Role.ADMIN,
      unit: null,
      validFrom: new Date('2020-01-01'),
    });
    await em.flush();
    const events = `{ auditEvents(first: 100, filter: { action: "documentDescription.create" }) {
      nodes { changes redacted } } }`;
    const asAdmin = await w.as('in.admin', events);
    expect(asAdmin.body.errors).toBeUndefined();
    expect(asAdmin.body.data.auditEvents.nodes.length).toBeGreaterThan(0);
    expect(JSON.stringify(asAdmin.body)).not.toContain('Hemmeligsen');
    const asArchive = await w.as('in.arkivar', events);
    expect(JSON.stringify(asArchive.body)).toContain('Hemmeligsen');
  });

  it('its screening is never lifted on its own', async () => {
    const lift = await w.as('in.handler', UPDATE, { input: { id: att.id, screeningCodeId: null } });
    expect(codeOf(lift.body)).toBe('BAD_USER_INPUT');
    const [, d] = await descriptionsOf('in.other', p);
    expect(d.title).toBe('*****');
  });

  it('a post whose title is screened: REDACTED readers get the main document as `*****` too', async () => {
    const q = await w.post({ title: 'Elev {Hemmeligsen}', code: '13', restricted: true });
    await w.upload('in.handler', q, 'PUBLIC', pdf('Sladdet'));
    const [main] = await descriptionsOf('in.other', q);
    expect(main).toMatchObject({ documentNumber: 1, title: '*****', visibility: 'REDACTED' });
    expect(main.documents.map((x: any) => x.variant)).toEqual(['PUBLIC']);
  });
});

describe('An insight decision releases the main document only, and never one with its own screening in full', () => {
  /** An incoming letter with an attachment, registered (so in the public journal) after both were stored. */
  async function registeredWithAttachment(title: string) {
    const p = await w.post({ title, status: JournalStatus.TEMPORARY });
    await w.upload('in.handler', p, 'ARCHIVE', pdf(`${title} hoved`));
    const att = (await attach('in.handler', p, `${title} vedlegg`)).data.addDocumentAttachment;
    await uploadTo('in.handler', att.id, 'ARCHIVE', pdf(`${title} vedlegg`));
    await w.rows(`update journal_post set status = 'REGISTERED' where id = ?`, [p.id]);
    const [main] = await descriptionsOf('in.handler', p);
    return { p, main };
  }

  async function decideFull(p: Made, email: string) {
    const submitted = await w.as(null, SUBMIT, {
      input: { entryIds: [p.entryId], requesterEmail: email },
    });
    expect(submitted.body.errors).toBeUndefined();
    return w.as('in.arkivar', DECIDE, {
      id: await requestGid(w, email),
      decisions: [{ journalPostId: p.gid, outcome: 'FULL' }],
    });
  }

  it('FULL releases the main document’s ARCHIVE file, not the attachment’s', async () => {
    const { p } = await registeredWithAttachment('Utleveres');
    const res = await decideFull(p, 'vedlegg1@example.no');
    expect(res.body.errors).toBeUndefined();
    const released = await w.rows(
      `select dd.document_number, d.variant from insight_request_item i
        join document d on d.id = i.released_document_id
        join document_description dd on dd.id = d.document_description_id
        where i.journal_post_id = ?`,
      [p.id],
    );
    expect(released).toEqual([{ document_number: 1, variant: 'ARCHIVE' }]);
  });

  it('a main document screened on its own is CONFLICT for FULL, and nothing is released', async () => {
    const { p, main } = await registeredWithAttachment('Skjermet hoved');
    const screened = await w.as('in.arkivar', UPDATE, {
      input: { id: main.id, screeningCodeId: toGlobalId('ScreeningCode', w.codes['14'].id) },
    });
    expect(screened.body.errors).toBeUndefined();
    const res = await decideFull(p, 'vedlegg2@example.no');
    expect(codeOf(res.body)).toBe('CONFLICT');
    expect(
      await w.rows(
        'select released_document_id from insight_request_item where journal_post_id = ?',
        [p.id],
      ),
    ).toEqual([{ released_document_id: null }]);
  });
});

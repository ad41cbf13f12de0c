import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLogSettled } from '../../src/services/accessLog';
import { JournalPostType, JournalStatus } from '../../src/entities';
import { InsightWorld, type Made, pdf, sha256, TODAY } from '../insight/world';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Documents of journal posts (policies/documents.ts, domain/documents): PUT and GET
 * /documents/{post}/{variant} with the bearer token. FULL viewers fetch any variant, REDACTED
 * viewers the public variant only, NONE nothing; a locked post's file is replaced only by an
 * archivist's audited correction. The size limit is 4096 bytes here (DOCUMENT_MAX_BYTES).
 */
let server: TestServer;
let w: InsightWorld;

beforeAll(async () => {
  server = await startTestServer({
    data: 'empty',
    today: TODAY,
    env: { DOCUMENT_MAX_BYTES: '4096' },
  });
  w = await new InsightWorld(server).init();
});
afterAll(() => server?.close());

const stored = () =>
  w.rows(
    'select id, journal_post_id, variant, version, sha256, replaced_at from document order by id',
  );
const audit = () => w.rows('select id from audit_event order by id');

async function nothingChanged(run: () => Promise<void>) {
  const before = { docs: await stored(), audit: await audit() };
  await run();
  expect({ docs: await stored(), audit: await audit() }).toEqual(before);
}

describe('Each variant is uploaded and fetched with the bearer token', () => {
  it('PUT stores it (201) and GET returns the same bytes with type, length, name and ETag', async () => {
    const p = await w.post({
      title: 'Byggesøknad',
      type: JournalPostType.OUTGOING,
      status: JournalStatus.RESERVED,
    });
    const bytes = pdf('Byggesøknad, produksjon');
    const up = await w.upload('in.handler', p, 'production', bytes, {
      name: 'Byggesøknad «endelig».pdf',
    });
    expect(up.res.status).toBe(201);
    expect(up.json).toEqual({
      outcome: 'CREATED',
      document: {
        variant: 'PRODUCTION',
        version: 1,
        fileName: 'Byggesøknad «endelig».pdf',
        mediaType: 'application/pdf',
        format: 'PDF/A-2b',
        size: bytes.length,
        sha256: sha256(bytes),
        uploadedAt: expect.any(String),
        downloadUrl: `/documents/${p.gid}/PRODUCTION`,
      },
    });
    const { res, bytes: got } = await w.fetchBytes(`/documents/${p.gid}/PRODUCTION`, 'in.handler');
    expect(res.status).toBe(200);
    expect(got.equals(bytes)).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('etag')).toBe(`"${sha256(bytes)}"`);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Bygges_knad _endelig_.pdf"; filename*=UTF-8''Bygges%C3%B8knad%20%C2%ABendelig%C2%BB.pdf`,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const again = await w.fetchBytes(`/documents/${p.gid}/PRODUCTION`, 'in.handler', {
      'if-none-match': `"${sha256(bytes)}"`,
    });
    expect(again.res.status).toBe(304);
    expect(again.bytes.length).toBe(0);
  });

  it('any media type is kept as given (ARCHIVE: PDF/A only); a name comes from ?filename= or is made up', async () => {
    const p = await w.post({
      title: 'Vedlegg',
      type: JournalPostType.OUTGOING,
      status: JournalStatus.RESERVED,
    });
    const up = await w.upload('in.handler', p, 'PRODUCTION', Buffer.from('hei'), {
      type: 'text/plain; charset=utf-8',
      query: '?filename=../../etc/passwd',
    });
    expect(up.json.document).toMatchObject({ mediaType: 'text/plain', fileName: 'passwd' });
    const pub = await w.upload('in.handler', p, 'PUBLIC', Buffer.from('<svg onload=alert(1)>'), {
      type: 'image/svg+xml',
    });
    expect(pub.json.document.fileName).toBe(`${p.registryId.replace('/', '-')}-offentlig.bin`);
    const { res } = await w.fetchBytes(`/documents/${p.gid}/PUBLIC`, 'in.handler');
    // Never rendered in the API's origin.
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });
});

describe('Who fetches what: FULL any variant, REDACTED only the public one, NONE nothing', () => {
  let p: Made;
  beforeAll(async () => {
    p = await w.post({ title: 'Elevmappe – {Ola}', code: '13', restricted: true });
    for (const variant of ['PRODUCTION', 'ARCHIVE', 'PUBLIC']) {
      const up = await w.upload('in.handler', p, variant, pdf(`${variant} av Elevmappe`));
      expect(up.res.status).toBe(201);
    }
  });

  const status = async (user: string | null, variant: string) =>
    (await w.fetchBytes(`/documents/${p.gid}/${variant}`, user)).res.status;

  it('FULL (the responsible handler, the unit’s leader, the archive): every variant', async () => {
    for (const user of ['in.handler', 'in.leader', 'in.arkivar']) {
      for (const variant of ['PRODUCTION', 'ARCHIVE', 'PUBLIC'])
        expect(await status(user, variant), `${user} ${variant}`).toBe(200);
    }
  });

  it('REDACTED (a handler of another unit, the insight handler): the public variant only', async () => {
    for (const user of ['in.other', 'in.insight']) {
      expect(await status(user, 'PUBLIC')).toBe(200);
      expect(await status(user, 'ARCHIVE')).toBe(404);
      expect(await status(user, 'PRODUCTION')).toBe(404);
    }
  });

  it('NONE (grants ended) gets 404; the public without a token 401', async () => {
    for (const variant of ['PUBLIC', 'ARCHIVE']) {
      expect(await status('in.former', variant)).toBe(404);
      const anon = await w.fetchBytes(`/documents/${p.gid}/${variant}`);
      expect(anon.res.status).toBe(401);
      expect(anon.res.headers.get('www-authenticate')).toBe('Bearer');
      expect(JSON.parse(anon.bytes.toString()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const bad = await w.fetchBytes(`/documents/${p.gid}/PUBLIC`, null, {
      authorization: 'Bearer nonsense',
    });
    expect(bad.res.status).toBe(401);
  });

  it('unknown posts, variants and missing files: 404 or 400, never a hint', async () => {
    const empty = await w.post({ title: 'Uten filer' });
    expect((await w.fetchBytes(`/documents/${empty.gid}/ARCHIVE`, 'in.handler')).res.status).toBe(
      404,
    );
    expect(
      (await w.fetchBytes(`/documents/${p.gid.slice(0, -2)}xx/ARCHIVE`, 'in.handler')).res.status,
    ).toBe(404);
    expect((await w.fetchBytes(`/documents/${p.gid}/DRAFT`, 'in.handler')).res.status).toBe(400);
  });

  it('JournalPost.documents lists exactly what each viewer may fetch', async () => {
    const Q =
      'query($id: ID!) { journalPost(id: $id) { visibility documents { variant fileName uploadedBy { username } downloadUrl } } }';
    const full = (await w.as('in.leader', Q, { id: p.gid })).body.data.journalPost;
    expect(full.visibility).toBe('FULL');
    expect(full.documents.map((d: any) => [d.variant, d.uploadedBy?.username])).toEqual([
      ['PRODUCTION', 'in.handler'],
      ['ARCHIVE', 'in.handler'],
      ['PUBLIC', 'in.handler'],
    ]);
    const redacted = (await w.as('in.other', Q, { id: p.gid })).body.data.journalPost;
    expect(redacted).toEqual({
      visibility: 'REDACTED',
      documents: [
        {
          variant: 'PUBLIC',
          fileName: `${p.registryId.replace('/', '-')}-offentlig.pdf`,
          uploadedBy: null,
          downloadUrl: `/documents/${p.gid}/PUBLIC`,
        },
      ],
    });
  });

  it('full reads of a restricted post’s files through a role (archive, leader) are in the access log', async () => {
    const logged = async () => {
      await accessLogSettled();
      return w.rows<{ username: string }>(
        "select u.username from audit_event a join app_user u on u.id = a.actor_id where a.target_id = ? and a.action = 'journalPost.readFull' order by u.username",
        [p.id],
      );
    };
    const before = (await logged()).length;
    await w.fetchBytes(`/documents/${p.gid}/ARCHIVE`, 'in.arkivar');
    await w.fetchBytes(`/documents/${p.gid}/PRODUCTION`, 'in.leader');
    await w.fetchBytes(`/documents/${p.gid}/ARCHIVE`, 'in.handler'); // FULL by relation: not logged
    await w.fetchBytes(`/documents/${p.gid}/PUBLIC`, 'in.arkivar'); // public-safe: not logged
    const after = await logged();
    expect(after.length - before).toBe(2);
    expect(new Set(after.map((e) => e.username))).toEqual(new Set(['in.arkivar', 'in.leader']));
  });
});

describe('Who uploads: the post’s people and the archive; insight handlers the public variant', () => {
  it('refusals: 401 without a token, 403 for a handler of another unit, 403 for an insight handler’s archive variant', async () => {
    const p = await w.post({
      title: 'Brev',
      type: JournalPostType.OUTGOING,
      status: JournalStatus.RESERVED,
    });
    await nothingChanged(async () => {
      const anon = await w.upload(null, p, 'ARCHIVE', pdf('x'));
      expect(anon.res.status).toBe(401);
      const other = await w.upload('in.other', p, 'ARCHIVE', pdf('x'));
      expect(other.res.status).toBe(403);
      expect(other.json.errors[0].extensions.code).toBe('FORBIDDEN');
      const insight = await w.upload('in.insight', p, 'ARCHIVE', pdf('x'));
      expect(insight.res.status).toBe(403);
      const otherUnit = await w.upload('in.insightb', p, 'PUBLIC', pdf('x'));
      expect(otherUnit.res.status).toBe(403);
      const none = await w.upload('in.former', p, 'PUBLIC', pdf('x'));
      expect(none.res.status).toBe(404);
    });
    expect((await w.upload('in.insight', p, 'PUBLIC', pdf('sladdet'))).res.status).toBe(201);
    expect((await w.upload('in.leader', p, 'ARCHIVE', pdf('arkiv'))).res.status).toBe(201);
    expect((await w.upload('in.arkivar', p, 'PRODUCTION', pdf('prod'))).res.status).toBe(201);
  });
});

describe('The size limit (DOCUMENT_MAX_BYTES)', () => {
  it('a larger file: 413 PAYLOAD_TOO_LARGE, nothing stored; the limit itself is accepted', async () => {
    const p = await w.post({
      title: 'Stor fil',
      type: JournalPostType.OUTGOING,
      status: JournalStatus.RESERVED,
    });
    await nothingChanged(async () => {
      const big = await w.upload(
        'in.handler',
        p,
        'ARCHIVE',
        Buffer.concat([pdf('stor'), Buffer.alloc(4096)]),
      );
      expect(big.res.status).toBe(413);
      expect(big.json.errors[0]).toMatchObject({
        message: 'The document is larger than the limit of 4096 bytes (DOCUMENT_MAX_BYTES)',
        extensions: { code: 'PAYLOAD_TOO_LARGE' },
      });
    });
    const exact = Buffer.concat([pdf('akkurat'), Buffer.alloc(4096 - pdf('akkurat').length, 32)]);
    expect((await w.upload('in.handler', p, 'ARCHIVE', exact)).res.status).toBe(201);
  });

  it('empty files and files without Content-Type: 400', async () => {
    const p = await w.post({
      title: 'Tom fil',
      type: JournalPostType.OUTGOING,
      status: JournalStatus.RESERVED,
    });
    await nothingChanged(async () => {
      const empty = await w.upload('in.handler', p, 'ARCHIVE', Buffer.alloc(0));
      expect(empty.res.status).toBe(400);
      const untyped = await w.upload('in.handler', p, 'ARCHIVE', pdf('x'), { type: null });
      expect(untyped.res.status).toBe(400);
      expect(untyped.json.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ path: ['Content-Type'] }],
      });
      const nonsense = await w.upload('in.handler', p, 'ARCHIVE', pdf('x'), { type: 'pdf' });
      expect(nonsense.res.status).toBe(400);
    });
  });
});

describe('A file claimed as PDF must start with %PDF-', () => {
  it('anything else sent as application/pdf: 400, nothing stored', async () => {
    const p = await w.post({
      title: 'Falsk PDF',
      type: JournalPostType.OUTGOING,
      status: JournalStatus.RESERVED,
    });
    await nothingChanged(async () => {
      for (const body of [
        Buffer.from('<html>not a pdf</html>'),
        Buffer.from(' %PDF-1.7'),
        Buffer.from('%PDF'),
      ]) {
        const res = await w.upload('in.handler', p, 'ARCHIVE', body, { type: 'Application/PDF' });
        expect(res.res.status).toBe(400);
        expect(res.json.errors[0].message).toMatch(/does not start with %PDF-/);
      }
    });
    expect(
      (await w.upload('in.handler', p, 'ARCHIVE', pdf('ekte'), { type: 'Application/PDF' })).res
        .status,
    ).toBe(201);
  });
});

describe('A locked post’s file is replaced only by an archivist’s correction, which is audited', () => {
  it('an unfinished post’s file may be replaced: a new version, the old one kept as history', async () => {
    const p = await w.post({
      title: 'Utkast',
      type: JournalPostType.OUTGOING,
      status: JournalStatus.RESERVED,
    });
    await w.upload('in.handler', p, 'PRODUCTION', pdf('utkast 1'));
    const same = await w.upload('in.handler', p, 'PRODUCTION', pdf('utkast 1'));
    expect(same.res.status).toBe(200);
    expect(same.json).toMatchObject({ outcome: 'UNCHANGED', document: { version: 1 } });
    const second = await w.upload('in.handler', p, 'PRODUCTION', pdf('utkast 2'));
    expect(second.res.status).toBe(200);
    expect(second.json).toMatchObject({ outcome: 'REPLACED', document: { version: 2 } });
    const rows = await w.rows<{ version: number; current: boolean }>(
      'select version, replaced_at is null as current from document where journal_post_id = ? order by version',
      [p.id],
    );
    expect(rows).toEqual([
      { version: 1, current: false },
      { version: 2, current: true },
    ]);
    const { bytes } = await w.fetchBytes(`/documents/${p.gid}/PRODUCTION`, 'in.handler');
    expect(bytes.toString()).toContain('utkast 2');
  });

  it('a registered post: a first file may be added, replacing it is INVALID_STATE; only the archive corrects, with a reason', async () => {
    const p = await w.post({ title: 'Innkommende brev', status: JournalStatus.REGISTERED });
    expect((await w.upload('in.handler', p, 'ARCHIVE', pdf('skannet'))).res.status).toBe(201);
    await nothingChanged(async () => {
      const replace = await w.upload('in.handler', p, 'ARCHIVE', pdf('annen skanning'));
      expect(replace.res.status).toBe(409);
      expect(replace.json.errors[0].extensions).toMatchObject({
        code: 'INVALID_STATE',
        state: 'REGISTERED',
      });
      expect(replace.json.errors[0].message).toMatch(/only by an archivist's correction/);
      const handlerCorrects = await w.upload('in.handler', p, 'ARCHIVE', pdf('annen'), {
        headers: { 'x-correction-reason': 'Feil fil' },
      });
      expect(handlerCorrects.res.status).toBe(403);
      const archiveWithout = await w.upload('in.arkivar', p, 'ARCHIVE', pdf('annen'));
      expect(archiveWithout.res.status).toBe(409);
      const emptyReason = await w.upload('in.arkivar', p, 'ARCHIVE', pdf('annen'), {
        query: '?correction=%20',
      });
      expect(emptyReason.res.status).toBe(400);
      const nothingToCorrect = await w.upload('in.arkivar', p, 'PRODUCTION', pdf('annen'), {
        query: '?correction=Feil',
      });
      expect(nothingToCorrect.res.status).toBe(400);
    });
    const corrected = await w.upload('in.arkivar', p, 'ARCHIVE', pdf('riktig skanning'), {
      headers: { 'x-correction-reason': encodeURIComponent('Feil side skannet – ny skanning') },
    });
    expect(corrected.res.status).toBe(200);
    expect(corrected.json).toMatchObject({ outcome: 'REPLACED', document: { version: 2 } });
    const events = await w.as(
      'in.arkivar',
      'query($id: ID!) { auditEvents(filter: { targetId: $id }) { edges { node { action actor { username } reason changes } } } }',
      { id: p.gid },
    );
    const [last] = events.body.data.auditEvents.edges.map((e: any) => e.node);
    expect(last).toMatchObject({
      action: 'document.correct',
      actor: { username: 'in.arkivar' },
      reason: 'Feil side skannet – ny skanning',
    });
    const changes = JSON.parse(last.changes)['documents.ARCHIVE'];
    expect(changes.old).toMatchObject({ version: 1, sha256: sha256(pdf('skannet')) });
    expect(changes.new).toMatchObject({ version: 2, sha256: sha256(pdf('riktig skanning')) });
  });

  it('a cancelled post takes no files', async () => {
    const p = await w.post({ title: 'Utgått', status: JournalStatus.CANCELLED });
    await nothingChanged(async () => {
      expect((await w.upload('in.arkivar', p, 'ARCHIVE', pdf('x'))).res.status).toBe(409);
    });
  });
});

describe('JournalPost.documents is batched: one statement for a whole list', () => {
  it('twenty posts with files, one query on document', async () => {
    for (let i = 0; i < 5; i++) {
      const p = await w.post({ title: `Batch ${i}` });
      await w.upload('in.handler', p, 'ARCHIVE', pdf(`batch ${i}`));
    }
    server.statements.length = 0;
    const res = await w.as(
      'in.leader',
      '{ journalPosts(first: 20) { edges { node { documents { variant sha256 } } } } }',
    );
    expect(res.body.errors).toBeUndefined();
    const withFiles = res.body.data.journalPosts.edges.filter(
      (e: any) => e.node.documents.length > 0,
    );
    expect(withFiles.length).toBeGreaterThanOrEqual(5);
    expect(server.statements.filter((s) => /from "?document"? d\b/.test(s))).toHaveLength(1);
  });
});

describe('The ARCHIVE variant is listed exactly where the journal post is FULL', () => {
  it('for every user of the world and every post (the document rules mirror readFull)', async () => {
    const withArchive = new Set(
      (
        await w.rows<{ journal_post_id: string }>(
          "select journal_post_id from document where variant = 'ARCHIVE' and replaced_at is null",
        )
      ).map((r) => r.journal_post_id),
    );
    expect(withArchive.size).toBeGreaterThan(5);
    const Q =
      '{ journalPosts(first: 100) { edges { node { id visibility documents { variant } } } } }';
    let checked = 0;
    for (const user of Object.keys(w.users)) {
      const res = await w.as(user, Q);
      for (const { node } of res.body.data?.journalPosts.edges ?? []) {
        const rawId = Buffer.from(node.id, 'base64url').toString().split(':')[1]!;
        const listed = node.documents.some((d: any) => d.variant === 'ARCHIVE');
        expect(listed, `${user} ${node.visibility}`).toBe(
          node.visibility === 'FULL' && withArchive.has(rawId),
        );
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

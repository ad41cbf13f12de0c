import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalPostType, JournalStatus } from '../../src/entities';
import { InsightWorld, type Made, TODAY } from '../insight/world';
import { DOCX, docxFile, pdfa2b, pdfFile } from '../support/pdf';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The ARCHIVE variant takes only PDF/A (domain/documents/pdfa.ts): the file must declare a PDF/A
 * level in its XMP metadata, and the level is recorded as the document's format. This is
 * identification, not validation: the PDF/A-2b file here declares part 2, conformance B, and is
 * accepted for that, though a validator (veraPDF) would find it lacks an output intent. The other
 * variants take any media type, as before.
 */
let server: TestServer;
let w: InsightWorld;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: TODAY });
  w = await new InsightWorld(server).init();
});
afterAll(() => server?.close());

const openPost = (title: string) =>
  w.post({ title, type: JournalPostType.OUTGOING, status: JournalStatus.RESERVED });

async function documentsOf(post: Made) {
  const res = await w.as(
    'in.handler',
    `{ journalPost(id: "${post.gid}") { documents { variant mediaType format } } }`,
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data.journalPost.documents;
}

const storedCount = async (post: Made) =>
  (await w.rows('select id from document where journal_post_id = ?', [post.id])).length;

describe('A PDF/A file is stored as the ARCHIVE variant with its format recorded', () => {
  it('PDF/A-2b: 201, format in the answer, in the table and in Document.format', async () => {
    const p = await openPost('Arkivvariant PDF/A');
    const up = await w.upload('in.handler', p, 'ARCHIVE', pdfa2b('arkiv'), { name: 'vedtak.pdf' });
    expect(up.res.status).toBe(201);
    expect(up.json.document).toMatchObject({ variant: 'ARCHIVE', format: 'PDF/A-2b' });
    expect(await documentsOf(p)).toEqual([
      { variant: 'ARCHIVE', mediaType: 'application/pdf', format: 'PDF/A-2b' },
    ]);
  });

  it('a PDF/A file sent as another media type: 400 NOT_ALLOWED on Content-Type', async () => {
    const p = await openPost('PDF/A med feil type');
    const up = await w.upload('in.handler', p, 'ARCHIVE', pdfa2b('arkiv'), {
      type: 'application/octet-stream',
    });
    expect(up.res.status).toBe(400);
    expect(up.json.errors[0].extensions.fieldErrors).toMatchObject([
      { path: ['Content-Type'], code: 'NOT_ALLOWED' },
    ]);
    expect(await storedCount(p)).toBe(0);
  });
});

describe('Anything else is refused for ARCHIVE (415 NOT_PDFA) and taken for PRODUCTION', () => {
  const cases = [
    {
      what: 'a plain PDF',
      body: () => pdfFile('vanlig'),
      type: 'application/pdf',
      reason: 'NO_PDFA_IDENTIFICATION',
    },
    { what: 'a .docx', body: docxFile, type: DOCX, reason: 'NOT_PDF' },
  ];
  for (const c of cases) {
    it(`${c.what}: refused as ARCHIVE, nothing stored; stored as PRODUCTION without format`, async () => {
      const p = await openPost(`Ikke PDF/A: ${c.what}`);
      const refused = await w.upload('in.handler', p, 'ARCHIVE', c.body(), { type: c.type });
      expect(refused.res.status).toBe(415);
      const error = refused.json.errors[0];
      expect(error.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ path: ['body'], code: 'NOT_PDFA', params: { reason: c.reason } }],
      });
      expect(error.message).toMatch(
        /^Arkivformatet må være PDF\/A.* \/ The archive variant must be PDF\/A/,
      );
      expect(await storedCount(p)).toBe(0);

      const taken = await w.upload('in.handler', p, 'PRODUCTION', c.body(), { type: c.type });
      expect(taken.res.status).toBe(201);
      expect(await documentsOf(p)).toEqual([
        { variant: 'PRODUCTION', mediaType: c.type, format: null },
      ]);
    });
  }

  it('a .docx renamed .pdf and sent as application/pdf: refused for both (it is not a PDF)', async () => {
    const p = await openPost('Omdøpt docx');
    for (const variant of ['ARCHIVE', 'PRODUCTION']) {
      const up = await w.upload('in.handler', p, variant, docxFile(), { name: 'brev.pdf' });
      expect(up.res.status).toBe(400);
      expect(up.json.errors[0].message).toMatch(/does not start with %PDF-/);
    }
    expect(await storedCount(p)).toBe(0);
  });

  it('a PDF/A file as PRODUCTION gets its format too', async () => {
    const p = await openPost('Produksjon i PDF/A');
    expect((await w.upload('in.handler', p, 'PRODUCTION', pdfa2b('prod'))).res.status).toBe(201);
    expect(await documentsOf(p)).toEqual([
      { variant: 'PRODUCTION', mediaType: 'application/pdf', format: 'PDF/A-2b' },
    ]);
  });
});

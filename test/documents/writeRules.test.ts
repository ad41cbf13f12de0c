import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalPostType, JournalStatus } from '../../src/entities';
import { toGlobalId } from '../../src/schema/globalId';
import { InsightWorld, type Made, pdf, sha256, TODAY } from '../insight/world';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Who may write a post's files (docs/access-control.md, "Who may change a record";
 * policies/documents.ts, refuseDocumentWrite): uploading or correcting any variant needs the
 * actor to read the post FULL, on top of the upload rules. NONE is NOT_FOUND, REDACTED is
 * FORBIDDEN, always before anything about the stored file is looked at.
 */
let server: TestServer;
let w: InsightWorld;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: TODAY });
  w = await new InsightWorld(server).init();
});
afterAll(() => server?.close());

const stored = () =>
  w.rows(
    'select id, journal_post_id, variant, version, sha256, replaced_at from document order by id',
  );
const audit = () => w.rows('select id from audit_event order by id');

/** A refusal's body without its request id (which differs on every request). */
const body = (json: any) => ({
  ...json,
  errors: json.errors.map((e: any) => ({
    ...e,
    extensions: { ...e.extensions, requestId: undefined },
  })),
});

async function nothingChanged(run: () => Promise<void>) {
  const before = { docs: await stored(), audit: await audit() };
  await run();
  expect({ docs: await stored(), audit: await audit() }).toEqual(before);
}

/** A post in the access group whose creator is `in.other`, who therefore sees it only REDACTED. */
async function restrictedPostCreatedByOther(spec: { status?: JournalStatus } = {}): Promise<Made> {
  const p = await w.post({ title: 'Elevmappe – {Kari}', code: '13', restricted: true, ...spec });
  await w.rows('update journal_post set created_by_id = ? where id = ?', [
    w.userId('in.other'),
    p.id,
  ]);
  return p;
}

const REDACTED_REFUSAL =
  'You see the journal post only in its public form (REDACTED); only those who read it in full may change it';

describe('A creator who sees the post REDACTED uploads nothing', () => {
  it('reproduction (issue 10, item 2): the REDACTED creator’s upload is FORBIDDEN, not stored as a file it could not fetch', async () => {
    const p = await restrictedPostCreatedByOther({ status: JournalStatus.RESERVED });
    const post = await w.as('in.other', 'query($id: ID!) { journalPost(id: $id) { visibility } }', {
      id: p.gid,
    });
    expect(post.body.data.journalPost.visibility).toBe('REDACTED');
    await nothingChanged(async () => {
      for (const variant of ['ARCHIVE', 'PRODUCTION', 'PUBLIC']) {
        const up = await w.upload('in.other', p, variant, pdf('fra skaperen'));
        expect(up.res.status, variant).toBe(403);
        expect(up.json.errors[0]).toMatchObject({
          message: REDACTED_REFUSAL,
          extensions: { code: 'FORBIDDEN' },
        });
      }
    });
  });

  it('the same creator uploads as before where they read the post FULL', async () => {
    const p = await w.post({
      title: 'Åpent brev',
      type: JournalPostType.OUTGOING,
      status: JournalStatus.RESERVED,
    });
    await w.rows('update journal_post set created_by_id = ? where id = ?', [
      w.userId('in.other'),
      p.id,
    ]);
    expect((await w.upload('in.other', p, 'ARCHIVE', pdf('åpent'))).res.status).toBe(201);
  });
});

describe('A refused upload tells nothing of the stored file', () => {
  it('reproduction (issue 10, item 2): right and wrong guessed bytes get the same FORBIDDEN, without name, hash or "unchanged"', async () => {
    const p = await restrictedPostCreatedByOther();
    const secret = pdf('Sakkyndig vurdering av Kari');
    const name = 'Sakkyndig-vurdering-Kari-Nordmann.pdf';
    expect((await w.upload('in.handler', p, 'ARCHIVE', secret, { name })).res.status).toBe(201);
    await nothingChanged(async () => {
      const right = await w.upload('in.other', p, 'ARCHIVE', secret);
      const wrong = await w.upload('in.other', p, 'ARCHIVE', pdf('gjetning'));
      expect(right.res.status).toBe(403);
      expect(wrong.res.status).toBe(403);
      expect(body(right.json)).toEqual(body(wrong.json));
      expect(right.json.errors[0]).toMatchObject({
        message: REDACTED_REFUSAL,
        extensions: { code: 'FORBIDDEN' },
      });
      for (const res of [right, wrong]) {
        expect(res.res.headers.get('etag') ?? '').not.toContain(sha256(secret));
        expect(res.res.headers.get('location')).toBeNull();
        const text = JSON.stringify(res.json);
        for (const hidden of [name, 'Kari', sha256(secret), 'UNCHANGED', 'unchanged'])
          expect(text).not.toContain(hidden);
      }
    });
  });
});

describe('Insight handlers make the public variant only of posts they read FULL', () => {
  it('an insight handler of the post’s unit who sees it REDACTED is FORBIDDEN for the PUBLIC variant', async () => {
    const p = await w.post({ title: 'Søknad fra {Ola}', code: '13', restricted: true });
    await nothingChanged(async () => {
      const up = await w.upload('in.insight', p, 'PUBLIC', pdf('sladdet'));
      expect(up.res.status).toBe(403);
      expect(up.json.errors[0].message).toBe(REDACTED_REFUSAL);
    });
  });

  it('the same insight handler uploads the PUBLIC variant of a post they read FULL', async () => {
    const p = await w.post({ title: 'Søknad om skjenkebevilling' });
    expect((await w.upload('in.insight', p, 'PUBLIC', pdf('offentlig'))).res.status).toBe(201);
  });
});

describe('The order of refusals: NOT_FOUND, then FORBIDDEN when REDACTED, then the rule’s text', () => {
  it('a post that does not exist for the actor and an unknown post: the same NOT_FOUND', async () => {
    const p = await w.post({ title: 'Brev', code: '13', restricted: true });
    const unknown: Made = {
      ...p,
      gid: toGlobalId('JournalPost', '00000000-0000-4000-8000-000000000000'),
    };
    await nothingChanged(async () => {
      const none = await w.upload('in.former', p, 'ARCHIVE', pdf('x'));
      const missing = await w.upload('in.handler', unknown, 'ARCHIVE', pdf('x'));
      expect(none.res.status).toBe(404);
      expect(missing.res.status).toBe(404);
      expect(body(none.json)).toEqual(body(missing.json));
    });
  });

  it('a FULL reader without the rule: FORBIDDEN with its text (a correction is for archivists)', async () => {
    const p = await w.post({ title: 'Registrert brev', status: JournalStatus.REGISTERED });
    await w.upload('in.handler', p, 'ARCHIVE', pdf('første'));
    await nothingChanged(async () => {
      const correct = await w.upload('in.leader', p, 'ARCHIVE', pdf('andre'), {
        headers: { 'x-correction-reason': 'Feil fil' },
      });
      expect(correct.res.status).toBe(403);
      expect(correct.json.errors[0].message).toBe(
        "Only an archivist may correct a locked post's documents",
      );
      const other = await w.upload('in.insightb', p, 'PUBLIC', pdf('x'));
      expect(other.res.status).toBe(403);
      expect(other.json.errors[0].message).toMatch(/^Only the post's responsible handler/);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/db/sqlTemplate';
import { idOf, toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';
import { M, type MadeCase, refusal, routineClient } from './approvalSupport';

/**
 * Write-off (docs/daily-routines.md, "Write-off (avskrivning)"), through the real GraphQL server
 * on the demo data: the reply must be at least finalised, and cancelling a reply undoes the
 * write-offs it made.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
});
afterAll(() => server?.close());

const { as, ok, rows, userId, makeCase, post, auditEvents } = routineClient(() => server, 7100);

const storedPost = async (gid: string) =>
  (await rows(sql`select * from journal_post where id = ${idOf('JournalPost', gid)}`))[0];

async function dispatchedReply(c: MadeCase, extra: Record<string, unknown> = {}) {
  const reply = await post(c, 'OUTGOING', { title: 'Svar på henvendelse', ...extra });
  await ok('saksbehandler', M.finalize, { input: { id: reply.id } });
  return ok('saksbehandler', M.dispatch, { input: { id: reply.id } });
}

describe('A reply must be at least finalised', () => {
  let c: MadeCase;
  beforeAll(async () => {
    c = await makeCase();
  });

  it('a RESERVED reply is refused on replyId, and nothing is written off', async () => {
    const letter = await post(c, 'INCOMING');
    const draft = await post(c, 'OUTGOING', { title: 'Utkast til svar' });
    const error = refusal(
      await as('saksbehandler', M.writeOff, {
        input: { id: letter.id, method: 'REPLIED_BY_LETTER', replyId: draft.id },
      }),
      'BAD_USER_INPUT',
      'replyId',
    );
    expect(error.message).toMatch(/must be finalised/);
    expect((await storedPost(letter.id)).write_off_method).toBeNull();
    expect(await auditEvents(letter.id, 'journalPost.writeOff')).toHaveLength(0);
  });

  it('a finalised reply writes the letter off', async () => {
    const letter = await post(c, 'INCOMING');
    const reply = await post(c, 'OUTGOING', { title: 'Svar' });
    await ok('saksbehandler', M.finalize, { input: { id: reply.id } });
    expect(
      await ok('saksbehandler', M.writeOff, {
        input: { id: letter.id, method: 'REPLIED_BY_LETTER', replyId: reply.id },
      }),
    ).toMatchObject({ writtenOff: true, writeOffMethod: 'REPLIED_BY_LETTER' });
  });

  it('TO (noted) needs no note; TLF does', async () => {
    const noted = await post(c, 'INCOMING');
    expect(
      await ok('saksbehandler', M.writeOff, { input: { id: noted.id, method: 'NOTED' } }),
    ).toMatchObject({ writeOffMethod: 'NOTED' });
    const phoned = await post(c, 'INCOMING');
    refusal(
      await as('saksbehandler', M.writeOff, {
        input: { id: phoned.id, method: 'REPLIED_BY_PHONE' },
      }),
      'BAD_USER_INPUT',
      'note',
    );
  });

  it('a cancelled reply cannot be chosen', async () => {
    const letter = await post(c, 'INCOMING');
    const reply = await dispatchedReply(c);
    await ok('saksbehandler', M.cancel, { input: { id: reply.id, reason: 'Sendt feil' } });
    const error = refusal(
      await as('saksbehandler', M.writeOff, {
        input: { id: letter.id, method: 'REPLIED_BY_LETTER', replyId: reply.id },
      }),
      'BAD_USER_INPUT',
      'replyId',
    );
    expect(error.message).toMatch(/cancelled/);
  });
});

describe('Cancelling a reply undoes the write-offs it made', () => {
  const BACKLOG = `query($unitId: ID!) { backlog(first: 100, filter: { unitId: $unitId, olderThanDays: 0 }) { nodes { id } } }`;
  let c: MadeCase;
  let pptGid: string;
  beforeAll(async () => {
    c = await makeCase();
    const [u] = await rows<{ id: string }>(sql`select id from unit where name = 'PPT'`);
    pptGid = toGlobalId('Unit', u!.id);
  });

  it('the letters return to the backlog, their write-off cleared, each audited with the reply', async () => {
    const a = await post(c, 'INCOMING');
    const b = await post(c, 'INCOMING');
    const other = await post(c, 'INCOMING');
    const reply = await dispatchedReply(c);
    await ok(
      'saksbehandler',
      `mutation($input: WriteOffJournalPostsInput!) { writeOffJournalPosts(input: $input) { journalPosts { id } } }`,
      { input: { ids: [a.id, b.id], method: 'REPLIED_BY_LETTER', replyId: reply.id } },
    );
    await ok('saksbehandler', M.writeOff, { input: { id: other.id, method: 'NOTED' } });
    const backlogIds = async () =>
      ((await ok('leder', BACKLOG, { unitId: pptGid })).nodes as { id: string }[]).map((n) => n.id);
    expect(await backlogIds()).not.toContain(a.id);

    await ok('saksbehandler', M.cancel, { input: { id: reply.id, reason: 'Sendt feil' } });

    for (const letter of [a, b]) {
      const row = await storedPost(letter.id);
      expect(row).toMatchObject({
        write_off_method: null,
        write_off_date: null,
        written_off_by_id: null,
        write_off_note: null,
        write_off_reply_id: null,
      });
      const [event] = await auditEvents(letter.id, 'journalPost.writeOffUndone');
      expect(event).toMatchObject({ actor: 'saksbehandler' });
      expect(event!.reason).toContain(reply.registryId);
      expect(event!.changes.writeOffMethod).toEqual({ old: 'REPLIED_BY_LETTER', new: null });
    }
    expect(await backlogIds()).toEqual(expect.arrayContaining([a.id, b.id]));
    // A write-off without this reply stays.
    expect((await storedPost(other.id)).write_off_method).toBe('NOTED');
  });

  it('a letter the canceller does not read in full is undone too, and nothing of it is shown', async () => {
    const letter = await post(c, 'INCOMING', {
      title: 'Sakkyndig vurdering av Ola Hemmelig',
      accessGroupId: toGlobalId(
        'AccessGroup',
        (await rows<{ id: string }>(sql`select id from access_group where name = 'Elev'`))[0]!.id,
      ),
    });
    // The reply is ppt.radgiver's: they may cancel it, but read the letter only REDACTED.
    const reply = await dispatchedReply(c, {
      responsibleId: toGlobalId('User', await userId('ppt.radgiver')),
    });
    await ok('saksbehandler', M.writeOff, {
      input: { id: letter.id, method: 'REPLIED_BY_LETTER', replyId: reply.id },
    });
    const seen = await as(
      'ppt.radgiver',
      `query($id: ID!) { journalPost(id: $id) { visibility } }`,
      { id: letter.id },
    );
    expect(seen.body.data.journalPost.visibility).toBe('REDACTED');

    const res = await as('ppt.radgiver', M.cancel, { input: { id: reply.id, reason: 'Feil' } });
    expect(res.body.errors).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain('Hemmelig');
    expect(JSON.stringify(res.body)).not.toContain(letter.registryId);
    expect((await storedPost(letter.id)).write_off_method).toBeNull();
    expect(await auditEvents(letter.id, 'journalPost.writeOffUndone')).toHaveLength(1);
  });
});

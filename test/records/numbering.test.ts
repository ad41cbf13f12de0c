import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, sql, type SqlFragment } from '../../src/db/sqlTemplate';
import { todayInOslo } from '../../src/domain/workingDays';
import { Case, CaseStatus, Unit, User } from '../../src/entities';
import { idOf, toGlobalId } from '../../src/schema/globalId';
import { type GqlResponse, startTestServer, type TestServer } from '../support/server';

/**
 * Numbering and concurrency (domain.md, "Numbering"): journal sequence numbers restart each year
 * and document numbers run per case; both are unique and have no gaps among committed posts, also
 * when many posts are registered at the same moment and when a registration fails after its
 * numbers were drawn. Two concurrent changes of one post: one wins, the other is told (CONFLICT),
 * nothing is lost silently.
 */
let server: TestServer;
let token: string;
const year = Number(todayInOslo().slice(0, 4));

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  token = await server.tokenFor('saksbehandler');
});
afterAll(() => server?.close());

const rows = <T = any>(fragment: SqlFragment) => query<T>(server.orm.em.fork(), fragment);
const asHandler = (q: string, variables: Record<string, unknown>): Promise<GqlResponse<any>> =>
  server.gql(q, variables, { token });

const REGISTER = `mutation($input: RegisterJournalPostInput!) {
  registerJournalPost(input: $input) { id registryId documentNumber journalYear journalSequenceNumber }
}`;
const UPDATE = `mutation($input: UpdateJournalPostInput!) {
  updateJournalPost(input: $input) { id title }
}`;

let sequence = 800;
/** A case of saksbehandler's in PPT, made in the database. */
async function makeCase(): Promise<{ id: string; gid: string; caseNumber: string }> {
  const em = server.orm.em.fork();
  sequence += 1;
  const handler = await em.findOneOrFail(User, { username: 'saksbehandler' });
  const c = em.create(Case, {
    caseYear: year,
    caseSequence: sequence,
    caseNumber: `${year}/${sequence}`,
    title: `Nummereringssak ${sequence}`,
    publicTitle: `Nummereringssak ${sequence}`,
    status: CaseStatus.IN_PROGRESS,
    responsibleUnit: await em.findOneOrFail(Unit, { name: 'PPT' }),
    caseResponsible: handler,
    createdBy: handler,
  });
  await em.flush();
  return { id: c.id, gid: toGlobalId('Case', c.id), caseNumber: c.caseNumber };
}

async function journalCounter(): Promise<number> {
  const [row] = await rows<{ value: number }>(
    sql`select value from number_counter where series = ${`journal:${year}`}`,
  );
  return row?.value ?? 0;
}

const consecutive = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => from + i);

/** Every committed post of a case, by document number. */
async function postsOf(caseId: string) {
  return rows<{ document_number: number; journal_sequence_number: number; title: string }>(
    sql`select document_number, journal_sequence_number, title from journal_post
        where case_id = ${caseId} order by document_number`,
  );
}

/** Registrations titled "Tving feil" fail inside the database, after their numbers are drawn. */
const FAILING_TITLE = 'Tving feil';
async function failInserts(): Promise<() => Promise<void>> {
  await rows(
    sql`create or replace function test_fail_insert() returns trigger language plpgsql as $$
        begin
          if new.title = 'Tving feil' then
            raise exception 'forced failure for the numbering test';
          end if;
          return new;
        end $$`,
  );
  await rows(
    sql`create trigger test_fail_insert before insert on journal_post
        for each row execute function test_fail_insert()`,
  );
  return async () => {
    await rows(sql`drop trigger test_fail_insert on journal_post`);
    await rows(sql`drop function test_fail_insert()`);
  };
}

describe('50 registrations at the same moment get consecutive numbers', () => {
  it('50 distinct, consecutive journal sequence numbers and document numbers 1–50', async () => {
    const c = await makeCase();
    const before = await journalCounter();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        asHandler(REGISTER, {
          input: { caseId: c.gid, type: 'INCOMING', title: `Brev nr. ${i + 1}` },
        }),
      ),
    );
    for (const r of results) expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
    const posts = results.map((r) => r.body.data.registerJournalPost);

    const sequenceNumbers = posts.map((p) => p.journalSequenceNumber).sort((a, b) => a - b);
    expect(sequenceNumbers).toEqual(consecutive(before + 1, 50));
    expect(new Set(posts.map((p) => p.journalYear))).toEqual(new Set([year]));
    const documentNumbers = posts.map((p) => p.documentNumber).sort((a, b) => a - b);
    expect(documentNumbers).toEqual(consecutive(1, 50));
    expect(new Set(posts.map((p) => p.registryId)).size).toBe(50);
    expect(await journalCounter()).toBe(before + 50);

    // What the database holds agrees with what the API answered.
    const stored = await postsOf(c.id);
    expect(stored.map((p) => p.document_number)).toEqual(consecutive(1, 50));
    expect(stored.map((p) => p.journal_sequence_number).sort((a, b) => a - b)).toEqual(
      sequenceNumbers,
    );
  });
});

describe('A failed registration leaves no gap', () => {
  it('a registration refused for a national identity number draws no number', async () => {
    const c = await makeCase();
    const before = await journalCounter();
    const refused = await asHandler(REGISTER, {
      input: { caseId: c.gid, type: 'INCOMING', title: 'Søknad fra 01819012365' },
    });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'title'] }],
    });
    const next = await asHandler(REGISTER, {
      input: { caseId: c.gid, type: 'INCOMING', title: 'Søknad' },
    });
    expect(next.body.data.registerJournalPost).toMatchObject({
      journalSequenceNumber: before + 1,
      documentNumber: 1,
    });
  });

  it('a registration that fails after drawing its numbers gives them back', async () => {
    const c = await makeCase();
    const first = await asHandler(REGISTER, {
      input: { caseId: c.gid, type: 'INCOMING', title: 'Første brev' },
    });
    const { journalSequenceNumber } = first.body.data.registerJournalPost;
    const restore = await failInserts();
    try {
      server.statements.length = 0;
      const failed = await asHandler(REGISTER, {
        input: { caseId: c.gid, type: 'INCOMING', title: FAILING_TITLE },
      });
      expect(failed.body.errors?.[0]).toBeDefined();
      expect(failed.body.data?.registerJournalPost ?? null).toBeNull();
      // The numbers were drawn (both counters) before the insert failed, then rolled back.
      expect(server.statements.filter((s) => s.includes('number_counter'))).toHaveLength(2);
      expect(server.statements.some((s) => /rollback/i.test(s))).toBe(true);
      expect(await journalCounter()).toBe(journalSequenceNumber);
      expect(await postsOf(c.id)).toHaveLength(1);

      const next = await asHandler(REGISTER, {
        input: { caseId: c.gid, type: 'INCOMING', title: 'Andre brev' },
      });
      expect(next.body.data.registerJournalPost).toMatchObject({
        journalSequenceNumber: journalSequenceNumber + 1,
        documentNumber: 2,
        registryId: `${c.caseNumber}-2`,
      });
    } finally {
      await restore();
    }
  });

  it('failures among concurrent registrations leave the committed numbers consecutive', async () => {
    const c = await makeCase();
    const before = await journalCounter();
    const restore = await failInserts();
    try {
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          asHandler(REGISTER, {
            input: {
              caseId: c.gid,
              type: 'INCOMING',
              title: i % 5 === 2 ? FAILING_TITLE : `Brev nr. ${i + 1}`,
            },
          }),
        ),
      );
      const failed = results.filter((r) => r.body.errors);
      expect(failed).toHaveLength(6);
      const posts = results
        .filter((r) => !r.body.errors)
        .map((r) => r.body.data.registerJournalPost);
      expect(posts.map((p) => p.journalSequenceNumber).sort((a, b) => a - b)).toEqual(
        consecutive(before + 1, 24),
      );
      expect(posts.map((p) => p.documentNumber).sort((a, b) => a - b)).toEqual(consecutive(1, 24));
      expect(await journalCounter()).toBe(before + 24);
    } finally {
      await restore();
    }
  });
});

describe('Two concurrent changes of one post: one wins, the other is told', () => {
  it('one update succeeds, the other gets CONFLICT; the winner is stored, with one audit event', async () => {
    const c = await makeCase();
    const registered = await asHandler(REGISTER, {
      input: { caseId: c.gid, type: 'OUTGOING', title: 'Utkast' },
    });
    const post = registered.body.data.registerJournalPost;
    const id = idOf('JournalPost', post.id)!;
    const [before] = await rows<{ version: number }>(
      sql`select version from journal_post where id = ${id}`,
    );
    const versionBefore = before!.version;

    // Hold the post's row so that both updates read the same version and then queue at their
    // UPDATE; let go once both wait. Each then finds the version it read gone or still there.
    const url = server.orm.config.get('clientUrl')!;
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    let results: GqlResponse<any>[];
    try {
      await blocker.query('begin');
      await blocker.query('select id from journal_post where id = $1 for update', [id]);
      const pending = Promise.all(
        ['Vedtak A', 'Vedtak B'].map((title) =>
          asHandler(UPDATE, { input: { id: post.id, title } }),
        ),
      );
      // Polled from another connection: inside the blocker's transaction pg_stat_activity would
      // be a snapshot taken once.
      const deadline = Date.now() + 4_000;
      for (;;) {
        const [waiting] = await rows<{ n: number }>(
          sql`select count(*)::int as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'
                and query ilike ${'update "journal_post"%'}`,
        );
        if (waiting!.n >= 2) break;
        if (Date.now() > deadline) throw new Error('the two updates never queued at the row');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await blocker.query('rollback');
      results = await pending;
    } finally {
      await blocker.end();
    }

    const winners = results.filter((r) => !r.body.errors);
    const losers = results.filter((r) => r.body.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]!.body.errors![0]!.extensions?.code).toBe('CONFLICT');
    expect(losers[0]!.body.errors![0]!.message).toMatch(/Someone else changed this record/);

    const winnerTitle = winners[0]!.body.data.updateJournalPost.title;
    const [stored] = await rows<{ title: string; version: number }>(
      sql`select title, version from journal_post where id = ${id}`,
    );
    expect(stored!.title).toBe(winnerTitle);
    expect(stored!.version).toBe(versionBefore + 1);
    const events = await rows<{ changes: any }>(
      sql`select changes from audit_event where target_id = ${id} and action = 'journalPost.update'`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.changes.title).toEqual({ old: 'Utkast', new: winnerTitle });
  });
});

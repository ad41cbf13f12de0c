import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ormOptions } from '../../src/db/orm-options';
import { query, sql } from '../../src/db/sqlTemplate';
import { currentDocument } from '../../src/domain/documents';
import {
  Document,
  DocumentVariant,
  InsightRequest,
  InsightRequestItem,
  JournalPost,
  Unit,
} from '../../src/entities';
import { createTestDatabase } from '../support/database';

/**
 * The migration to document descriptions (dokumentbeskrivelse) on the existing demo database: the
 * demo is taken back to before it (its attachments go: the old table has no place for them), given
 * files (a replaced one among them, and one released to an insight request), and migrated forward.
 */
let orm: MikroORM;
let demoAttachments: { role: string; screened: boolean }[];
const BEFORE = 'Migration20261202071000_document_format';
const MIGRATION = 'Migration20261202081000_document_descriptions';

beforeAll(async () => {
  orm = await MikroORM.init(ormOptions(await createTestDatabase('demo'), 2));
  demoAttachments = await query<{ role: string; screened: boolean }>(
    orm.em.fork(),
    sql`select role, screening_code_id is not null as screened from document_description where role = 'ATTACHMENT'`,
  );
  await orm.getMigrator().down({ to: BEFORE });
});
afterAll(() => orm?.close(true));

const rows = <T>(fragment: ReturnType<typeof sql>) => query<T>(orm.em.fork(), fragment);

interface Holding extends Record<string, unknown> {
  journal_post_id: string;
  files: string;
}

/** Every post's files: variant, version, checksum and whether current, in one string per post. */
const holdings = () =>
  rows<Holding>(sql`select d.journal_post_id,
      string_agg(d.variant || ':' || d.version || ':' || d.sha256 || ':' || (d.replaced_at is null),
        ',' order by d.variant, d.version) as files
    from document d group by d.journal_post_id order by d.journal_post_id`);

describe('Migration: the existing demo database migrates forward with every post keeping its documents', () => {
  it('the demo has attachments, one of them screened', () => {
    expect(demoAttachments.length).toBeGreaterThan(2);
    expect(demoAttachments.filter((a) => a.screened)).toHaveLength(1);
  });

  it('every post with files gets one main document holding all of them; releases stay exact', async () => {
    expect(await rows(sql`select to_regclass('document_description') as t`)).toEqual([{ t: null }]);
    const posts = await rows<{ id: string; created_by_id: string; status: string }>(
      sql`select jp.id, jp.created_by_id, jp.status from journal_post jp order by jp.id limit 3`,
    );
    const [a, b] = posts;
    const file = (
      post: typeof a,
      variant: string,
      version: number,
      hash: string,
      replaced: boolean,
    ) =>
      rows(sql`insert into document (id, journal_post_id, variant, version, file_name, media_type, size,
          sha256, content, uploaded_by_id, uploaded_at, replaced_at)
        values (gen_random_uuid(), ${post!.id}, ${variant}, ${version}, 'brev.txt', 'text/plain', 5,
          ${hash}, 'hallo', ${post!.created_by_id}, now(), ${replaced ? new Date() : null})`);
    await file(a, 'PRODUCTION', 1, 'a1', true);
    await file(a, 'PRODUCTION', 2, 'a2', false);
    await file(a, 'PUBLIC', 1, 'a3', false);
    await file(b, 'ARCHIVE', 1, 'b1', false);
    const [released] = await rows<{ id: string }>(sql`select id from document where sha256 = 'a1'`);
    // A file released to an insight request (the demo has none: one is made here).
    const em0 = orm.em.fork();
    const request = em0.create(InsightRequest, {
      referenceHash: randomUUID(),
      receivedOn: '2026-11-02',
      dueDate: '2026-11-05',
      answerDeadline: '2026-11-09',
      requesterEmail: 'innsyn@example.org',
    });
    const [unit] = await rows<{ id: string }>(
      sql`select responsible_unit_id as id from journal_post where id = ${a!.id}`,
    );
    const item = em0.create(InsightRequestItem, {
      request,
      position: 0,
      journalPost: em0.getReference(JournalPost, a!.id),
      unit: em0.getReference(Unit, unit!.id),
      releasedDocument: em0.getReference(Document, released!.id),
    });
    await em0.flush();
    const before = await holdings();
    expect(before.length).toBeGreaterThanOrEqual(2);

    await orm.getMigrator().up({ to: MIGRATION });

    expect(await holdings()).toEqual(before);
    const descriptions = await rows<{
      journal_post_id: string;
      n: number;
      mains: number;
      files: number;
    }>(
      sql`select dd.journal_post_id, count(distinct dd.id)::int as n,
          count(distinct dd.id) filter (where dd.role = 'MAIN' and dd.document_number = 1)::int as mains,
          count(d.id)::int as files
        from document_description dd left join document d on d.document_description_id = dd.id
        group by dd.journal_post_id order by dd.journal_post_id`,
    );
    expect(descriptions.map((d) => d.journal_post_id)).toEqual(
      before.map((h) => h.journal_post_id),
    );
    for (const d of descriptions) expect(d).toMatchObject({ n: 1, mains: 1 });
    expect(descriptions.reduce((sum, d) => sum + d.files, 0)).toBe(
      before.reduce((sum, h) => sum + h.files.split(',').length, 0),
    );
    // The old paths read the main document: the current files are where they were. The app's code
    // reads the current schema, so the later migrations run first.
    await orm.getMigrator().up();
    const em = orm.em.fork();
    expect((await currentDocument(em, a!.id, DocumentVariant.PRODUCTION))?.sha256).toBe('a2');
    expect((await currentDocument(em, b!.id, DocumentVariant.ARCHIVE))?.sha256).toBe('b1');
    if (item) {
      expect(
        await rows(
          sql`select d.sha256 from insight_request_item i join document d on d.id = i.released_document_id where i.id = ${item.id}`,
        ),
      ).toEqual([{ sha256: 'a1' }]);
    }
  });
});

import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ormOptions } from '../../src/db/orm-options';
import { query, sql } from '../../src/db/sqlTemplate';
import { FIRST_ARCHIVE_PART_ID } from '../../src/db/migrations/Migration20261202070000_archive_parts';
import { createTestDatabase } from '../support/database';

/**
 * The migration to archive parts (arkivdeler) on the existing demo database: the demo is taken
 * back to before it (the archive tables gone), given a stored document, and migrated forward.
 */
let orm: MikroORM;

beforeAll(async () => {
  orm = await MikroORM.init(ormOptions(await createTestDatabase('demo'), 2));
  await orm.getMigrator().down({ to: 'Migration20261202050000_norwegian_collation' });
});
afterAll(() => orm?.close(true));

const rows = <T>(fragment: ReturnType<typeof sql>) => query<T>(orm.em.fork(), fragment);

interface Holding extends Record<string, unknown> {
  case_id: string;
  posts: string;
  documents: string;
  checksums: string | null;
}

const holdings = () =>
  rows<Holding>(sql`select c.id as case_id, count(distinct jp.id) as posts, count(d.id) as documents,
      string_agg(d.sha256, ',' order by d.sha256) as checksums
    from case_file c
    left join journal_post jp on jp.case_id = c.id
    left join document d on d.journal_post_id = jp.id
    group by c.id order by c.id`);

describe('Migration: the existing demo database migrates forward with every post keeping its documents', () => {
  it('moves every case into one active part and keeps posts and documents', async () => {
    expect(await rows(sql`select to_regclass('archive_part') as t`)).toEqual([{ t: null }]);
    const [post] = await rows<{ id: string; created_by_id: string }>(
      sql`select jp.id, c.created_by_id from journal_post jp join case_file c on c.id = jp.case_id limit 1`,
    );
    await rows(sql`insert into document (id, journal_post_id, variant, file_name, media_type, size,
        sha256, content, uploaded_by_id, uploaded_at)
      values (gen_random_uuid(), ${post!.id}, 'PRODUCTION', 'brev.txt', 'text/plain', 5,
        'abc123', 'hallo', ${post!.created_by_id}, now())`);
    const before = await holdings();
    expect(before.some((h) => Number(h.documents) > 0)).toBe(true);

    await orm.getMigrator().up({ to: 'Migration20261202070000_archive_parts' });

    expect(await holdings()).toEqual(before);
    const parts = await rows<{ id: string; status: string; cases: string }>(
      sql`select p.id, p.status, (select count(*) from case_file c where c.archive_part_id = p.id) as cases from archive_part p`,
    );
    expect(parts).toEqual([
      { id: FIRST_ARCHIVE_PART_ID, status: 'ACTIVE', cases: String(before.length) },
    ]);
  });
});

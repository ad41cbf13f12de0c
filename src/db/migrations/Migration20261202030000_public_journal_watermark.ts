import { Migration } from '@mikro-orm/migrations';

/** The tables the public journal's entries are built from (queries/publicJournal.ts). */
const SOURCES = ['journal_post', 'case_file', 'correspondent', 'unit', 'screening_code'];

/**
 * The publication watermark (entity PublicJournalWatermark): its version grows once per committed
 * transaction that inserted, updated or deleted rows of a source table.
 *
 * - The triggers are deferred constraint triggers: they run at commit, so the watermark's row lock
 *   is the last lock a writing transaction takes and is held only while it commits (no deadlock
 *   with the rows it changed, no long wait for other writers).
 * - The update is in the writing transaction, so the new version becomes visible together with the
 *   data: a reader that reads the version first never pairs a new version with old content.
 * - A transaction-local setting makes every row after the first return at once.
 * - TRUNCATE has a statement trigger of its own (it fires no row trigger).
 */
export class Migration20261202030000_public_journal_watermark extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "public_journal_watermark" ("id" smallint not null, "version" bigint not null default 0, "changed_at" timestamptz not null default now(), constraint "public_journal_watermark_pkey" primary key ("id"));`,
    );
    this.addSql(`insert into "public_journal_watermark" ("id") values (1);`);
    this.addSql(`create function public_journal_touched() returns trigger language plpgsql as $$
begin
  if current_setting('arkivgraf.public_journal_touched', true) is distinct from pg_current_xact_id()::text then
    perform set_config('arkivgraf.public_journal_touched', pg_current_xact_id()::text, true);
    update public_journal_watermark set version = version + 1, changed_at = now() where id = 1;
  end if;
  return null;
end $$;`);
    for (const table of SOURCES) {
      this.addSql(`create constraint trigger public_journal_touched after insert or update or delete
        on "${table}" deferrable initially deferred for each row execute function public_journal_touched();`);
      // TRUNCATE fires no row trigger; it is rare and locks the whole table anyway.
      this.addSql(`create trigger public_journal_truncated after truncate on "${table}"
        for each statement execute function public_journal_touched();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of SOURCES) {
      this.addSql(`drop trigger if exists public_journal_touched on "${table}";`);
      this.addSql(`drop trigger if exists public_journal_truncated on "${table}";`);
    }
    this.addSql(`drop function if exists public_journal_touched();`);
    this.addSql(`drop table if exists "public_journal_watermark" cascade;`);
  }
}

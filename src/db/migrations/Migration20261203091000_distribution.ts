import { Migration } from '@mikro-orm/migrations';

/**
 * Distribution and the archive's corrections (docs/daily-routines.md): the received date
 * (mottatt dato) of incoming posts. Existing incoming posts take their journal date, as a new
 * registration does when none is given; other types have none (a check). The distribution queue of a unit
 * (incoming posts without a responsible) reads a partial index.
 */
export class Migration20261203091000_distribution extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "journal_post" add column "received_date" date null;`);
    this.addSql(
      `update "journal_post" set "received_date" = "journal_date" where "type" = 'INCOMING';`,
    );
    // The update queued the watermark's deferred triggers; a table with pending trigger events
    // cannot be altered in the same transaction, so they run now, and deferral is restored.
    this.addSql(`set constraints all immediate;`);
    this.addSql(`set constraints all deferred;`);
    this.addSql(
      `alter table "journal_post" add constraint "journal_post_received_date_check" check ("type" = 'INCOMING' or "received_date" is null);`,
    );
    this.addSql(
      `create index "journal_post_distribution_index" on "journal_post" ("organisation_id", "responsible_unit_id", "journal_date", "journal_year", "journal_sequence_number", "id") where "type" = 'INCOMING' and "responsible_id" is null and "write_off_method" is null and "status" <> 'CANCELLED';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "journal_post_distribution_index";`);
    this.addSql(`alter table "journal_post" drop column "received_date";`);
  }
}

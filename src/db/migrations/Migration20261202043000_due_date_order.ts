import { Migration } from '@mikro-orm/migrations';

/**
 * `journalPosts(orderBy: DUE_DATE)` orders by `due_date, id` (nulls last): an index on both keys
 * serves the order and its keyset cursor, where the one on `due_date` alone left every post to be
 * sorted. The due date is never screened, so the order is the same for every viewer. The new index
 * also serves the due list's ranges, so it replaces the old one.
 */
export class Migration20261202043000_due_date_order extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "journal_post_due_date_id_index" on "journal_post" ("due_date", "id");`,
    );
    this.addSql(`drop index "journal_post_due_date_index";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index "journal_post_due_date_index" on "journal_post" ("due_date");`);
    this.addSql(`drop index "journal_post_due_date_id_index";`);
  }
}

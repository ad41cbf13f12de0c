import { Migration } from '@mikro-orm/migrations';

export class Migration20261121080544_lifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "journal_post" add column "approver_id" uuid null, add column "approved_by_id" uuid null, add column "approved_at" timestamptz null, add column "finalized_at" timestamptz null, add column "dispatched_at" timestamptz null;`,
    );
    this.addSql(
      `alter table "journal_post" add constraint "journal_post_approver_id_foreign" foreign key ("approver_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "journal_post" add constraint "journal_post_approved_by_id_foreign" foreign key ("approved_by_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`create index "journal_post_approver_id_index" on "journal_post" ("approver_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "journal_post" drop constraint "journal_post_approver_id_foreign";`);
    this.addSql(
      `alter table "journal_post" drop constraint "journal_post_approved_by_id_foreign";`,
    );

    this.addSql(`drop index "journal_post_approver_id_index";`);
    this.addSql(
      `alter table "journal_post" drop column "approver_id", drop column "approved_by_id", drop column "approved_at", drop column "finalized_at", drop column "dispatched_at";`,
    );
  }
}

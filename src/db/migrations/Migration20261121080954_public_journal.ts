import { Migration } from '@mikro-orm/migrations';

export class Migration20261121080954_public_journal extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "case_file" add column "search_title" tsvector generated always as (to_tsvector('norwegian', title)) stored null, add column "search_public_title" tsvector generated always as (to_tsvector('norwegian', public_title)) stored null;`,
    );
    this.addSql(
      `create index "case_file_search_public_title_index" on "case_file" using gin ("search_public_title");`,
    );
    this.addSql(
      `create index "case_file_search_title_index" on "case_file" using gin ("search_title");`,
    );

    this.addSql(
      `alter table "journal_post" add column "publication_override" text check ("publication_override" in ('PUBLISH_NOW', 'HOLD')) null, add column "publication_override_reason" text null, add column "search_title" tsvector generated always as (to_tsvector('norwegian', title)) stored null, add column "search_public_title" tsvector generated always as (to_tsvector('norwegian', public_title)) stored null;`,
    );
    this.addSql(
      `create index "journal_post_public_journal_index" on "journal_post" ("journal_date" desc, "journal_sequence_number" desc, "id" desc) where "status" in ('DISPATCHED', 'REGISTERED', 'ARCHIVED');`,
    );
    this.addSql(
      `create index "journal_post_search_public_title_index" on "journal_post" using gin ("search_public_title");`,
    );
    this.addSql(
      `create index "journal_post_search_title_index" on "journal_post" using gin ("search_title");`,
    );

    this.addSql(
      `alter table "correspondent" add column "search_name" tsvector generated always as (to_tsvector('norwegian', name)) stored null;`,
    );
    this.addSql(
      `create index "correspondent_search_name_index" on "correspondent" using gin ("search_name");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "case_file_search_public_title_index";`);
    this.addSql(`drop index "case_file_search_title_index";`);
    this.addSql(
      `alter table "case_file" drop column "search_title", drop column "search_public_title";`,
    );

    this.addSql(`drop index "correspondent_search_name_index";`);
    this.addSql(`alter table "correspondent" drop column "search_name";`);

    this.addSql(`drop index "journal_post_public_journal_index";`);
    this.addSql(`drop index "journal_post_search_public_title_index";`);
    this.addSql(`drop index "journal_post_search_title_index";`);
    this.addSql(
      `alter table "journal_post" drop column "publication_override", drop column "publication_override_reason", drop column "search_title", drop column "search_public_title";`,
    );
  }
}

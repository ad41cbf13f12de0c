import { Migration } from '@mikro-orm/migrations';

/**
 * Trigram indexes for the internal lists' substring search (`ilike '%…%'`): on the stored and the
 * public form of titles, on case numbers and on correspondent names, so that a search finds its
 * candidates through the index and applies the viewer's effective-value check to those only.
 */
export class Migration20261202020000_search_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(
      `create index "journal_post_title_trgm_index" on "journal_post" using gin ("title" gin_trgm_ops);`,
    );
    this.addSql(
      `create index "journal_post_public_title_trgm_index" on "journal_post" using gin ("public_title" gin_trgm_ops);`,
    );
    this.addSql(
      `create index "case_file_title_trgm_index" on "case_file" using gin ("title" gin_trgm_ops);`,
    );
    this.addSql(
      `create index "case_file_public_title_trgm_index" on "case_file" using gin ("public_title" gin_trgm_ops);`,
    );
    this.addSql(
      `create index "case_file_case_number_trgm_index" on "case_file" using gin ("case_number" gin_trgm_ops);`,
    );
    this.addSql(
      `create index "journal_post_document_number_index" on "journal_post" ("document_number");`,
    );
    this.addSql(
      `create index "correspondent_name_trgm_index" on "correspondent" using gin ("name" gin_trgm_ops);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "correspondent_name_trgm_index";`);
    this.addSql(`drop index "journal_post_document_number_index";`);
    this.addSql(`drop index "case_file_case_number_trgm_index";`);
    this.addSql(`drop index "case_file_public_title_trgm_index";`);
    this.addSql(`drop index "case_file_title_trgm_index";`);
    this.addSql(`drop index "journal_post_public_title_trgm_index";`);
    this.addSql(`drop index "journal_post_title_trgm_index";`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Merknad (docs/noark5.md, "Merknad"): remarks on cases and journal posts, append-only. A remark
 * is on exactly one record. Existing data needs no change: no record had remarks, and moves
 * (docs/noark5.md, "Moves") change existing columns only.
 */
export class Migration20261202083000_remarks_and_moves extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "remark" ("id" uuid not null, "case_id" uuid null, "journal_post_id" uuid null, "type" text check ("type" in ('GENERAL', 'CASE_HANDLING', 'CLOSING', 'CORRECTION')) not null, "text" text not null, "registered_at" timestamptz not null, "registered_by_id" uuid not null, "corrects_id" uuid null, constraint "remark_pkey" primary key ("id"), constraint "remark_one_record_check" check (("case_id" is null) <> ("journal_post_id" is null)), constraint "remark_text_check" check (length(btrim("text")) > 0), constraint "remark_correction_check" check (("type" = 'CORRECTION') = ("corrects_id" is not null)));`,
    );
    this.addSql(
      `create index "remark_case_id_registered_at_index" on "remark" ("case_id", "registered_at");`,
    );
    this.addSql(
      `create index "remark_journal_post_id_registered_at_index" on "remark" ("journal_post_id", "registered_at");`,
    );
    this.addSql(
      `alter table "remark" add constraint "remark_case_id_foreign" foreign key ("case_id") references "case_file" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "remark" add constraint "remark_journal_post_id_foreign" foreign key ("journal_post_id") references "journal_post" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "remark" add constraint "remark_registered_by_id_foreign" foreign key ("registered_by_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "remark" add constraint "remark_corrects_id_foreign" foreign key ("corrects_id") references "remark" ("id") on update cascade on delete restrict;`,
    );
    // Append-only in the database too: no code path updates or deletes a remark.
    this.addSql(`create function "remark_append_only"() returns trigger language plpgsql as $$
begin
  raise exception 'A remark (merknad) is never changed or deleted; add a correction instead';
end $$;`);
    this.addSql(
      `create trigger "remark_append_only" before update or delete on "remark" for each row execute function "remark_append_only"();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "remark";`);
    this.addSql(`drop function "remark_append_only"();`);
  }
}

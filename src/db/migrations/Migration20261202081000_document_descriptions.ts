import { Migration } from '@mikro-orm/migrations';

/**
 * Dokumentbeskrivelse and dokumentobjekt (docs/noark5.md). The files (`document`) become the
 * document objects of a new `document_description`: every post that has files gets one main
 * description (number 1, titled as the post, created by and when its first file was uploaded,
 * FINALISED when the post's content is locked) holding all its files, current and replaced, so
 * every released file of an insight request stays where it was. Posts without files get their
 * main description at their first upload.
 */
export class Migration20261202081000_document_descriptions extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "document_description" ("id" uuid not null, "journal_post_id" uuid not null, "document_number" int not null, "role" text check ("role" in ('MAIN', 'ATTACHMENT')) not null, "title" text not null, "status" text check ("status" in ('UNDER_EDITING', 'FINALISED')) not null default 'UNDER_EDITING', "screening_code_id" uuid null, "created_by_id" uuid not null, "created_at" timestamptz not null, "version" int not null default 1, constraint "document_description_pkey" primary key ("id"), constraint "document_description_main_is_number_one_check" check (("role" = 'MAIN') = ("document_number" = 1)), constraint "document_description_journal_post_id_document_number_unique" unique ("journal_post_id", "document_number"), constraint "document_description_id_journal_post_id_unique" unique ("id", "journal_post_id"));`,
    );
    this.addSql(
      `alter table "document_description" add constraint "document_description_journal_post_id_foreign" foreign key ("journal_post_id") references "journal_post" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "document_description" add constraint "document_description_screening_code_id_foreign" foreign key ("screening_code_id") references "screening_code" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "document_description" add constraint "document_description_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade;`,
    );

    // The content is locked as domain/journalPosts/states.ts says (isContentLocked).
    this
      .addSql(`insert into "document_description" ("id", "journal_post_id", "document_number", "role", "title", "status", "created_by_id", "created_at")
      select gen_random_uuid(), jp."id", 1, 'MAIN', jp."title",
        case when (jp."type" = 'INCOMING' and jp."status" not in ('TEMPORARY', 'REGISTERED_BY_HANDLER'))
          or (jp."type" <> 'INCOMING' and jp."status" <> 'RESERVED') then 'FINALISED' else 'UNDER_EDITING' end,
        first."uploaded_by_id", first."uploaded_at"
      from "journal_post" jp
      join lateral (select d."uploaded_by_id", d."uploaded_at" from "document" d
        where d."journal_post_id" = jp."id" order by d."uploaded_at", d."id" limit 1) first on true;`);

    this.addSql(`alter table "document" add column "document_description_id" uuid null;`);
    this.addSql(
      `update "document" d set "document_description_id" = dd."id" from "document_description" dd where dd."journal_post_id" = d."journal_post_id";`,
    );
    this.addSql(`alter table "document" alter column "document_description_id" set not null;`);
    this.addSql(`drop index "document_current_index";`);
    this.addSql(
      `create unique index "document_current_index" on "document" ("document_description_id", "variant") where "replaced_at" is null;`,
    );
    this.addSql(
      `alter table "document" drop constraint "document_journal_post_id_variant_version_unique";`,
    );
    this.addSql(
      `alter table "document" add constraint "document_document_description_id_variant_version_unique" unique ("document_description_id", "variant", "version");`,
    );
    // The object's post is its description's post.
    this.addSql(
      `alter table "document" add constraint "document_document_description_id_foreign" foreign key ("document_description_id", "journal_post_id") references "document_description" ("id", "journal_post_id") on update cascade on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    // Lossy: attachments and their files have no place in the old one-file-per-variant table, so
    // they are deleted; every main document's files stay with their post.
    this.addSql(
      `delete from "document" d using "document_description" dd where dd."id" = d."document_description_id" and dd."role" = 'ATTACHMENT';`,
    );
    this.addSql(
      `alter table "document" drop constraint "document_document_description_id_foreign";`,
    );
    this.addSql(
      `alter table "document" drop constraint "document_document_description_id_variant_version_unique";`,
    );
    this.addSql(`drop index "document_current_index";`);
    this.addSql(
      `create unique index "document_current_index" on "document" ("journal_post_id", "variant") where "replaced_at" is null;`,
    );
    this.addSql(
      `alter table "document" add constraint "document_journal_post_id_variant_version_unique" unique ("journal_post_id", "variant", "version");`,
    );
    this.addSql(`alter table "document" drop column "document_description_id";`);
    this.addSql(`drop table "document_description";`);
  }
}

import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from './Migration20261202100000_organisations';

/**
 * Document types (dokumenttyper, docs/daily-routines.md, "Approval by document type"): defined by
 * each organisation, a name unique within it, whether a post of the type must be approved by a
 * leader before it is dispatched, and ended (valid_to), never deleted, so old posts keep their
 * type. Organisation data like every other table: `organisation_id` from the transaction's
 * setting, keys and foreign keys led by it, the same row-level security policy.
 *
 * `journal_post.document_type_id` names a post's type (nullable: most posts have none).
 */
export class Migration20261203092000_document_types extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "document_type" (
      "organisation_id" uuid not null default current_organisation(),
      "id" uuid not null,
      "name" text not null check (btrim("name") <> '' and char_length("name") <= 200),
      "description" text null,
      "requires_approval" boolean not null default false,
      "valid_from" date not null,
      "valid_to" date null,
      "created_at" timestamptz not null default now(),
      constraint "document_type_pkey" primary key ("organisation_id", "id"),
      constraint "document_type_name_unique" unique ("organisation_id", "name"),
      constraint "document_type_valid_check" check ("valid_to" is null or "valid_to" >= "valid_from"),
      constraint "document_type_organisation_fk" foreign key ("organisation_id") references "organisation" ("id"));`);
    this.addSql(`alter table "document_type" enable row level security;`);
    this.addSql(
      `create policy organisation_isolation on "document_type" using (organisation_id = (select current_organisation())) with check (organisation_id = (select current_organisation()));`,
    );
    this.addSql(`grant select, insert, update, delete on "document_type" to ${APP_ROLE};`);

    this.addSql(`alter table "journal_post" add column "document_type_id" uuid null;`);
    this.addSql(
      `alter table "journal_post" add constraint "journal_post_document_type_id_foreign" foreign key ("organisation_id", "document_type_id") references "document_type" ("organisation_id", "id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `create index "journal_post_document_type_id_index" on "journal_post" ("organisation_id", "document_type_id");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "journal_post_document_type_id_index";`);
    this.addSql(
      `alter table "journal_post" drop constraint "journal_post_document_type_id_foreign";`,
    );
    this.addSql(`alter table "journal_post" drop column "document_type_id";`);
    this.addSql(`drop table "document_type";`);
  }
}

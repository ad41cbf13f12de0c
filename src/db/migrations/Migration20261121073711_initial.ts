import { Migration } from '@mikro-orm/migrations';

export class Migration20261121073711_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "access_group" ("id" uuid not null, "name" text not null, "description" text null, "created_at" timestamptz not null, "ended_at" timestamptz null, constraint "access_group_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "access_group" add constraint "access_group_name_unique" unique ("name");`,
    );

    this.addSql(
      `create table "number_counter" ("series" text not null, "value" int not null default 0, constraint "number_counter_pkey" primary key ("series"));`,
    );

    this.addSql(
      `create table "screening_code" ("id" uuid not null, "code" text not null, "name" text not null, "legal_basis" text not null, "default_screened_fields" text[] not null, "default_duration_years" int null, "whole_document" boolean not null default false, "discretionary" boolean not null default false, "temporary" boolean not null default false, "valid_from" date not null, "valid_to" date null, constraint "screening_code_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "screening_code" add constraint "screening_code_code_unique" unique ("code");`,
    );

    this.addSql(
      `create table "unit" ("id" uuid not null, "name" text not null, "parent_id" uuid null, "created_at" timestamptz not null, constraint "unit_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "unit" add constraint "unit_name_unique" unique ("name");`);
    this.addSql(`create index "unit_parent_id_index" on "unit" ("parent_id");`);

    this.addSql(
      `create table "app_user" ("id" uuid not null, "username" text not null, "display_name" text not null, "unit_id" uuid null, "active" boolean not null default true, "created_at" timestamptz not null, "deactivated_at" timestamptz null, constraint "app_user_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "app_user" add constraint "app_user_username_unique" unique ("username");`,
    );
    this.addSql(`create index "app_user_unit_id_index" on "app_user" ("unit_id");`);

    this.addSql(
      `create table "role_grant" ("id" uuid not null, "user_id" uuid not null, "role" text check ("role" in ('ADMIN', 'ARCHIVIST', 'LEADER', 'CASE_HANDLER', 'INSIGHT_HANDLER')) not null, "unit_id" uuid null, "valid_from" timestamptz not null, "valid_to" timestamptz null, "granted_by_id" uuid null, "revoked_by_id" uuid null, constraint "role_grant_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "role_grant_unit_id_index" on "role_grant" ("unit_id");`);
    this.addSql(
      `create index "role_grant_user_id_valid_to_index" on "role_grant" ("user_id", "valid_to");`,
    );

    this.addSql(
      `create table "case_file" ("id" uuid not null, "case_year" int not null, "case_sequence" int not null, "case_number" text not null, "title" text not null, "public_title" text not null, "status" text check ("status" in ('RESERVED', 'IN_PROGRESS', 'CLOSED_BY_HANDLER', 'CLOSED', 'CANCELLED')) not null default 'RESERVED', "responsible_unit_id" uuid not null, "case_responsible_id" uuid null, "created_by_id" uuid not null, "access_group_id" uuid null, "screening_code_id" uuid null, "legal_basis" text null, "screened_fields" text[] not null, "screening_expires_on" date null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "closed_at" timestamptz null, "version" int not null default 1, constraint "case_file_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "case_file" add constraint "case_file_case_number_unique" unique ("case_number");`,
    );
    this.addSql(`create index "case_file_status_index" on "case_file" ("status");`);
    this.addSql(
      `create index "case_file_responsible_unit_id_index" on "case_file" ("responsible_unit_id");`,
    );
    this.addSql(
      `create index "case_file_case_responsible_id_index" on "case_file" ("case_responsible_id");`,
    );
    this.addSql(`create index "case_file_created_by_id_index" on "case_file" ("created_by_id");`);
    this.addSql(
      `create index "case_file_access_group_id_index" on "case_file" ("access_group_id");`,
    );
    this.addSql(
      `create index "case_file_screening_code_id_index" on "case_file" ("screening_code_id");`,
    );
    this.addSql(
      `create index "case_file_screening_expires_on_index" on "case_file" ("screening_expires_on");`,
    );
    this.addSql(`create index "case_file_created_at_index" on "case_file" ("created_at");`);
    this.addSql(
      `alter table "case_file" add constraint "case_file_case_year_case_sequence_unique" unique ("case_year", "case_sequence");`,
    );

    this.addSql(
      `create table "journal_post" ("id" uuid not null, "case_id" uuid not null, "document_number" int not null, "journal_year" int not null, "journal_sequence_number" int not null, "type" text check ("type" in ('INCOMING', 'OUTGOING', 'INTERNAL_FOLLOW_UP', 'INTERNAL_NO_FOLLOW_UP', 'CASE_PRESENTATION')) not null, "status" text check ("status" in ('TEMPORARY', 'REGISTERED_BY_HANDLER', 'RESERVED', 'REGISTERED', 'FINALIZED', 'APPROVED', 'DISPATCHED', 'ARCHIVED', 'CANCELLED')) not null, "title" text not null, "public_title" text not null, "journal_date" date not null, "document_date" date null, "due_date" date null, "responsible_id" uuid null, "responsible_unit_id" uuid not null, "created_by_id" uuid not null, "access_group_id" uuid null, "screening_code_id" uuid null, "legal_basis" text null, "screened_fields" text[] not null, "screening_expires_on" date null, "screening_assessed_on" date null, "write_off_method" text check ("write_off_method" in ('REPLIED_BY_LETTER', 'REPLIED_BY_EMAIL', 'REPLIED_BY_PHONE', 'REPLIED_BY_NOTE', 'NOTED', 'TAKEN_INTO_ACCOUNT', 'CASE_CLOSED')) null, "write_off_date" date null, "written_off_by_id" uuid null, "write_off_note" text null, "write_off_reply_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "journal_post_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "journal_post_type_index" on "journal_post" ("type");`);
    this.addSql(`create index "journal_post_status_index" on "journal_post" ("status");`);
    this.addSql(`create index "journal_post_due_date_index" on "journal_post" ("due_date");`);
    this.addSql(
      `create index "journal_post_responsible_id_index" on "journal_post" ("responsible_id");`,
    );
    this.addSql(
      `create index "journal_post_responsible_unit_id_index" on "journal_post" ("responsible_unit_id");`,
    );
    this.addSql(
      `create index "journal_post_created_by_id_index" on "journal_post" ("created_by_id");`,
    );
    this.addSql(
      `create index "journal_post_access_group_id_index" on "journal_post" ("access_group_id");`,
    );
    this.addSql(
      `create index "journal_post_screening_code_id_index" on "journal_post" ("screening_code_id");`,
    );
    this.addSql(
      `create index "journal_post_screening_expires_on_index" on "journal_post" ("screening_expires_on");`,
    );
    this.addSql(
      `create index "journal_post_write_off_reply_id_index" on "journal_post" ("write_off_reply_id");`,
    );
    this.addSql(
      `create index "journal_post_journal_date_journal_sequence_number_index" on "journal_post" ("journal_date", "journal_sequence_number");`,
    );
    this.addSql(
      `alter table "journal_post" add constraint "journal_post_journal_year_journal_sequence_number_unique" unique ("journal_year", "journal_sequence_number");`,
    );
    this.addSql(
      `alter table "journal_post" add constraint "journal_post_case_id_document_number_unique" unique ("case_id", "document_number");`,
    );

    this.addSql(
      `create table "correspondent" ("id" uuid not null, "journal_post_id" uuid not null, "position" int not null, "role" text check ("role" in ('SENDER', 'RECIPIENT', 'COPY_RECIPIENT')) not null, "name" text not null, "screened" boolean not null default false, "is_person" boolean not null default true, "address" text null, "email" text null, constraint "correspondent_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "correspondent_journal_post_id_position_index" on "correspondent" ("journal_post_id", "position");`,
    );

    this.addSql(
      `create table "case_internal_contact" ("case_id" uuid not null, "user_id" uuid not null, "added_by_id" uuid null, "added_at" timestamptz not null, constraint "case_internal_contact_pkey" primary key ("case_id", "user_id"));`,
    );
    this.addSql(
      `create index "case_internal_contact_user_id_index" on "case_internal_contact" ("user_id");`,
    );

    this.addSql(
      `create table "audit_event" ("id" bigserial primary key, "at" timestamptz not null default now(), "actor_id" uuid null, "action" text not null, "target_type" text null, "target_id" uuid null, "changes" jsonb null, "reason" text null, "request_id" text null);`,
    );
    this.addSql(`create index "audit_event_actor_id_index" on "audit_event" ("actor_id");`);
    this.addSql(`create index "audit_event_action_index" on "audit_event" ("action");`);
    this.addSql(
      `create index "audit_event_target_id_at_index" on "audit_event" ("target_id", "at");`,
    );
    this.addSql(`create index "audit_event_at_id_index" on "audit_event" ("at", "id");`);

    this.addSql(
      `create table "access_group_membership" ("id" uuid not null, "group_id" uuid not null, "user_id" uuid not null, "valid_from" timestamptz not null, "valid_to" timestamptz null, "added_by_id" uuid null, "removed_by_id" uuid null, constraint "access_group_membership_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "access_group_membership_group_id_valid_from_index" on "access_group_membership" ("group_id", "valid_from");`,
    );
    this.addSql(
      `create index "access_group_membership_user_id_valid_to_index" on "access_group_membership" ("user_id", "valid_to");`,
    );

    this.addSql(
      `alter table "unit" add constraint "unit_parent_id_foreign" foreign key ("parent_id") references "unit" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "app_user" add constraint "app_user_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "role_grant" add constraint "role_grant_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "role_grant" add constraint "role_grant_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "role_grant" add constraint "role_grant_granted_by_id_foreign" foreign key ("granted_by_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "role_grant" add constraint "role_grant_revoked_by_id_foreign" foreign key ("revoked_by_id") references "app_user" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "case_file" add constraint "case_file_responsible_unit_id_foreign" foreign key ("responsible_unit_id") references "unit" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "case_file" add constraint "case_file_case_responsible_id_foreign" foreign key ("case_responsible_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "case_file" add constraint "case_file_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "case_file" add constraint "case_file_access_group_id_foreign" foreign key ("access_group_id") references "access_group" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "case_file" add constraint "case_file_screening_code_id_foreign" foreign key ("screening_code_id") references "screening_code" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "journal_post" add constraint "journal_post_case_id_foreign" foreign key ("case_id") references "case_file" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "journal_post" add constraint "journal_post_responsible_id_foreign" foreign key ("responsible_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "journal_post" add constraint "journal_post_responsible_unit_id_foreign" foreign key ("responsible_unit_id") references "unit" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "journal_post" add constraint "journal_post_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "journal_post" add constraint "journal_post_access_group_id_foreign" foreign key ("access_group_id") references "access_group" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "journal_post" add constraint "journal_post_screening_code_id_foreign" foreign key ("screening_code_id") references "screening_code" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "journal_post" add constraint "journal_post_written_off_by_id_foreign" foreign key ("written_off_by_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "journal_post" add constraint "journal_post_write_off_reply_id_foreign" foreign key ("write_off_reply_id") references "journal_post" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "correspondent" add constraint "correspondent_journal_post_id_foreign" foreign key ("journal_post_id") references "journal_post" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "case_internal_contact" add constraint "case_internal_contact_case_id_foreign" foreign key ("case_id") references "case_file" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "case_internal_contact" add constraint "case_internal_contact_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "case_internal_contact" add constraint "case_internal_contact_added_by_id_foreign" foreign key ("added_by_id") references "app_user" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "audit_event" add constraint "audit_event_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "access_group_membership" add constraint "access_group_membership_group_id_foreign" foreign key ("group_id") references "access_group" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "access_group_membership" add constraint "access_group_membership_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "access_group_membership" add constraint "access_group_membership_added_by_id_foreign" foreign key ("added_by_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "access_group_membership" add constraint "access_group_membership_removed_by_id_foreign" foreign key ("removed_by_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "case_file" drop constraint "case_file_access_group_id_foreign";`);

    this.addSql(
      `alter table "journal_post" drop constraint "journal_post_access_group_id_foreign";`,
    );

    this.addSql(
      `alter table "access_group_membership" drop constraint "access_group_membership_group_id_foreign";`,
    );

    this.addSql(`alter table "case_file" drop constraint "case_file_screening_code_id_foreign";`);

    this.addSql(
      `alter table "journal_post" drop constraint "journal_post_screening_code_id_foreign";`,
    );

    this.addSql(`alter table "unit" drop constraint "unit_parent_id_foreign";`);

    this.addSql(`alter table "app_user" drop constraint "app_user_unit_id_foreign";`);

    this.addSql(`alter table "role_grant" drop constraint "role_grant_unit_id_foreign";`);

    this.addSql(`alter table "case_file" drop constraint "case_file_responsible_unit_id_foreign";`);

    this.addSql(
      `alter table "journal_post" drop constraint "journal_post_responsible_unit_id_foreign";`,
    );

    this.addSql(`alter table "role_grant" drop constraint "role_grant_user_id_foreign";`);

    this.addSql(`alter table "role_grant" drop constraint "role_grant_granted_by_id_foreign";`);

    this.addSql(`alter table "role_grant" drop constraint "role_grant_revoked_by_id_foreign";`);

    this.addSql(`alter table "case_file" drop constraint "case_file_case_responsible_id_foreign";`);

    this.addSql(`alter table "case_file" drop constraint "case_file_created_by_id_foreign";`);

    this.addSql(
      `alter table "journal_post" drop constraint "journal_post_responsible_id_foreign";`,
    );

    this.addSql(`alter table "journal_post" drop constraint "journal_post_created_by_id_foreign";`);

    this.addSql(
      `alter table "journal_post" drop constraint "journal_post_written_off_by_id_foreign";`,
    );

    this.addSql(
      `alter table "case_internal_contact" drop constraint "case_internal_contact_user_id_foreign";`,
    );

    this.addSql(
      `alter table "case_internal_contact" drop constraint "case_internal_contact_added_by_id_foreign";`,
    );

    this.addSql(`alter table "audit_event" drop constraint "audit_event_actor_id_foreign";`);

    this.addSql(
      `alter table "access_group_membership" drop constraint "access_group_membership_user_id_foreign";`,
    );

    this.addSql(
      `alter table "access_group_membership" drop constraint "access_group_membership_added_by_id_foreign";`,
    );

    this.addSql(
      `alter table "access_group_membership" drop constraint "access_group_membership_removed_by_id_foreign";`,
    );

    this.addSql(`alter table "journal_post" drop constraint "journal_post_case_id_foreign";`);

    this.addSql(
      `alter table "case_internal_contact" drop constraint "case_internal_contact_case_id_foreign";`,
    );

    this.addSql(
      `alter table "journal_post" drop constraint "journal_post_write_off_reply_id_foreign";`,
    );

    this.addSql(
      `alter table "correspondent" drop constraint "correspondent_journal_post_id_foreign";`,
    );

    this.addSql(`drop table if exists "access_group" cascade;`);

    this.addSql(`drop table if exists "number_counter" cascade;`);

    this.addSql(`drop table if exists "screening_code" cascade;`);

    this.addSql(`drop table if exists "unit" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "role_grant" cascade;`);

    this.addSql(`drop table if exists "case_file" cascade;`);

    this.addSql(`drop table if exists "journal_post" cascade;`);

    this.addSql(`drop table if exists "correspondent" cascade;`);

    this.addSql(`drop table if exists "case_internal_contact" cascade;`);

    this.addSql(`drop table if exists "audit_event" cascade;`);

    this.addSql(`drop table if exists "access_group_membership" cascade;`);
  }
}

import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from './Migration20261202100000_organisations';

/**
 * Arkivuttrekk as jobs (docs/noark5.md, "Arkivuttrekk (deposit package)"): one row per export of
 * a closed archive part, with its state, progress, errors and the package it made. Organisation
 * data like every other table since the organisations migration: `organisation_id` from the
 * transaction's setting, keys and foreign keys led by it, the same row-level security policy.
 * At most one export of a part is QUEUED or RUNNING at a time (a partial unique index).
 */
export class Migration20261202110000_archive_exports extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "archive_export" (
      "organisation_id" uuid not null default current_organisation(),
      "id" uuid not null,
      "archive_part_id" uuid not null,
      "requested_by_id" uuid not null,
      "state" text not null default 'QUEUED' check ("state" in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
      "records_done" integer not null default 0 check ("records_done" >= 0),
      "records_total" integer null check ("records_total" >= 0),
      "errors" jsonb not null default '[]' check (jsonb_typeof("errors") = 'array'),
      "requested_at" timestamptz not null default now(),
      "started_at" timestamptz null,
      "finished_at" timestamptz null,
      "heartbeat_at" timestamptz not null default now(),
      "package_file" text null,
      "package_size" bigint null check ("package_size" >= 0),
      "package_sha256" text null check ("package_sha256" ~ '^[0-9a-f]{64}$'),
      constraint "archive_export_pkey" primary key ("organisation_id", "id"),
      constraint "archive_export_package_check" check ((("state" = 'SUCCEEDED') = ("package_file" is not null and "package_size" is not null and "package_sha256" is not null))),
      constraint "archive_export_finished_check" check (("state" in ('SUCCEEDED', 'FAILED')) = ("finished_at" is not null)),
      constraint "archive_export_archive_part_id_foreign" foreign key ("organisation_id", "archive_part_id") references "archive_part" ("organisation_id", "id") on update cascade on delete restrict,
      constraint "archive_export_requested_by_id_foreign" foreign key ("organisation_id", "requested_by_id") references "app_user" ("organisation_id", "id") on update cascade,
      constraint "archive_export_organisation_fk" foreign key ("organisation_id") references "organisation" ("id"));`);
    this.addSql(
      `create index "archive_export_part_index" on "archive_export" ("organisation_id", "archive_part_id", "requested_at" desc, "id" desc);`,
    );
    this.addSql(
      `create unique index "archive_export_one_running_index" on "archive_export" ("organisation_id", "archive_part_id") where "state" in ('QUEUED', 'RUNNING');`,
    );
    this.addSql(`alter table "archive_export" enable row level security;`);
    this.addSql(
      `create policy organisation_isolation on "archive_export" using (organisation_id = (select current_organisation())) with check (organisation_id = (select current_organisation()));`,
    );
    this.addSql(`grant select, insert, update, delete on "archive_export" to ${APP_ROLE};`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "archive_export";`);
  }
}

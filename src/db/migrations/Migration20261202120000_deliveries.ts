import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from './Migration20261202100000_organisations';

/**
 * Deliveries through the Noark 5 service interface (services/deliveries.ts): the specialist
 * systems (fagsystemer) with their owners, and the archive log (arkivlogg), one row per delivery
 * attempt. Organisation data like every other table: `organisation_id` from the transaction's
 * setting, keys and foreign keys led by it, the same row-level security policy.
 *
 * A key is stored at most once per sender (a partial unique index over the STORED rows), which
 * backs the advisory lock the delivery takes on it. The log is listed newest first, for the whole
 * organisation or for one sender (the indexes).
 */
export class Migration20261202120000_deliveries extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "specialist_system" (
      "organisation_id" uuid not null default current_organisation(),
      "id" uuid not null,
      "user_id" uuid not null,
      "name" text not null check (btrim("name") <> ''),
      "owner_id" uuid not null,
      "created_at" timestamptz not null default now(),
      constraint "specialist_system_pkey" primary key ("organisation_id", "id"),
      constraint "specialist_system_user_unique" unique ("organisation_id", "user_id"),
      constraint "specialist_system_user_id_foreign" foreign key ("organisation_id", "user_id") references "app_user" ("organisation_id", "id") on update cascade on delete restrict,
      constraint "specialist_system_owner_id_foreign" foreign key ("organisation_id", "owner_id") references "app_user" ("organisation_id", "id") on update cascade on delete restrict,
      constraint "specialist_system_organisation_fk" foreign key ("organisation_id") references "organisation" ("id"));`);
    this.addSql(
      `create index "specialist_system_owner_index" on "specialist_system" ("organisation_id", "owner_id");`,
    );

    this.addSql(`create table "delivery" (
      "organisation_id" uuid not null default current_organisation(),
      "id" uuid not null,
      "user_id" uuid not null,
      "operation" text not null check ("operation" in ('NEW_CASE_FILE', 'UPDATE_CASE_FILE', 'NEW_JOURNAL_POST', 'NEW_CORRESPONDENT', 'NEW_DOCUMENT_DESCRIPTION', 'NEW_DOCUMENT_OBJECT', 'UPLOAD_FILE')),
      "idempotency_key" text null check (char_length("idempotency_key") between 1 and 255),
      "fingerprint" text not null check ("fingerprint" ~ '^[0-9a-f]{64}$'),
      "parent_id" uuid null,
      "status" text not null default 'RECEIVED' check ("status" in ('RECEIVED', 'STORED', 'DUPLICATE', 'REFUSED')),
      "error_code" text null,
      "reason" text null,
      "record_kind" text null check ("record_kind" in ('Case', 'JournalPost', 'Correspondent', 'DocumentDescription', 'Document')),
      "record_id" uuid null,
      "request_id" text not null,
      "received_at" timestamptz not null default now(),
      "finished_at" timestamptz null,
      "unresolved" boolean not null default false,
      constraint "delivery_pkey" primary key ("organisation_id", "id"),
      constraint "delivery_refused_check" check ((("status" = 'REFUSED') = ("error_code" is not null and "reason" is not null))),
      constraint "delivery_record_check" check ((("status" in ('STORED', 'DUPLICATE')) = ("record_kind" is not null and "record_id" is not null))),
      constraint "delivery_finished_check" check ((("status" = 'RECEIVED') = ("finished_at" is null))),
      constraint "delivery_unresolved_check" check (not "unresolved" or "status" = 'REFUSED'),
      constraint "delivery_user_id_foreign" foreign key ("organisation_id", "user_id") references "app_user" ("organisation_id", "id") on update cascade on delete restrict,
      constraint "delivery_organisation_fk" foreign key ("organisation_id") references "organisation" ("id"));`);
    this.addSql(
      `create unique index "delivery_stored_key_index" on "delivery" ("organisation_id", "user_id", "idempotency_key") where "status" = 'STORED';`,
    );
    this.addSql(
      `create index "delivery_key_index" on "delivery" ("organisation_id", "user_id", "idempotency_key", "received_at");`,
    );
    this.addSql(
      `create index "delivery_received_index" on "delivery" ("organisation_id", ("unresolved"::int) desc, "received_at" desc, "id" desc);`,
    );
    this.addSql(
      `create index "delivery_user_received_index" on "delivery" ("organisation_id", "user_id", ("unresolved"::int) desc, "received_at" desc, "id" desc);`,
    );
    this.addSql(
      `create index "delivery_unresolved_keyless_index" on "delivery" ("organisation_id", "user_id", "operation", "parent_id") where "unresolved" and "idempotency_key" is null;`,
    );

    for (const table of ['specialist_system', 'delivery']) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(
        `create policy organisation_isolation on "${table}" using (organisation_id = (select current_organisation())) with check (organisation_id = (select current_organisation()));`,
      );
      this.addSql(`grant select, insert, update, delete on "${table}" to ${APP_ROLE};`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "delivery";`);
    this.addSql(`drop table "specialist_system";`);
  }
}

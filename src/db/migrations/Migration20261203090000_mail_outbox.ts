import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from './Migration20261202100000_organisations';

/**
 * Notices by e-mail (docs/notices.md): the users' addresses, and the outbox the changes write
 * their mails into, in their own transaction. Organisation data like every other table, under the
 * same row-level security policy. The sender finds due mails by the partial index over the unsent
 * ones; a reminder's key is unique per organisation, so it is queued once.
 */
export class Migration20261203090000_mail_outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "app_user" add column "email" text null check ("email" ~ '^[^@\\s]+@[^@\\s]+$');`,
    );
    this.addSql(`create table "mail_message" (
      "organisation_id" uuid not null default current_organisation(),
      "id" uuid not null,
      "kind" text not null check (btrim("kind") <> ''),
      "recipient" text not null check ("recipient" ~ '^[^@\\s]+@[^@\\s]+$'),
      "subject" text not null,
      "body" text not null,
      "dedupe_key" text null,
      "request_id" text null,
      "created_at" timestamptz not null default now(),
      "next_attempt_at" timestamptz not null default now(),
      "attempts" integer not null default 0 check ("attempts" >= 0),
      "last_error" text null,
      "sent_at" timestamptz null,
      "failed_at" timestamptz null,
      constraint "mail_message_pkey" primary key ("organisation_id", "id"),
      constraint "mail_message_dedupe_unique" unique ("organisation_id", "dedupe_key"),
      constraint "mail_message_done_check" check ("sent_at" is null or "failed_at" is null),
      constraint "mail_message_organisation_fk" foreign key ("organisation_id") references "organisation" ("id"));`);
    this.addSql(
      `create index "mail_message_due_index" on "mail_message" ("next_attempt_at", "organisation_id", "id") where "sent_at" is null and "failed_at" is null;`,
    );
    this.addSql(
      `create index "mail_message_created_index" on "mail_message" ("organisation_id", "created_at" desc, "id" desc);`,
    );
    this.addSql(`alter table "mail_message" enable row level security;`);
    this.addSql(
      `create policy organisation_isolation on "mail_message" using (organisation_id = (select current_organisation())) with check (organisation_id = (select current_organisation()));`,
    );
    this.addSql(`grant select, insert, update, delete on "mail_message" to ${APP_ROLE};`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "mail_message";`);
    this.addSql(`alter table "app_user" drop column "email";`);
  }
}

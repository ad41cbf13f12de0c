import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from './Migration20261202100000_organisations';

/**
 * E-mail alerts per saved search of the public journal (docs/public-journal.md, "E-mail alerts"):
 *
 * - `search_alert`: one address's alert for one search of one organisation's journal (the search
 *   as its normalized query string, and the filter it stands for); unconfirmed until the confirm
 *   link is opened. One per address and search.
 * - `search_alert_token`: the confirm and unsubscribe links' tokens, as SHA-256 hashes only; each
 *   mail carries a fresh one, so the raw token exists only in the mail.
 * - `search_alert_published`: when each entry was first seen public, while an alert exists: what
 *   "new since the last digest" is measured against (an entry becomes public by the calendar, by
 *   dispatch or by an archivist, and no column of the post says when).
 *
 * Organisation data like every other table, under the same row-level security policy.
 */
export class Migration20261203101000_search_alerts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "search_alert" (
      "organisation_id" uuid not null default current_organisation(),
      "id" uuid not null,
      "email" text not null check ("email" ~ '^[^@\\s]+@[^@\\s]+$' and "email" = lower("email")),
      "search" text not null,
      "filter" jsonb not null,
      "created_at" timestamptz not null default now(),
      "confirm_sent_at" timestamptz not null default now(),
      "confirmed_at" timestamptz null,
      "digest_since" timestamptz null,
      "checked_on" date null,
      constraint "search_alert_pkey" primary key ("organisation_id", "id"),
      constraint "search_alert_email_search_unique" unique ("organisation_id", "email", "search"),
      constraint "search_alert_confirmed_check" check (("confirmed_at" is null) = ("digest_since" is null)),
      constraint "search_alert_organisation_fk" foreign key ("organisation_id") references "organisation" ("id"));`);
    this.addSql(
      `create index "search_alert_due_index" on "search_alert" ("organisation_id", "checked_on") where "confirmed_at" is not null;`,
    );
    this.addSql(`create table "search_alert_token" (
      "organisation_id" uuid not null default current_organisation(),
      "token_hash" text not null,
      "alert_id" uuid not null,
      "purpose" text not null check ("purpose" in ('confirm', 'unsubscribe')),
      "created_at" timestamptz not null default now(),
      constraint "search_alert_token_pkey" primary key ("organisation_id", "token_hash"),
      constraint "search_alert_token_alert_fk" foreign key ("organisation_id", "alert_id") references "search_alert" ("organisation_id", "id") on delete cascade);`);
    this.addSql(
      `create index "search_alert_token_alert_index" on "search_alert_token" ("organisation_id", "alert_id");`,
    );
    this.addSql(`create table "search_alert_published" (
      "organisation_id" uuid not null default current_organisation(),
      "journal_post_id" uuid not null,
      "published_at" timestamptz not null default now(),
      constraint "search_alert_published_pkey" primary key ("organisation_id", "journal_post_id"),
      constraint "search_alert_published_post_fk" foreign key ("organisation_id", "journal_post_id") references "journal_post" ("organisation_id", "id") on delete cascade);`);
    this.addSql(
      `create index "search_alert_published_at_index" on "search_alert_published" ("organisation_id", "published_at");`,
    );
    for (const table of ['search_alert', 'search_alert_token', 'search_alert_published']) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(
        `create policy organisation_isolation on "${table}" using (organisation_id = (select current_organisation())) with check (organisation_id = (select current_organisation()));`,
      );
      this.addSql(`grant select, insert, update, delete on "${table}" to ${APP_ROLE};`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "search_alert_published";`);
    this.addSql(`drop table "search_alert_token";`);
    this.addSql(`drop table "search_alert";`);
  }
}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261121085024_insight_requests extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "insight_request" ("id" uuid not null, "reference_hash" text not null, "status" text check ("status" in ('RECEIVED', 'IN_PROGRESS', 'DECIDED', 'APPEALED', 'CLOSED')) not null default 'RECEIVED', "received_at" timestamptz not null, "received_on" date not null, "due_date" date not null, "answer_deadline" date not null, "requester_name" text null, "requester_email" text not null, "message" text null, "submitted_by_id" uuid null, "decided_at" timestamptz null, "decided_on" date null, "appealed_at" timestamptz null, "appeal_reason" text null, "closed_at" timestamptz null, "closed_by_id" uuid null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "insight_request_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "insight_request" add constraint "insight_request_reference_hash_unique" unique ("reference_hash");`,
    );
    this.addSql(`create index "insight_request_status_index" on "insight_request" ("status");`);
    this.addSql(`create index "insight_request_due_date_index" on "insight_request" ("due_date");`);
    this.addSql(
      `create index "insight_request_received_at_id_index" on "insight_request" ("received_at", "id");`,
    );

    this.addSql(
      `create table "document" ("id" uuid not null, "journal_post_id" uuid not null, "variant" text check ("variant" in ('PRODUCTION', 'ARCHIVE', 'PUBLIC')) not null, "version" int not null default 1, "file_name" text not null, "media_type" text not null, "size" int not null, "sha256" text not null, "content" bytea not null, "uploaded_by_id" uuid not null, "uploaded_at" timestamptz not null, "replaced_at" timestamptz null, "replaced_by_id" uuid null, "correction_reason" text null, constraint "document_pkey" primary key ("id"));`,
    );
    // Files are mostly PDFs and images, already compressed: store them without TOAST compression.
    this.addSql(`alter table "document" alter column "content" set storage external;`);
    this.addSql(
      `create unique index "document_current_index" on "document" ("journal_post_id", "variant") where "replaced_at" is null;`,
    );
    this.addSql(
      `alter table "document" add constraint "document_journal_post_id_variant_version_unique" unique ("journal_post_id", "variant", "version");`,
    );

    this.addSql(
      `create table "insight_request_item" ("id" uuid not null, "request_id" uuid not null, "position" int not null, "journal_post_id" uuid not null, "assignee_id" uuid null, "unit_id" uuid not null, "outcome" text check ("outcome" in ('FULL', 'PARTIAL', 'DENIED')) null, "legal_basis" text null, "additional_access_considered" boolean not null default false, "note" text null, "decided_by_id" uuid null, "decided_at" timestamptz null, "released_document_id" uuid null, "appeal_pending" boolean not null default false, constraint "insight_request_item_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "insight_request_item_journal_post_id_index" on "insight_request_item" ("journal_post_id");`,
    );
    this.addSql(
      `create index "insight_request_item_assignee_id_index" on "insight_request_item" ("assignee_id");`,
    );
    this.addSql(
      `create index "insight_request_item_unit_id_index" on "insight_request_item" ("unit_id");`,
    );
    this.addSql(
      `alter table "insight_request_item" add constraint "insight_request_item_request_id_journal_post_id_unique" unique ("request_id", "journal_post_id");`,
    );

    this.addSql(
      `alter table "insight_request" add constraint "insight_request_submitted_by_id_foreign" foreign key ("submitted_by_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "insight_request" add constraint "insight_request_closed_by_id_foreign" foreign key ("closed_by_id") references "app_user" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "document" add constraint "document_journal_post_id_foreign" foreign key ("journal_post_id") references "journal_post" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "document" add constraint "document_uploaded_by_id_foreign" foreign key ("uploaded_by_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "document" add constraint "document_replaced_by_id_foreign" foreign key ("replaced_by_id") references "app_user" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "insight_request_item" add constraint "insight_request_item_request_id_foreign" foreign key ("request_id") references "insight_request" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "insight_request_item" add constraint "insight_request_item_journal_post_id_foreign" foreign key ("journal_post_id") references "journal_post" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "insight_request_item" add constraint "insight_request_item_assignee_id_foreign" foreign key ("assignee_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "insight_request_item" add constraint "insight_request_item_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "insight_request_item" add constraint "insight_request_item_decided_by_id_foreign" foreign key ("decided_by_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "insight_request_item" add constraint "insight_request_item_released_document_id_foreign" foreign key ("released_document_id") references "document" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "insight_request_item" drop constraint "insight_request_item_request_id_foreign";`,
    );

    this.addSql(
      `alter table "insight_request_item" drop constraint "insight_request_item_released_document_id_foreign";`,
    );

    this.addSql(`drop table if exists "insight_request" cascade;`);

    this.addSql(`drop table if exists "document" cascade;`);

    this.addSql(`drop table if exists "insight_request_item" cascade;`);
  }
}

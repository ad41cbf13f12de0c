import { Migration } from '@mikro-orm/migrations';

const DECISIONS = `('PRESERVE', 'DISPOSE', 'REVIEW_LATER')`;

/** The disposal columns (kassasjon) of a class or an archive part: all empty, or a decision. */
const disposalColumns = (table: string) => [
  `alter table "${table}" add column "disposal_decision" text null check ("disposal_decision" in ${DECISIONS}), add column "disposal_authority" text null, add column "retention_years" integer null check ("retention_years" between 0 and 1000), add constraint "${table}_disposal_check" check ("disposal_decision" is not null or ("disposal_authority" is null and "retention_years" is null));`,
];

/**
 * Bevaring og kassasjon (docs/noark5.md, "Bevaring og kassasjon"): a disposal decision
 * (kassasjonsvedtak) with its legal basis and retention period on classes and archive parts;
 * disposals (kassasjoner) proposed by one archivist and confirmed by another; the trace of what
 * was destroyed (utført kassasjon) on the document description, and the file row kept with its
 * name, size and checksum while its bytes are gone. Existing data: no decision anywhere, nothing
 * disposed, so nothing to migrate.
 */
export class Migration20261202090000_disposal extends Migration {
  override async up(): Promise<void> {
    for (const s of [...disposalColumns('class'), ...disposalColumns('archive_part')]) {
      this.addSql(s);
    }
    this.addSql(
      `create table "disposal" ("id" uuid not null, "status" text check ("status" in ('PROPOSED', 'CONFIRMED', 'CANCELLED')) not null, "basis" text not null, "proposed_by_id" uuid not null, "proposed_at" timestamptz not null, "confirmed_by_id" uuid null, "confirmed_at" timestamptz null, "cancelled_by_id" uuid null, "cancelled_at" timestamptz null, "version" integer not null default 1, constraint "disposal_pkey" primary key ("id"), constraint "disposal_basis_check" check (length(btrim("basis")) > 0), constraint "disposal_four_eyes_check" check ("confirmed_by_id" is null or "confirmed_by_id" <> "proposed_by_id"), constraint "disposal_confirmed_check" check (("status" = 'CONFIRMED') = ("confirmed_by_id" is not null and "confirmed_at" is not null)), constraint "disposal_cancelled_check" check (("status" = 'CANCELLED') = ("cancelled_by_id" is not null and "cancelled_at" is not null)));`,
    );
    this.addSql(`create index "disposal_status_index" on "disposal" ("status");`);
    for (const col of ['proposed_by_id', 'confirmed_by_id', 'cancelled_by_id']) {
      this.addSql(
        `alter table "disposal" add constraint "disposal_${col.replace(/_id$/, '')}_foreign" foreign key ("${col}") references "app_user" ("id") on update cascade;`,
      );
    }
    this.addSql(
      `create table "disposal_item" ("id" uuid not null, "disposal_id" uuid not null, "case_id" uuid null, "document_description_id" uuid null, "remark_id" uuid null, constraint "disposal_item_pkey" primary key ("id"), constraint "disposal_item_one_record_check" check (("case_id" is null) <> ("document_description_id" is null)), constraint "disposal_item_remark_check" check ("document_description_id" is null or "remark_id" is not null));`,
    );
    this.addSql(
      `create index "disposal_item_disposal_id_index" on "disposal_item" ("disposal_id");`,
    );
    this.addSql(`create index "disposal_item_case_id_index" on "disposal_item" ("case_id");`);
    this.addSql(
      `create index "disposal_item_document_description_id_index" on "disposal_item" ("document_description_id");`,
    );
    this.addSql(
      `alter table "disposal_item" add constraint "disposal_item_disposal_id_foreign" foreign key ("disposal_id") references "disposal" ("id") on update cascade on delete restrict, add constraint "disposal_item_case_id_foreign" foreign key ("case_id") references "case_file" ("id") on update cascade on delete restrict, add constraint "disposal_item_document_description_id_foreign" foreign key ("document_description_id") references "document_description" ("id") on update cascade on delete restrict, add constraint "disposal_item_remark_id_foreign" foreign key ("remark_id") references "remark" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "document_description" add column "disposed_at" timestamptz null, add column "disposed_by_id" uuid null, add column "disposal_id" uuid null, add constraint "document_description_disposed_check" check (("disposed_at" is null) = ("disposed_by_id" is null) and ("disposed_at" is null) = ("disposal_id" is null)), add constraint "document_description_disposed_by_id_foreign" foreign key ("disposed_by_id") references "app_user" ("id") on update cascade, add constraint "document_description_disposal_id_foreign" foreign key ("disposal_id") references "disposal" ("id") on update cascade on delete restrict;`,
    );
    // A disposed file keeps its row (name, size, SHA-256: the trace) and loses its bytes.
    this.addSql(
      `alter table "document" alter column "content" drop not null, add column "disposed_at" timestamptz null, add constraint "document_disposed_check" check (("disposed_at" is null) = ("content" is not null));`,
    );
  }

  override async down(): Promise<void> {
    // The bytes of disposed files are gone for good: going down leaves them empty, not restored.
    this.addSql(`update "document" set "content" = ''::bytea where "content" is null;`);
    this.addSql(
      `alter table "document" drop constraint "document_disposed_check", drop column "disposed_at", alter column "content" set not null;`,
    );
    this.addSql(
      `alter table "document_description" drop column "disposed_at", drop column "disposed_by_id", drop column "disposal_id";`,
    );
    this.addSql(`drop table "disposal_item";`);
    this.addSql(`drop table "disposal";`);
    for (const table of ['class', 'archive_part']) {
      this.addSql(
        `alter table "${table}" drop constraint "${table}_disposal_check", drop column "disposal_decision", drop column "disposal_authority", drop column "retention_years";`,
      );
    }
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Parties (sakspart, Noark 5 `part`) of a case, and the correspondents' type (korrespondanseparttype)
 * with identifiers (docs/noark5.md, "Part and korrespondansepart"). Existing correspondents keep
 * their role: SENDER, RECIPIENT and COPY_RECIPIENT are the external codes EA, EM and EK; the
 * internal codes IA, IM and IK are added. Existing cases get no parties.
 */
export class Migration20261202082000_parties extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "case_party" ("id" uuid not null, "case_id" uuid not null, "position" int not null, "name" text not null, "role" text not null, "national_id" text null, "organization_number" text null, "postal_address" text null, "postal_code" text null, "postal_town" text null, "created_at" timestamptz not null, constraint "case_party_pkey" primary key ("id"), constraint "case_party_national_id_check" check ("national_id" ~ '^[0-9]{11}$'), constraint "case_party_organization_number_check" check ("organization_number" ~ '^[0-9]{9}$'));`,
    );
    this.addSql(
      `create index "case_party_case_id_position_index" on "case_party" ("case_id", "position");`,
    );
    this.addSql(`create index "case_party_national_id_index" on "case_party" ("national_id");`);
    this.addSql(
      `create index "case_party_organization_number_index" on "case_party" ("organization_number");`,
    );
    this.addSql(
      `alter table "case_party" add constraint "case_party_case_id_foreign" foreign key ("case_id") references "case_file" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter table "correspondent" drop constraint "correspondent_role_check";`);
    this.addSql(
      `alter table "correspondent" add constraint "correspondent_role_check" check ("role" in ('SENDER', 'RECIPIENT', 'COPY_RECIPIENT', 'INTERNAL_SENDER', 'INTERNAL_RECIPIENT', 'INTERNAL_COPY_RECIPIENT'));`,
    );
    this.addSql(
      `alter table "correspondent" add column "national_id" text null, add column "organization_number" text null, add constraint "correspondent_national_id_check" check ("national_id" ~ '^[0-9]{11}$'), add constraint "correspondent_organization_number_check" check ("organization_number" ~ '^[0-9]{9}$');`,
    );
    this.addSql(
      `create index "correspondent_national_id_index" on "correspondent" ("national_id");`,
    );
    this.addSql(
      `create index "correspondent_organization_number_index" on "correspondent" ("organization_number");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "case_party";`);
    this.addSql(
      `alter table "correspondent" drop column "national_id", drop column "organization_number";`,
    );
    // Every ALTER before the UPDATE: PostgreSQL refuses to alter a table with pending trigger
    // events (the public journal's watermark) in the same transaction. The internal types fall
    // back to their external counterparts, so the constraint holds although added NOT VALID.
    this.addSql(`alter table "correspondent" drop constraint "correspondent_role_check";`);
    this.addSql(
      `alter table "correspondent" add constraint "correspondent_role_check" check ("role" in ('SENDER', 'RECIPIENT', 'COPY_RECIPIENT')) not valid;`,
    );
    this.addSql(
      `update "correspondent" set "role" = case "role" when 'INTERNAL_SENDER' then 'SENDER' when 'INTERNAL_RECIPIENT' then 'RECIPIENT' when 'INTERNAL_COPY_RECIPIENT' then 'COPY_RECIPIENT' else "role" end where "role" like 'INTERNAL_%';`,
    );
  }
}

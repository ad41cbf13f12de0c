import { Migration } from '@mikro-orm/migrations';

/** The archive (arkiv) and the part (arkivdel) every existing case moves into. */
export const FIRST_ARCHIVE_ID = '00000000-0000-4000-8000-00000000a001';
export const FIRST_ARCHIVE_PART_ID = '00000000-0000-4000-8000-00000000a101';

/**
 * Arkiv and arkivdel (docs/noark5.md). One archive and one ACTIVE part are created, starting on
 * the day of the oldest case (today when there is none), and every existing case moves into it. At most one part of an archive is ACTIVE: a
 * partial unique index holds that even against two administrators starting a period at once.
 */
export class Migration20261202070000_archive_parts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "archive" ("id" uuid not null, "title" text not null, "description" text null, "status" text not null default 'OPEN', "records_creator_name" text not null, "created_at" timestamptz not null, constraint "archive_pkey" primary key ("id"), constraint "archive_status_check" check ("status" in ('OPEN', 'CLOSED')));`,
    );
    this.addSql(
      `create table "archive_part" ("id" uuid not null, "archive_id" uuid not null, "title" text not null, "status" text check ("status" in ('ACTIVE', 'OVERLAP', 'CLOSED_PERIOD', 'CLOSED')) not null default 'ACTIVE', "period_start" date not null, "period_end" date null, "successor_id" uuid null, "created_at" timestamptz not null, "version" int not null default 1, constraint "archive_part_pkey" primary key ("id"), constraint "archive_part_period_check" check ("period_end" is null or "period_end" >= "period_start"));`,
    );
    this.addSql(`create index "archive_part_archive_id_index" on "archive_part" ("archive_id");`);
    this.addSql(`create index "archive_part_status_index" on "archive_part" ("status");`);
    this.addSql(
      `create unique index "archive_part_one_active_index" on "archive_part" ("archive_id") where "status" = 'ACTIVE';`,
    );
    this.addSql(
      `alter table "archive_part" add constraint "archive_part_archive_id_foreign" foreign key ("archive_id") references "archive" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "archive_part" add constraint "archive_part_successor_id_foreign" foreign key ("successor_id") references "archive_part" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `insert into "archive" ("id", "title", "records_creator_name", "created_at") values ('${FIRST_ARCHIVE_ID}', 'Arkiv', 'Arkivskaper', now());`,
    );
    this.addSql(
      `insert into "archive_part" ("id", "archive_id", "title", "status", "period_start", "created_at") select '${FIRST_ARCHIVE_PART_ID}', '${FIRST_ARCHIVE_ID}', 'Sakarkiv', 'ACTIVE', coalesce((select min("created_at" at time zone 'Europe/Oslo')::date from "case_file"), (now() at time zone 'Europe/Oslo')::date), now();`,
    );

    // Every case into the first part through the column's default, not an UPDATE: updating each
    // row would queue the deferred checks of case_file's constraints, and PostgreSQL refuses to
    // alter a table with pending trigger events in the same transaction.
    this.addSql(
      `alter table "case_file" add column "archive_part_id" uuid not null default '${FIRST_ARCHIVE_PART_ID}';`,
    );
    this.addSql(`alter table "case_file" alter column "archive_part_id" drop default;`);
    // A case inserted without a part (an import, a test's fixture) goes into the ACTIVE part;
    // the domain's createCase names the part itself and refuses when none is active.
    this
      .addSql(`create function "case_file_default_archive_part"() returns trigger language plpgsql as $$
begin
  if new."archive_part_id" is null then
    select "id" into new."archive_part_id" from "archive_part" where "status" = 'ACTIVE' limit 1;
    if new."archive_part_id" is null then
      raise exception 'No archive part (arkivdel) is active';
    end if;
  end if;
  return new;
end $$;`);
    this.addSql(
      `create trigger "case_file_default_archive_part" before insert on "case_file" for each row execute function "case_file_default_archive_part"();`,
    );
    this.addSql(
      `create index "case_file_archive_part_id_index" on "case_file" ("archive_part_id");`,
    );
    this.addSql(
      `alter table "case_file" add constraint "case_file_archive_part_id_foreign" foreign key ("archive_part_id") references "archive_part" ("id") on update cascade on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "case_file_default_archive_part" on "case_file";`);
    this.addSql(`drop function "case_file_default_archive_part"();`);
    this.addSql(`alter table "case_file" drop column "archive_part_id";`);
    this.addSql(`drop table "archive_part";`);
    this.addSql(`drop table "archive";`);
  }
}

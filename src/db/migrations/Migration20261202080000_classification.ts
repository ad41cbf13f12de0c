import { Migration } from '@mikro-orm/migrations';

/**
 * Klassifikasjonssystem and klasse (docs/noark5.md). Existing cases keep no class: the archive had
 * none, and a class guessed from a title would be a wrong arkivkode in the public journal; they
 * are classified from now on (setCaseClasses). The public journal shows a case's primary class,
 * so both new tables move its watermark like the journal's other sources.
 */
export class Migration20261202080000_classification extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "classification_system" ("id" uuid not null, "title" text not null, "description" text null, "type" text check ("type" in ('FUNCTION_BASED', 'SUBJECT_HIERARCHICAL', 'SUBJECT_ONE_LEVEL', 'K_CODES', 'FACETED', 'OBJECT_BASED', 'NATIONAL_ID', 'PROPERTY')) not null, "created_at" timestamptz not null, "version" int not null default 1, constraint "classification_system_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "classification_system" add constraint "classification_system_title_unique" unique ("title");`,
    );
    this.addSql(
      `create table "class" ("id" uuid not null, "system_id" uuid not null, "class_id" text not null, "title" text not null, "screened" boolean not null, "public_class_id" text not null, "public_title" text not null, "parent_id" uuid null, "created_at" timestamptz not null, "version" int not null default 1, constraint "class_pkey" primary key ("id"), constraint "class_parent_check" check ("parent_id" is null or "parent_id" <> "id"));`,
    );
    this.addSql(`create index "class_system_id_index" on "class" ("system_id");`);
    this.addSql(`create index "class_parent_id_index" on "class" ("parent_id");`);
    this.addSql(
      `alter table "class" add constraint "class_system_id_class_id_unique" unique ("system_id", "class_id");`,
    );
    // The parent is a class of the same system: a composite key makes the database hold that.
    this.addSql(
      `alter table "class" add constraint "class_id_system_id_unique" unique ("id", "system_id");`,
    );
    this.addSql(
      `alter table "class" add constraint "class_system_id_foreign" foreign key ("system_id") references "classification_system" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "class" add constraint "class_parent_id_foreign" foreign key ("parent_id", "system_id") references "class" ("id", "system_id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `create index "class_class_id_trgm_index" on "class" using gin ("class_id" gin_trgm_ops);`,
    );
    this.addSql(
      `create index "class_public_class_id_trgm_index" on "class" using gin ("public_class_id" gin_trgm_ops);`,
    );

    this.addSql(
      `create table "case_class" ("case_id" uuid not null, "position" int not null, "class_id" uuid not null, "role" text check ("role" in ('PRIMARY', 'SECONDARY')) not null, constraint "case_class_pkey" primary key ("case_id", "position"), constraint "case_class_position_check" check (("role" = 'PRIMARY') = ("position" = 0) and "position" >= 0));`,
    );
    this.addSql(`create index "case_class_class_id_index" on "case_class" ("class_id");`);
    this.addSql(
      `alter table "case_class" add constraint "case_class_case_id_class_id_unique" unique ("case_id", "class_id");`,
    );
    this.addSql(
      `alter table "case_class" add constraint "case_class_case_id_foreign" foreign key ("case_id") references "case_file" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "case_class" add constraint "case_class_class_id_foreign" foreign key ("class_id") references "class" ("id") on update cascade on delete restrict;`,
    );

    for (const table of ['class', 'case_class']) {
      this.addSql(`create constraint trigger public_journal_touched after insert or update or delete
        on "${table}" deferrable initially deferred for each row execute function public_journal_touched();`);
      this.addSql(`create trigger public_journal_truncated after truncate on "${table}"
        for each statement execute function public_journal_touched();`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "case_class";`);
    this.addSql(`drop table "class";`);
    this.addSql(`drop table "classification_system";`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * The collation `norwegian` sorts titles and names in Norwegian order (æ, ø, å after z), chosen
 * here once for the whole database: ICU's `nb-NO-x-icu` where the server has ICU (the embedded
 * PostgreSQL has), else the C library's `nb_NO.utf8`, else byte order ("C", Å before Æ), which the
 * server logs as a warning at start (src/db/collation.ts). ICU and CLDR treat "aa" as "å", as
 * Norwegian alphabetisation does (Aasen files with Åsen).
 */
export class Migration20261202050000_norwegian_collation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$
begin
  if exists (select 1 from pg_collation where collname = 'nb-NO-x-icu') then
    create collation "norwegian" from "nb-NO-x-icu";
  elsif exists (select 1 from pg_collation where collname = 'nb_NO.utf8') then
    create collation "norwegian" from "nb_NO.utf8";
  else
    create collation "norwegian" from "C";
  end if;
end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop collation "norwegian";`);
  }
}

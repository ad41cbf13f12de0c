import { Migration } from '@mikro-orm/migrations';

export class Migration20261125090000_duty_of_confidentiality extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "screening_code" add column "duty_of_confidentiality" boolean not null default false;`,
    );
    // Taushetsplikt: the codes whose legal basis is offentleglova § 13 (the seeded code 13).
    this.addSql(
      `update "screening_code" set "duty_of_confidentiality" = true where "legal_basis" ~* '^offl[.]{0,1}\\s*§\\s*13([^0-9]|$)';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "screening_code" drop column "duty_of_confidentiality";`);
  }
}

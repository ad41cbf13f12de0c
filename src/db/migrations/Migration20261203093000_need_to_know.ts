import { Migration } from '@mikro-orm/migrations';

/**
 * Need to know (tjenstlig behov, docs/access-control.md): a screening code may require every
 * record it screens to carry an access group. Off for existing codes; the organisation turns it on.
 */
export class Migration20261203093000_need_to_know extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "screening_code" add column "requires_access_group" boolean not null default false;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "screening_code" drop column "requires_access_group";`);
  }
}

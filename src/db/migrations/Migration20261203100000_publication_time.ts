import { Migration } from '@mikro-orm/migrations';

/**
 * When the archive last set a post's publication override (publishNow, hold, resetPublication):
 * the public journal dates an entry published early, or released after a hold, by it
 * (domain/publication.ts `publicationMoment`). Posts changed before come from the audit events.
 */
export class Migration20261203100000_publication_time extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "journal_post" add column "publication_override_at" timestamptz null;`,
    );
    this.addSql(`update "journal_post" jp set "publication_override_at" = e.at
      from (select target_id, max(at) as at from "audit_event"
            where target_type = 'JournalPost'
              and action in ('journalPost.publishNow', 'journalPost.hold', 'journalPost.resetPublication')
            group by target_id) e
      where e.target_id = jp.id;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "journal_post" drop column "publication_override_at";`);
  }
}

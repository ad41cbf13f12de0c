import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The publication watermark of the public journal: one row whose `version` grows with every
 * committed transaction that changed a table the public journal is built from (journal_post,
 * case_file, correspondent, unit, screening_code). Written only by the triggers of migration
 * Migration20261202030000_public_journal_watermark, never through the ORM: the entity declares the
 * table so that schema diffs keep it. HTTP caching reads it (src/http/publicJournal/cache.ts).
 */
@Entity({ tableName: 'public_journal_watermark' })
export class PublicJournalWatermark {
  /** Always 1: there is one watermark */
  @PrimaryKey({ type: 'smallint', autoincrement: false })
  id!: number;

  @Property({ type: 'bigint', default: 0 })
  version!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  changedAt!: Date;
}

import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A counter row per number series ("case:2026", "journal:2026", "document:<case id>"), locked by
 * the registering transaction so numbers are unique and gapless among committed records.
 */
@Entity({ tableName: 'number_counter' })
export class NumberCounter {
  [OptionalProps]?: 'value';

  @PrimaryKey({ type: 'text' })
  series!: string;

  @Property({ type: 'integer' })
  value: number = 0;
}

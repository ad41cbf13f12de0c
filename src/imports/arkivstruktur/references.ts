/**
 * The references of an imported arkivstruktur.xml that may point forwards (to a journal post or a
 * class later in the document): kept in temporary tables of the transaction while the cases are
 * written, then resolved in one statement each. Only the classes' ids stay in memory (bounded by
 * the classification, not by the records).
 */
import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../../db/sqlTemplate';

/** A PostgreSQL array literal of texts (quoted), passed as one parameter. */
const textArray = (values: readonly string[]): string =>
  `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

export class ImportReferences {
  /** Class systemIDs of the document → our class ids */
  readonly classIds = new Map<string, string>();

  constructor(private readonly em: EntityManager) {}

  async begin(): Promise<void> {
    for (const statement of [
      'create temp table if not exists import_post_ids (old text primary key, new uuid not null) on commit drop',
      'create temp table if not exists import_write_offs (post uuid not null, target text not null) on commit drop',
      'create temp table if not exists import_secondary (case_id uuid not null, position int not null, class_ref text not null) on commit drop',
    ])
      await this.em.execute(statement, [], 'run');
  }

  /** One case's posts ([systemID, our id]), write-offs ([our id, target systemID]), classes. */
  async addCase(
    caseId: string,
    posts: [string, string][],
    writeOffs: [string, string][],
    secondaryClasses: string[],
  ): Promise<void> {
    if (posts.length > 0)
      await this.em.execute(
        'insert into import_post_ids (old, new) select * from unnest(?::text[], ?::uuid[])',
        [textArray(posts.map((r) => r[0])), textArray(posts.map((r) => r[1]))],
        'run',
      );
    if (writeOffs.length > 0)
      await this.em.execute(
        'insert into import_write_offs (post, target) select * from unnest(?::uuid[], ?::text[])',
        [textArray(writeOffs.map((r) => r[0])), textArray(writeOffs.map((r) => r[1]))],
        'run',
      );
    if (secondaryClasses.length > 0)
      await this.em.execute(
        `insert into import_secondary (case_id, position, class_ref)
         select ?, p, ref from unnest(?::text[]) with ordinality as s(ref, p)`,
        [caseId, textArray(secondaryClasses)],
        'run',
      );
  }

  /** Sets the write-off replies and secondary classes; returns what could not be resolved. */
  async resolve(): Promise<string[]> {
    const problems: string[] = [];
    await this.em.execute(
      `update journal_post p set write_off_reply_id = m.new
       from import_write_offs w join import_post_ids m on m.old = w.target where p.id = w.post`,
      [],
      'run',
    );
    const [unresolved] = await query<{ n: string }>(
      this.em,
      sql`select count(*) as n from import_write_offs w
          where not exists (select 1 from import_post_ids m where m.old = w.target)`,
    );
    if (Number(unresolved?.n ?? 0) > 0)
      problems.push(
        `${unresolved!.n} referanseAvskrivesAvJournalpost name a journal post that is not in the package`,
      );
    const refs = [...this.classIds];
    const [missing] = await query<{ n: string }>(
      this.em,
      sql`select count(*) as n from import_secondary s
          where s.class_ref <> all(${textArray(refs.map((r) => r[0]))}::text[])`,
    );
    if (Number(missing?.n ?? 0) > 0)
      problems.push(
        `${missing!.n} referanseSekundaerKlassifikasjon name a class that is not in the package`,
      );
    if (refs.length > 0)
      await this.em.execute(
        `insert into case_class (case_id, position, class_id, role)
         select s.case_id, s.position, m.new, 'SECONDARY'
         from import_secondary s join unnest(?::text[], ?::uuid[]) as m(old, new) on m.old = s.class_ref`,
        [textArray(refs.map((r) => r[0])), textArray(refs.map((r) => r[1]))],
        'run',
      );
    return problems;
  }
}

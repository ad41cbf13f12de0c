import { type EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { type AppAbility } from '../policies/ability';
import { remarksOfCases, remarksOfJournalPosts, type RemarkRow } from '../queries/remarks';
import { RemarkView } from '../schema/types/remarks';

/** The remarks of each key's record, in the rows' order (oldest first). */
function byRecord(keys: readonly string[], rows: RemarkRow[]): RemarkView[][] {
  const map = new Map<string, RemarkView[]>();
  for (const row of rows)
    map.set(row.record_id, [...(map.get(row.record_id) ?? []), RemarkView.from(row)]);
  return keys.map((k) => map.get(k) ?? []);
}

/**
 * Remarks (merknader) of cases and journal posts, one statement per kind for a whole page of
 * records. Bound to the viewer's ability: a record not read in full gives an empty list.
 */
export function createRemarkLoaders(em: EntityManager, ability: AppAbility) {
  return {
    caseRemarks: new DataLoader<string, RemarkView[]>(async (ids) =>
      byRecord(ids, await remarksOfCases(em, ability, ids)),
    ),
    journalPostRemarks: new DataLoader<string, RemarkView[]>(async (ids) =>
      byRecord(ids, await remarksOfJournalPosts(em, ability, ids)),
    ),
  };
}

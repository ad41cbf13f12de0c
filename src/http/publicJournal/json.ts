import { type PublicEntryRow } from '../../queries/publicJournal';
import { PublicJournalEntry } from '../../schema/types/publicJournal';

/**
 * The JSON download: one array of entries, each exactly the GraphQL PublicJournalEntry (the same
 * mapping, so the id is the PublicJournalEntry global id and dates are YYYY-MM-DD), one line per entry,
 * written batch by batch (batches are never empty).
 */
export async function* jsonArray(batches: AsyncIterable<PublicEntryRow[]>): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const rows of batches) {
    const text = rows.map((row) => JSON.stringify(PublicJournalEntry.from(row))).join(',\n');
    yield `${first ? '\n' : ',\n'}${text}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

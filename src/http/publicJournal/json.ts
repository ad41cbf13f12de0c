import { type PublicEntryRow } from '../../queries/publicJournal';
import { PublicJournalEntry } from '../../schema/types/publicJournal';

/**
 * The JSON download: one array of entries, each exactly the GraphQL PublicJournalEntry (the same
 * mapping, so the id is the JournalPost global id and dates are YYYY-MM-DD), written entry by entry.
 */
export async function* jsonArray(rows: AsyncIterable<PublicEntryRow>): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const row of rows) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(PublicJournalEntry.from(row))}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

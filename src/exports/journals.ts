import { type EntityManager } from '@mikro-orm/postgresql';
import { type PublicJournalSettings } from '../config';
import { query, sql } from '../db/sqlTemplate';
import { type ArchivePartScope, type RecordWritten } from './scope';
import { element, NOARK5_NAMESPACE, XML_DECLARATION } from './xml';

async function* posts(em: EntityManager, scope: ArchivePartScope): AsyncGenerator<string[]> {
  let after = '';
  for (;;) {
    const rows = await query<{ id: string; registry_id: string }>(
      em,
      sql`select jp.id, c.case_number || '-' || jp.document_number as registry_id from journal_post jp join case_file c on c.id = jp.case_id
        where c.archive_part_id = ${scope.archivePartId} and jp.id::text > ${after}
        order by jp.id::text limit 1000`,
    );
    if (rows.length === 0) return;
    yield rows.map((r) => r.registry_id);
    after = rows.at(-1)!.id;
  }
}

/** Placeholder. */
export async function* offentligJournalXml(
  em: EntityManager,
  scope: ArchivePartScope,
  _settings: PublicJournalSettings,
  _today: string,
): AsyncGenerator<string> {
  yield `${XML_DECLARATION}<offentligJournal xmlns="${NOARK5_NAMESPACE.offentligJournal}">`;
  for await (const ids of posts(em, scope)) {
    yield ids
      .map((id) => `<journalregistrering>${element('registreringsID', id)}</journalregistrering>`)
      .join('');
  }
  yield '</offentligJournal>\n';
}

/** Placeholder. */
export async function* loependeJournalXml(
  em: EntityManager,
  scope: ArchivePartScope,
  written?: RecordWritten,
): AsyncGenerator<string> {
  yield `${XML_DECLARATION}<loependeJournal xmlns="${NOARK5_NAMESPACE.loependeJournal}">`;
  for await (const ids of posts(em, scope)) {
    yield ids
      .map((id) => `<journalregistrering>${element('registreringsID', id)}</journalregistrering>`)
      .join('');
    written?.(ids.length);
  }
  yield '</loependeJournal>\n';
}

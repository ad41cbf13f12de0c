import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sqlTemplate';
import { type ArchivePartScope } from './scope';
import { element, NOARK5_NAMESPACE, wrap, XML_DECLARATION, xmlDateTime } from './xml';

/**
 * endringslogg.xml of a deposit package (Noark 5 `endringslogg.xsd`): every change the audit
 * trail holds of the records of one archive part (its cases, their journal posts, the posts'
 * document descriptions), one `endring` per changed field, values in full (the package is not
 * public). Events without changes (the access log's full reads) are no changes and are left out.
 */

/**
 * Our audit field names (domain/cases.ts, domain/journalPosts/common.ts, domain/documents) and the
 * metadata of the Noark 5 metadatakatalog each is. `status` is the status of the record's kind. A
 * field that has no Noark metadata keeps our own name (docs/noark5.md, "Endringslogg").
 */
const NOARK_NAME: Record<string, string> = {
  title: 'tittel',
  publicTitle: 'offentligTittel',
  documentDate: 'dokumentetsDato',
  dueDate: 'forfallsdato',
  responsibleId: 'saksbehandler',
  caseResponsibleId: 'saksansvarlig',
  responsibleUnitId: 'administrativEnhet',
  screeningCodeId: 'tilgangsrestriksjon',
  screenedFields: 'skjermingMetadata',
  legalBasis: 'skjermingshjemmel',
  screeningExpiresOn: 'skjermingOpphoererDato',
  screeningAssessedOn: 'offentlighetsvurdertDato',
  writeOffMethod: 'avskrivningsmaate',
  writeOffDate: 'avskrivningsdato',
  writtenOffById: 'avskrevetAv',
  writeOffReplyId: 'referanseAvskrivesAvJournalpost',
  caseNumber: 'mappeID',
  archivePartId: 'referanseArkivdel',
  documentNumber: 'dokumentnummer',
  role: 'tilknyttetRegistreringSom',
};

const STATUS_NAME: Record<string, string> = {
  Case: 'saksstatus',
  JournalPost: 'journalstatus',
  DocumentDescription: 'dokumentstatus',
};

/** The Noark metadata name of one of our audit fields of a record of `targetType`. */
export function noarkMetadataName(targetType: string, field: string): string {
  if (field === 'status') return STATUS_NAME[targetType] ?? field;
  return NOARK_NAME[field] ?? field;
}

/** A value of the audit trail as text: a text as it is, a list joined, anything else as JSON. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  return JSON.stringify(value);
}

interface ChangeEvent extends Record<string, unknown> {
  id: string;
  target_type: string;
  target_id: string;
  at: string;
  actor: string;
  changes: Record<string, { old: unknown; new: unknown }>;
}

/** Audit events per statement. */
const PAGE = 1000;

/** Who a change is recorded against when no person made it (a migration, the system itself). */
const SYSTEM_ACTOR = 'Arkivgraf (system)';

/** The `endring` elements of one audit event, one per changed field, in the event's field order. */
export function endringer(event: ChangeEvent): string {
  return Object.entries(event.changes)
    .map(([field, change]) =>
      wrap(
        'endring',
        element('referanseArkivenhet', event.target_id) +
          element('referanseMetadata', noarkMetadataName(event.target_type, field)) +
          element('endretDato', xmlDateTime(event.at)) +
          element('endretAv', event.actor) +
          // Both are required: a value that was (or became) empty is the empty text.
          element('tidligereVerdi', valueText(change?.old)) +
          element('nyVerdi', valueText(change?.new)),
      ),
    )
    .join('\n');
}

/**
 * The endringslogg of one archive part, in the order of the audit trail (its ids), read in keyset
 * pages in the caller's transaction, set to the part's organisation. An archive part of no
 * recorded change gives a document without `endring` (docs/noark5.md says why).
 */
export async function* endringsloggXml(
  em: EntityManager,
  scope: ArchivePartScope,
): AsyncGenerator<string> {
  yield `${XML_DECLARATION}<endringslogg xmlns="${NOARK5_NAMESPACE.endringslogg}">\n`;
  let after = '0';
  for (;;) {
    const events = await query<ChangeEvent>(
      em,
      sql`select ae.id, ae.target_type, ae.target_id, ae.at,
          coalesce(u.display_name, ${SYSTEM_ACTOR}) as actor, ae.changes
        from audit_event ae left join app_user u on u.id = ae.actor_id
        where ae.id > ${after}::bigint
          and ae.changes is not null and ae.changes <> '{}'::jsonb
          and ae.target_id in (
            select c.id from case_file c where c.archive_part_id = ${scope.archivePartId}::uuid
            union all
            select jp.id from journal_post jp join case_file c on c.id = jp.case_id
              where c.archive_part_id = ${scope.archivePartId}::uuid
            union all
            select dd.id from document_description dd
              join journal_post jp on jp.id = dd.journal_post_id
              join case_file c on c.id = jp.case_id
              where c.archive_part_id = ${scope.archivePartId}::uuid)
        order by ae.id limit ${PAGE}`,
    );
    const text = events.map(endringer).filter((e) => e !== '');
    if (text.length > 0) yield `${text.join('\n')}\n`;
    if (events.length < PAGE) break;
    after = events.at(-1)!.id;
  }
  yield '</endringslogg>\n';
}

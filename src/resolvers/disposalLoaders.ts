import { type EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import {
  disposalsById,
  disposalOfCases,
  disposalOfDescriptions,
  disposalRules,
  itemsOfDisposals,
  undisposedDescriptionCounts,
} from '../queries/disposal';
import {
  CaseDisposalType,
  DisposalRuleType,
  DisposalType,
  DocumentDisposalType,
} from '../schema/types/disposal';

/**
 * Batched lookups of bevaring og kassasjon (docs/noark5.md), one statement per kind per request.
 * They hold no screened value: decisions, dates, ids; the records they name are resolved through
 * the viewer's own loaders (case, class, documentDescription), which apply the policies.
 */
export function createDisposalLoaders(em: EntityManager) {
  const rulesOf = (table: 'class' | 'archive_part') =>
    new DataLoader<string, DisposalRuleType | null>(async (ids) => {
      const map = new Map(
        (await disposalRules(em, table, ids)).map((r) => [
          r.id,
          DisposalRuleType.of(r.disposal_decision, r.disposal_authority, r.retention_years),
        ]),
      );
      return ids.map((id) => map.get(id) ?? null);
    });
  return {
    /** The disposal decision set on a class (kassasjonsvedtak on klasse) */
    classDisposalRule: rulesOf('class'),
    /** The disposal decision set on an archive part */
    archivePartDisposalRule: rulesOf('archive_part'),
    /** A case's effective disposal decision, inherited */
    caseDisposal: new DataLoader<string, CaseDisposalType | null>(async (ids) => {
      const map = new Map(
        (await disposalOfCases(em, ids)).map((r) => [r.id, CaseDisposalType.from(r)]),
      );
      return ids.map((id) => map.get(id) ?? null);
    }),
    /** How many descriptions of a case are not yet disposed of */
    undisposedDocumentCount: new DataLoader<string, number>(async (caseIds) => {
      const counts = await undisposedDescriptionCounts(em, caseIds);
      return caseIds.map((id) => counts.get(id) ?? 0);
    }),
    /** The trace of a disposed description (utført kassasjon) */
    descriptionDisposal: new DataLoader<string, DocumentDisposalType | null>(async (ids) => {
      const rows = await disposalOfDescriptions(em, ids);
      const map = new Map(
        rows.map((r) => [
          r.id,
          Object.assign(new DocumentDisposalType(), {
            disposedAt: new Date(r.disposed_at),
            disposedByRawId: r.disposed_by_id,
            disposalRawId: r.disposal_id,
          }),
        ]),
      );
      return ids.map((id) => map.get(id) ?? null);
    }),
    /** Disposals by id; the caller checks the read right */
    disposal: new DataLoader<string, DisposalType | null>(async (ids) => {
      const map = new Map((await disposalsById(em, ids)).map((r) => [r.id, DisposalType.from(r)]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    /** The cases and single descriptions of each disposal */
    disposalItems: new DataLoader<string, { caseIds: string[]; descriptionIds: string[] }>(
      async (ids) => {
        const rows = await itemsOfDisposals(em, ids);
        return ids.map((id) => {
          const of = rows.filter((r) => r.disposal_id === id);
          return {
            caseIds: of.flatMap((r) => (r.case_id ? [r.case_id] : [])),
            descriptionIds: of.flatMap((r) =>
              r.document_description_id ? [r.document_description_id] : [],
            ),
          };
        });
      },
    ),
  };
}

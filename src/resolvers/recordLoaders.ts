import { type EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { type AccessLog } from '../services/accessLog';
import { AccessGroup, DocumentType, ScreeningCode } from '../entities';
import { type AppAbility, type Tagged } from '../policies/ability';
import { partiesById, partiesOfCases } from '../queries/caseParties';
import { casesById } from '../queries/cases';
import { caseFacts, journalPostFacts } from '../queries/facts';
import {
  correspondentsOf,
  journalPostsById,
  type JournalPostRow,
  postsOfCases,
} from '../queries/journalPosts';
import { type ListResult } from '../queries/list';
import { type PageRequest } from '../queries/pagination';
import { AccessGroupType, ScreeningCodeType } from '../schema/types/admin';
import { CasePartyView } from '../schema/types/caseParties';
import { DocumentTypeType } from '../schema/types/documentTypes';
import { CaseView, CorrespondentView, JournalPostView } from '../schema/types/records';

function inKeyOrder<T>(keys: readonly string[], rows: T[], idOf: (r: T) => string): (T | null)[] {
  const map = new Map(rows.map((r) => [idOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/**
 * Loaders for records, bound to the viewer's ability: a nested field can never load more than the
 * viewer may see, at the same level (FULL or REDACTED) as a top-level query would give. Every
 * record they hand out is noted in the access log (services/accessLog.ts).
 */
export function createRecordLoaders(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  accessLog: AccessLog,
) {
  return {
    case: new DataLoader<string, CaseView | null>(async (ids) => {
      const rows = await casesById(em, ability, today, ids);
      accessLog.noteRows('Case', rows);
      return inKeyOrder(ids, rows.map(CaseView.from), (v) => v.rawId);
    }),
    journalPost: new DataLoader<string, JournalPostView | null>(async (ids) => {
      const rows = await journalPostsById(em, ability, today, ids);
      accessLog.noteRows('JournalPost', rows);
      return inKeyOrder(ids, rows.map(JournalPostView.from), (v) => v.rawId);
    }),
    correspondents: new DataLoader<string, CorrespondentView[]>(async (postIds) => {
      const rows = await correspondentsOf(em, ability, today, postIds);
      return postIds.map((id) =>
        rows.filter((r) => r.journal_post_id === id).map(CorrespondentView.from),
      );
    }),
    /** Parties (sakspart) of cases, as this viewer sees them: one statement per page of cases. */
    partiesOfCase: new DataLoader<string, CasePartyView[]>(async (caseIds) => {
      const rows = await partiesOfCases(em, ability, today, caseIds);
      return caseIds.map((id) => rows.filter((r) => r.case_id === id).map(CasePartyView.from));
    }),
    /** A party fetched on its own (`node(id:)`): its case is read, so noted in the access log. */
    caseParty: new DataLoader<string, CasePartyView | null>(async (ids) => {
      const rows = await partiesById(em, ability, today, ids);
      accessLog.noteRows(
        'Case',
        rows.map((r) => ({
          id: r.case_id,
          is_full: r.case_is_full,
          access_group_id: r.case_access_group_id,
        })),
      );
      return inKeyOrder(ids, rows.map(CasePartyView.from), (v) => v.rawId);
    }),
    /** Key: JSON of [caseId, page request]; one statement per distinct page request. */
    postsOfCase: new DataLoader<string, ListResult<JournalPostRow>>(async (keys) => {
      const parsed = keys.map((k) => JSON.parse(k) as [string, PageRequest]);
      const groups = new Map<string, string[]>();
      for (const [caseId, page] of parsed) {
        const g = JSON.stringify(page);
        groups.set(g, [...(groups.get(g) ?? []), caseId]);
      }
      const pages = new Map<string, ListResult<JournalPostRow>>();
      for (const [g, caseIds] of groups) {
        const request = JSON.parse(g) as PageRequest;
        const byCase = await postsOfCases(em, ability, today, caseIds, request);
        for (const [caseId, page] of byCase) {
          accessLog.noteRows('JournalPost', page.nodes);
          pages.set(JSON.stringify([caseId, request]), page);
        }
      }
      return keys.map((k) => pages.get(k)!);
    }),
    /** Policy fields of cases for `viewerCan`: one statement per page, whatever its size. */
    caseFacts: new DataLoader<string, Tagged<'Case'> | null>(async (ids) => {
      const facts = await caseFacts(em, ids);
      return ids.map((id) => facts.get(id) ?? null);
    }),
    journalPostFacts: new DataLoader<string, Tagged<'JournalPost'> | null>(async (ids) => {
      const facts = await journalPostFacts(em, ids);
      return ids.map((id) => facts.get(id) ?? null);
    }),
    screeningCode: new DataLoader<string, ScreeningCodeType | null>(async (ids) =>
      inKeyOrder(
        ids,
        (await em.find(ScreeningCode, { id: { $in: [...ids] } })).map(ScreeningCodeType.from),
        (v) => v.rawId,
      ),
    ),
    /** Document types (dokumenttyper) of a page of posts: one statement. */
    documentType: new DataLoader<string, DocumentTypeType | null>(async (ids) =>
      inKeyOrder(
        ids,
        (await em.find(DocumentType, { id: { $in: [...ids] } })).map(DocumentTypeType.from),
        (v) => v.rawId,
      ),
    ),
    accessGroup: new DataLoader<string, AccessGroupType | null>(async (ids) =>
      inKeyOrder(
        ids,
        (await em.find(AccessGroup, { id: { $in: [...ids] } })).map(AccessGroupType.from),
        (v) => v.rawId,
      ),
    ),
  };
}

import { raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { type IdentifierKind } from '../domain/identifiers';
import { type AppAbility } from '../policies/ability';
import { identifierSearchable } from '../policies/caseParties';
import { visibleJournalPosts } from './journalPosts';

const COLUMN: Record<IdentifierKind, string> = {
  nationalId: 'national_id',
  organizationNumber: 'organization_number',
};

/**
 * The filter of cases naming a person or an organisation by identifier (the duplicate check before
 * a new pupil folder): over the visible case row `t`, true when the viewer reads the case in full
 * and a party of it, or a correspondent of one of its posts the viewer reads in full, has the
 * identifier. The candidates come from the identifier indexes; nothing is loaded and filtered.
 */
export function namingIdentifier(
  ability: AppAbility,
  today: string,
  identifier: { kind: IdentifierKind; digits: string },
): SqlFragment {
  const column = raw(COLUMN[identifier.kind]);
  const posts = visibleJournalPosts(ability, today);
  const viaCorrespondents = posts
    ? sql` union all select p.case_id from (${posts}) p
        join correspondent co on co.journal_post_id = p.id
        where ${identifierSearchable('p')} and co.${column} = ${identifier.digits}`
    : sql``;
  return sql`(${identifierSearchable('t')} and t.id in (
      select cp.case_id from case_party cp where cp.${column} = ${identifier.digits}
      ${viaCorrespondents}))`;
}

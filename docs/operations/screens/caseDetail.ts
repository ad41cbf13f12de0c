/**
 * The case detail screen (saksbilde): the case, its journal posts and the buttons the viewer may
 * use, from the types `npm run codegen` generates from CaseDetail.graphql, without a cast.
 */
import type { CaseDetailQuery, CaseDetailQueryVariables } from '../generated/graphql';

type Case = NonNullable<CaseDetailQuery['case']>;
type Post = Case['journalPosts']['edges'][number]['node'];

export function caseDetailVariables(
  id: string,
  page?: { before: string },
): CaseDetailQueryVariables {
  return page ? { id, last: 25, before: page.before } : { id, first: 25 };
}

/** A button of the screen: shown only when `viewerCan` says the change would go through now. */
export type CaseAction =
  | 'update'
  | 'registerPost'
  | 'addInternalContact'
  | 'removeInternalContact'
  | 'assignResponsible'
  | 'changeAccessGroup'
  | 'close'
  | 'cancel';

export interface PostLine {
  id: string;
  registryId: string;
  title: string;
  screened: boolean;
  status: Post['status'];
  /** Who sent or received it; a screened correspondent shows as "Skjermet" */
  correspondents: string[];
  /** The version to send back as expectedVersion with a change of the post */
  version: number;
  canWriteOff: boolean;
}

export interface CaseScreen {
  heading: string;
  version: number;
  responsible: string | null;
  screening: string | null;
  actions: CaseAction[];
  posts: PostLine[];
  olderPosts: { before: string } | null;
}

const ACTIONS: readonly CaseAction[] = [
  'update',
  'registerPost',
  'addInternalContact',
  'removeInternalContact',
  'assignResponsible',
  'changeAccessGroup',
  'close',
  'cancel',
];

function postLine(post: Post): PostLine {
  return {
    id: post.id,
    registryId: post.registryId,
    title: post.title,
    screened: post.titleScreened && post.visibility === 'REDACTED',
    status: post.status,
    correspondents: post.correspondents.map((c) => c.name ?? 'Skjermet'),
    version: post.version,
    canWriteOff: post.viewerCan.writeOff,
  };
}

/** null when the case does not exist for this viewer (the API answered NOT_FOUND). */
export function caseScreen(data: CaseDetailQuery): CaseScreen | null {
  const found = data.case;
  if (!found) return null;
  const { pageInfo } = found.journalPosts;
  return {
    heading: `${found.caseNumber} ${found.title}`,
    version: found.version,
    responsible: found.caseResponsible?.displayName ?? null,
    screening: found.screening
      ? `${found.screening.code.code} ${found.screening.legalBasis}`
      : null,
    actions: ACTIONS.filter((action) => found.viewerCan[action]),
    posts: found.journalPosts.edges.map(({ node }) => postLine(node)),
    olderPosts:
      pageInfo.hasPreviousPage && pageInfo.startCursor ? { before: pageInfo.startCursor } : null,
  };
}

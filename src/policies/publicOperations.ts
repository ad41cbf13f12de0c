import { type Viewer } from '../auth/viewer';

/**
 * The root fields the public (no token) may call: the public journal (offentlig journal) and the
 * requester's side of an insight request (innsynskrav). `me` answers null for the public, which is
 * how a client learns it is not signed in; `organisations` is the public directory of the
 * organisations (arkivskapere) of the installation. Every other root field is internal: the public is told
 * to sign in (UNAUTHENTICATED), never given an empty answer. Listed in docs/security.md.
 */
export const PUBLIC_ROOT_FIELDS = {
  query: ['publicJournal', 'insightRequestStatus', 'me', 'organisations'],
  mutation: ['submitInsightRequest', 'appealInsightDecision'],
} as const satisfies Record<'query' | 'mutation', readonly string[]>;

export type RootType = keyof typeof PUBLIC_ROOT_FIELDS;

const publicFields: Record<RootType, ReadonlySet<string>> = {
  query: new Set(PUBLIC_ROOT_FIELDS.query),
  mutation: new Set(PUBLIC_ROOT_FIELDS.mutation),
};

/**
 * The first root field of an operation the viewer may not call without signing in, if any.
 * Meta fields (`__typename`, introspection) are everyone's; whether introspection is on at all is
 * the server's setting.
 */
export function firstInternalRootField(
  viewer: Viewer,
  rootType: RootType,
  fieldNames: Iterable<string>,
): string | undefined {
  if (viewer.kind === 'user') return undefined;
  for (const name of fieldNames) {
    if (!name.startsWith('__') && !publicFields[rootType].has(name)) return name;
  }
  return undefined;
}

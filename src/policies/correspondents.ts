import { raw, type SqlFragment } from '../db/sqlTemplate';

/**
 * Correspondents (korrespondanseparter) of a journal post the viewer may see.
 *
 * | viewer of the post | name                                                         | address, e-mail |
 * |--------------------|--------------------------------------------------------------|-----------------|
 * | FULL               | shown                                                        | shown           |
 * | REDACTED           | hidden while the post's screening applies and the correspondent is screened (avskjermet), or the code is temporary (XX screens everything); shown otherwise | never |
 * | NONE               | the post does not exist for the viewer                       | –               |
 *
 * Written over a row `t` of the visible journal posts (queries/journalPosts.ts), which carries
 * `is_full`, `screening_active` and `screening_temporary`, and a correspondent `co`.
 */
export const correspondentNameVisible: SqlFragment = raw(
  '(t.is_full or not t.screening_active or not (co.screened or t.screening_temporary))',
);

/** Addresses and e-mail are never public: only a FULL viewer sees them. */
export const correspondentContactVisible: SqlFragment = raw('t.is_full');

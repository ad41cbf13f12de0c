import { type SqlFragment, sql } from '../db/sqlTemplate';
import { journalPostFields } from './fields';
import { journalPostRefusals } from './journalPosts';
import { accessibleWhere } from './sql';
import { type AppAbility, type Tagged } from './subjects';
import { type Refusal, refuseRecordWrite, refuseUnlessFull } from './writes';

/**
 * Moves (docs/noark5.md, "Moves"): who may move a journal post to another case, and who may move
 * a case to another responsible unit. Both are explicit access operations: the records then read
 * in full by the people of their new case or unit, so each mover must already read in full
 * everything that moves, and each move is audited.
 *
 * | move                                   | who                                               |
 * |----------------------------------------|---------------------------------------------------|
 * | a journal post to another case         | archivists (`move`), reading the post, its case   |
 * |                                        | and the target case in full                       |
 * | a case to another unit (with its posts)| leaders of its unit and archivists                |
 * |                                        | (`assignResponsible`), reading the case and every |
 * |                                        | post in it in full                                |
 *
 * A target case the mover does not see is NOT_FOUND, one seen only REDACTED is FORBIDDEN.
 */

/** May the viewer move the post from its case to the target case? null when allowed. */
export function refuseMovePost(
  ability: AppAbility,
  post: Tagged<'JournalPost'> | undefined,
  from: Tagged<'Case'> | undefined,
  to: Tagged<'Case'> | undefined,
): Refusal | null {
  const onPost = refuseRecordWrite(ability, 'JournalPost', 'move', post, journalPostRefusals);
  if (onPost) return onPost;
  const onSource = refuseUnlessFull(ability, 'Case', from);
  if (onSource) return onSource;
  const onTarget = refuseUnlessFull(ability, 'Case', to);
  if (onTarget) {
    return {
      code: onTarget.code,
      message:
        onTarget.code === 'NOT_FOUND'
          ? 'The target case was not found'
          : 'You see the target case only in its public form (REDACTED); a journal post may be moved only into a case you read in full',
    };
  }
  return null;
}

/** The refusal when some post of the case is not read in full by the mover. */
export const POSTS_NOT_READ_IN_FULL: Refusal = {
  code: 'FORBIDDEN',
  message:
    'You do not read every journal post of this case in full; only one who does may move the case to another unit',
};

/**
 * The journal posts `jp` (case `c`) the viewer does NOT read in full, as SQL: the posts a case
 * move would hand to a new unit without the mover having read them.
 */
export function postsNotReadInFull(ability: AppAbility, jp: string, c: string): SqlFragment {
  const full = accessibleWhere(ability, 'readFull', 'JournalPost', journalPostFields(jp, c));
  return full ? sql`not coalesce(${full}, false)` : sql`true`;
}

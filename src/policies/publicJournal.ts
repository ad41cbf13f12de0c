import { raw, sql, type SqlFragment } from '../db/sqlTemplate';
import { screeningActive } from './redaction';

/**
 * A correspondent's name is shown as `*****` in the public journal while the post's screening
 * applies and the correspondent is screened, or the code is temporary (XX screens everything).
 * `co` is the correspondent, `jp` the post and `sc` its screening code (left-joined).
 */
export function correspondentHiddenFromPublic(
  co: string,
  jp: string,
  sc: string,
  today: string,
): SqlFragment {
  return sql`(${screeningActive(jp, today)} and (${raw(co)}.screened or coalesce(${raw(sc)}.temporary, false)))`;
}

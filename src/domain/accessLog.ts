import { type EntityManager } from '@mikro-orm/postgresql';
import { type Logger } from 'pino';
import { type Viewer } from '../auth/viewer';
import { joinSql, sql, type SqlFragment } from '../db/sqlTemplate';
import { Role } from '../entities/enums';
import { type AppAbility } from '../policies/ability';
import { ACCESS_EVENT_ACTIONS, fullOnlyThroughRole, readsThroughRole } from '../policies/audit';

/**
 * The access log (domain.md, "Audit"): full reads of restricted records by viewers who are FULL
 * only through the ARCHIVIST or LEADER role are written to the audit trail as `case.readFull` /
 * `journalPost.readFull` events (actor, target, request id, and the role in `reason`).
 *
 * What is logged: the single reads `case(id)`, `journalPost(id)` and `node(id)` of a case or a
 * journal post: the records a person opens.
 * Rows of lists (`cases`, `journalPosts`, reports, the posts of a case) are not logged: an
 * archivist's every list would write hundreds of events and drown the reads that matter; a list
 * shows titles only, and opening one of its records is logged. Records reached inside a single
 * read (the case of a post, the posts of a case) are covered by the event of the record opened.
 *
 * How: a resolver notes the id it was asked for before it loads anything; the ids of one request
 * are written together by one `INSERT … SELECT` (its own transaction, on a connection of its own)
 * once the request's top-level fields have started. The SELECT decides, with the policies in SQL,
 * which of them the viewer reads in full only through the role (policies/audit.ts), so unknown,
 * invisible and REDACTED ids write nothing. The read never waits for the log and never fails
 * because of it: an error is logged for operations and the answer goes out as it is.
 */

/** What the access log needs of a request (a subset of the resolvers' Context). */
export interface AccessLogContext {
  requestId: string;
  em: EntityManager;
  viewer: Viewer;
  ability: AppAbility;
  log: Logger;
}

export type ReadTarget = 'Case' | 'JournalPost';

interface Batch {
  Case: Set<string>;
  JournalPost: Set<string>;
}

const pending = new WeakMap<AccessLogContext, Batch>();
const inFlight = new Set<Promise<void>>();

/**
 * Notes a single read of a record by id. Cheap when the viewer holds neither ARCHIVIST nor LEADER:
 * nothing is written and no statement runs.
 */
export function noteSingleRead(ctx: AccessLogContext, target: ReadTarget, id: string): void {
  if (!readsThroughRole(ctx.viewer)) return;
  let batch = pending.get(ctx);
  if (!batch) {
    const created: Batch = { Case: new Set(), JournalPost: new Set() };
    batch = created;
    pending.set(ctx, created);
    // Every top-level field of an operation is started in one synchronous pass, so by now the
    // request's single reads are all noted.
    setImmediate(() => {
      pending.delete(ctx);
      const done = writeAccessEvents(ctx, created).finally(() => inFlight.delete(done));
      inFlight.add(done);
    });
  }
  batch[target].add(id);
}

/** Resolves when every access event written so far has landed (for tests and shutdown). */
export async function accessLogSettled(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await Promise.allSettled([...inFlight]);
}

async function writeAccessEvents(ctx: AccessLogContext, batch: Batch): Promise<void> {
  const viewer = ctx.viewer;
  if (!readsThroughRole(viewer)) return;
  try {
    const role = viewer.grants.some((g) => g.role === Role.ARCHIVIST)
      ? Role.ARCHIVIST
      : Role.LEADER;
    const reason = `Full access through the ${role} role`;
    const parts: SqlFragment[] = [];
    const caseIds = [...batch.Case];
    if (caseIds.length) {
      const logged = fullOnlyThroughRole(viewer, ctx.ability, 'Case', { record: 'c', case: 'c' });
      parts.push(sql`select c.id, ${ACCESS_EVENT_ACTIONS.Case}::text as action, 'Case'::text as target_type
        from case_file c where c.id in (${caseIds}) and ${logged}`);
    }
    const postIds = [...batch.JournalPost];
    if (postIds.length) {
      const logged = fullOnlyThroughRole(viewer, ctx.ability, 'JournalPost', {
        record: 'jp',
        case: 'c',
      });
      parts.push(sql`select jp.id, ${ACCESS_EVENT_ACTIONS.JournalPost}::text as action, 'JournalPost'::text as target_type
        from journal_post jp join case_file c on c.id = jp.case_id
        where jp.id in (${postIds}) and ${logged}`);
    }
    if (!parts.length) return;
    const insert = sql`insert into audit_event (actor_id, action, target_type, target_id, reason, request_id)
      select ${viewer.userId}::uuid, r.action, r.target_type, r.id, ${reason}, ${ctx.requestId}
      from (${joinSql(parts, ' union all ')}) r`;
    await ctx.em.fork().getConnection().execute(insert.sql, insert.params, 'run');
  } catch (err) {
    ctx.log.error({ err }, 'The access log could not be written');
  }
}

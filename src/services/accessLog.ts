import { type EntityManager } from '@mikro-orm/postgresql';
import { inOrganisation } from '../db/organisationScope';
import { type Logger } from 'pino';
import { type Viewer } from '../auth/viewer';
import { joinSql, sql, type SqlFragment } from '../db/sqlTemplate';
import { type AppAbility } from '../policies/ability';
import {
  ACCESS_EVENT_ACTIONS,
  accessReason,
  fullOnlyThroughRoleOrMembership,
  readsThroughRoleOrMembership,
} from '../policies/audit';

/**
 * The access log (domain.md, "Audit"): full reads of restricted records by viewers who are FULL
 * on them only through a role (ARCHIVIST, LEADER) or an access-group membership are written to the
 * audit trail as `case.readFull` / `journalPost.readFull` events (actor, target, request id, and
 * what gave the access in `reason`; the rule is in policies/audit.ts).
 *
 * Every path that hands out a record in full is covered: single reads (`case`, `journalPost`,
 * `node`), every list (`cases`, `journalPosts`, `Case.journalPosts`, the reports), nested reads
 * (the case of a post), the journal post of an insight request item, the record a mutation
 * returns, and the PRODUCTION and ARCHIVE files of the documents route. Which path it was does not
 * matter: a list shows the full title, names and people as much as opening the record does.
 *
 * How: rows come out of the queries knowing their level and, when FULL, their access group; the
 * loaders and list resolvers note the FULL rows of restricted records in the request's
 * `AccessLog`, once per record. At the end of the request (willSendResponse for GraphQL, the end
 * of the handler for documents) the noted records are written by one `INSERT … SELECT` (its own
 * statement, on a connection of its own), whose SELECT decides again with the policies in SQL
 * which of them are logged and why. A viewer with neither a logged role nor a membership notes
 * nothing and runs no statement. The read never waits for the log and never fails because of it:
 * an error is logged for operations and the answer goes out as it is. The log holds no values of
 * the record.
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

/** The columns of a row of queries/cases.ts or queries/journalPosts.ts that the log looks at. */
export interface ReadRow {
  id: string;
  is_full: boolean;
  /** NULL for an open record, and for every REDACTED row */
  access_group_id: string | null;
}

type Batch = Record<ReadTarget, Set<string>>;

const inFlight = new Set<Promise<void>>();

/** The full reads of one request, written together at its end. */
export class AccessLog {
  private readonly batch: Batch = { Case: new Set(), JournalPost: new Set() };
  private readonly active: boolean;

  constructor(private readonly ctx: AccessLogContext) {
    this.active = readsThroughRoleOrMembership(ctx.viewer);
  }

  /** Rows handed out to the viewer: the FULL ones of restricted records are noted. */
  noteRows(target: ReadTarget, rows: readonly ReadRow[]): void {
    if (!this.active) return;
    for (const row of rows) {
      if (row.is_full && row.access_group_id !== null) this.batch[target].add(row.id);
    }
  }

  /** A full read of a record known by id only (a document's file): the SQL decides. */
  noteRead(target: ReadTarget, id: string): void {
    if (this.active) this.batch[target].add(id);
  }

  /** Writes what was noted, in the background; call once, when the request has its answer. */
  write(): void {
    if (!this.batch.Case.size && !this.batch.JournalPost.size) return;
    const done = writeAccessEvents(this.ctx, this.batch).finally(() => inFlight.delete(done));
    inFlight.add(done);
  }
}

/** Resolves when every access event written so far has landed (for tests and shutdown). */
export async function accessLogSettled(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await Promise.allSettled([...inFlight]);
}

async function writeAccessEvents(ctx: AccessLogContext, batch: Batch): Promise<void> {
  const viewer = ctx.viewer;
  if (!readsThroughRoleOrMembership(viewer)) return;
  try {
    const parts: SqlFragment[] = [];
    const caseIds = [...batch.Case];
    if (caseIds.length) {
      const aliases = { record: 'c', case: 'c', group: 'ag' };
      const logged = fullOnlyThroughRoleOrMembership(viewer, ctx.ability, 'Case', aliases);
      parts.push(sql`select c.id, ${ACCESS_EVENT_ACTIONS.Case}::text as action,
          'Case'::text as target_type, ${accessReason(viewer, 'Case', aliases)} as reason
        from case_file c join access_group ag on ag.id = c.access_group_id
        where c.id in (${caseIds}) and ${logged}`);
    }
    const postIds = [...batch.JournalPost];
    if (postIds.length) {
      const aliases = { record: 'jp', case: 'c', group: 'ag' };
      const logged = fullOnlyThroughRoleOrMembership(viewer, ctx.ability, 'JournalPost', aliases);
      parts.push(sql`select jp.id, ${ACCESS_EVENT_ACTIONS.JournalPost}::text as action,
          'JournalPost'::text as target_type, ${accessReason(viewer, 'JournalPost', aliases)} as reason
        from journal_post jp join case_file c on c.id = jp.case_id
          join access_group ag on ag.id = jp.access_group_id
        where jp.id in (${postIds}) and ${logged}`);
    }
    const insert = sql`insert into audit_event (actor_id, action, target_type, target_id, reason, request_id)
      select ${viewer.userId}::uuid, r.action, r.target_type, r.id, r.reason, ${ctx.requestId}
      from (${joinSql(parts, ' union all ')}) r`;
    // After the answer, in a transaction of its own in the viewer's organisation (row-level security).
    await inOrganisation(ctx.em, viewer.organisationId, (em) =>
      em.execute(insert.sql, insert.params, 'run'),
    );
  } catch (err) {
    ctx.log.error({ err }, 'The access log could not be written');
  }
}

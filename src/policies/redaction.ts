import { type SqlFragment } from '../db/sqlTemplate';

/**
 * Screening in SQL. Every expression takes `today` (the calendar date in Norway, from the
 * application) as a parameter, so the database's own clock and time zone never decide whether a
 * screening has expired.
 *
 * Each row of a record query carries `is_full` (the viewer's level, computed from the policies).
 * What leaves the database for a REDACTED row is the public form only: the stored title of a
 * screened record, the name of a screened correspondent, addresses and the people involved are
 * replaced by NULL in SQL.
 */

/** The screening applies: a code is set and its expiry date (if any) has not been reached. */
export function screeningActive(alias: string, today: string): SqlFragment {
  return {
    sql: `(${alias}.screening_code_id is not null and (${alias}.screening_expires_on is null or ${alias}.screening_expires_on > ?::date))`,
    params: [today],
  };
}

/** The title is screened for the public now (the TITLE field of an active screening). */
export function titleScreened(alias: string, today: string): SqlFragment {
  const active = screeningActive(alias, today);
  return {
    sql: `(${active.sql} and 'TITLE' = any(${alias}.screened_fields))`,
    params: active.params,
  };
}

/** The public form of the title: the public title while the title is screened, else the title. */
export function publicTitle(alias: string, today: string): SqlFragment {
  const screened = titleScreened(alias, today);
  return {
    sql: `(case when ${screened.sql} then ${alias}.public_title else ${alias}.title end)`,
    params: screened.params,
  };
}

/** What this viewer sees as the title: stored where FULL, the public form where REDACTED. */
export function effectiveTitle(alias: string, isFull: string, today: string): SqlFragment {
  const pub = publicTitle(alias, today);
  return {
    sql: `(case when ${isFull} then ${alias}.title else ${pub.sql} end)`,
    params: pub.params,
  };
}

/**
 * The join that gives each row of a record query its level as `f.is_full`, from the viewer's
 * `readFull` condition (null: no row in full). Every effective column reads `f.is_full`, so the
 * condition must be computed once per row, not once per column: a plain lateral subquery is
 * inlined by PostgreSQL into each column that uses it (seven copies of the test, seven subplans).
 * `having true` makes the subquery a grouped one, which PostgreSQL neither inlines (the flag is
 * computed once per row, and only for the rows the plan reaches: a page walked in index order
 * computes it for that page) nor keeps when nothing reads it (a count drops the join). A constant
 * condition (every row, or none) stays inlined, as the planner folds it away.
 */
export function fullAccessJoin(full: SqlFragment | null): SqlFragment {
  if (!full) return { sql: 'cross join lateral (select false as is_full) f', params: [] };
  if (full.params.length === 0 && (full.sql === 'true' || full.sql === 'false')) {
    return { sql: `cross join lateral (select ${full.sql} as is_full) f`, params: [] };
  }
  return {
    sql: `left join lateral (select (${full.sql}) as is_full having true) f on true`,
    params: full.params,
  };
}

/** `value` where the viewer is FULL, else NULL: for fields the public never sees. */
export function onlyFull(isFull: string, value: string): string {
  return `(case when ${isFull} then ${value} end)`;
}

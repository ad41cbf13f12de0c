import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from './Migration20261202100000_organisations';

/**
 * The two counts /metrics shows across every organisation (README, "Observability"): mails not yet
 * sent nor given up, and open insight requests past their due date (the `overdue` flag of
 * queries/insightRequests.ts, against the date in Norway the server passes). Row-level security
 * keeps the server's role to the organisation of its transaction, so the owner's function counts
 * for it, and returns the two numbers only, never a row.
 */
export class Migration20261204090000_metrics extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function arkivgraf_operational_counts(p_today date)
      returns table (mail_pending bigint, insight_overdue bigint)
      language sql stable security definer set search_path = public, pg_temp
      as $$ select
        (select count(*) from mail_message where sent_at is null and failed_at is null),
        (select count(*) from insight_request
          where status in ('RECEIVED', 'IN_PROGRESS') and due_date < p_today) $$;`);
    this.addSql(`revoke all on function arkivgraf_operational_counts(date) from public;`);
    this.addSql(`grant execute on function arkivgraf_operational_counts(date) to ${APP_ROLE};`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function arkivgraf_operational_counts(date);`);
  }
}

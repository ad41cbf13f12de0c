import { Migration } from '@mikro-orm/migrations';

/** The organisation every record of an existing installation moves into (docs/access-control.md). */
export const FIRST_ORGANISATION_ID = '00000000-0000-4000-8000-000000000001';

/**
 * Tables whose rows belong to one organisation. Not here: `organisation` itself (the directory,
 * public), `rate_limits` and `public_journal_watermark` (installation-wide counters without
 * content), `mikro_orm_migrations`.
 */
export const ORGANISATION_TABLES = [
  'unit',
  'app_user',
  'role_grant',
  'access_group',
  'access_group_membership',
  'screening_code',
  'archive',
  'archive_part',
  'classification_system',
  'class',
  'case_file',
  'case_class',
  'case_internal_contact',
  'case_party',
  'journal_post',
  'correspondent',
  'document_description',
  'document',
  'remark',
  'disposal',
  'disposal_item',
  'insight_request',
  'insight_request_item',
  'number_counter',
  'audit_event',
  'archive_export',
];

/**
 * Tables of organisation data that later migrations create, organisation-scoped from the start
 * (organisation_id, keys led by it, the same policy): this migration does not find them.
 */
const CREATED_LATER: ReadonlySet<string> = new Set(['archive_export']);

/** The tables this migration turns into organisation data. */
const TABLES_HERE = ORGANISATION_TABLES.filter((t) => !CREATED_LATER.has(t));

/** The role the server's connections act as: subject to row-level security, owns nothing. */
export const APP_ROLE = 'arkivgraf_app';

/**
 * Functions of the search operators (`@@`, `ilike`) declared leakproof so that PostgreSQL may use
 * their indexes under row-level security (a qual that is not leakproof is evaluated after the
 * policy, never as an index condition). Only a superuser may declare it; see docs/scaling.md.
 */
const LEAKPROOF = [
  'ts_match_vq(tsvector, tsquery)',
  'texticlike(text, text)',
  'textlike(text, text)',
];

/** SQL: the columns of constraint `c`'s key, in order (without organisation_id when going down). */
const keyColumns = (
  key: 'conkey' | 'confkey',
  relation: 'conrelid' | 'confrelid',
  withoutOrganisation: boolean,
) => `array(select a.attname from unnest(c.${key}) with ordinality k(n, i)
        join pg_attribute a on a.attrelid = c.${relation} and a.attnum = k.n
        ${withoutOrganisation ? `where a.attname <> 'organisation_id'` : ''} order by k.i)`;

/**
 * PL/pgSQL: drops every foreign key among `tables` and collects in `fks` the statement that adds it
 * back, led by organisation_id going up, without it going down, with its actions and deferral.
 */
function foreignKeysDropped(tables: string, direction: 'up' | 'down'): string {
  const down = direction === 'down';
  const list = (column: string) =>
    `(select string_agg(quote_ident(x), ', ') from unnest(r.${column}) x)`;
  const lead = down ? '' : 'organisation_id, ';
  return `  for r in
    select c.conname, c.conrelid::regclass::text as tbl, c.confrelid::regclass::text as ref,
           ${keyColumns('conkey', 'conrelid', down)} as cols,
           ${keyColumns('confkey', 'confrelid', down)} as refcols,
           c.confdeltype, c.confupdtype, c.condeferrable, c.condeferred
    from pg_constraint c
    where c.contype = 'f'
      and c.conrelid::regclass::text = any(array[${tables}])
      and c.confrelid::regclass::text = any(array[${tables}])
  loop
    execute format('alter table %I drop constraint %I', r.tbl, r.conname);
    def := format('alter table %I add constraint %I foreign key (${lead}%s) references %I (${lead}%s)',
      r.tbl, r.conname, ${list('cols')}, r.ref, ${list('refcols')});
    def := def || case r.confdeltype
      when 'c' then ' on delete cascade'
      when 'r' then ' on delete restrict'
      -- Going up, only the key columns are set null: organisation_id stays.
      when 'n' then ${down ? `' on delete set null'` : `format(' on delete set null (%s)', ${list('cols')})`}
      else '' end;
    -- organisation_id never changes, so an update cascades to the key columns alone.
    def := def || case r.confupdtype when 'c' then ' on update cascade' when 'r' then ' on update restrict' else '' end;
    if r.condeferrable then
      def := def || ' deferrable' || case when r.condeferred then ' initially deferred' else '' end;
    end if;
    fks := fks || def;
  end loop;`;
}

/**
 * Several organisations in one installation (docs/access-control.md, "Organisations"):
 *
 * - `organisation` (arkivskaper) and a first one that every existing row moves into;
 * - `organisation_id` on every table of organisation data, filled from the transaction's setting
 *   `arkivgraf.organisation` (`current_organisation()`) when an insert does not name it;
 * - every primary key, unique key, btree index and foreign key among those tables led by
 *   `organisation_id`: a record can only refer to records of its own organisation, and the
 *   schema is ready to be distributed by organisation (docs/scaling.md);
 * - row-level security on each of those tables: the application's role sees and writes only the
 *   rows of the organisation its transaction has set, and nothing when none is set. The owner
 *   (migrations, maintenance, the demo seed) is not subject to it.
 */
export class Migration20261202100000_organisations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "organisation" (
      "id" uuid not null primary key,
      "name" text not null check (length(btrim("name")) > 0),
      "short_name" text not null unique check ("short_name" ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
      "organisation_number" text null unique check ("organisation_number" ~ '^[0-9]{9}$'),
      "created_at" timestamptz not null default now());`);
    this.addSql(
      `insert into "organisation" ("id", "name", "short_name") values ('${FIRST_ORGANISATION_ID}', 'Arkivskaper', 'arkiv');`,
    );
    this.addSql(`create function current_organisation() returns uuid language sql stable
      as $$ select nullif(current_setting('arkivgraf.organisation', true), '')::uuid $$;`);
    // Installation admins (super-admins) are people, named by their sign-in name, of no organisation.
    this.addSql(`create table "installation_admin" (
      "username" text not null primary key,
      "created_at" timestamptz not null default now());`);

    const tables = TABLES_HERE.map((t) => `'${t}'`).join(', ');
    this.addSql(`do $$
declare
  t text;
  r record;
  def text;
  fks text[] := '{}';
begin
  foreach t in array array[${tables}] loop
    -- A constant default is instant on a large table; then inserts take the transaction's setting.
    execute format('alter table %I add column organisation_id uuid not null default %L', t, '${FIRST_ORGANISATION_ID}');
    execute format('alter table %I alter column organisation_id set default current_organisation()', t);
  end loop;

  -- Foreign keys among organisation tables are dropped, and come back led by organisation_id.
${foreignKeysDropped(tables, 'up')}

  -- Primary and unique keys: organisation_id first.
  for r in
    select c.conname, c.conrelid::regclass::text as tbl, c.contype,
           ${keyColumns('conkey', 'conrelid', false)} as cols
    from pg_constraint c
    where c.contype in ('p', 'u') and c.conrelid::regclass::text = any(array[${tables}])
  loop
    if r.cols[1] <> 'organisation_id' then
      execute format('alter table %I drop constraint %I', r.tbl, r.conname);
      execute format('alter table %I add constraint %I %s (organisation_id, %s)', r.tbl, r.conname,
        case r.contype when 'p' then 'primary key' else 'unique' end,
        (select string_agg(quote_ident(x), ', ') from unnest(r.cols) x));
    end if;
  end loop;

  -- Other btree indexes (unique ones included): organisation_id first. GIN indexes keep their
  -- shape (a uuid is no GIN key without btree_gin); the policy's qual then filters their matches.
  for r in
    select i.indexrelid::regclass::text as idx, pg_get_indexdef(i.indexrelid) as indexdef
    from pg_index i
    join pg_class ic on ic.oid = i.indexrelid
    join pg_am am on am.oid = ic.relam
    where i.indrelid::regclass::text = any(array[${tables}])
      and am.amname = 'btree'
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
  loop
    if r.indexdef !~ 'USING btree \\(organisation_id[,)]' then
      execute format('drop index %I', r.idx);
      execute regexp_replace(r.indexdef, 'USING btree \\(', 'USING btree (organisation_id, ');
    end if;
  end loop;

  foreach def in array fks loop
    execute def;
  end loop;

  foreach t in array array[${tables}] loop
    execute format('alter table %I add constraint %I foreign key (organisation_id) references organisation (id)', t, t || '_organisation_fk');
    execute format('alter table %I enable row level security', t);
    -- (select …): computed once per statement, not once per row.
    execute format('create policy organisation_isolation on %I using (organisation_id = (select current_organisation())) with check (organisation_id = (select current_organisation()))', t);
  end loop;
end $$;`);

    // A case's default archive part is an active one of its own organisation.
    this
      .addSql(`create or replace function "case_file_default_archive_part"() returns trigger language plpgsql as $$
begin
  if new."archive_part_id" is null then
    select "id" into new."archive_part_id" from "archive_part"
      where "status" = 'ACTIVE' and "organisation_id" = new."organisation_id" limit 1;
    if new."archive_part_id" is null then
      raise exception 'No archive part (arkivdel) is active';
    end if;
  end if;
  return new;
end $$;`);
    // The application's role, created once per PostgreSQL cluster; grants are per database.
    this.addSql(`do $$ begin
  create role ${APP_ROLE} nologin nosuperuser nobypassrls;
exception when duplicate_object or unique_violation then null;
end $$;`);
    this.addSql(`do $$ begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute 'grant ${APP_ROLE} to ' || quote_ident(current_user);
  end if;
end $$;`);
    this.addSql(`grant usage on schema public to ${APP_ROLE};`);
    this.addSql(
      `grant select, insert, update, delete on all tables in schema public to ${APP_ROLE};`,
    );
    this.addSql(`grant usage, select on all sequences in schema public to ${APP_ROLE};`);
    this.addSql(`revoke all on "mikro_orm_migrations" from ${APP_ROLE};`);
    // Organisations are created and renamed, never deleted; installation admins are named by the
    // command line (the owner), never by the server.
    this.addSql(`revoke delete on "organisation" from ${APP_ROLE};`);
    this.addSql(`revoke insert, update, delete on "installation_admin" from ${APP_ROLE};`);
    this.addSql(
      `alter default privileges in schema public grant select, insert, update, delete on tables to ${APP_ROLE};`,
    );
    this.addSql(
      `alter default privileges in schema public grant usage, select on sequences to ${APP_ROLE};`,
    );
    // Which organisations a signed-in person works for, asked before any organisation is set (the
    // policy would hide every user row): the owner's function answers for one username alone.
    this.addSql(`create function organisations_of_user(p_username text) returns setof uuid
      language sql stable security definer set search_path = public, pg_temp
      as $$ select organisation_id from app_user where username = p_username and active $$;`);
    this.addSql(`revoke all on function organisations_of_user(text) from public;`);
    this.addSql(`grant execute on function organisations_of_user(text) to ${APP_ROLE};`);
    this.addSql(`do $$ begin
  if (select rolsuper from pg_roles where rolname = current_user) then
    ${LEAKPROOF.map((f) => `alter function ${f} leakproof;`).join('\n    ')}
  end if;
end $$;`);
  }

  /** Back to one organisation: only when there is one, whose rows lose their organisation_id. */
  override async down(): Promise<void> {
    const tables = TABLES_HERE.map((t) => `'${t}'`).join(', ');
    this.addSql(`do $$
declare
  t text;
  r record;
  def text;
  fks text[] := '{}';
begin
  if (select count(*) from organisation) > 1 then
    raise exception 'More than one organisation: going down would merge their records';
  end if;
  foreach t in array array[${tables}] loop
    execute format('drop policy organisation_isolation on %I', t);
    execute format('alter table %I disable row level security', t);
    execute format('alter table %I drop constraint %I', t, t || '_organisation_fk');
  end loop;
${foreignKeysDropped(tables, 'down')}
  for r in
    select c.conname, c.conrelid::regclass::text as tbl, c.contype,
           ${keyColumns('conkey', 'conrelid', true)} as cols
    from pg_constraint c
    where c.contype in ('p', 'u') and c.conrelid::regclass::text = any(array[${tables}])
  loop
    execute format('alter table %I drop constraint %I', r.tbl, r.conname);
    execute format('alter table %I add constraint %I %s (%s)', r.tbl, r.conname,
      case r.contype when 'p' then 'primary key' else 'unique' end,
      (select string_agg(quote_ident(x), ', ') from unnest(r.cols) x));
  end loop;
  for r in
    select i.indexrelid::regclass::text as idx, pg_get_indexdef(i.indexrelid) as indexdef
    from pg_index i
    where i.indrelid::regclass::text = any(array[${tables}])
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
      and pg_get_indexdef(i.indexrelid) ~ 'USING btree \\(organisation_id, '
  loop
    execute format('drop index %I', r.idx);
    execute regexp_replace(r.indexdef, 'USING btree \\(organisation_id, ', 'USING btree (');
  end loop;
  foreach def in array fks loop
    execute def;
  end loop;
  foreach t in array array[${tables}] loop
    execute format('alter table %I drop column organisation_id', t);
  end loop;
end $$;`);
    this.addSql(`drop function organisations_of_user(text);`);
    this.addSql(`drop function current_organisation();`);
    this.addSql(`drop table "installation_admin";`);
    this.addSql(`drop table "organisation";`);
    // The role is the cluster's, shared by its databases: only this database's grants go.
    this.addSql(
      `alter default privileges in schema public revoke select, insert, update, delete on tables from ${APP_ROLE};`,
    );
    this.addSql(
      `alter default privileges in schema public revoke usage, select on sequences from ${APP_ROLE};`,
    );
    this.addSql(`revoke all on all tables in schema public from ${APP_ROLE};`);
    this.addSql(`revoke all on all sequences in schema public from ${APP_ROLE};`);
    this.addSql(`revoke usage on schema public from ${APP_ROLE};`);
  }
}

import pg from 'pg';
import { FIRST_ORGANISATION_ID } from '../../src/db/migrations/Migration20261202100000_organisations';

/**
 * The benchmark's data set, generated set-based in PostgreSQL (INSERT … SELECT over
 * generate_series). Every value is derived from the series number `n`, so two runs build the same
 * rows: no random(), no clock.
 *
 * Shape, for the default 200,000 posts:
 * - journal dates on the weekdays of 157 weeks (about three years) ending on `lastJournalDate`,
 *   about 255 posts a day, the journal sequence number restarting each year;
 * - 20,000 cases: each block of 20,000 consecutive posts (about 80 days) holds 2,000 cases of ten
 *   documents each, so a case's posts spread over weeks; one case in 25 has a screened title;
 * - 5 units, one handler each;
 * - types: 45 % I, 45 % U, 5 % N, 5 % X; statuses mostly REGISTERED (I, N, X) and DISPATCHED
 *   (U), ARCHIVED for the oldest year, 6 % not published (RESERVED, FINALIZED, CANCELLED);
 *   one post in 997 held back (HOLD);
 * - 30 % screened with code 13 (TITLE, CORRESPONDENT_NAME; public title ends in `*****`, some
 *   screenings expired), 1 % with the temporary code XX;
 * - one correspondent per post, two for every third; 60 % persons, the rest organisations;
 *   persons on screened posts are screened;
 * - titles built from Norwegian word lists cycled by `n`: "søknad" is in about 18 % of the post
 *   titles (the common search word), "Kvernhusbekken" in one post in 2,000 (the rare one).
 */

export const COMMON_WORD = 'søknad';
export const RARE_WORD = 'Kvernhusbekken';

const WORDS = {
  kinds: [
    'Søknad om',
    'Vedtak om',
    'Klage på vedtak om',
    'Svar på søknad om',
    'Uttalelse til',
    'Melding om',
    'Varsel om',
    'Tilsynsrapport -',
    'Referat fra møte om',
    'Innsynskrav -',
    'Purring -',
  ],
  subjects: [
    'byggetillatelse',
    'skjenkebevilling',
    'barnehageplass',
    'dispensasjon fra reguleringsplan',
    'tilskudd til kulturarrangement',
    'utslippstillatelse',
    'parkeringstillatelse',
    'fradeling av eiendom',
    'skoleskyss',
    'startlån',
    'brøyting av kommunal vei',
    'feiing og tilsyn',
    'refusjon av sykepenger',
    'ansettelse i stilling som rådgiver',
    'oppmålingsforretning',
    'konsesjon for erverv av fast eiendom',
    'serveringsbevilling',
  ],
  places: [
    'Storgata 12',
    'Nordre ringvei 4',
    'gnr. 45 bnr. 12',
    'Solberg skole',
    'Fjellheim barnehage',
    'Haugen boligfelt',
    'Strandveien 3',
    'Bryggen',
    'Eikelund sykehjem',
    'Myrvoll idrettspark',
    'Sjøgata 21',
    'Kirkebakken 7',
    'Lia næringsområde',
  ],
  firstNames: [
    'Ole',
    'Kari',
    'Per',
    'Ingrid',
    'Lars',
    'Anne',
    'Nils',
    'Marit',
    'Bjørn',
    'Solveig',
    'Knut',
    'Hilde',
    'Jon',
    'Astrid',
    'Erik',
    'Liv',
    'Terje',
    'Randi',
    'Håkon',
  ],
  lastNames: [
    'Hansen',
    'Johansen',
    'Olsen',
    'Larsen',
    'Andersen',
    'Pedersen',
    'Nilsen',
    'Kristiansen',
    'Jensen',
    'Karlsen',
    'Johnsen',
    'Pettersen',
    'Eriksen',
    'Berg',
    'Haugen',
    'Hagen',
    'Johannessen',
    'Andreassen',
    'Jacobsen',
    'Dahl',
    'Jørgensen',
    'Halvorsen',
    'Lund',
  ],
  organisations: [
    'Statens vegvesen',
    'Statsforvalteren i Vestland',
    'Mattilsynet',
    'Arbeidstilsynet',
    'NAV Bergen',
    'Helse Bergen HF',
    'Norconsult AS',
    'Advokatfirmaet Lund og Berg AS',
    'Byggmester Hagen AS',
    'Vestland fylkeskommune',
    'Skatteetaten',
    'Kartverket',
    'Direktoratet for byggkvalitet',
    'Naturvernforbundet',
    'Bergen Næringsråd',
    'Fjord Eiendom AS',
    'Kirkens Bymisjon',
  ],
  units: ['Plan og bygg', 'Oppvekst', 'Helse og omsorg', 'Teknisk drift', 'Økonomi og personal'],
};

/** 157 weeks of five weekdays: about three years. */
const WEEKS = 157;
/** Posts per block; each block holds POSTS_PER_BLOCK / 10 cases of ten documents. */
const POSTS_PER_BLOCK = 20_000;
const CASES_PER_BLOCK = POSTS_PER_BLOCK / 10;

/** UUIDs derived from a number, one prefix per table: deterministic and readable. */
const uuid = (prefix: string, expr: string) =>
  `('${prefix}0000000-0000-4000-8000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;

export interface GenerateOptions {
  posts: number;
  /** A Friday: the newest journal date */
  lastJournalDate: string;
  /**
   * A copy of every generated row in a second organisation (`SECOND_ORGANISATION_ID`), under ids
   * of its own: half of the rows are then of another organisation, which the organisation's
   * filter must pass over.
   */
  secondOrganisation?: boolean;
}

/** The benchmark's second organisation: a copy of the first's rows. */
export const SECOND_ORGANISATION_ID = '00000000-0000-4000-8000-000000000002';

/** The tables copied into the second organisation, with the archive its cases are filed in. */
const COPIED = [
  'archive',
  'archive_part',
  'unit',
  'app_user',
  'screening_code',
  'case_file',
  'journal_post',
  'correspondent',
];

export interface GenerateResult {
  posts: number;
  cases: number;
  correspondents: number;
  firstJournalDate: string;
  lastJournalDate: string;
  /** Wall time of each step, in ms */
  steps: { step: string; ms: number }[];
}

/** The indexes that back no constraint: dropped during the load and rebuilt after it. */
async function secondaryIndexes(
  client: pg.Client,
  tables: string[],
): Promise<{ name: string; definition: string }[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `select i.indexname as name, i.indexdef as definition
       from pg_indexes i
      where i.schemaname = current_schema() and i.tablename = any($1)
        and not exists (select 1 from pg_constraint c
                         where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
      order by i.indexname`,
    [tables],
  );
  return rows;
}

export async function generate(url: string, opts: GenerateOptions): Promise<GenerateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // The rows go to the first organisation through the columns' default (the session's setting).
  await client.query(`select set_config('arkivgraf.organisation', $1, false)`, [
    FIRST_ORGANISATION_ID,
  ]);
  const steps: GenerateResult['steps'] = [];
  const step = async (name: string, run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    steps.push({ step: name, ms: performance.now() - started });
  };
  const N = opts.posts;
  if (!Number.isInteger(N) || N < POSTS_PER_BLOCK || N % 10 !== 0) {
    throw new Error(`BENCH_POSTS must be a multiple of 10, at least ${POSTS_PER_BLOCK}`);
  }
  const weekdays = WEEKS * 5;
  // Monday of the first week: the last journal date is the Friday of the last week.
  const firstMonday = `date '${opts.lastJournalDate}' - ${(WEEKS - 1) * 7 + 4}`;
  try {
    const tables = [
      'unit',
      'app_user',
      'screening_code',
      'case_file',
      'journal_post',
      'correspondent',
    ];
    const { rows: existing } = await client.query<{ n: string }>(
      'select count(*) as n from journal_post',
    );
    if (Number(existing[0]?.n) > 0) throw new Error('The benchmark database is not empty');
    const indexes = await secondaryIndexes(client, tables);

    await step('drop secondary indexes', async () => {
      for (const i of indexes) await client.query(`drop index ${pg.escapeIdentifier(i.name)}`);
    });

    await step('word lists, units, users, screening codes', async () => {
      await client.query(
        `create temporary table bench_words as select
           $1::text[] as kinds, $2::text[] as subjects, $3::text[] as places,
           $4::text[] as first_names, $5::text[] as last_names, $6::text[] as organisations`,
        [
          WORDS.kinds,
          WORDS.subjects,
          WORDS.places,
          WORDS.firstNames,
          WORDS.lastNames,
          WORDS.organisations,
        ],
      );
      await client.query(
        `insert into unit (id, name, created_at)
         select ${uuid('a', 'i')}, name, timestamptz '2020-01-01 08:00+01'
           from unnest($1::text[]) with ordinality as u(name, i)`,
        [WORDS.units],
      );
      await client.query(
        `insert into app_user (id, username, display_name, unit_id, active, created_at)
         select ${uuid('b', 'i')}, 'handler' || i, 'Saksbehandler ' || i, ${uuid('a', 'i')}, true,
                timestamptz '2020-01-01 08:00+01'
           from generate_series(1, $1) i`,
        [WORDS.units.length],
      );
      await client.query(
        `insert into screening_code (id, code, name, legal_basis, default_screened_fields,
                                     default_duration_years, whole_document, discretionary,
                                     temporary, valid_from)
         values (${uuid('c', '13')}, '13', 'Taushetsplikt – personlige forhold',
                 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
                 '{TITLE,CORRESPONDENT_NAME,PARTY_NAME,DOCUMENT}', 60, true, false, false, '2020-01-01'),
                (${uuid('c', '99')}, 'XX', 'Midlertidig sperret', 'Offl. § 13 (midlertidig)',
                 '{TITLE,CORRESPONDENT_NAME,PARTY_NAME,DOCUMENT}', null, true, false, true, '2020-01-01')`,
      );
    });

    await step('derive post values (temporary table)', async () => {
      // screen: 0 open, 1 code 13, 2 code XX. case_screened: the case title is screened.
      await client.query(
        `create temporary table bench_posts as
         with base as (
           select n,
                  (${firstMonday} + (k / 5) * 7 + k % 5)::date as journal_date,
                  b * ${CASES_PER_BLOCK} + r % ${CASES_PER_BLOCK} as case_idx,
                  r / ${CASES_PER_BLOCK} + 1 as doc
             from generate_series(1, ${N}) n,
                  lateral (select ((n - 1)::bigint * ${weekdays} / ${N})::int as k,
                                  (n - 1) / ${POSTS_PER_BLOCK} as b,
                                  (n - 1) % ${POSTS_PER_BLOCK} as r) x
         ), typed as (
           select base.*,
                  case when n % 20 = 0 then 'INTERNAL_FOLLOW_UP'
                       when n % 20 = 10 then 'INTERNAL_NO_FOLLOW_UP'
                       when n % 2 = 1 then 'OUTGOING' else 'INCOMING' end as type,
                  case when n % 100 = 5 then 2 when n % 10 in (2, 5, 8) then 1 else 0 end as screen,
                  case_idx % 25 = 7 as case_screened,
                  w.first_names[1 + (n * 7) % cardinality(w.first_names)] || ' ' ||
                    w.last_names[1 + (n * 3) % cardinality(w.last_names)] as person,
                  w.first_names[1 + (case_idx * 5) % cardinality(w.first_names)] || ' ' ||
                    w.last_names[1 + (case_idx * 11) % cardinality(w.last_names)] as case_person,
                  w.kinds[1 + n % cardinality(w.kinds)] as kind,
                  w.subjects[1 + case_idx % cardinality(w.subjects)] as subject,
                  w.places[1 + (case_idx / 17) % cardinality(w.places)] as place,
                  case when n % 2000 = 17 then ' ved ${RARE_WORD}' else '' end as rare
             from base cross join bench_words w
         )
         select typed.*,
                extract(year from journal_date)::int as journal_year,
                row_number() over (partition by extract(year from journal_date) order by n)::int
                  as journal_sequence_number,
                case when case_screened then 'personalsak' else subject end as case_subject
           from typed`,
      );
    });

    await step('insert case_file', async () => {
      await client.query(
        `insert into case_file (id, case_year, case_sequence, case_number, title, public_title,
                                status, responsible_unit_id, case_responsible_id, created_by_id,
                                screening_code_id, legal_basis, screened_fields,
                                screening_expires_on, created_at, updated_at, closed_at, version)
         select ${uuid('d', 'case_idx + 1')}, journal_year, case_idx + 1,
                journal_year || '/' || (case_idx + 1),
                case when case_screened then 'Personalsak – ' || case_person
                     else initcap(subject) || ' – ' || place end,
                case when case_screened then 'Personalsak – *****'
                     else initcap(subject) || ' – ' || place end,
                case when journal_date < ${firstMonday} + 365 then 'CLOSED' else 'IN_PROGRESS' end,
                ${uuid('a', '1 + case_idx % 5')}, ${uuid('b', '1 + case_idx % 5')},
                ${uuid('b', '1 + case_idx % 5')},
                case when case_screened then ${uuid('c', '13')} end, null,
                case when case_screened then '{TITLE}'::text[] else '{}'::text[] end,
                case when case_screened then journal_date + interval '60 years' end,
                journal_date + time '08:30', journal_date + time '08:30',
                case when journal_date < ${firstMonday} + 365 then journal_date + interval '300 days' end,
                1
           from bench_posts where doc = 1 order by case_idx`,
      );
    });

    await step('insert journal_post', async () => {
      await client.query(
        `insert into journal_post (id, case_id, document_number, journal_year,
                                   journal_sequence_number, type, status, title, public_title,
                                   journal_date, document_date, responsible_id,
                                   responsible_unit_id, created_by_id, screening_code_id,
                                   legal_basis, screened_fields, screening_expires_on,
                                   screening_assessed_on, write_off_method, write_off_date,
                                   written_off_by_id, finalized_at, dispatched_at,
                                   publication_override, publication_override_reason,
                                   created_at, updated_at, version)
         select ${uuid('e', 'n')}, ${uuid('d', 'case_idx + 1')}, doc, journal_year,
                journal_sequence_number, type,
                case when n % 50 = 3 then 'RESERVED'
                     when n % 50 = 4 then 'FINALIZED'
                     when n % 50 = 6 then 'CANCELLED'
                     when journal_date < ${firstMonday} + 365 then 'ARCHIVED'
                     when type = 'OUTGOING' then 'DISPATCHED'
                     else 'REGISTERED' end,
                case when screen > 0 then kind || ' ' || case_subject || ' – ' || person || rare
                     else kind || ' ' || case_subject || ' – ' || place || rare end,
                case when screen = 2 then '*****'
                     when screen = 1 then kind || ' ' || case_subject || ' – *****' || rare
                     else kind || ' ' || case_subject || ' – ' || place || rare end,
                journal_date,
                case when n % 13 = 0 then null else journal_date - (n % 7) end,
                ${uuid('b', '1 + case_idx % 5')}, ${uuid('a', '1 + case_idx % 5')},
                ${uuid('b', '1 + case_idx % 5')},
                case screen when 1 then ${uuid('c', '13')} when 2 then ${uuid('c', '99')} end,
                null,
                case screen when 1 then '{TITLE,CORRESPONDENT_NAME}'::text[]
                            when 2 then '{TITLE,CORRESPONDENT_NAME,PARTY_NAME,DOCUMENT}'::text[]
                            else '{}'::text[] end,
                case when screen = 1 and n % 200 = 2 then journal_date + interval '2 years'
                     when screen = 1 then journal_date + interval '60 years' end,
                case when screen = 1 then journal_date end,
                case when type = 'INCOMING' and n % 4 = 0
                     then (array['REPLIED_BY_LETTER','REPLIED_BY_EMAIL','NOTED',
                                 'TAKEN_INTO_ACCOUNT'])[1 + (n / 4) % 4] end,
                case when type = 'INCOMING' and n % 4 = 0 then journal_date + 3 end,
                case when type = 'INCOMING' and n % 4 = 0 then ${uuid('b', '1 + case_idx % 5')} end,
                case when type = 'OUTGOING' then journal_date + time '10:00' end,
                case when type = 'OUTGOING' then journal_date + time '14:00' end,
                case when n % 997 = 0 then 'HOLD' end,
                case when n % 997 = 0 then 'Venter på skjermingsvurdering' end,
                journal_date + time '09:00', journal_date + time '09:00', 1
           from bench_posts order by n`,
      );
    });

    await step('insert correspondent', async () => {
      await client.query(
        `insert into correspondent (id, journal_post_id, position, role, name, screened,
                                    is_person, address, email)
         select ${uuid('f', 'n * 2 + pos')}, ${uuid('e', 'n')}, pos,
                case when pos = 1 then 'COPY_RECIPIENT'
                     when type = 'INCOMING' then 'SENDER' else 'RECIPIENT' end,
                case when person_ then
                       w.first_names[1 + (n * 7 + pos * 5) % cardinality(w.first_names)] || ' ' ||
                       w.last_names[1 + (n * 3 + pos * 11) % cardinality(w.last_names)]
                     else w.organisations[1 + (n + pos) % cardinality(w.organisations)] end,
                screen = 1 and person_, person_,
                'Postboks ' || (n % 900 + 100) || ', 5020 Bergen',
                case when person_ then null else 'post@example.org' end
           from bench_posts p
           cross join bench_words w
           cross join lateral generate_series(0, case when n % 3 = 0 then 1 else 0 end) pos
           cross join lateral (select (n + pos) % 5 < 3 as person_) x
          order by n, pos`,
      );
    });

    if (opts.secondOrganisation) {
      await step('copy into a second organisation', async () => {
        await client.query(
          `insert into organisation (id, name, short_name, created_at)
           values ($1, 'Andre kommune', 'andre', now())`,
          [SECOND_ORGANISATION_ID],
        );
        // Replica mode skips triggers (the part a case defaults to) while copying.
        await client.query(`set session_replication_role = replica`);
        for (const table of COPIED) {
          const { rows } = await client.query<{ name: string; uuid: boolean }>(
            `select attname as name, atttypid = 'uuid'::regtype as uuid from pg_attribute
              where attrelid = $1::regclass and attnum > 0 and not attisdropped
                and attgenerated = '' order by attnum`,
            [table],
          );
          const columns = rows.map((r) => pg.escapeIdentifier(r.name));
          // Every id of the copy differs from the original's in one digit (the version's: 4 to
          // 5), the same way in every table, so that references stay whole and no id is shared.
          const values = rows.map((r) =>
            r.name === 'organisation_id'
              ? '$1::uuid'
              : r.uuid
                ? `overlay(${pg.escapeIdentifier(r.name)}::text placing '5' from 15 for 1)::uuid`
                : pg.escapeIdentifier(r.name),
          );
          await client.query(
            `insert into ${pg.escapeIdentifier(table)} (${columns.join(', ')})
             select ${values.join(', ')} from ${pg.escapeIdentifier(table)}
              where organisation_id = $2`,
            [SECOND_ORGANISATION_ID, FIRST_ORGANISATION_ID],
          );
        }
        await client.query(`set session_replication_role = origin`);
      });
    }

    await step('rebuild secondary indexes', async () => {
      for (const i of indexes) await client.query(i.definition);
    });

    await step('vacuum analyze', async () => {
      for (const t of tables) await client.query(`vacuum (analyze) ${pg.escapeIdentifier(t)}`);
    });

    const counts = await client.query<{
      posts: string;
      cases: string;
      correspondents: string;
      first: string;
      last: string;
    }>(
      `select (select count(*) from journal_post where organisation_id = $1) as posts,
              (select count(*) from case_file where organisation_id = $1) as cases,
              (select count(*) from correspondent where organisation_id = $1) as correspondents,
              (select min(journal_date)::text from journal_post) as first,
              (select max(journal_date)::text from journal_post) as last`,
      [FIRST_ORGANISATION_ID],
    );
    const c = counts.rows[0]!;
    return {
      posts: Number(c.posts),
      cases: Number(c.cases),
      correspondents: Number(c.correspondents),
      firstJournalDate: c.first,
      lastJournalDate: c.last,
      steps,
    };
  } finally {
    await client.end();
  }
}

// The migrations in order. Listed explicitly (not discovered by file name) so the same list serves
// vitest, the compiled server and the CLI; `npm run migration:create` keeps it up to date.
import { type MigrationObject } from '@mikro-orm/core';
import { Migration20261121073711_initial } from './Migration20261121073711_initial';
import { Migration20261121080544_lifecycle } from './Migration20261121080544_lifecycle';
import { Migration20261121080954_public_journal } from './Migration20261121080954_public_journal';
import { Migration20261121081938_rate_limits } from './Migration20261121081938_rate_limits';
import { Migration20261121085024_insight_requests } from './Migration20261121085024_insight_requests';
import { Migration20261125090000_duty_of_confidentiality } from './Migration20261125090000_duty_of_confidentiality';
import { Migration20261202020000_search_indexes } from './Migration20261202020000_search_indexes';
import { Migration20261202030000_public_journal_watermark } from './Migration20261202030000_public_journal_watermark';
import { Migration20261202043000_due_date_order } from './Migration20261202043000_due_date_order';
import { Migration20261202050000_norwegian_collation } from './Migration20261202050000_norwegian_collation';
import { Migration20261202070000_archive_parts } from './Migration20261202070000_archive_parts';
import { Migration20261202071000_document_format } from './Migration20261202071000_document_format';
import { Migration20261202080000_classification } from './Migration20261202080000_classification';
import { Migration20261202081000_document_descriptions } from './Migration20261202081000_document_descriptions';
import { Migration20261202082000_parties } from './Migration20261202082000_parties';
import { Migration20261202083000_remarks_and_moves } from './Migration20261202083000_remarks_and_moves';
import { Migration20261202100000_organisations } from './Migration20261202100000_organisations';
import { Migration20261202090000_disposal } from './Migration20261202090000_disposal';
import { Migration20261202110000_archive_exports } from './Migration20261202110000_archive_exports';
import { Migration20261202120000_deliveries } from './Migration20261202120000_deliveries';
import { Migration20261203090000_mail_outbox } from './Migration20261203090000_mail_outbox';
import { Migration20261203091000_distribution } from './Migration20261203091000_distribution';
import { Migration20261203092000_document_types } from './Migration20261203092000_document_types';
import { Migration20261203093000_need_to_know } from './Migration20261203093000_need_to_know';
import { Migration20261203100000_publication_time } from './Migration20261203100000_publication_time';
import { Migration20261203101000_search_alerts } from './Migration20261203101000_search_alerts';
import { Migration20261204090000_metrics } from './Migration20261204090000_metrics';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261121073711_initial', class: Migration20261121073711_initial },
  { name: 'Migration20261121080544_lifecycle', class: Migration20261121080544_lifecycle },
  { name: 'Migration20261121080954_public_journal', class: Migration20261121080954_public_journal },
  { name: 'Migration20261121081938_rate_limits', class: Migration20261121081938_rate_limits },
  {
    name: 'Migration20261121085024_insight_requests',
    class: Migration20261121085024_insight_requests,
  },
  {
    name: 'Migration20261125090000_duty_of_confidentiality',
    class: Migration20261125090000_duty_of_confidentiality,
  },
  { name: 'Migration20261202020000_search_indexes', class: Migration20261202020000_search_indexes },
  {
    name: 'Migration20261202030000_public_journal_watermark',
    class: Migration20261202030000_public_journal_watermark,
  },
  { name: 'Migration20261202043000_due_date_order', class: Migration20261202043000_due_date_order },
  {
    name: 'Migration20261202050000_norwegian_collation',
    class: Migration20261202050000_norwegian_collation,
  },
  { name: 'Migration20261202070000_archive_parts', class: Migration20261202070000_archive_parts },
  {
    name: 'Migration20261202071000_document_format',
    class: Migration20261202071000_document_format,
  },
  {
    name: 'Migration20261202080000_classification',
    class: Migration20261202080000_classification,
  },
  {
    name: 'Migration20261202081000_document_descriptions',
    class: Migration20261202081000_document_descriptions,
  },
  { name: 'Migration20261202082000_parties', class: Migration20261202082000_parties },
  {
    name: 'Migration20261202083000_remarks_and_moves',
    class: Migration20261202083000_remarks_and_moves,
  },
  { name: 'Migration20261202090000_disposal', class: Migration20261202090000_disposal },
  {
    name: 'Migration20261202100000_organisations',
    class: Migration20261202100000_organisations,
  },
  {
    name: 'Migration20261202110000_archive_exports',
    class: Migration20261202110000_archive_exports,
  },
  { name: 'Migration20261202120000_deliveries', class: Migration20261202120000_deliveries },
  { name: 'Migration20261203090000_mail_outbox', class: Migration20261203090000_mail_outbox },
  { name: 'Migration20261203091000_distribution', class: Migration20261203091000_distribution },
  {
    name: 'Migration20261203092000_document_types',
    class: Migration20261203092000_document_types,
  },
  { name: 'Migration20261203093000_need_to_know', class: Migration20261203093000_need_to_know },
  {
    name: 'Migration20261203100000_publication_time',
    class: Migration20261203100000_publication_time,
  },
  {
    name: 'Migration20261203101000_search_alerts',
    class: Migration20261203101000_search_alerts,
  },
  { name: 'Migration20261204090000_metrics', class: Migration20261204090000_metrics },
];

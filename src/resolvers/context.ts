import { type PublicJournalCounts } from '../queries/publicJournal';
import { type AccessLog } from '../services/accessLog';
import { type ArchiveExportRuntime } from '../services/archiveExports';
import { type ServiceContext } from '../services/context';
import { type Loaders } from './loaders';

/** Everything a resolver may use: the request's service context and its DataLoaders. */
export interface Context extends ServiceContext {
  loaders: Loaders;
  /** The full reads of restricted records this request hands out, written at its end */
  accessLog: AccessLog;
  /** The public journal's counts per search and watermark, shared by every request */
  publicCounts: PublicJournalCounts;
  /** The export jobs (arkivuttrekk) of this server process; none where nothing runs them */
  archiveExports?: ArchiveExportRuntime;
}

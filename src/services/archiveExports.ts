import { rename, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DriverException } from '@mikro-orm/core';
import packageJson from '../../package.json';
import { type EntityManager } from '@mikro-orm/postgresql';
import { type Logger } from 'pino';
import { type PublicJournalSettings } from '../config';
import { inOrganisation, inOrganisationSnapshot } from '../db/organisationScope';
import { query, sql } from '../db/sqlTemplate';
import {
  ABANDONED_AFTER_SECONDS,
  ABANDONED_MESSAGE,
  assertExportable,
  assertNoneRunning,
  ExportFailure,
  missingArchiveFiles,
  queueExport,
  recordDownload,
} from '../domain/archiveExports';
import { invalidState, notFound } from '../domain/errors';
import { ArchiveExportState, ArchivePart } from '../entities';
import { countArchivePart } from '../exports/arkivstruktur';
import { writeArchivePackage } from '../exports/package/build';
import { type ArchivePartScope } from '../exports/scope';
import {
  partNotReadInFull,
  PART_NOT_READ_IN_FULL,
  refuseArchiveExport,
} from '../policies/archiveExports';
import {
  activeExportOf,
  type ArchiveExportRow,
  archiveExportsById,
  descriptionsWithoutArchiveFile,
  listArchiveExports,
} from '../queries/archiveExports';
import { findOrganisation, listOrganisations } from '../queries/organisations';
import { type ListResult } from '../queries/list';
import { type PageRequest } from '../queries/pagination';
import { type ServiceContext } from './context';
import { actorOf, enforce, inTransaction } from './funnel';

/**
 * Arkivuttrekk as jobs (docs/noark5.md, "Arkivuttrekk (deposit package)"):
 *
 *   exportArchivePart: authorize (archivist; the whole part read in full, in SQL) → transaction →
 *   rule (a CLOSED part, none running) → audit `archivePart.export` → commit; then the job runs.
 *
 * The job runs in the server process (`ArchiveExportRuntime`), one at a time per process: it
 * claims the QUEUED row once the request has committed, reads the whole part in ONE read-only
 * REPEATABLE READ transaction set to the organisation (every document of the package from one
 * snapshot), and reports its progress from separate short transactions, at most once a second or
 * every 1,000 journal posts. The package is written to EXPORT_DIR under a temporary name and
 * renamed when complete. A job whose process stopped is marked FAILED (its heartbeat stops).
 */

/** The system the packages name as their origin (arkivuttrekk.xml). */
export const SYSTEM = { name: 'Arkivgraf', version: packageJson.version } as const;

const HEARTBEAT_MS = 5_000;
const PROGRESS_MS = 1_000;
const PROGRESS_RECORDS = 1_000;
/** How long a queued job is looked for before its request is taken as rolled back */
const CLAIM_TRIES = 300;
const CLAIM_WAIT_MS = 100;

export interface ArchiveExportSettings {
  /** EXPORT_DIR */
  exportDir: string;
  publicJournal: PublicJournalSettings;
  /** The calendar date in Norway (the offentlig journal's delay is counted to it) */
  today: () => string;
  log: Logger;
}

/** What the worker reports while it runs (the command line prints it). */
export interface ExportProgress {
  state: ArchiveExportState;
  recordsDone: number;
  recordsTotal: number | null;
}

/**
 * The export jobs of one server process: a queue run one job at a time, the heartbeat of the jobs
 * it holds, and a stop that fails the running job cleanly before the pool closes.
 */
export class ArchiveExportRuntime {
  private queue: Promise<void> = Promise.resolve();
  private readonly held = new Map<string, string>();
  private readonly abort = new AbortController();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly pool: EntityManager,
    readonly settings: ArchiveExportSettings,
  ) {
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Runs the job after the request that queued it has committed (it is looked for until then). */
  enqueue(organisationId: string, exportId: string): void {
    this.held.set(exportId, organisationId);
    this.queue = this.queue.then(async () => {
      try {
        if (this.abort.signal.aborted) return;
        const claimed = await this.claim(organisationId, exportId);
        if (claimed)
          await runExport(this.pool, this.settings, organisationId, exportId, {
            signal: this.abort.signal,
          });
      } catch (err) {
        this.settings.log.error({ exportId, error: loggable(err) }, 'archive export failed to run');
      } finally {
        this.held.delete(exportId);
      }
    });
  }

  private async claim(organisationId: string, exportId: string): Promise<boolean> {
    for (let i = 0; i < CLAIM_TRIES && !this.abort.signal.aborted; i += 1) {
      const found = await inOrganisation(this.pool, organisationId, (em) =>
        query<{ state: string }>(em, sql`select state from archive_export where id = ${exportId}`),
      );
      if (found[0]) return found[0].state === ArchiveExportState.QUEUED;
      await new Promise((resolve) => setTimeout(resolve, CLAIM_WAIT_MS));
    }
    return false;
  }

  private async beat(): Promise<void> {
    const byOrganisation = new Map<string, string[]>();
    for (const [id, org] of this.held)
      byOrganisation.set(org, [...(byOrganisation.get(org) ?? []), id]);
    for (const [org, ids] of byOrganisation) {
      await inOrganisation(this.pool, org, (em) =>
        query(
          em,
          sql`update archive_export set heartbeat_at = now()
          where id in (${ids}) and state in ('QUEUED', 'RUNNING')`,
        ),
      ).catch(() => undefined);
    }
  }

  /** Marks FAILED the jobs of every organisation that a stopped process left (at start-up). */
  async failAbandoned(): Promise<void> {
    for (const o of await listOrganisations(this.pool.fork())) {
      await inOrganisation(this.pool, o.id, (em) => failAbandonedJobs(em));
    }
  }

  /** Stops the running job (it is marked FAILED) and waits for it, before the pool closes. */
  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    this.abort.abort();
    await this.queue;
  }
}

/** The jobs of the transaction's organisation whose heartbeat stopped: FAILED. */
async function failAbandonedJobs(em: EntityManager): Promise<void> {
  await query(
    em,
    sql`update archive_export set state = 'FAILED', finished_at = now(),
      errors = errors || ${JSON.stringify([ABANDONED_MESSAGE])}::jsonb
      where state in ('QUEUED', 'RUNNING')
        and heartbeat_at < now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})`,
  );
}

/** An error as it may be logged: a database error by its code alone (its text may hold values). */
function loggable(err: unknown): Record<string, unknown> {
  if (err instanceof DriverException) return { type: err.name, sqlState: err.sqlState };
  const e = err instanceof Error ? err : new Error(String(err));
  return { type: e.name, message: e.message, stack: e.stack };
}

function exporter(ctx: ServiceContext) {
  const actor = actorOf(ctx);
  enforce(refuseArchiveExport(ctx.viewer));
  return actor;
}

/**
 * Starts an export of a closed archive part: the job, QUEUED, with its audit event; the runtime
 * runs it once the request has committed (none given: the caller runs it, as the command line).
 */
export async function exportArchivePart(
  ctx: ServiceContext,
  archivePartId: string,
  runtime: ArchiveExportRuntime | null,
): Promise<ArchiveExportRow> {
  const actor = exporter(ctx);
  const organisationId = ctx.organisation?.id;
  if (!organisationId) throw notFound('The archive part');
  const id = await inTransaction(ctx, async (em) => {
    await failAbandonedJobs(em);
    const part = await em.findOne(ArchivePart, { id: archivePartId });
    if (!part || !ctx.ability.can('read', 'ArchivePart')) throw notFound('The archive part');
    assertExportable(part);
    assertNoneRunning(await activeExportOf(em, part.id));
    const [unread] = await query<{ found: boolean }>(
      em,
      sql`select ${partNotReadInFull(ctx.ability, part.id)} as found`,
    );
    if (unread!.found) enforce(PART_NOT_READ_IN_FULL);
    const counts = await countArchivePart(em, { organisationId, archivePartId: part.id });
    const job = queueExport(em, actor, part, counts);
    await em.flush();
    return job.id;
  });
  runtime?.enqueue(organisationId, id);
  return (await archiveExportsById(ctx.em, [id])).get(id)!;
}

/** One export, for an archivist; NOT_FOUND when there is none of this id in their organisation. */
export async function archiveExport(ctx: ServiceContext, id: string): Promise<ArchiveExportRow> {
  exporter(ctx);
  const row = (await archiveExportsById(ctx.em, [id])).get(id);
  if (!row) throw notFound('The archive export');
  return row;
}

/** The exports of a part, newest first, for an archivist. */
export async function archiveExportsOfPart(
  ctx: ServiceContext,
  archivePartId: string,
  page: PageRequest,
): Promise<ListResult<ArchiveExportRow>> {
  exporter(ctx);
  const part = await ctx.em.findOne(ArchivePart, { id: archivePartId });
  if (!part) throw notFound('The archive part');
  return listArchiveExports(ctx.em, archivePartId, page);
}

/** The package of a finished export on disk, with its audit event (archiveExport.download). */
export async function openExportPackage(
  ctx: ServiceContext,
  settings: Pick<ArchiveExportSettings, 'exportDir'>,
  id: string,
): Promise<{ file: string; size: number; sha256: string; fileName: string }> {
  const actor = exporter(ctx);
  return inTransaction(ctx, async (em) => {
    const row = (await archiveExportsById(em, [id])).get(id);
    if (!row) throw notFound('The archive export');
    if (row.state !== ArchiveExportState.SUCCEEDED) {
      throw invalidState(row.state, 'The export has no package: it has not succeeded (yet)');
    }
    recordDownload(em, actor, row);
    await em.flush();
    const org = ctx.organisation!;
    return {
      file: path.join(settings.exportDir, row.package_file!),
      size: Number(row.package_size),
      sha256: row.package_sha256!,
      fileName: `${org.shortName}-${row.archive_part_id}.tar`,
    };
  });
}

/** A throttled writer of the job's progress, each from a short transaction of its own. */
function progressWriter(pool: EntityManager, organisationId: string, exportId: string) {
  let done = 0;
  let saved = 0;
  let savedAt = Date.now();
  let pending: Promise<unknown> = Promise.resolve();
  const save = () => {
    const value = done;
    saved = value;
    savedAt = Date.now();
    pending = pending.then(() =>
      inOrganisation(pool, organisationId, (em) =>
        query(
          em,
          sql`update archive_export set records_done = ${value}, heartbeat_at = now()
          where id = ${exportId}`,
        ),
      ).catch(() => undefined),
    );
  };
  return {
    written: (records: number) => {
      done = records;
      if (done - saved >= PROGRESS_RECORDS || Date.now() - savedAt >= PROGRESS_MS) save();
    },
    get done() {
      return done;
    },
    settled: () => pending,
  };
}

/** Sets columns of a job from a short transaction of its own. */
function update(
  pool: EntityManager,
  organisationId: string,
  exportId: string,
  set: ReturnType<typeof sql>,
) {
  return inOrganisation(pool, organisationId, (em) =>
    query(em, sql`update archive_export set ${set} where id = ${exportId}`),
  );
}

/**
 * Runs one QUEUED job to its end (SUCCEEDED with a package, or FAILED with its errors), on the
 * server's pool (`pool`, row-level security: every transaction is set to the organisation).
 * Returns the final state. `onProgress` hears the progress as it is saved.
 */
export async function runExport(
  pool: EntityManager,
  settings: ArchiveExportSettings,
  organisationId: string,
  exportId: string,
  options: { signal?: AbortSignal; onProgress?: (p: ExportProgress) => void } = {},
): Promise<ArchiveExportRow> {
  const started = await inOrganisation(pool, organisationId, (em) =>
    query<{ archive_part_id: string; requested_at: Date }>(
      em,
      sql`update archive_export set state = 'RUNNING', started_at = now(), heartbeat_at = now()
        where id = ${exportId} and state = 'QUEUED' returning archive_part_id, requested_at`,
    ),
  );
  if (!started[0]) throw new Error(`archive export ${exportId} is not queued`);
  const scope: ArchivePartScope = { organisationId, archivePartId: started[0].archive_part_id };
  const progress = progressWriter(pool, organisationId, exportId);
  const folder = path.join(settings.exportDir, organisationId);
  const finalName = `${exportId}.tar`;
  const partial = path.join(folder, `${finalName}.partial`);
  let total: number | null = null;
  const report = (state: ArchiveExportState) =>
    options.onProgress?.({ state, recordsDone: progress.done, recordsTotal: total });
  try {
    await mkdir(folder, { recursive: true });
    const organisation = (await findOrganisation(pool.fork(), organisationId))!;
    const written = await inOrganisationSnapshot(pool, organisationId, async (em) => {
      const counts = await countArchivePart(em, scope);
      total = counts.journalPosts;
      await update(pool, organisationId, exportId, sql`records_total = ${total}`);
      report(ArchiveExportState.RUNNING);
      const missing = await descriptionsWithoutArchiveFile(em, scope.archivePartId);
      if (missing.total > 0) throw new ExportFailure(missingArchiveFiles(missing));
      const part = (await em.findOne(ArchivePart, { id: scope.archivePartId }))!;
      return writeArchivePackage(
        em,
        scope,
        {
          exportId,
          createdAt: new Date(),
          folder: `${organisation.shortName}-${scope.archivePartId}`,
          creator: { name: organisation.name, organisationNumber: organisation.organisationNumber },
          system: SYSTEM,
          archivePart: { id: part.id, title: part.title },
          counts,
          publicJournal: settings.publicJournal,
          today: settings.today(),
          written: (n) => {
            progress.written(n);
            report(ArchiveExportState.RUNNING);
          },
          signal: options.signal,
        },
        partial,
      );
    });
    await progress.settled();
    await rename(partial, path.join(folder, finalName));
    const size = (await stat(path.join(folder, finalName))).size;
    if (size !== written.size) throw new Error('the package on disk is not the size written');
    await update(
      pool,
      organisationId,
      exportId,
      sql`state = 'SUCCEEDED', finished_at = now(), records_done = ${progress.done},
        package_file = ${`${organisationId}/${finalName}`}, package_size = ${written.size},
        package_sha256 = ${written.sha256}`,
    );
  } catch (err) {
    await progress.settled();
    const messages =
      err instanceof ExportFailure
        ? err.messages
        : options.signal?.aborted
          ? [ABANDONED_MESSAGE]
          : [`The export stopped on an internal error; the server's log names export ${exportId}`];
    if (!(err instanceof ExportFailure)) {
      settings.log.error({ exportId, error: loggable(err) }, 'archive export failed');
    }
    await update(
      pool,
      organisationId,
      exportId,
      sql`state = 'FAILED', finished_at = now(), records_done = ${progress.done},
        errors = ${JSON.stringify(messages)}::jsonb`,
    );
  }
  const row = await inOrganisation(pool, organisationId, (em) =>
    archiveExportsById(em, [exportId]),
  );
  report(row.get(exportId)!.state);
  return row.get(exportId)!;
}

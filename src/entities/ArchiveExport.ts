import { randomUUID } from 'node:crypto';
import {
  Entity,
  Enum,
  ManyToOne,
  OptionalProps,
  PrimaryKey,
  Property,
  type Rel,
} from '@mikro-orm/core';
import { ArchivePart } from './ArchivePart';
import { User } from './User';

/** Where an export (arkivuttrekk) stands. */
export enum ArchiveExportState {
  /** Started, waiting for the worker */
  QUEUED = 'QUEUED',
  /** The worker writes the package */
  RUNNING = 'RUNNING',
  /** The package is complete and may be downloaded */
  SUCCEEDED = 'SUCCEEDED',
  /** Stopped without a package; `errors` says why */
  FAILED = 'FAILED',
}

/**
 * Arkivuttrekk: one export of a closed archive part (arkivdel) into a deposit package, run as a
 * job (docs/noark5.md, "Arkivuttrekk (deposit package)"). `errors` holds plain messages naming
 * records by registry id (registreringsID) and document number, never by title: they also go to
 * the logs. The package is a file under EXPORT_DIR named by `packageFile`.
 */
@Entity({ tableName: 'archive_export' })
export class ArchiveExport {
  [OptionalProps]?:
    | 'state'
    | 'recordsDone'
    | 'errors'
    | 'requestedAt'
    | 'heartbeatAt'
    | 'recordsTotal'
    | 'startedAt'
    | 'finishedAt'
    | 'packageFile'
    | 'packageSize'
    | 'packageSha256';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Arkivdel: the closed part exported */
  @ManyToOne(() => ArchivePart, { deleteRule: 'restrict' })
  archivePart!: Rel<ArchivePart>;

  /** The archivist who started the export */
  @ManyToOne(() => User)
  requestedBy!: Rel<User>;

  @Enum({ items: () => ArchiveExportState })
  state: ArchiveExportState = ArchiveExportState.QUEUED;

  /** Journal posts (registreringer) written so far */
  @Property({ type: 'integer' })
  recordsDone: number = 0;

  /** Journal posts of the part, counted before writing; null until then */
  @Property({ type: 'integer', nullable: true })
  recordsTotal?: number | null;

  /** Why the export failed: plain messages naming records by registry id */
  @Property({ type: 'jsonb' })
  errors: string[] = [];

  @Property({ type: 'timestamptz' })
  requestedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  startedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;

  /** Renewed while the worker runs: a job whose heartbeat stopped was left by a process gone */
  @Property({ type: 'timestamptz' })
  heartbeatAt: Date = new Date();

  /** The package's file name under EXPORT_DIR, once complete */
  @Property({ type: 'text', nullable: true })
  packageFile?: string | null;

  /** The package's size in bytes */
  @Property({ type: 'bigint', nullable: true })
  packageSize?: string | null;

  /** SHA-256 of the package, lower-case hex */
  @Property({ type: 'text', nullable: true })
  packageSha256?: string | null;
}

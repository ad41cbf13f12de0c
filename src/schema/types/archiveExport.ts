import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArchiveExportState } from '../../entities/ArchiveExport';
import { type ArchiveExportRow } from '../../queries/archiveExports';
import { toGlobalId } from '../globalId';
import { NodeInterface } from '../node';
import { DateTimeScalar } from '../scalars';
import { connectionType } from './connection';

registerEnumType(ArchiveExportState, {
  name: 'ArchiveExportState',
  description: 'Where an export (arkivuttrekk) stands',
  valuesConfig: {
    QUEUED: { description: 'Started, waiting for the worker' },
    RUNNING: { description: 'The package is being written' },
    SUCCEEDED: { description: 'The package is complete: download it from downloadUrl' },
    FAILED: { description: 'Stopped without a package; errors says why' },
  },
});

/** The download route of a package (http/exports/packageRoutes.ts). */
export const packagePath = (exportId: string): string =>
  `/archive/exports/${toGlobalId('ArchiveExport', exportId)}/package.tar`;

@ObjectType('ArchiveExport', {
  implements: NodeInterface,
  description:
    'An export of a closed archive part (arkivdel) into a Noark 5 deposit package (arkivuttrekk), run as a job; archivists only',
})
export class ArchiveExportType implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the export' })
  id!: string;

  rawId!: string;
  archivePartRawId!: string;

  @Field(() => ArchiveExportState, { description: 'Where the export stands' })
  state!: ArchiveExportState;

  @Field(() => Int, { description: 'Journal posts (registreringer) written to the package so far' })
  recordsDone!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Journal posts (registreringer) of the archive part; null until counted',
  })
  recordsTotal!: number | null;

  @Field(() => [String], {
    description:
      'Why the export failed, one plain message each (records named by registreringsID and dokumentnummer, never by title); empty unless FAILED',
  })
  errors!: string[];

  @Field(() => DateTimeScalar, { description: 'When the export was started' })
  requestedAt!: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the worker began writing the package',
  })
  startedAt!: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the export succeeded or failed',
  })
  finishedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Size of the package (the tar file) in bytes, as a decimal string (it may pass 2^53); null unless SUCCEEDED',
  })
  packageSize!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 (sjekksum) of the package, lower-case hex; null unless SUCCEEDED',
  })
  sha256!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Where to download the package (GET with the bearer token, archivists only); null unless SUCCEEDED',
  })
  downloadUrl!: string | null;

  static from(row: ArchiveExportRow): ArchiveExportType {
    const done = row.state === ArchiveExportState.SUCCEEDED;
    return Object.assign(new ArchiveExportType(), {
      id: toGlobalId('ArchiveExport', row.id),
      rawId: row.id,
      archivePartRawId: row.archive_part_id,
      state: row.state,
      recordsDone: row.records_done,
      recordsTotal: row.records_total,
      errors: row.errors,
      requestedAt: row.requested_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      packageSize: done ? row.package_size : null,
      sha256: done ? row.package_sha256 : null,
      downloadUrl: done ? packagePath(row.id) : null,
    });
  }
}

export const ArchiveExportConnection = connectionType(
  'ArchiveExport',
  ArchiveExportType,
  'How many exports the archive part has had',
);
export type ArchiveExportConnection = InstanceType<typeof ArchiveExportConnection>;

@InputType('ExportArchivePartInput', {
  description: 'The closed archive part (arkivdel) to export as a deposit package (arkivuttrekk)',
})
export class ExportArchivePartInput {
  @Field(() => ID, { description: 'Global id of the archive part (arkivdel); it must be CLOSED' })
  archivePartId!: string;
}

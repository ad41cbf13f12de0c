import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ArchivePartStatus } from '../../entities/enums';
import { type ArchivePartRow, type ArchiveRow } from '../../queries/archiveParts';
import { toGlobalId } from '../globalId';
import { NodeInterface } from '../node';
import { DateScalar } from '../scalars';
import { connectionType } from './connection';

@ObjectType('Archive', {
  implements: NodeInterface,
  description: 'Archive (arkiv) of one records creator (arkivskaper)',
})
export class ArchiveType implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the archive' })
  id!: string;

  @Field({ description: 'Title (tittel)' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Description (beskrivelse)' })
  description!: string | null;

  @Field({ description: 'Archive status (arkivstatus): OPEN (opprettet) or CLOSED (avsluttet)' })
  status!: string;

  @Field({ description: "The records creator's name (arkivskapernavn)" })
  recordsCreatorName!: string;

  static from(row: ArchiveRow): ArchiveType {
    return Object.assign(new ArchiveType(), {
      id: toGlobalId('Archive', row.id),
      title: row.title,
      description: row.description,
      status: row.status,
      recordsCreatorName: row.records_creator_name,
    });
  }
}

@ObjectType('ArchivePart', {
  implements: NodeInterface,
  description: 'Archive part (arkivdel): one period of the archive; every case belongs to one',
})
export class ArchivePartType implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the archive part' })
  id!: string;

  rawId!: string;
  archiveRawId!: string;
  successorRawId!: string | null;

  @Field({ description: 'Title (tittel)' })
  title!: string;

  @Field(() => ArchivePartStatus, { description: 'Archive part status (arkivdelstatus)' })
  status!: ArchivePartStatus;

  @Field(() => DateScalar, {
    description: 'First day of the period (arkivperiodeStartDato)',
  })
  periodStart!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day of the period (arkivperiodeSluttDato); null while it is active',
  })
  periodEnd!: string | null;

  @Field(() => Int, {
    description: 'Changes with every change of the archive part',
  })
  version!: number;

  static from(row: ArchivePartRow): ArchivePartType {
    return Object.assign(new ArchivePartType(), {
      id: toGlobalId('ArchivePart', row.id),
      rawId: row.id,
      archiveRawId: row.archive_id,
      successorRawId: row.successor_id,
      title: row.title,
      status: row.status,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      version: row.version,
    });
  }
}

@ObjectType('ArchivePartViewerCan', {
  description: 'What you may do with this archive part (arkivdel) now',
})
export class ArchivePartViewerCan {
  @Field({
    description:
      'You may start a new period from this part (periodisering): startNewPeriod; it is the active part',
  })
  startNewPeriod!: boolean;

  @Field({
    description:
      'You may close this part (avslutte arkivdel): closeArchivePart; its period has ended and none of its cases is open',
  })
  close!: boolean;
}

export const ArchiveConnection = connectionType(
  'Archive',
  ArchiveType,
  'All archives (arkiv) you may see',
);
export type ArchiveConnection = InstanceType<typeof ArchiveConnection>;

export const ArchivePartConnection = connectionType(
  'ArchivePart',
  ArchivePartType,
  'All matching archive parts (arkivdeler)',
);
export type ArchivePartConnection = InstanceType<typeof ArchivePartConnection>;

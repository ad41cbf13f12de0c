import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../schema/inputs/paging';
import { ArchivePartType } from '../schema/types/archive';
import {
  ArchiveExportConnection,
  ArchiveExportType,
  ExportArchivePartInput,
} from '../schema/types/archiveExport';
import * as exportsService from '../services/archiveExports';
import { argId, pageRequest } from './args';
import { type Context } from './context';

@Resolver(() => ArchiveExportType)
export class ArchiveExportResolver {
  @Mutation(() => ArchiveExportType, {
    description:
      'Export a closed archive part (arkivdel) as a Noark 5 deposit package (arkivuttrekk): starts a job and returns it QUEUED; follow it with archiveExport(id). Archivists (ARCHIVIST) who read the whole part in full; one export of a part at a time',
  })
  async exportArchivePart(
    @Arg('input', () => ExportArchivePartInput, {
      description: 'The closed archive part (arkivdel) to export',
    })
    input: ExportArchivePartInput,
    @Ctx() ctx: Context,
  ): Promise<ArchiveExportType> {
    const id = argId('ArchivePart', 'archivePartId', input.archivePartId)!;
    const row = await exportsService.exportArchivePart(ctx, id, ctx.archiveExports ?? null);
    return ArchiveExportType.from(row);
  }

  @Query(() => ArchiveExportType, {
    description:
      'One export (arkivuttrekk) with its progress: state, journal posts done and in all, errors, and the package once it succeeded; archivists (ARCHIVIST)',
  })
  async archiveExport(
    @Arg('id', () => ID, { description: 'Global id of the export' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<ArchiveExportType> {
    const rawId = argId('ArchiveExport', 'id', id)!;
    return ArchiveExportType.from(await exportsService.archiveExport(ctx, rawId));
  }

  @Query(() => ArchiveExportConnection, {
    description:
      'The exports (arkivuttrekk) of one archive part (arkivdel), newest first; archivists (ARCHIVIST)',
  })
  async archiveExports(
    @Arg('archivePartId', () => ID, { description: 'Global id of the archive part (arkivdel)' })
    archivePartId: string,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<ArchiveExportConnection> {
    const partId = argId('ArchivePart', 'archivePartId', archivePartId)!;
    const list = await exportsService.archiveExportsOfPart(ctx, partId, pageRequest(page));
    return ArchiveExportConnection.from(list, ArchiveExportType.from);
  }

  @FieldResolver(() => ArchivePartType, { description: 'The archive part (arkivdel) exported' })
  async archivePart(
    @Root() job: ArchiveExportType,
    @Ctx() { loaders }: Context,
  ): Promise<ArchivePartType> {
    return (await loaders.archivePart.load(job.archivePartRawId))!;
  }
}

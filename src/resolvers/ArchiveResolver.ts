import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { mayClosePart, mayStartNewPeriod, type PeriodEnd } from '../domain/archiveParts';
import { badInput } from '../domain/errors';
import { ArchivePartStatus } from '../entities/enums';
import { listArchiveParts, listArchives } from '../queries/archiveParts';
import {
  ArchivePartFilter,
  CloseArchivePartInput,
  CreateArchivePartInput,
  StartNewPeriodInput,
} from '../schema/inputs/archive';
import { PageArgs } from '../schema/inputs/paging';
import {
  ArchiveConnection,
  ArchivePartConnection,
  ArchivePartType,
  ArchivePartViewerCan,
  ArchiveType,
} from '../schema/types/archive';
import { CaseView } from '../schema/types/records';
import * as parts from '../services/archiveParts';
import { argId } from './args';
import { type Context } from './context';
import { archivePartView } from './loaders';

const PERIOD_ENDS: ReadonlySet<ArchivePartStatus> = new Set([
  ArchivePartStatus.OVERLAP,
  ArchivePartStatus.CLOSED_PERIOD,
]);

@Resolver(() => ArchivePartType)
export class ArchiveResolver {
  @Query(() => ArchiveConnection, {
    description: 'Archives (arkiv), by title; every internal user reads them',
  })
  async archives(
    @Ctx() { em, ability }: Context,
    @Args() page: PageArgs,
  ): Promise<ArchiveConnection> {
    const list = await listArchives(em, ability, page);
    return ArchiveConnection.from(list, ArchiveType.from);
  }

  @Query(() => ArchivePartConnection, {
    description: 'Archive parts (arkivdeler), newest period first; every internal user reads them',
  })
  async archiveParts(
    @Ctx() { em, ability }: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => ArchivePartFilter, {
      nullable: true,
      description: 'Which archive parts (arkivdeler)',
    })
    filter?: ArchivePartFilter | null,
  ): Promise<ArchivePartConnection> {
    const list = await listArchiveParts(em, ability, {
      filter: {
        archiveId: argId('Archive', ['filter', 'archiveId'], filter?.archiveId),
        status: filter?.status,
      },
      page,
    });
    return ArchivePartConnection.from(list, ArchivePartType.from);
  }

  @FieldResolver(() => ArchiveType, { description: 'The archive (arkiv) the part belongs to' })
  async archive(@Root() part: ArchivePartType, @Ctx() { loaders }: Context): Promise<ArchiveType> {
    return (await loaders.archive.load(part.archiveRawId))!;
  }

  @FieldResolver(() => ArchivePartType, {
    nullable: true,
    description: 'The part that took over when this period ended (arvtaker); null until then',
  })
  successor(
    @Root() part: ArchivePartType,
    @Ctx() { loaders }: Context,
  ): Promise<ArchivePartType | null> | null {
    return part.successorRawId ? loaders.archivePart.load(part.successorRawId) : null;
  }

  @FieldResolver(() => ArchivePartViewerCan, {
    description: 'What you may do with the archive part (arkivdel) now: start a period, close it',
  })
  async viewerCan(
    @Root() part: ArchivePartType,
    @Ctx() { ability, loaders }: Context,
  ): Promise<ArchivePartViewerCan> {
    const administers = ability.can('administer', 'ArchivePart');
    const closable = administers && mayClosePart(part.status);
    return Object.assign(new ArchivePartViewerCan(), {
      startNewPeriod: administers && mayStartNewPeriod(part.status),
      close: closable && !(await loaders.partHasOpenCases.load(part.rawId)),
    });
  }

  @Mutation(() => ArchivePartType, {
    description:
      'Create an active archive part (opprett arkivdel) when none is active; administrators and archivists (ADMIN, ARCHIVIST)',
  })
  async createArchivePart(
    @Arg('input', () => CreateArchivePartInput, {
      description: 'The new archive part (arkivdel)',
    })
    input: CreateArchivePartInput,
    @Ctx() ctx: Context,
  ): Promise<ArchivePartType> {
    return archivePartView(await parts.createArchivePart(ctx, input));
  }

  @Mutation(() => ArchivePartType, {
    description:
      'Start a new period (periodisering): the active archive part ends as OVERLAP or CLOSED_PERIOD and the new part, returned, becomes active; administrators and archivists (ADMIN, ARCHIVIST)',
  })
  async startNewPeriod(
    @Arg('input', () => StartNewPeriodInput, {
      description: 'The active part (arkivdel) and its successor (arvtaker)',
    })
    input: StartNewPeriodInput,
    @Ctx() ctx: Context,
  ): Promise<ArchivePartType> {
    const id = argId('ArchivePart', 'id', input.id)!;
    if (!PERIOD_ENDS.has(input.endAs)) {
      throw badInput(
        'endAs',
        'NOT_ALLOWED',
        'An ending period becomes OVERLAP (overlappingsperiode) or CLOSED_PERIOD (avsluttet periode)',
      );
    }
    const part = await parts.startNewPeriod(ctx, {
      id,
      title: input.title,
      periodStart: input.periodStart,
      endAs: input.endAs as PeriodEnd,
    });
    return archivePartView(part);
  }

  @Mutation(() => ArchivePartType, {
    description:
      'Close an ended archive part (avslutt arkivdel) once none of its cases is open; administrators and archivists (ADMIN, ARCHIVIST)',
  })
  async closeArchivePart(
    @Arg('input', () => CloseArchivePartInput, {
      description: 'The archive part (arkivdel) to close',
    })
    input: CloseArchivePartInput,
    @Ctx() ctx: Context,
  ): Promise<ArchivePartType> {
    return archivePartView(
      await parts.closeArchivePart(ctx, argId('ArchivePart', 'id', input.id)!),
    );
  }
}

@Resolver(() => CaseView)
export class CaseArchivePartResolver {
  @FieldResolver(() => ArchivePartType, {
    nullable: true,
    description:
      'The archive part (arkivdel) the case belongs to; null for viewers outside the organisation',
  })
  archivePart(
    @Root() c: CaseView,
    @Ctx() { ability, loaders }: Context,
  ): Promise<ArchivePartType | null> | null {
    return ability.can('read', 'ArchivePart') ? loaders.archivePart.load(c.archivePartRawId) : null;
  }
}

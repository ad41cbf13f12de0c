import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DeliveryStatus } from '../entities/Delivery';
import { PageArgs } from '../schema/inputs/paging';
import { NodeInterface } from '../schema/node';
import { UserType } from '../schema/types/admin';
import {
  ArchiveLogConnection,
  ArchiveLogEntryType,
  ArchiveLogSummaryConnection,
  ArchiveLogSummaryType,
  RegisterSpecialistSystemInput,
  SpecialistSystemConnection,
  SpecialistSystemType,
} from '../schema/types/archiveLog';
import * as deliveries from '../services/deliveries';
import { argId, argIds, pageRequest } from './args';
import { type Context } from './context';

/**
 * The archive log (arkivlogg) of deliveries through the Noark 5 service interface and the
 * specialist systems (fagsystemer) that send them. Who reads what is decided in
 * policies/deliveries.ts and pushed into SQL: one who reads none of it gets empty lists.
 */
@Resolver(() => ArchiveLogEntryType)
export class ArchiveLogResolver {
  @Query(() => ArchiveLogConnection, {
    description:
      'The archive log (arkivlogg): one entry per delivery attempt, refusals not yet put right first (feilmeldinger ligger alltid på toppen), then newest first. Archivists (ARCHIVIST) read the whole organisation’s log, a system’s owner (systemansvarlig) that of their systems; anybody else reads an empty list',
  })
  async archiveLog(
    @Arg('systemId', () => ID, {
      nullable: true,
      description: 'Global id of a specialist system (fagsystem): its deliveries only',
    })
    system: string | null | undefined,
    @Arg('status', () => DeliveryStatus, {
      nullable: true,
      description: 'Only the attempts that ended so',
    })
    status: DeliveryStatus | null | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<ArchiveLogConnection> {
    const systemId = argId('SpecialistSystem', 'systemId', system);
    const list = await deliveries.archiveLog(
      ctx,
      { systemId, status: status ?? null },
      pageRequest(page),
    );
    return ArchiveLogConnection.from(list, ArchiveLogEntryType.from);
  }

  @Query(() => ArchiveLogSummaryConnection, {
    description:
      'Per specialist system (fagsystem) whose log you read: the last delivery and the counts of the last day (stored, refused) with the refusals not yet put right. By name',
  })
  async archiveLogSummary(
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<ArchiveLogSummaryConnection> {
    const list = await deliveries.archiveLogSummary(ctx, pageRequest(page));
    return ArchiveLogSummaryConnection.from(list, ArchiveLogSummaryType.from);
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Who sent it: the user the request signed in as (a specialist system’s user)',
  })
  sender(@Root() entry: ArchiveLogEntryType, @Ctx() { loaders }: Context) {
    return loaders.user.load(entry.senderRawId);
  }

  @FieldResolver(() => SpecialistSystemType, {
    nullable: true,
    description: 'The specialist system (fagsystem) that sent it; null: a sender that is none',
  })
  system(@Root() entry: ArchiveLogEntryType): SpecialistSystemType | null {
    return entry.systemRow ? SpecialistSystemType.from(entry.systemRow) : null;
  }

  @FieldResolver(() => NodeInterface, {
    nullable: true,
    description:
      'The record made (STORED) or found (DUPLICATE): a Case, JournalPost or DocumentDescription (a correspondent’s journal post, a file’s document description), as you read it; null when you do not see it, or nothing was made',
  })
  async record(
    @Root() entry: ArchiveLogEntryType,
    @Ctx() { loaders }: Context,
  ): Promise<NodeInterface | null> {
    if (!entry.nodeRawId) return null;
    switch (entry.nodeKind) {
      case 'Case':
        return loaders.case.load(entry.nodeRawId);
      case 'JournalPost':
        return loaders.journalPost.load(entry.nodeRawId);
      case 'DocumentDescription':
        return loaders.documentDescription.load(entry.nodeRawId);
      default:
        return null;
    }
  }
}

@Resolver(() => SpecialistSystemType)
export class SpecialistSystemResolver {
  @Query(() => SpecialistSystemConnection, {
    description:
      'The specialist systems (fagsystemer): administrators (ADMIN) and archivists (ARCHIVIST) read all, an owner (systemansvarlig) theirs; anybody else an empty list. By name',
  })
  async specialistSystems(
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<SpecialistSystemConnection> {
    const list = await deliveries.specialistSystems(ctx, pageRequest(page));
    return SpecialistSystemConnection.from(list, SpecialistSystemType.from);
  }

  @Mutation(() => SpecialistSystemType, {
    description:
      'Register a specialist system (fagsystem): creates its user (bruker) without roles and the system with its owner (systemansvarlig), in one audited change; administrators (ADMIN) only. Grant the user its roles with assignRole',
  })
  async registerSpecialistSystem(
    @Arg('input', () => RegisterSpecialistSystemInput, {
      description: 'The new specialist system (fagsystem)',
    })
    input: RegisterSpecialistSystemInput,
    @Ctx() ctx: Context,
  ): Promise<SpecialistSystemType> {
    const ids = argIds({
      ownerId: ['User', input.ownerId],
      unitId: ['Unit', input.unitId],
    });
    const system = await deliveries.registerSpecialistSystem(ctx, {
      username: input.username,
      name: input.name,
      ownerId: ids.ownerId!,
      unitId: ids.unitId,
    });
    return SpecialistSystemType.from({
      id: system.id,
      name: system.name,
      user_id: system.user.id,
      owner_id: system.owner.id,
      created_at: system.createdAt,
    });
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'The user (bruker) the system signs in as',
  })
  user(@Root() system: SpecialistSystemType, @Ctx() { loaders }: Context) {
    return loaders.user.load(system.userRawId);
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'The owner (systemansvarlig), who follows its archive log',
  })
  owner(@Root() system: SpecialistSystemType, @Ctx() { loaders }: Context) {
    return loaders.user.load(system.ownerRawId);
  }
}

import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { recordAudit } from '../domain/audit';
import { badInput, conflict } from '../domain/errors';
import { JournalPost, PublicationOverride } from '../entities';
import { listPublicJournal } from '../queries/publicJournal';
import { idOf } from '../schema/globalId';
import {
  PublicJournalConnection,
  PublicJournalEntry,
  PublicJournalFilterInput,
} from '../schema/types/publicJournal';
import { JournalPostView } from '../schema/types/records';
import { argId } from './args';
import { type Context } from './context';
import { actorOf, authorize, mutate } from './mutation';

@Resolver()
export class PublicJournalResolver {
  @Query(() => PublicJournalConnection, {
    description: 'Offentlig journal: the same entries for everybody, signed in or not',
  })
  async publicJournal(
    @Ctx() ctx: Context,
    @Arg('filter', () => PublicJournalFilterInput, { nullable: true })
    filter?: PublicJournalFilterInput | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 25, at most 100' })
    first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<PublicJournalConnection> {
    const list = await listPublicJournal(ctx.em, ctx.publicJournal, ctx.today, {
      filter: { ...filter, unitId: argId('Unit', 'unitId', filter?.unitId) },
      first,
      after,
    });
    return PublicJournalConnection.from(list, PublicJournalEntry.from);
  }

  @Mutation(() => JournalPostView, {
    description:
      'Publiser nå (ARCHIVIST): show the post in the public journal before its delay has passed',
  })
  publishNow(
    @Arg('journalPostId', () => ID) journalPostId: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return setPublication(ctx, journalPostId, PublicationOverride.PUBLISH_NOW, null);
  }

  @Mutation(() => JournalPostView, {
    description: 'Hold tilbake (ARCHIVIST): keep the post out of the public journal, with a reason',
  })
  holdFromPublicJournal(
    @Arg('journalPostId', () => ID) journalPostId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    if (!reason.trim()) throw badInput('reason', 'Give a reason for holding the post back');
    return setPublication(ctx, journalPostId, PublicationOverride.HOLD, reason.trim());
  }

  @Mutation(() => JournalPostView, {
    description: 'Back to the ordinary publication rules (ARCHIVIST): undoes publishNow or a hold',
  })
  resetPublication(
    @Arg('journalPostId', () => ID) journalPostId: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return setPublication(ctx, journalPostId, null, null);
  }
}

async function setPublication(
  ctx: Context,
  journalPostId: string,
  override: PublicationOverride | null,
  reason: string | null,
): Promise<JournalPostView> {
  const actor = actorOf(ctx);
  const id = idOf('JournalPost', journalPostId);
  await mutate(ctx, async (em) => {
    await authorize(
      ctx,
      em,
      'managePublicJournal',
      'JournalPost',
      id,
      'Only archivists manage the public journal',
    );
    const post = await em.findOneOrFail(JournalPost, { id: id! });
    if (post.publicationOverride === override) {
      throw conflict(
        override
          ? `The post is already marked ${override}`
          : 'The post follows the ordinary rules already',
      );
    }
    recordAudit(em, {
      actorId: actor.userId,
      requestId: actor.requestId,
      action:
        override === PublicationOverride.HOLD
          ? 'journalPost.hold'
          : override
            ? 'journalPost.publishNow'
            : 'journalPost.resetPublication',
      targetType: 'JournalPost',
      targetId: post.id,
      changes: { publicationOverride: { old: post.publicationOverride ?? null, new: override } },
      reason,
    });
    post.publicationOverride = override;
    post.publicationOverrideReason = reason;
  });
  return (await ctx.loaders.journalPost.clear(id!).load(id!))!;
}

import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { listPublicJournal } from '../queries/publicJournal';
import {
  PublicJournalConnection,
  PublicJournalEntry,
  PublicJournalFilterInput,
} from '../schema/types/publicJournal';
import { JournalPostView } from '../schema/types/records';
import * as publication from '../services/publicJournal';
import { argId } from './args';
import { type Context } from './context';

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
    const list = await listPublicJournal(
      ctx.em,
      ctx.publicJournal,
      ctx.today,
      {
        filter: { ...filter, unitId: argId('Unit', 'unitId', filter?.unitId) },
        page: { first, after },
      },
      ctx.publicCounts,
    );
    return PublicJournalConnection.from(list, PublicJournalEntry.from);
  }

  @Mutation(() => JournalPostView, {
    description:
      'Publiser nå (ARCHIVIST): show the post in the public journal before its delay has passed',
  })
  async publishNow(
    @Arg('journalPostId', () => ID) journalPostId: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const id = argId('JournalPost', 'journalPostId', journalPostId)!;
    await publication.publishNow(ctx, id);
    return readBack(ctx, id);
  }

  @Mutation(() => JournalPostView, {
    description: 'Hold tilbake (ARCHIVIST): keep the post out of the public journal, with a reason',
  })
  async holdFromPublicJournal(
    @Arg('journalPostId', () => ID) journalPostId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const id = argId('JournalPost', 'journalPostId', journalPostId)!;
    await publication.holdFromPublicJournal(ctx, id, reason);
    return readBack(ctx, id);
  }

  @Mutation(() => JournalPostView, {
    description: 'Back to the ordinary publication rules (ARCHIVIST): undoes publishNow or a hold',
  })
  async resetPublication(
    @Arg('journalPostId', () => ID) journalPostId: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const id = argId('JournalPost', 'journalPostId', journalPostId)!;
    await publication.resetPublication(ctx, id);
    return readBack(ctx, id);
  }
}

/** The post as the viewer sees it after the change. */
async function readBack(ctx: Context, id: string): Promise<JournalPostView> {
  return (await ctx.loaders.journalPost.clear(id).load(id))!;
}

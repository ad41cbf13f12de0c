import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { listPublicJournal } from '../queries/publicJournal';
import { PageArgs } from '../schema/inputs/paging';
import {
  PublicJournalConnection,
  PublicJournalEntry,
  PublicJournalFilterInput,
} from '../schema/types/publicJournal';
import { JournalPostView } from '../schema/types/records';
import * as publication from '../services/publicJournal';
import { argId, checkedRange, pageRequest } from './args';
import { type Context } from './context';

@Resolver()
export class PublicJournalResolver {
  @Query(() => PublicJournalConnection, {
    description:
      'The public journal (offentlig journal): the same entries for everybody, signed in or not; newest journal date (journaldato) first, keyset-paged both ways',
  })
  async publicJournal(
    @Ctx() ctx: Context,
    @Arg('filter', () => PublicJournalFilterInput, {
      nullable: true,
      description:
        'Which entries of the public journal (offentlig journal): every field narrows it',
    })
    filter: PublicJournalFilterInput | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<PublicJournalConnection> {
    const list = await listPublicJournal(
      ctx.em,
      ctx.publicJournal,
      ctx.today,
      {
        filter: {
          query: filter?.query,
          type: filter?.type,
          legalBasis: filter?.legalBasis,
          unitId: argId('Unit', 'filter.unitId', filter?.unitId),
          journalDate: checkedRange('filter.journalDate', filter?.journalDate),
        },
        page: pageRequest(page),
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

import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { PageArgs } from '../schema/inputs/paging';
import {
  PublicJournalConnection,
  PublicJournalEntry,
  PublicJournalFilterInput,
  PublicJournalOrderField,
  PublicJournalOrderInput,
} from '../schema/types/publicJournal';
import {
  HoldFromPublicJournalInput,
  PublishNowInput,
  ResetPublicationInput,
} from '../schema/inputs/publication';
import { type JournalPostTargetInput } from '../schema/inputs/targets';
import { JournalPostView } from '../schema/types/records';
import { type Target } from '../services/funnel';
import * as publication from '../services/publicJournal';
import { argId, checkedRange, pageRequest } from './args';
import { type Context } from './context';

@Resolver()
export class PublicJournalResolver {
  @Query(() => PublicJournalConnection, {
    description:
      'The public journal (offentlig journal) of one organisation (arkivskaper): the same entries for everybody, signed in or not; newest journal date (journaldato) first unless orderBy says otherwise, keyset-paged both ways (a cursor is valid only in the order that gave it out)',
  })
  async publicJournal(
    @Ctx() ctx: Context,
    @Arg('organisation', () => String, {
      nullable: true,
      description:
        'Whose journal (the records creator, arkivskaper): its short name or id. Optional where the installation has one organisation or the request names one (X-Organisation)',
    })
    organisation: string | null | undefined,
    @Arg('filter', () => PublicJournalFilterInput, {
      nullable: true,
      description:
        'Which entries of the public journal (offentlig journal): every field narrows it',
    })
    filter: PublicJournalFilterInput | null | undefined,
    @Arg('orderBy', () => PublicJournalOrderInput, {
      nullable: true,
      description: 'The order; default the newest journal date (journaldato) first',
    })
    orderBy: PublicJournalOrderInput | null | undefined,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<PublicJournalConnection> {
    const args = {
      filter: {
        query: filter?.query,
        type: filter?.type,
        legalBasis: filter?.legalBasis,
        unitId: argId('Unit', 'filter.unitId', filter?.unitId),
        journalDate: checkedRange('filter.journalDate', filter?.journalDate),
        documentDate: checkedRange('filter.documentDate', filter?.documentDate),
      },
      page: pageRequest(page),
      order: {
        field: orderBy?.field ?? PublicJournalOrderField.JOURNAL_DATE,
        direction: orderBy?.direction ?? null,
      },
    };
    const of = await publication.publicJournalOrganisation(ctx, organisation);
    const list = await publication.readPublicJournal(ctx, of, args);
    return PublicJournalConnection.from(list, PublicJournalEntry.from);
  }

  @Mutation(() => JournalPostView, {
    description:
      'Publish now (publiser nå, ARCHIVIST): show the post in the public journal before its delay has passed',
  })
  async publishNow(
    @Arg('input', () => PublishNowInput, {
      description: 'The journal post (journalpost) to publish now',
    })
    input: PublishNowInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const target = postTarget(input);
    await publication.publishNow(ctx, target);
    return readBack(ctx, target.id);
  }

  @Mutation(() => JournalPostView, {
    description:
      'Hold back from the public journal (holde tilbake, ARCHIVIST): keep the post out of the public journal, with a reason',
  })
  async holdFromPublicJournal(
    @Arg('input', () => HoldFromPublicJournalInput, {
      description: 'The journal post (journalpost) to hold back, and why',
    })
    input: HoldFromPublicJournalInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const target = postTarget(input);
    await publication.holdFromPublicJournal(ctx, target, input.reason);
    return readBack(ctx, target.id);
  }

  @Mutation(() => JournalPostView, {
    description:
      'Return to the ordinary publication rules (ordinær publisering, ARCHIVIST): undoes publishNow or a hold',
  })
  async resetPublication(
    @Arg('input', () => ResetPublicationInput, {
      description: 'The journal post (journalpost) to return to the ordinary rules',
    })
    input: ResetPublicationInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const target = postTarget(input);
    await publication.resetPublication(ctx, target);
    return readBack(ctx, target.id);
  }
}

/** The post a publication control is about, with the version the client loaded. */
const postTarget = (input: JournalPostTargetInput): Target => ({
  id: argId('JournalPost', 'id', input.id)!,
  expectedVersion: input.expectedVersion,
});

/** The post as the viewer sees it after the change. */
async function readBack(ctx: Context, id: string): Promise<JournalPostView> {
  return (await ctx.loaders.journalPost.clear(id).load(id))!;
}

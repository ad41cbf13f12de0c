import { type OrganisationRef } from '../auth/viewer';
import { PublicationOverride } from '../entities';
import { badInput, notFound } from '../domain/errors';
import { loadPost } from '../domain/journalPosts';
import { type ListResult, type TotalCount } from '../queries/list';
import { findOrganisation } from '../queries/organisations';
import {
  inJournalOf,
  listPublicJournal,
  type PublicEntryRow,
  type PublicJournalCounts,
  type PublicJournalFilter,
  type PublicJournalOrder,
} from '../queries/publicJournal';
import { type PageRequest } from '../queries/pagination';
import { overridePublication } from '../domain/publication';
import { assertExpectedVersion } from '../domain/versions';
import { type ServiceContext } from './context';
import { actorOf, authorizeWrite, inTransaction, type Target } from './funnel';

/**
 * The archive's publication controls (policies/journalPosts.ts: `managePublicJournal`, archivists
 * who read the post in full), at the version of the post the client loaded.
 */
async function setPublication(
  ctx: ServiceContext,
  target: Target,
  override: PublicationOverride | null,
  reason: string | null,
): Promise<void> {
  const actor = actorOf(ctx);
  await inTransaction(ctx, async (em) => {
    await authorizeWrite(ctx, em, 'JournalPost', 'managePublicJournal', target.id);
    const post = await loadPost(em, target.id);
    assertExpectedVersion(post, target.expectedVersion, 'The journal post');
    await overridePublication(em, actor, target.id, override, reason);
  });
}

/** Publiser nå: in the public journal before its delay has passed. */
export const publishNow = (ctx: ServiceContext, target: Target) =>
  setPublication(ctx, target, PublicationOverride.PUBLISH_NOW, null);

/** Hold tilbake: out of the public journal, with a reason. */
export const holdFromPublicJournal = (ctx: ServiceContext, target: Target, reason: string) =>
  setPublication(ctx, target, PublicationOverride.HOLD, reason);

/** Back to the ordinary publication rules. */
export const resetPublication = (ctx: ServiceContext, target: Target) =>
  setPublication(ctx, target, null, null);

/**
 * The organisation whose public journal is asked for: the one `organisation` names (short name or
 * id; NOT_FOUND when none has it), else the request's own. Without either (an anonymous request in
 * an installation of several) the argument is required.
 */
export async function publicJournalOrganisation(
  ctx: ServiceContext,
  organisation: string | null | undefined,
  argument = 'organisation',
): Promise<OrganisationRef> {
  if (organisation) {
    const named = await findOrganisation(ctx.em, organisation);
    if (!named) throw notFound('The organisation');
    return { id: named.id, shortName: named.shortName, name: named.name };
  }
  if (ctx.organisation) return ctx.organisation;
  throw badInput(
    argument,
    'REQUIRED',
    `This installation keeps the journals of several organisations: name one in ${argument} (its short name)`,
  );
}

/**
 * A page of the public journal (offentlig journal) of `organisation`: in the request's own
 * transaction when it is the request's organisation, else in a transaction of its own set to that
 * one (row-level security), the count too (in another when it is asked for). Counts come from
 * `counts`, which keeps them per organisation.
 */
export async function readPublicJournal(
  ctx: ServiceContext & { publicCounts: PublicJournalCounts },
  organisation: OrganisationRef,
  args: { filter: PublicJournalFilter; page: PageRequest; order?: PublicJournalOrder | null },
): Promise<ListResult<PublicEntryRow>> {
  if (organisation.id === ctx.organisation?.id) {
    return listPublicJournal(ctx.em, ctx.publicJournal, ctx.today, args, ctx.publicCounts);
  }
  const em = ctx.em.fork();
  const list = await inJournalOf(em, organisation.id, () =>
    listPublicJournal(em, ctx.publicJournal, ctx.today, args, ctx.publicCounts),
  );
  let total: Promise<TotalCount> | undefined;
  return {
    ...list,
    totalCount: () => (total ??= inJournalOf(em, organisation.id, list.totalCount)),
  };
}

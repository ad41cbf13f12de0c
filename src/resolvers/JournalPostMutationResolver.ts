import { type EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import * as journalPosts from '../domain/journalPosts';
import { badInput, forbidden, notFound } from '../domain/errors';
import { type JournalPost, JournalPostType, ScreenedField, WriteOffMethod } from '../entities';
import { type WriteAction } from '../policies/writes';
import { caseFacts, journalPostFacts } from '../queries/facts';
import {
  CorrectJournalPostInput,
  RegisterJournalPostInput,
  UpdateJournalPostInput,
} from '../schema/inputs/records';
import { JournalPostView } from '../schema/types/records';
import { argId } from './args';
import { assertExpectedVersion } from '../domain/versions';
import { type Context } from './context';
import { actorOf, authorize, mutate } from './mutation';

type Work = (
  em: EntityManager,
  actor: journalPosts.ActorToday,
  post: JournalPost,
) => Promise<unknown>;

/** The post as the viewer sees it after the change (FULL or REDACTED). */
async function viewOf(ctx: Context, id: string): Promise<JournalPostView> {
  const view = await ctx.loaders.journalPost.clear(id).load(id);
  if (!view) throw notFound('The journal post');
  return view;
}

function actorToday(ctx: Context): journalPosts.ActorToday {
  return { ...actorOf(ctx), today: ctx.today };
}

/**
 * One action on one post, in one transaction: the policies decide whether the viewer may
 * (`authorize`: NOT_FOUND when the post does not exist for them, FORBIDDEN when they see it but
 * may not), the domain decides whether the post's state allows it.
 */
async function onPost(
  ctx: Context,
  id: string,
  action: WriteAction<'JournalPost'>,
  refusal: string,
  work: Work,
): Promise<JournalPostView> {
  const actor = actorToday(ctx);
  const postId = argId('JournalPost', 'id', id)!;
  await mutate(ctx, async (em) => {
    await authorize(ctx, em, action, 'JournalPost', postId, refusal);
    await work(em, actor, await journalPosts.loadPost(em, postId));
  });
  return viewOf(ctx, postId);
}

const OWN_WORK =
  "the post's responsible handler or its creator, a leader of the case's unit or an archivist";

@Resolver()
export class JournalPostMutationResolver {
  @Mutation(() => JournalPostView, {
    description:
      'Registrer journalpost. Incoming letters by the archive are REGISTERED (or TEMPORARY with ' +
      '`screeningPending`), by a handler REGISTERED_BY_HANDLER; U, N, X and S start RESERVED. ' +
      'Access group and screening are inherited from the case unless given. Handlers register ' +
      'in cases they created, are responsible for or are internal contacts on (leaders: in their ' +
      "unit's cases); the archive registers incoming letters in any case.",
  })
  async registerJournalPost(
    @Arg('input', () => RegisterJournalPostInput) input: RegisterJournalPostInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const actor = actorToday(ctx);
    const caseId = argId('Case', 'caseId', input.caseId)!;
    const ids = {
      responsibleId: argId('User', 'responsibleId', input.responsibleId),
      accessGroupId: argId('AccessGroup', 'accessGroupId', input.accessGroupId),
      screeningCodeId: argId('ScreeningCode', 'screeningCodeId', input.screeningCodeId),
    };
    const post = await mutate(ctx, async (em) => {
      const facts = (await caseFacts(em, [caseId])).get(caseId);
      if (!facts || !ctx.ability.can('read', facts)) throw notFound('The case');
      const byArchive = ctx.ability.can('registerIncoming', facts);
      const incoming = input.type === JournalPostType.INCOMING;
      if (!ctx.ability.can('registerPost', facts) && !(incoming && byArchive)) {
        throw forbidden(
          byArchive
            ? 'The archive registers incoming letters in any case; outgoing documents and notes are registered by the handlers of the case'
            : "You may register documents only in cases you created, are responsible for or are an internal contact on, or as a leader of the case's unit",
        );
      }
      return journalPosts.registerJournalPost(em, actor, { input, caseId, ...ids, byArchive });
    });
    return viewOf(ctx, post.id);
  }

  @Mutation(() => JournalPostView, {
    description:
      'Endre journalpost while it is unfinished (RESERVED; TEMPORARY or REGISTERED_BY_HANDLER ' +
      "for incoming letters). Only the given fields change. A locked post takes an archivist's " +
      'correction (correctJournalPost).',
  })
  updateJournalPost(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateJournalPostInput) input: UpdateJournalPostInput,
    @Ctx() ctx: Context,
    @Arg('expectedVersion', () => Int, {
      nullable: true,
      description: 'The version you loaded; a change by someone else since then is CONFLICT',
    })
    expectedVersion?: number | null,
  ): Promise<JournalPostView> {
    const ids = {
      responsibleId: argId('User', 'responsibleId', input.responsibleId),
      accessGroupId: argId('AccessGroup', 'accessGroupId', input.accessGroupId),
      screeningCodeId: argId('ScreeningCode', 'screeningCodeId', input.screeningCodeId),
    };
    return onPost(ctx, id, 'update', `Only ${OWN_WORK} may change it`, (em, actor, post) => {
      assertExpectedVersion(post, expectedVersion, 'The journal post');
      return journalPosts.updateJournalPost(em, actor, post, { ...input, ...ids });
    });
  }

  @Mutation(() => JournalPostView, {
    description:
      'Ferdigstille: RESERVED → FINALIZED (U, N, X, S); the content is locked from then on',
  })
  finalizeJournalPost(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return onPost(ctx, id, 'finalize', `Only ${OWN_WORK} may finalise it`, (em, actor, post) =>
      journalPosts.finalizeJournalPost(em, actor, post),
    );
  }

  @Mutation(() => JournalPostView, {
    description:
      'Send til godkjenning: a RESERVED or FINALIZED document goes to a leader (LEADER) for ' +
      'approval; a RESERVED one is finalised on the way. It cannot be dispatched until approved.',
  })
  sendForApproval(
    @Arg('id', () => ID) id: string,
    @Arg('approverId', () => ID, { description: 'Godkjenner: an active user holding LEADER' })
    approverId: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const approver = argId('User', 'approverId', approverId);
    return onPost(
      ctx,
      id,
      'sendForApproval',
      `Only ${OWN_WORK} may send it for approval`,
      (em, actor, post) => journalPosts.sendForApproval(em, actor, post, approver),
    );
  }

  @Mutation(() => JournalPostView, {
    description: 'Godkjenne (the leader asked): FINALIZED → APPROVED',
  })
  approveJournalPost(
    @Arg('id', () => ID) id: string,
    @Arg('comment', () => String, { nullable: true, description: 'Kept in the audit trail' })
    comment: string | null,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return onPost(
      ctx,
      id,
      'approve',
      'Only the leader the document was sent to may approve it',
      (em, actor, post) => journalPosts.approveJournalPost(em, actor, post, comment),
    );
  }

  @Mutation(() => JournalPostView, {
    description:
      'Avvise (the leader asked): back to RESERVED for the handler to change, with a comment',
  })
  rejectJournalPost(
    @Arg('id', () => ID) id: string,
    @Arg('comment', { description: 'Why the document is rejected; required' }) comment: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return onPost(
      ctx,
      id,
      'reject',
      'Only the leader the document was sent to may reject it',
      (em, actor, post) => journalPosts.rejectJournalPost(em, actor, post, comment),
    );
  }

  @Mutation(() => JournalPostView, {
    description: 'Videresende til godkjenning (the leader asked): another leader is to approve it',
  })
  forwardForApproval(
    @Arg('id', () => ID) id: string,
    @Arg('approverId', () => ID, { description: 'The next godkjenner: an active LEADER' })
    approverId: string,
    @Arg('comment', () => String, { nullable: true }) comment: string | null,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const approver = argId('User', 'approverId', approverId);
    return onPost(
      ctx,
      id,
      'forward',
      'Only the leader the document was sent to may forward it',
      (em, actor, post) => journalPosts.forwardForApproval(em, actor, post, approver, comment),
    );
  }

  @Mutation(() => JournalPostView, {
    description:
      'Ekspedere: FINALIZED (no approval asked) or APPROVED → DISPATCHED; for N and X notes, ' +
      'delivered to the internal recipients',
  })
  dispatchJournalPost(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return onPost(ctx, id, 'dispatch', `Only ${OWN_WORK} may dispatch it`, (em, actor, post) =>
      journalPosts.dispatchJournalPost(em, actor, post),
    );
  }

  @Mutation(() => JournalPostView, {
    description:
      "Journalføre (the archive's check): REGISTERED_BY_HANDLER or TEMPORARY (once its " +
      'screening is assessed) → REGISTERED for I; DISPATCHED → REGISTERED for U, N, X, S',
  })
  confirmJournalPost(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return onPost(
      ctx,
      id,
      'confirm',
      'Only the archive (ARCHIVIST) confirms journal posts',
      (em, actor, post) => journalPosts.confirmJournalPost(em, actor, post),
    );
  }

  @Mutation(() => JournalPostView, {
    description:
      'Utgår: the post stays on record but leaves the public journal; a reason is required',
  })
  cancelJournalPost(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return onPost(ctx, id, 'cancel', `Only ${OWN_WORK} may cancel it`, (em, actor, post) =>
      journalPosts.cancelJournalPost(em, actor, post, reason),
    );
  }

  @Mutation(() => JournalPostView, {
    description:
      'Korrigere (ARCHIVIST): the only change to a finalised post; the reason and the old values are kept in the audit trail',
  })
  correctJournalPost(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => CorrectJournalPostInput) input: CorrectJournalPostInput,
    @Arg('reason') reason: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const ids = {
      accessGroupId: argId('AccessGroup', 'accessGroupId', input.accessGroupId),
      screeningCodeId: argId('ScreeningCode', 'screeningCodeId', input.screeningCodeId),
    };
    return onPost(
      ctx,
      id,
      'correct',
      'Only an archivist (ARCHIVIST) may correct a journal post',
      (em, actor, post) =>
        journalPosts.correctJournalPost(em, actor, post, { ...input, ...ids }, reason),
    );
  }

  @Mutation(() => JournalPostView, {
    description:
      'Avskrive an I or N post: how it was dealt with (TLF needs a note; SA is for closing the case)',
  })
  async writeOffJournalPost(
    @Arg('id', () => ID) id: string,
    @Arg('method', () => WriteOffMethod) method: WriteOffMethod,
    @Arg('replyId', () => ID, {
      nullable: true,
      description:
        'The reply: an outgoing post (U) for BU/BE, a note (N or X) for BN, in the same case',
    })
    replyId: string | null,
    @Arg('note', () => String, { nullable: true, description: 'Merknad; required for TLF' })
    note: string | null,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const [post] = await writeOff(ctx, [id], 'id', { method, replyId, note });
    return post!;
  }

  @Mutation(() => [JournalPostView], {
    description:
      'Avskrive several I or N posts with one reply (e.g. one letter answering several): all or none',
  })
  writeOffJournalPosts(
    @Arg('ids', () => [ID]) ids: string[],
    @Arg('method', () => WriteOffMethod) method: WriteOffMethod,
    @Arg('replyId', () => ID, { nullable: true }) replyId: string | null,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView[]> {
    return writeOff(ctx, ids, 'ids', { method, replyId, note });
  }

  @Mutation(() => JournalPostView, {
    description:
      'Offentlighetsvurdering of a post with a temporary screening (XX): replaces it by the ' +
      'assessed screening code, or none (open to the public); recomputes the public title and ' +
      "the correspondents' screening. A TEMPORARY post stays TEMPORARY until the archive confirms it.",
  })
  assessScreening(
    @Arg('id', () => ID) id: string,
    @Arg('screeningCodeId', () => ID, {
      nullable: true,
      description: 'The assessed tilgangskode; none = not screened',
    })
    screeningCodeId: string | null,
    @Arg('screenedFields', () => [ScreenedField], {
      nullable: true,
      description: "Skjermingsmetadata; the code's defaults when omitted",
    })
    screenedFields: ScreenedField[] | null,
    @Arg('publicTitle', () => String, {
      nullable: true,
      description:
        'Offentlig tittel when the title is screened; the current one is kept when omitted',
    })
    publicTitle: string | null,
    @Arg('legalBasis', () => String, {
      nullable: true,
      description: "Skjermingshjemmel when it differs from the code's",
    })
    legalBasis: string | null,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const codeId = argId('ScreeningCode', 'screeningCodeId', screeningCodeId);
    return onPost(
      ctx,
      id,
      'assessScreening',
      `Only ${OWN_WORK}, or the case responsible, may assess its screening`,
      (em, actor, post) =>
        journalPosts.assessScreening(em, actor, post, {
          screeningCodeId: codeId,
          screenedFields,
          publicTitle,
          legalBasis,
        }),
    );
  }
}

/** Write-off of one or several posts in one transaction; every post must be the viewer's to write off. */
async function writeOff(
  ctx: Context,
  ids: string[],
  field: string,
  args: { method: WriteOffMethod; replyId: string | null; note: string | null },
): Promise<JournalPostView[]> {
  const actor = actorToday(ctx);
  const postIds = [...new Set(ids.map((id) => argId('JournalPost', field, id)!))];
  if (!postIds.length) throw badInput(field, 'Name at least one journal post');
  const replyId = argId('JournalPost', 'replyId', args.replyId);
  await mutate(ctx, async (em) => {
    const posts: JournalPost[] = [];
    // Checked and changed in id order, so that concurrent write-offs lock rows in the same order.
    for (const postId of [...postIds].sort()) {
      await authorize(
        ctx,
        em,
        'writeOff',
        'JournalPost',
        postId,
        `Only ${OWN_WORK}, or the case responsible, may write it off`,
      );
      posts.push(await journalPosts.loadPost(em, postId));
    }
    if (replyId) {
      const reply = (await journalPostFacts(em, [replyId])).get(replyId);
      if (!reply || !ctx.ability.can('read', reply)) {
        throw badInput('replyId', 'replyId names no journal post you can see');
      }
    }
    await journalPosts.writeOffJournalPosts(em, actor, posts, {
      method: args.method,
      replyId,
      note: args.note,
      postsField: field,
    });
  });
  return Promise.all(postIds.map((id) => viewOf(ctx, id)));
}

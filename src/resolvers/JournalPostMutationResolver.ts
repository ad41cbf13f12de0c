import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { notFound } from '../domain/errors';
import { ScreenedField, WriteOffMethod } from '../entities';
import * as posts from '../services/journalPosts';
import {
  CorrectJournalPostInput,
  RegisterJournalPostInput,
  UpdateJournalPostInput,
} from '../schema/inputs/records';
import { JournalPostView } from '../schema/types/records';
import { argId } from './args';
import { type Context } from './context';

/**
 * The journal post life cycle as GraphQL: each mutation resolves its ids, asks one function of
 * services/journalPosts.ts, and answers with the post as the viewer sees it now.
 */

/** The post as the viewer sees it after the change (FULL or REDACTED). */
async function viewOf(ctx: Context, id: string): Promise<JournalPostView> {
  ctx.loaders.journalPostFacts.clear(id);
  const view = await ctx.loaders.journalPost.clear(id).load(id);
  if (!view) throw notFound('The journal post');
  return view;
}

const postIdArg = (value: string, field = 'id') => argId('JournalPost', field, value)!;

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
    const { caseId, responsibleId, accessGroupId, screeningCodeId, ...rest } = input;
    const id = await posts.registerJournalPost(ctx, {
      ...rest,
      caseId: argId('Case', 'caseId', caseId)!,
      responsibleId: argId('User', 'responsibleId', responsibleId),
      accessGroupId: argId('AccessGroup', 'accessGroupId', accessGroupId),
      screeningCodeId: argId('ScreeningCode', 'screeningCodeId', screeningCodeId),
    });
    return viewOf(ctx, id);
  }

  @Mutation(() => JournalPostView, {
    description:
      'Endre journalpost while it is unfinished (RESERVED; TEMPORARY or REGISTERED_BY_HANDLER ' +
      "for incoming letters). Only the given fields change. A locked post takes an archivist's " +
      'correction (correctJournalPost).',
  })
  async updateJournalPost(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateJournalPostInput) input: UpdateJournalPostInput,
    @Ctx() ctx: Context,
    @Arg('expectedVersion', () => Int, {
      nullable: true,
      description: 'The version you loaded; a change by someone else since then is CONFLICT',
    })
    expectedVersion?: number | null,
  ): Promise<JournalPostView> {
    const changes = {
      ...input,
      responsibleId: argId('User', 'responsibleId', input.responsibleId),
      accessGroupId: argId('AccessGroup', 'accessGroupId', input.accessGroupId),
      screeningCodeId: argId('ScreeningCode', 'screeningCodeId', input.screeningCodeId),
    };
    const postId = postIdArg(id);
    return viewOf(ctx, await posts.updateJournalPost(ctx, postId, changes, expectedVersion));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Ferdigstille: RESERVED → FINALIZED (U, N, X, S); the content is locked from then on',
  })
  async finalizeJournalPost(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return viewOf(ctx, await posts.finalize(ctx, postIdArg(id)));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Send til godkjenning: a RESERVED or FINALIZED document goes to a leader (LEADER) for ' +
      'approval; a RESERVED one is finalised on the way. It cannot be dispatched until approved.',
  })
  async sendForApproval(
    @Arg('id', () => ID) id: string,
    @Arg('approverId', () => ID, {
      description:
        "Godkjenner: an active leader (LEADER) of the post's unit, its case's unit or a unit above them",
    })
    approverId: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const approver = argId('User', 'approverId', approverId)!;
    return viewOf(ctx, await posts.sendForApproval(ctx, postIdArg(id), approver));
  }

  @Mutation(() => JournalPostView, {
    description: 'Godkjenne (the leader asked): FINALIZED → APPROVED',
  })
  async approveJournalPost(
    @Arg('id', () => ID) id: string,
    @Arg('comment', () => String, { nullable: true, description: 'Kept in the audit trail' })
    comment: string | null,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return viewOf(ctx, await posts.approve(ctx, postIdArg(id), comment));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Avvise (the leader asked): back to RESERVED for the handler to change, with a comment',
  })
  async rejectJournalPost(
    @Arg('id', () => ID) id: string,
    @Arg('comment', { description: 'Why the document is rejected; required' }) comment: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return viewOf(ctx, await posts.reject(ctx, postIdArg(id), comment));
  }

  @Mutation(() => JournalPostView, {
    description: 'Videresende til godkjenning (the leader asked): another leader is to approve it',
  })
  async forwardForApproval(
    @Arg('id', () => ID) id: string,
    @Arg('approverId', () => ID, {
      description:
        "The next godkjenner: an active leader (LEADER) of the post's unit, its case's unit or a unit above them",
    })
    approverId: string,
    @Arg('comment', () => String, { nullable: true }) comment: string | null,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const approver = argId('User', 'approverId', approverId)!;
    return viewOf(ctx, await posts.forwardForApproval(ctx, postIdArg(id), approver, comment));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Ekspedere: FINALIZED (no approval asked) or APPROVED → DISPATCHED; for N and X notes, ' +
      'delivered to the internal recipients',
  })
  async dispatchJournalPost(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return viewOf(ctx, await posts.dispatch(ctx, postIdArg(id)));
  }

  @Mutation(() => JournalPostView, {
    description:
      "Journalføre (the archive's check): REGISTERED_BY_HANDLER or TEMPORARY (once its " +
      'screening is assessed) → REGISTERED for I; DISPATCHED → REGISTERED for U, N, X, S',
  })
  async confirmJournalPost(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return viewOf(ctx, await posts.confirm(ctx, postIdArg(id)));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Utgår: the post stays on record but leaves the public journal; a reason is required',
  })
  async cancelJournalPost(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return viewOf(ctx, await posts.cancel(ctx, postIdArg(id), reason));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Korrigere (ARCHIVIST): the only change to a finalised post; the reason and the old values are kept in the audit trail',
  })
  async correctJournalPost(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => CorrectJournalPostInput) input: CorrectJournalPostInput,
    @Arg('reason') reason: string,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const correction = {
      ...input,
      accessGroupId: argId('AccessGroup', 'accessGroupId', input.accessGroupId),
      screeningCodeId: argId('ScreeningCode', 'screeningCodeId', input.screeningCodeId),
    };
    return viewOf(ctx, await posts.correct(ctx, postIdArg(id), correction, reason));
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
        'The reply: an outgoing post (U) for BU/BE, a note (N or X) for BN, in the same case, that you read in full',
    })
    replyId: string | null,
    @Arg('note', () => String, { nullable: true, description: 'Merknad; required for TLF' })
    note: string | null,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const reply = argId('JournalPost', 'replyId', replyId);
    const [written] = await posts.writeOff(ctx, [postIdArg(id)], 'id', {
      method,
      replyId: reply,
      note,
    });
    return viewOf(ctx, written!);
  }

  @Mutation(() => [JournalPostView], {
    description:
      'Avskrive several I or N posts with one reply (e.g. one letter answering several): all or none',
  })
  async writeOffJournalPosts(
    @Arg('ids', () => [ID]) ids: string[],
    @Arg('method', () => WriteOffMethod) method: WriteOffMethod,
    @Arg('replyId', () => ID, { nullable: true }) replyId: string | null,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView[]> {
    const postIds = ids.map((id) => postIdArg(id, 'ids'));
    const reply = argId('JournalPost', 'replyId', replyId);
    const written = await posts.writeOff(ctx, postIds, 'ids', { method, replyId: reply, note });
    return Promise.all(written.map((id) => viewOf(ctx, id)));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Offentlighetsvurdering of a post with a temporary screening (XX): replaces it by the ' +
      'assessed screening code, or none (open to the public); recomputes the public title and ' +
      "the correspondents' screening. A TEMPORARY post stays TEMPORARY until the archive confirms it.",
  })
  async assessScreening(
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
    const assessment = {
      screeningCodeId: argId('ScreeningCode', 'screeningCodeId', screeningCodeId),
      screenedFields,
      publicTitle,
      legalBasis,
    };
    return viewOf(ctx, await posts.assessScreening(ctx, postIdArg(id), assessment));
  }
}

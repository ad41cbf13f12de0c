import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { notFound } from '../domain/errors';
import { type Target } from '../services/funnel';
import * as posts from '../services/journalPosts';
import {
  ApproveJournalPostInput,
  AssessScreeningInput,
  CancelJournalPostInput,
  ConfirmJournalPostInput,
  DispatchJournalPostInput,
  FinalizeJournalPostInput,
  ForwardForApprovalInput,
  RejectJournalPostInput,
  SendForApprovalInput,
  WriteOffJournalPostInput,
  WriteOffJournalPostsInput,
} from '../schema/inputs/journalPostActions';
import {
  CorrectJournalPostInput,
  RegisterJournalPostInput,
  UpdateJournalPostInput,
} from '../schema/inputs/records';
import { type JournalPostTargetInput } from '../schema/inputs/targets';
import { WriteOffJournalPostsPayload } from '../schema/types/payloads';
import { JournalPostView } from '../schema/types/records';
import { argId, argIds } from './args';
import { type Context } from './context';

/**
 * The journal post life cycle as GraphQL: each mutation takes one input, resolves its ids, asks
 * one function of services/journalPosts.ts, and answers with the post as the viewer sees it now.
 * Field errors name fields of the input.
 */

/** The post as the viewer sees it after the change (FULL or REDACTED). */
export async function viewOf(ctx: Context, id: string): Promise<JournalPostView> {
  ctx.loaders.journalPostFacts.clear(id);
  const view = await ctx.loaders.journalPost.clear(id).load(id);
  if (!view) throw notFound('The journal post');
  return view;
}

/** The post an input is about, with the version the client loaded. */
export const postTarget = (input: JournalPostTargetInput): Target => ({
  id: argId('JournalPost', 'id', input.id)!,
  expectedVersion: input.expectedVersion,
});

const approverIdOf = (input: { approverId: string }): string =>
  argId('User', 'approverId', input.approverId)!;

@Resolver()
export class JournalPostMutationResolver {
  @Mutation(() => JournalPostView, {
    description:
      'Register a journal post (registrere journalpost). Incoming letters by the archive are ' +
      'REGISTERED (or TEMPORARY with `screeningPending`), by a handler REGISTERED_BY_HANDLER; ' +
      'U, N, X and S start RESERVED. Access group and screening are inherited from the case ' +
      'unless given. Handlers register in cases they created, are responsible for or are ' +
      "internal contacts on (leaders: in their unit's cases); the archive registers incoming " +
      'letters in any case.',
  })
  async registerJournalPost(
    @Arg('input', () => RegisterJournalPostInput, {
      description: 'The new journal post (journalpost)',
    })
    input: RegisterJournalPostInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const { caseId, responsibleId, accessGroupId, screeningCodeId, documentTypeId, ...rest } =
      input;
    const ids = argIds({
      caseId: ['Case', caseId],
      responsibleId: ['User', responsibleId],
      accessGroupId: ['AccessGroup', accessGroupId],
      screeningCodeId: ['ScreeningCode', screeningCodeId],
      documentTypeId: ['DocumentType', documentTypeId],
    });
    const id = await posts.registerJournalPost(ctx, { ...rest, ...ids, caseId: ids.caseId! });
    return viewOf(ctx, id);
  }

  @Mutation(() => JournalPostView, {
    description:
      'Change a journal post (endre journalpost) while it is unfinished (RESERVED; TEMPORARY or ' +
      "REGISTERED_BY_HANDLER for incoming letters). Only the given fields change. A locked post takes an archivist's " +
      'correction (correctJournalPost).',
  })
  async updateJournalPost(
    @Arg('input', () => UpdateJournalPostInput, {
      description: 'The journal post (journalpost) and its changes',
    })
    input: UpdateJournalPostInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const target = postTarget(input);
    const { id: _id, expectedVersion: _version, ...fields } = input;
    const changes = {
      ...fields,
      ...argIds({
        responsibleId: ['User', input.responsibleId],
        accessGroupId: ['AccessGroup', input.accessGroupId],
        screeningCodeId: ['ScreeningCode', input.screeningCodeId],
        documentTypeId: ['DocumentType', input.documentTypeId],
      }),
    };
    return viewOf(ctx, await posts.updateJournalPost(ctx, target, changes));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Finalise a journal post (ferdigstille journalpost): RESERVED → FINALIZED (U, N, X, S); ' +
      'the content is locked from then on',
  })
  async finalizeJournalPost(
    @Arg('input', () => FinalizeJournalPostInput, {
      description: 'The journal post (journalpost) to finalise',
    })
    input: FinalizeJournalPostInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return viewOf(ctx, await posts.finalize(ctx, postTarget(input)));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Send for approval (sende til godkjenning): a RESERVED or FINALIZED document goes to a ' +
      'leader (LEADER) for approval; a RESERVED one is finalised on the way. It cannot be ' +
      'dispatched until approved.',
  })
  async sendForApproval(
    @Arg('input', () => SendForApprovalInput, {
      description: 'The journal post (journalpost) and its approver (godkjenner)',
    })
    input: SendForApprovalInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const target = postTarget(input);
    return viewOf(ctx, await posts.sendForApproval(ctx, target, approverIdOf(input)));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Approve a journal post (godkjenne journalpost), by the leader asked: FINALIZED → APPROVED',
  })
  async approveJournalPost(
    @Arg('input', () => ApproveJournalPostInput, {
      description: 'The journal post (journalpost) to approve',
    })
    input: ApproveJournalPostInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return viewOf(ctx, await posts.approve(ctx, postTarget(input), input.comment ?? null));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Reject a journal post (avvise journalpost), by the leader asked: back to RESERVED for ' +
      'the handler to change, with a comment',
  })
  async rejectJournalPost(
    @Arg('input', () => RejectJournalPostInput, {
      description: 'The journal post (journalpost) to reject, and why',
    })
    input: RejectJournalPostInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return viewOf(ctx, await posts.reject(ctx, postTarget(input), input.comment));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Forward for approval (videresende til godkjenning), by the leader asked: another leader ' +
      'is to approve it',
  })
  async forwardForApproval(
    @Arg('input', () => ForwardForApprovalInput, {
      description: 'The journal post (journalpost) and the next approver (godkjenner)',
    })
    input: ForwardForApprovalInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const target = postTarget(input);
    const approverId = approverIdOf(input);
    return viewOf(
      ctx,
      await posts.forwardForApproval(ctx, target, approverId, input.comment ?? null),
    );
  }

  @Mutation(() => JournalPostView, {
    description:
      'Dispatch a journal post (ekspedere journalpost): FINALIZED (no approval asked) or ' +
      'APPROVED → DISPATCHED; for N and X notes, delivered to the internal recipients',
  })
  async dispatchJournalPost(
    @Arg('input', () => DispatchJournalPostInput, {
      description: 'The journal post (journalpost) to dispatch',
    })
    input: DispatchJournalPostInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return viewOf(ctx, await posts.dispatch(ctx, postTarget(input)));
  }

  @Mutation(() => JournalPostView, {
    description:
      "Confirm a journal post (journalføre, the archive's check): REGISTERED_BY_HANDLER or " +
      'TEMPORARY (once its screening is assessed) → REGISTERED for I; DISPATCHED → REGISTERED ' +
      'for U, N, X, S',
  })
  async confirmJournalPost(
    @Arg('input', () => ConfirmJournalPostInput, {
      description: 'The journal post (journalpost) to confirm',
    })
    input: ConfirmJournalPostInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return viewOf(ctx, await posts.confirm(ctx, postTarget(input)));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Cancel a journal post (journalpost utgår): the post stays on record but leaves the ' +
      'public journal; a reason is required',
  })
  async cancelJournalPost(
    @Arg('input', () => CancelJournalPostInput, {
      description: 'The journal post (journalpost) to cancel, and why',
    })
    input: CancelJournalPostInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    return viewOf(ctx, await posts.cancel(ctx, postTarget(input), input.reason));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Correct a journal post (korrigere journalpost, ARCHIVIST): the only change to a ' +
      'finalised post (title, screening, access group, dates, correspondents, case handler); ' +
      'the reason and the old values are kept in the audit trail',
  })
  async correctJournalPost(
    @Arg('input', () => CorrectJournalPostInput, {
      description: 'The journal post (journalpost), the reason and the corrections',
    })
    input: CorrectJournalPostInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const target = postTarget(input);
    const { id: _id, expectedVersion: _version, reason, ...fields } = input;
    const correction = {
      ...fields,
      ...argIds({
        accessGroupId: ['AccessGroup', input.accessGroupId],
        screeningCodeId: ['ScreeningCode', input.screeningCodeId],
        responsibleId: ['User', input.responsibleId],
      }),
    };
    return viewOf(ctx, await posts.correct(ctx, target, correction, reason));
  }

  @Mutation(() => JournalPostView, {
    description:
      'Write off a journal post (avskrive journalpost), an I or N post: how it was dealt with ' +
      '(TLF needs a note; SA is for closing the case)',
  })
  async writeOffJournalPost(
    @Arg('input', () => WriteOffJournalPostInput, {
      description: 'The journal post (journalpost) and how it was dealt with',
    })
    input: WriteOffJournalPostInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const [written] = await posts.writeOff(ctx, [postTarget(input)], 'id', {
      method: input.method,
      replyId: argId('JournalPost', 'replyId', input.replyId),
      note: input.note ?? null,
    });
    return viewOf(ctx, written!);
  }

  @Mutation(() => WriteOffJournalPostsPayload, {
    description:
      'Write off several journal posts (avskrive journalposter), I or N posts, with one reply ' +
      '(e.g. one letter answering several): all or none',
  })
  async writeOffJournalPosts(
    @Arg('input', () => WriteOffJournalPostsInput, {
      description: 'The journal posts (journalposter) and how they were dealt with',
    })
    input: WriteOffJournalPostsInput,
    @Ctx() ctx: Context,
  ): Promise<WriteOffJournalPostsPayload> {
    const targets = input.ids.map((id, i) => ({ id: argId('JournalPost', ['ids', i], id)! }));
    const written = await posts.writeOff(ctx, targets, 'ids', {
      method: input.method,
      replyId: argId('JournalPost', 'replyId', input.replyId),
      note: input.note ?? null,
    });
    return { journalPosts: await Promise.all(written.map((id) => viewOf(ctx, id))) };
  }

  @Mutation(() => JournalPostView, {
    description:
      'Assess the screening (offentlighetsvurdering) of a post with a temporary screening (XX): ' +
      'replaces it by the assessed screening code, or none (open to the public); recomputes the ' +
      "public title and the correspondents' screening. A TEMPORARY post stays TEMPORARY until " +
      'the archive confirms it.',
  })
  async assessScreening(
    @Arg('input', () => AssessScreeningInput, {
      description: 'The journal post (journalpost) and the assessed screening (skjerming)',
    })
    input: AssessScreeningInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const assessment = {
      screeningCodeId: argId('ScreeningCode', 'screeningCodeId', input.screeningCodeId),
      screenedFields: input.screenedFields ?? null,
      publicTitle: input.publicTitle ?? null,
      legalBasis: input.legalBasis ?? null,
    };
    return viewOf(ctx, await posts.assessScreening(ctx, postTarget(input), assessment));
  }
}

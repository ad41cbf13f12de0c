import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { AddCaseRemarkInput, AddJournalPostRemarkInput } from '../schema/inputs/remarks';
import { UserType } from '../schema/types/admin';
import { CaseView, JournalPostView } from '../schema/types/records';
import { RemarkView } from '../schema/types/remarks';
import * as remarks from '../services/remarks';
import { argId } from './args';
import { caseTarget, caseView } from './CaseMutationResolver';
import { type Context } from './context';
import { postTarget, viewOf } from './JournalPostMutationResolver';

/**
 * Remarks (merknader, docs/noark5.md "Merknad"): the lists of a case and a journal post, through
 * the request's DataLoaders (one statement per kind for a page of records), and adding one.
 */

const REMARKS_DESCRIPTION =
  'Remarks (merknader), oldest first: only where you read the record in full, else an empty list (remarks are never public and have no public form)';

@Resolver(() => CaseView)
export class CaseRemarksResolver {
  @FieldResolver(() => [RemarkView], { description: REMARKS_DESCRIPTION })
  remarks(@Root() c: CaseView, @Ctx() { loaders }: Context): Promise<RemarkView[]> {
    return loaders.caseRemarks.load(c.rawId);
  }
}

@Resolver(() => JournalPostView)
export class JournalPostRemarksResolver {
  @FieldResolver(() => [RemarkView], { description: REMARKS_DESCRIPTION })
  remarks(@Root() p: JournalPostView, @Ctx() { loaders }: Context): Promise<RemarkView[]> {
    return loaders.journalPostRemarks.load(p.rawId);
  }
}

@Resolver(() => RemarkView)
export class RemarkResolver {
  @FieldResolver(() => UserType, {
    description: 'Who registered the remark (merknad registrert av, M612)',
  })
  async registeredBy(@Root() r: RemarkView, @Ctx() { loaders }: Context): Promise<UserType> {
    return (await loaders.user.load(r.registeredByRawId))!;
  }

  @Mutation(() => CaseView, {
    description:
      'Add a remark (legge til merknad) to a case: for whoever reads the case in full, in any state of the case. Remarks are never changed; correct one with a CORRECTION',
  })
  async addCaseRemark(
    @Arg('input', () => AddCaseRemarkInput, { description: 'The case (sak) and the remark' })
    input: AddCaseRemarkInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const target = caseTarget(input);
    await remarks.addCaseRemark(ctx, target, {
      type: input.type,
      text: input.text,
      correctsId: argId('Remark', 'correctsId', input.correctsId),
    });
    ctx.loaders.caseRemarks.clear(target.id);
    return caseView(ctx, target.id);
  }

  @Mutation(() => JournalPostView, {
    description:
      'Add a remark (legge til merknad) to a journal post: for whoever reads the post in full, in any state of the post. Remarks are never changed; correct one with a CORRECTION',
  })
  async addJournalPostRemark(
    @Arg('input', () => AddJournalPostRemarkInput, {
      description: 'The journal post (journalpost) and the remark',
    })
    input: AddJournalPostRemarkInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const target = postTarget(input);
    await remarks.addJournalPostRemark(ctx, target, {
      type: input.type,
      text: input.text,
      correctsId: argId('Remark', 'correctsId', input.correctsId),
    });
    ctx.loaders.journalPostRemarks.clear(target.id);
    return viewOf(ctx, target.id);
  }
}

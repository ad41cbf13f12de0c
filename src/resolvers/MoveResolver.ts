import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { MoveJournalPostInput } from '../schema/inputs/remarks';
import { JournalPostView } from '../schema/types/records';
import * as moves from '../services/moves';
import { argId } from './args';
import { type Context } from './context';
import { postTarget, viewOf } from './JournalPostMutationResolver';

/**
 * Moving a journal post to another case (docs/noark5.md, "Moves"). Moving a case to another unit
 * is assignCaseResponsible with responsibleUnitId (CaseMutationResolver).
 */
@Resolver()
export class MoveResolver {
  @Mutation(() => JournalPostView, {
    description:
      'Move a journal post to another case (flytte journalpost; the archive): its journal number (journalår/sekvensnummer) stays, it gets the next document number of the target case, so its registry id follows the new case. Both cases must be open and read by you in full',
  })
  async moveJournalPost(
    @Arg('input', () => MoveJournalPostInput, {
      description: 'The journal post (journalpost) and the case it moves to',
    })
    input: MoveJournalPostInput,
    @Ctx() ctx: Context,
  ): Promise<JournalPostView> {
    const target = postTarget(input);
    const caseId = argId('Case', 'caseId', input.caseId)!;
    await moves.moveJournalPost(ctx, target, caseId);
    return viewOf(ctx, target.id);
  }
}

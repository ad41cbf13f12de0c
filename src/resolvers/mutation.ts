import { type EntityManager } from '@mikro-orm/postgresql';
import { authorizeWrite } from '../services/funnel';
import { type RecordSubject, type WriteAction } from '../policies/writes';
import { type Context } from './context';

export { actorOf, inTransaction as mutate } from '../services/funnel';

/** Until every resolver calls its service: the funnel's check of a write (services/funnel.ts). */
export async function authorize<S extends RecordSubject>(
  ctx: Context,
  em: EntityManager,
  action: WriteAction<S>,
  subject: S,
  id: string | null,
  _refusal: string,
): Promise<void> {
  await authorizeWrite(ctx, em, subject, action, id);
}

import * as parts from '../domain/archiveParts';
import { type ArchivePart } from '../entities';
import { refuseArchivePartAdministration } from '../policies/archiveParts';
import { type ServiceContext } from './context';
import { actorOf, enforce, inTransaction } from './funnel';

/**
 * Archive parts (arkivdeler): policies/archiveParts.ts says who, domain/archiveParts.ts what. Each
 * change is authorized first, then made with its audit event in one transaction.
 */

function administrator(ctx: ServiceContext) {
  const actor = actorOf(ctx);
  enforce(refuseArchivePartAdministration(ctx.ability));
  return actor;
}

export function createArchivePart(
  ctx: ServiceContext,
  input: { title: string; periodStart: string },
): Promise<ArchivePart> {
  const actor = administrator(ctx);
  return inTransaction(ctx, (em) => parts.createArchivePart(em, actor, input));
}

export function startNewPeriod(
  ctx: ServiceContext,
  input: { id: string; title: string; periodStart: string; endAs: parts.PeriodEnd },
): Promise<ArchivePart> {
  const actor = administrator(ctx);
  return inTransaction(ctx, (em) => parts.startNewPeriod(em, actor, input));
}

export function closeArchivePart(ctx: ServiceContext, id: string): Promise<ArchivePart> {
  const actor = administrator(ctx);
  return inTransaction(ctx, (em) => parts.closeArchivePart(em, actor, { id, today: ctx.today }));
}

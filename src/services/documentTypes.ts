import * as documentTypes from '../domain/documentTypes';
import { type DocumentType } from '../entities';
import { authorizeAdministration } from './administration';
import { type ServiceContext } from './context';
import { actorOf, inTransaction } from './funnel';

/**
 * Document types (dokumenttyper): administrators (`manage` on DocumentType,
 * policies/administration.ts) create, change and end them, each change with its audit event in
 * one transaction (domain/documentTypes.ts).
 */

function administrator(ctx: ServiceContext) {
  authorizeAdministration(ctx, 'DocumentType');
  return actorOf(ctx);
}

/** A new type is in use from today (in Norway). */
export function createDocumentType(
  ctx: ServiceContext,
  input: documentTypes.DocumentTypeInput,
): Promise<DocumentType> {
  const actor = administrator(ctx);
  return inTransaction(ctx, (em) => documentTypes.createDocumentType(em, actor, input, ctx.today));
}

export function updateDocumentType(
  ctx: ServiceContext,
  input: Parameters<typeof documentTypes.updateDocumentType>[2],
): Promise<DocumentType> {
  const actor = administrator(ctx);
  return inTransaction(ctx, (em) => documentTypes.updateDocumentType(em, actor, input));
}

/** `validTo`: the last day of use; today (in Norway) when not given. */
export function endDocumentType(
  ctx: ServiceContext,
  input: { id: string; validTo: string | null },
): Promise<DocumentType> {
  const actor = administrator(ctx);
  return inTransaction(ctx, (em) =>
    documentTypes.endDocumentType(em, actor, { id: input.id, validTo: input.validTo ?? ctx.today }),
  );
}

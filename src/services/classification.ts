import * as classification from '../domain/classification';
import { badInput } from '../domain/errors';
import { type Class, ClassificationSystem } from '../entities';
import { refuseClassAdministration, refuseSystemAdministration } from '../policies/classification';
import { screenedClassesNotReadFull } from '../queries/classification';
import { onCase } from './cases';
import { type ServiceContext } from './context';
import { actorOf, enforce, inTransaction, type Target } from './funnel';

/**
 * Classification systems, classes and the classes of a case: policies/classification.ts and
 * policies/cases.ts say who, domain/classification.ts what. Each change is authorized first, then
 * made with its audit event in one transaction.
 */

export function createClassificationSystem(
  ctx: ServiceContext,
  input: classification.SystemData,
): Promise<ClassificationSystem> {
  const actor = actorOf(ctx);
  enforce(refuseSystemAdministration(ctx.ability));
  return inTransaction(ctx, async (em) =>
    classification.createClassificationSystem(em, actor, input),
  );
}

export function updateClassificationSystem(
  ctx: ServiceContext,
  input: classification.SystemChanges,
): Promise<ClassificationSystem> {
  const actor = actorOf(ctx);
  enforce(refuseSystemAdministration(ctx.ability));
  return inTransaction(ctx, (em) => classification.updateClassificationSystem(em, actor, input));
}

/** Opprett klasse: in a person-number scheme only by whoever reads its classes in full. */
export function createClass(ctx: ServiceContext, input: classification.ClassData): Promise<Class> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const system = await em.findOne(ClassificationSystem, { id: input.systemId });
    if (!system) {
      throw badInput('systemId', 'UNKNOWN_REFERENCE', 'systemId names no classification system');
    }
    enforce(refuseClassAdministration(ctx.ability, classification.screensClasses(system.type)));
    return classification.createClass(em, actor, system, input);
  });
}

/** Endre klasse: a screened class only by whoever reads it in full. */
export function updateClass(
  ctx: ServiceContext,
  id: string,
  changes: classification.ClassChanges,
): Promise<Class> {
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (em) => {
    const k = await classification.loadClass(em, id);
    enforce(refuseClassAdministration(ctx.ability, k.screened));
    return classification.updateClass(em, actor, k, changes);
  });
}

/**
 * Classify a case: the case's `update` right (its writer reads it in full), and a screened class
 * is named only by whoever reads it in full already.
 */
export function setCaseClasses(
  ctx: ServiceContext,
  target: Target,
  input: classification.CaseClasses,
): Promise<string> {
  return onCase(ctx, target, 'update', async (em, actor) => {
    const named = [
      ...(input.primaryClassId ? [input.primaryClassId] : []),
      ...input.secondaryClassIds,
    ];
    const notEligible = await screenedClassesNotReadFull(em, ctx.ability, named);
    await classification.setCaseClasses(em, actor, target.id, input, notEligible);
  });
}

import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { notFound } from '../domain/errors';
import { type Class, type ClassificationSystem } from '../entities';
import { screensClasses } from '../domain/classification';
import { refuseClassAdministration, refuseSystemAdministration } from '../policies/classification';
import { listClasses, listClassificationSystems } from '../queries/classification';
import {
  ClassFilter,
  CreateClassInput,
  CreateClassificationSystemInput,
  SetCaseClassesInput,
  UpdateClassInput,
  UpdateClassificationSystemInput,
} from '../schema/inputs/classification';
import { PageArgs } from '../schema/inputs/paging';
import {
  ClassConnection,
  ClassificationSystemConnection,
  ClassificationSystemType,
  ClassificationSystemViewerCan,
  ClassType,
  ClassViewerCan,
} from '../schema/types/classification';
import { CaseView } from '../schema/types/records';
import * as classification from '../services/classification';
import { argId, argIds } from './args';
import { caseView } from './CaseMutationResolver';
import { type Context } from './context';

/** The system as the viewer reads it after a change. */
async function systemView(ctx: Context, s: ClassificationSystem) {
  const view = await ctx.loaders.classificationSystem.clear(s.id).load(s.id);
  if (!view) throw notFound('The classification system');
  return view;
}

/** The class as the viewer reads it after a change (a screened one only in full if allowed). */
async function classView(ctx: Context, k: Class) {
  const view = await ctx.loaders.class.clear(k.id).load(k.id);
  if (!view) throw notFound('The class');
  return view;
}

@Resolver(() => ClassificationSystemType)
export class ClassificationSystemResolver {
  @Query(() => ClassificationSystemConnection, {
    description:
      'Classification systems (klassifikasjonssystemer), by title; every internal user reads them',
  })
  async classificationSystems(
    @Ctx() { em, ability }: Context,
    @Args() page: PageArgs,
  ): Promise<ClassificationSystemConnection> {
    const list = await listClassificationSystems(em, ability, page);
    return ClassificationSystemConnection.from(list, ClassificationSystemType.from);
  }

  @FieldResolver(() => ClassificationSystemViewerCan, {
    description: 'What you may do with the classification system now',
  })
  viewerCan(
    @Root() system: ClassificationSystemType,
    @Ctx() { ability }: Context,
  ): ClassificationSystemViewerCan {
    return Object.assign(new ClassificationSystemViewerCan(), {
      update: refuseSystemAdministration(ability) === null,
      createClass: refuseClassAdministration(ability, screensClasses(system.type)) === null,
    });
  }

  @Mutation(() => ClassificationSystemType, {
    description:
      'Create a classification system (opprett klassifikasjonssystem); administrators and archivists (ADMIN, ARCHIVIST)',
  })
  async createClassificationSystem(
    @Arg('input', () => CreateClassificationSystemInput, {
      description: 'The new classification system (klassifikasjonssystem)',
    })
    input: CreateClassificationSystemInput,
    @Ctx() ctx: Context,
  ): Promise<ClassificationSystemType> {
    return systemView(ctx, await classification.createClassificationSystem(ctx, input));
  }

  @Mutation(() => ClassificationSystemType, {
    description:
      'Change a classification system (endre klassifikasjonssystem); administrators and archivists (ADMIN, ARCHIVIST)',
  })
  async updateClassificationSystem(
    @Arg('input', () => UpdateClassificationSystemInput, {
      description: 'The classification system (klassifikasjonssystem) and its changes',
    })
    input: UpdateClassificationSystemInput,
    @Ctx() ctx: Context,
  ): Promise<ClassificationSystemType> {
    const id = argId('ClassificationSystem', 'id', input.id)!;
    return systemView(ctx, await classification.updateClassificationSystem(ctx, { ...input, id }));
  }
}

@Resolver(() => ClassType)
export class ClassResolver {
  @Query(() => ClassConnection, {
    description:
      'Classes (klasser) by klasseID as you see it; a screened class (person-number scheme) in its public form unless you read it in full',
  })
  async classes(
    @Ctx() { em, ability }: Context,
    @Args() page: PageArgs,
    @Arg('filter', () => ClassFilter, { nullable: true, description: 'Which classes (klasser)' })
    filter?: ClassFilter | null,
  ): Promise<ClassConnection> {
    const ids = argIds({
      'filter.systemId': ['ClassificationSystem', filter?.systemId],
      'filter.parentId': ['Class', filter?.parentId],
    });
    const list = await listClasses(em, ability, {
      filter: {
        systemId: ids['filter.systemId'],
        parentId: ids['filter.parentId'],
        topLevel: filter?.topLevel,
      },
      page,
    });
    return ClassConnection.from(list, ClassType.from);
  }

  @FieldResolver(() => ClassificationSystemType, {
    description: 'The classification system (klassifikasjonssystem) of the class',
  })
  async system(
    @Root() k: ClassType,
    @Ctx() { loaders }: Context,
  ): Promise<ClassificationSystemType> {
    return (await loaders.classificationSystem.load(k.systemRawId))!;
  }

  @FieldResolver(() => ClassType, {
    nullable: true,
    description: 'The parent class (overordnet klasse); null for a top-level class',
  })
  parent(@Root() k: ClassType, @Ctx() { loaders }: Context): Promise<ClassType | null> | null {
    return k.parentRawId ? loaders.class.load(k.parentRawId) : null;
  }

  @FieldResolver(() => ClassViewerCan, { description: 'What you may do with the class now' })
  viewerCan(@Root() k: ClassType, @Ctx() { ability }: Context): ClassViewerCan {
    return Object.assign(new ClassViewerCan(), {
      update: refuseClassAdministration(ability, k.screened) === null,
    });
  }

  @Mutation(() => ClassType, {
    description:
      'Create a class (opprett klasse); administrators and archivists (ADMIN, ARCHIVIST), in a person-number scheme archivists only',
  })
  async createClass(
    @Arg('input', () => CreateClassInput, { description: 'The new class (klasse)' })
    input: CreateClassInput,
    @Ctx() ctx: Context,
  ): Promise<ClassType> {
    const ids = argIds({
      systemId: ['ClassificationSystem', input.systemId],
      parentId: ['Class', input.parentId],
    });
    const k = await classification.createClass(ctx, {
      ...input,
      systemId: ids.systemId!,
      parentId: ids.parentId,
    });
    return classView(ctx, k);
  }

  @Mutation(() => ClassType, {
    description:
      'Change a class (endre klasse); administrators and archivists (ADMIN, ARCHIVIST), in a person-number scheme archivists only',
  })
  async updateClass(
    @Arg('input', () => UpdateClassInput, { description: 'The class (klasse) and its changes' })
    input: UpdateClassInput,
    @Ctx() ctx: Context,
  ): Promise<ClassType> {
    const ids = argIds({ id: ['Class', input.id], parentId: ['Class', input.parentId] });
    const k = await classification.updateClass(ctx, ids.id!, {
      classId: input.classId,
      title: input.title,
      // An explicit null moves the class to the top level; an omitted parentId keeps its parent.
      parentId: input.parentId === undefined ? undefined : ids.parentId,
      expectedVersion: input.expectedVersion,
    });
    return classView(ctx, k);
  }
}

@Resolver(() => CaseView)
export class CaseClassResolver {
  @FieldResolver(() => ClassType, {
    nullable: true,
    description:
      "The primary class (primærklassifikasjon), the case's archive code (arkivkode); a screened class in its public form where you see the case REDACTED",
  })
  async primaryClass(@Root() c: CaseView, @Ctx() { loaders }: Context): Promise<ClassType | null> {
    return (await loaders.classesOfCase.load(c.rawId)).primary;
  }

  @FieldResolver(() => [ClassType], {
    description:
      'The secondary classes (sekundærklassifikasjon), in order; screened ones in their public form where you see the case REDACTED',
  })
  async secondaryClasses(@Root() c: CaseView, @Ctx() { loaders }: Context): Promise<ClassType[]> {
    return (await loaders.classesOfCase.load(c.rawId)).secondary;
  }

  @Mutation(() => CaseView, {
    description:
      'Classify a case (klassifisering): set its primary class and its secondary classes, replacing the ones it has; whoever may change the case (Case.viewerCan.update). A class of a person-number scheme only where you read it in full',
  })
  async setCaseClasses(
    @Arg('input', () => SetCaseClassesInput, {
      description: 'The case (sak) and its classes (klasser)',
    })
    input: SetCaseClassesInput,
    @Ctx() ctx: Context,
  ): Promise<CaseView> {
    const ids = argIds({
      id: ['Case', input.id],
      primaryClassId: ['Class', input.primaryClassId],
    });
    const secondary = (input.secondaryClassIds ?? []).map((id, i) =>
      argId('Class', ['secondaryClassIds', i], id)!,
    );
    const id = await classification.setCaseClasses(
      ctx,
      { id: ids.id!, expectedVersion: input.expectedVersion },
      { primaryClassId: ids.primaryClassId, secondaryClassIds: secondary },
    );
    ctx.loaders.classesOfCase.clear(id);
    return caseView(ctx, id);
  }
}

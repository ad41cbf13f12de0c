import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ClassificationType } from '../../entities/enums';
import { type ClassificationSystemRow, type ClassRow } from '../../queries/classification';
import { toGlobalId } from '../globalId';
import { NodeInterface } from '../node';
import { connectionType } from './connection';
import { Visibility } from './records';

@ObjectType('ClassificationSystem', {
  implements: NodeInterface,
  description:
    'Classification system (klassifikasjonssystem): a scheme of classes (klasser) cases are classified by, such as the K-koder',
})
export class ClassificationSystemType implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the classification system' })
  id!: string;

  rawId!: string;

  @Field({ description: 'Title (tittel)' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Description (beskrivelse)' })
  description!: string | null;

  @Field(() => ClassificationType, {
    description:
      'Classification type (klassifikasjonstype); NATIONAL_ID screens the classes of the system',
  })
  type!: ClassificationType;

  @Field(() => Int, { description: 'Changes with every change of the system' })
  version!: number;

  static from(row: ClassificationSystemRow): ClassificationSystemType {
    return Object.assign(new ClassificationSystemType(), {
      id: toGlobalId('ClassificationSystem', row.id),
      rawId: row.id,
      title: row.title,
      description: row.description,
      type: row.type,
      version: row.version,
    });
  }
}

@ObjectType('Class', {
  implements: NodeInterface,
  description:
    "Class (klasse) of a classification system. A class of a person-number scheme is screened like a title: unless you read it in full (an archivist, or a reader of a case classified with it in full), klasseID and title are its public form '*****'",
})
export class ClassType implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the class' })
  id!: string;

  rawId!: string;
  systemRawId!: string;
  parentRawId!: string | null;

  @Field({
    description:
      "Class id (klasseID, M002), the case's archive code (arkivkode); '*****' where screened",
  })
  classId!: string;

  @Field({ description: "Title (tittel); '*****' where screened" })
  title!: string;

  @Field({
    description:
      'The class is of a person-number scheme (skjerming klasseID, skjerming tittel klasse): the public sees it as *****',
  })
  screened!: boolean;

  @Field(() => Visibility, {
    description: 'FULL: klasseID and title as stored; REDACTED: their public form',
  })
  visibility!: Visibility;

  @Field(() => Int, { description: 'Changes with every change of the class' })
  version!: number;

  static from(row: ClassRow): ClassType {
    return Object.assign(new ClassType(), {
      id: toGlobalId('Class', row.id),
      rawId: row.id,
      systemRawId: row.system_id,
      parentRawId: row.parent_id,
      classId: row.class_id,
      title: row.title,
      screened: row.screened,
      visibility: row.is_full ? Visibility.FULL : Visibility.REDACTED,
      version: row.version,
    });
  }
}

@ObjectType('ClassificationSystemViewerCan', {
  description: 'What you may do with this classification system (klassifikasjonssystem) now',
})
export class ClassificationSystemViewerCan {
  @Field({ description: 'You may change it: updateClassificationSystem' })
  update!: boolean;

  @Field({ description: 'You may create classes (klasser) in it: createClass' })
  createClass!: boolean;
}

@ObjectType('ClassViewerCan', { description: 'What you may do with this class (klasse) now' })
export class ClassViewerCan {
  @Field({ description: 'You may change it: updateClass' })
  update!: boolean;
}

export const ClassificationSystemConnection = connectionType(
  'ClassificationSystem',
  ClassificationSystemType,
  'All classification systems (klassifikasjonssystemer)',
);
export type ClassificationSystemConnection = InstanceType<typeof ClassificationSystemConnection>;

export const ClassConnection = connectionType(
  'Class',
  ClassType,
  'All matching classes (klasser), screened ones included (in their public form)',
);
export type ClassConnection = InstanceType<typeof ClassConnection>;

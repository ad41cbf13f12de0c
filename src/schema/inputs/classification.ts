import { Field, ID, InputType, Int } from 'type-graphql';
import { ClassificationType } from '../../entities/enums';

@InputType('ClassFilter', { description: 'Which classes (klasser)' })
export class ClassFilter {
  @Field(() => ID, {
    nullable: true,
    description: 'Only the classes of this classification system (klassifikasjonssystem)',
  })
  systemId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only the subclasses of this class (overordnet klasse)',
  })
  parentId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only classes without a parent (the top level)',
  })
  topLevel?: boolean | null;
}

@InputType('CreateClassificationSystemInput', {
  description: 'A new classification system (klassifikasjonssystem)',
})
export class CreateClassificationSystemInput {
  @Field({ description: 'Title (tittel), unique' })
  title!: string;

  @Field(() => ClassificationType, {
    description: 'Classification type (klassifikasjonstype); NATIONAL_ID screens its classes',
  })
  type!: ClassificationType;

  @Field(() => String, { nullable: true, description: 'Description (beskrivelse)' })
  description?: string | null;
}

@InputType('UpdateClassificationSystemInput', {
  description: 'Changes to a classification system (klassifikasjonssystem); omitted fields stay',
})
export class UpdateClassificationSystemInput {
  @Field(() => ID, { description: 'The classification system' })
  id!: string;

  @Field(() => Int, { nullable: true, description: 'The version you loaded' })
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'New title (tittel)' })
  title?: string | null;

  @Field(() => ClassificationType, {
    nullable: true,
    description: 'New classification type (klassifikasjonstype); only while it has no class',
  })
  type?: ClassificationType | null;

  @Field(() => String, {
    nullable: true,
    description: 'New description (beskrivelse); null or blank removes it',
  })
  description?: string | null;
}

@InputType('CreateClassInput', { description: 'A new class (klasse)' })
export class CreateClassInput {
  @Field(() => ID, { description: 'The classification system (klassifikasjonssystem) it is in' })
  systemId!: string;

  @Field({
    description:
      'Class id (klasseID), unique in the system; in a person-number scheme a national id number (fødselsnummer or D-nummer), and nowhere else',
  })
  classId!: string;

  @Field({ description: 'Title (tittel)' })
  title!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The parent class (overordnet klasse), in the same system',
  })
  parentId?: string | null;
}

@InputType('UpdateClassInput', { description: 'Changes to a class (klasse); omitted fields stay' })
export class UpdateClassInput {
  @Field(() => ID, { description: 'The class' })
  id!: string;

  @Field(() => Int, { nullable: true, description: 'The version you loaded' })
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'New class id (klasseID)' })
  classId?: string | null;

  @Field(() => String, { nullable: true, description: 'New title (tittel)' })
  title?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'New parent class (overordnet klasse); null makes it a top-level class',
  })
  parentId?: string | null;
}

@InputType('SetCaseClassesInput', {
  description:
    "A case's classes (klassifikasjon), replacing the ones it has: the primary class and the secondary ones in order",
})
export class SetCaseClassesInput {
  @Field(() => ID, { description: 'The case (sak)' })
  id!: string;

  @Field(() => Int, { nullable: true, description: 'The version of the case you loaded' })
  expectedVersion?: number | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The primary class (primærklassifikasjon); null for none',
  })
  primaryClassId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'The secondary classes (sekundærklassifikasjon, M209), in order; omitted or empty for none',
  })
  secondaryClassIds?: string[] | null;
}

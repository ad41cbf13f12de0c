import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ClassificationType } from './enums';

/**
 * Klassifikasjonssystem: a scheme of classes (klasser) that cases are classified by, such as the
 * K-koder, a function scheme, or a person-number scheme for pupil and personnel folders.
 */
@Entity({ tableName: 'classification_system' })
export class ClassificationSystem {
  [OptionalProps]?: 'description' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Tittel */
  @Property({ type: 'text', unique: true })
  title!: string;

  /** Beskrivelse */
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** Klassifikasjonstype (M086); fixed once the system has classes */
  @Enum({ items: () => ClassificationType })
  type!: ClassificationType;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ version: true, type: 'integer' })
  version!: Opt<number>;
}

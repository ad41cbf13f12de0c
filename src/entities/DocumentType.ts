import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Dokumenttype: a kind of document the organisation defines ("Sakkyndig vurdering", "Vedtak",
 * "Brev", "Notat"), and whether a post of it must be approved by a leader before it is dispatched
 * (docs/daily-routines.md, "Approval by document type"). Ended (validTo), never deleted, so old
 * posts keep their type.
 */
@Entity({ tableName: 'document_type' })
export class DocumentType {
  [OptionalProps]?: 'requiresApproval' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Unique within the organisation */
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** Krever godkjenning: a post of this type is dispatched only once a leader approved it */
  @Property({ type: 'boolean' })
  requiresApproval: boolean = false;

  @Property({ type: 'date' })
  validFrom!: string;

  /** The last day of use; null while in use */
  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

import { Field, ID, ObjectType } from 'type-graphql';
import { type AuditEventRow } from '../../queries/audit';
import { NODE_TYPES, type NodeType, toGlobalId } from '../globalId';
import { NodeInterface } from '../node';
import { connectionType } from './connection';

const isNodeType = (type: string | null): type is NodeType =>
  type !== null && (NODE_TYPES as readonly string[]).includes(type);

@ObjectType('AuditEvent', {
  implements: NodeInterface,
  description:
    'Audit event (hendelse i hendelsesloggen): one change, or one logged full read, with who, when and what',
})
export class AuditEventView implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the event' })
  id!: string;

  actorRawId!: string | null;

  @Field(() => Date, { description: 'When it happened' })
  at!: Date;

  @Field({ description: 'What happened, e.g. "journalPost.correct" or "case.readFull"' })
  action!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The kind of object it happened to: Case, JournalPost, User, Unit, …',
  })
  targetType!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The id of the object it happened to (a global id where the kind has one)',
  })
  targetId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'JSON of the changed fields with old and new values: {"field": {"old": …, "new": …}}. ' +
      'Where `redacted`, the field names are kept and every value is "*****".',
  })
  changes!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Reason given (begrunnelse); "*****" where `redacted`',
  })
  reason!: string | null;

  @Field({
    description:
      'The values of this event are withheld from you: it is about a restricted record you ' +
      'may not read in full (being ADMIN gives no right to read restricted records)',
  })
  redacted!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The request that made it (x-request-id), to join with the server logs',
  })
  requestId!: string | null;

  static from(row: AuditEventRow): AuditEventView {
    return Object.assign(new AuditEventView(), {
      id: toGlobalId('AuditEvent', String(row.id)),
      actorRawId: row.actor_id,
      // The driver gives timestamps as text; at_key is ISO 8601 in UTC (to the microsecond).
      at: new Date(`${row.at_key.slice(0, 23)}Z`),
      action: row.action,
      targetType: row.target_type,
      targetId:
        row.target_id && isNodeType(row.target_type)
          ? toGlobalId(row.target_type, row.target_id)
          : row.target_id,
      changes: row.changes === null ? null : JSON.stringify(row.changes),
      reason: row.reason,
      redacted: row.redacted,
      requestId: row.request_id,
    });
  }
}

export const AuditEventConnection = connectionType(
  'AuditEvent',
  AuditEventView,
  'All matching events',
);
export type AuditEventConnection = InstanceType<typeof AuditEventConnection>;

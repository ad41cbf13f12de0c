import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DeliveryStatus } from '../../entities/Delivery';
import {
  type ArchiveLogRow,
  type ArchiveLogSummaryRow,
  type SpecialistSystemRow,
} from '../../queries/deliveries';
import { toGlobalId } from '../globalId';
import { NodeInterface } from '../node';
import { DateTimeScalar } from '../scalars';
import { connectionType } from './connection';

registerEnumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  description:
    'How a delivery attempt (en levering) ended, as the archive log (arkivlogg) tells it',
  valuesConfig: {
    RECEIVED: {
      description:
        'Received and logged, not finished: still running, or it failed unexpectedly (look the request id up in the server log)',
    },
    STORED: { description: 'Made now: the record is in the archive (arkivert)' },
    DUPLICATE: {
      description:
        'The same key and content came before: nothing new was made, the earlier record answered',
    },
    REFUSED: { description: 'Refused (avvist): nothing was made; errorCode and reason say why' },
  },
});

/** What a delivery does (the archive log's operasjon), as services/deliveries.ts names it. */
export enum DeliveryOperationEnum {
  NEW_CASE_FILE = 'NEW_CASE_FILE',
  UPDATE_CASE_FILE = 'UPDATE_CASE_FILE',
  NEW_JOURNAL_POST = 'NEW_JOURNAL_POST',
  NEW_CORRESPONDENT = 'NEW_CORRESPONDENT',
  NEW_DOCUMENT_DESCRIPTION = 'NEW_DOCUMENT_DESCRIPTION',
  NEW_DOCUMENT_OBJECT = 'NEW_DOCUMENT_OBJECT',
  UPLOAD_FILE = 'UPLOAD_FILE',
}

registerEnumType(DeliveryOperationEnum, {
  name: 'DeliveryOperation',
  description: 'What a delivery through the Noark 5 service interface does',
  valuesConfig: {
    NEW_CASE_FILE: { description: 'A new case file (ny saksmappe)' },
    UPDATE_CASE_FILE: { description: 'A change of a case file (saksmappe)' },
    NEW_JOURNAL_POST: { description: 'A new journal post (ny journalpost)' },
    NEW_CORRESPONDENT: { description: 'A new correspondent (ny korrespondansepart)' },
    NEW_DOCUMENT_DESCRIPTION: {
      description: 'A new document description (ny dokumentbeskrivelse)',
    },
    NEW_DOCUMENT_OBJECT: { description: 'A new document object (nytt dokumentobjekt)' },
    UPLOAD_FILE: { description: 'A file uploaded to a document object (referanseFil)' },
  },
});

@ObjectType('SpecialistSystem', {
  implements: NodeInterface,
  description:
    'A specialist system (fagsystem) that delivers records through the Noark 5 service interface, signing in as its own user; its owner (systemansvarlig) follows its archive log (arkivlogg)',
})
export class SpecialistSystemType implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the system' })
  id!: string;

  rawId!: string;
  userRawId!: string;
  ownerRawId!: string;

  @Field({ description: 'The system’s name, e.g. "Visma Flyt Skole"' })
  name!: string;

  @Field(() => DateTimeScalar, { description: 'When the system was registered' })
  createdAt!: Date;

  static from(row: SpecialistSystemRow): SpecialistSystemType {
    return Object.assign(new SpecialistSystemType(), {
      id: toGlobalId('SpecialistSystem', row.id),
      rawId: row.id,
      userRawId: row.user_id,
      ownerRawId: row.owner_id,
      name: row.name,
      createdAt: new Date(row.created_at),
    });
  }
}

export const SpecialistSystemConnection = connectionType(
  'SpecialistSystem',
  SpecialistSystemType,
  'How many specialist systems you read',
);
export type SpecialistSystemConnection = InstanceType<typeof SpecialistSystemConnection>;

@ObjectType('ArchiveLogEntry', {
  implements: NodeInterface,
  description:
    'One delivery attempt in the archive log (arkivlogg): what was sent, with which key, and how it ended. It holds no value of the record (no title, no name)',
})
export class ArchiveLogEntryType implements NodeInterface {
  @Field(() => ID, { description: 'Global id of the entry' })
  id!: string;

  rawId!: string;
  senderRawId!: string;
  nodeKind!: ArchiveLogRow['node_kind'];
  nodeRawId!: string | null;
  systemRow!: SpecialistSystemRow | null;

  @Field(() => String, {
    description:
      'The id of the entry as the Noark 5 service interface names it (systemID of the delivery)',
  })
  deliveryId!: string;

  @Field(() => DeliveryOperationEnum, { description: 'What the delivery did (operasjon)' })
  operation!: DeliveryOperationEnum;

  @Field(() => String, {
    nullable: true,
    description:
      'The sender’s idempotency key (Idempotency-Key, or the eksternID); null: none given',
  })
  key!: string | null;

  @Field(() => DeliveryStatus, { description: 'How the attempt ended' })
  status!: DeliveryStatus;

  @Field(() => String, {
    nullable: true,
    description: 'REFUSED: the error code the sender got (as in the GraphQL errors)',
  })
  errorCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'REFUSED: why (the message the sender got; never values of the delivered record)',
  })
  reason!: string | null;

  @Field(() => Boolean, {
    description:
      'A refusal no later delivery has put right (a STORED delivery of the same sender with the same key; without a key, of the same operation under the same parent): these come first in the log',
  })
  unresolved!: boolean;

  @Field(() => DateTimeScalar, { description: 'When the delivery was received (mottatt)' })
  receivedAt!: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it ended; null while RECEIVED',
  })
  finishedAt!: Date | null;

  @Field(() => String, {
    description: 'The request id, to find the request in the server log (and in the audit trail)',
  })
  requestId!: string;

  static from(row: ArchiveLogRow): ArchiveLogEntryType {
    return Object.assign(new ArchiveLogEntryType(), {
      id: toGlobalId('ArchiveLogEntry', row.id),
      rawId: row.id,
      deliveryId: row.id,
      senderRawId: row.user_id,
      nodeKind: row.node_kind,
      nodeRawId: row.node_id,
      systemRow: row.system_id
        ? {
            id: row.system_id,
            name: row.system_name!,
            owner_id: row.system_owner_id!,
            user_id: row.system_user_id!,
            created_at: row.system_created_at!,
          }
        : null,
      operation: row.operation as DeliveryOperationEnum,
      key: row.idempotency_key,
      status: row.status,
      errorCode: row.error_code,
      reason: row.reason,
      unresolved: row.unresolved === 1,
      receivedAt: new Date(row.received_at),
      finishedAt: row.finished_at ? new Date(row.finished_at) : null,
      requestId: row.request_id,
    });
  }
}

export const ArchiveLogConnection = connectionType(
  'ArchiveLog',
  ArchiveLogEntryType,
  'How many entries of the archive log you read match',
);
export type ArchiveLogConnection = InstanceType<typeof ArchiveLogConnection>;

@ObjectType('ArchiveLogSummary', {
  description:
    'One specialist system’s deliveries at a glance: the last one, and the counts of the last day (døgn)',
})
export class ArchiveLogSummaryType {
  @Field(() => SpecialistSystemType, { description: 'The specialist system (fagsystem)' })
  system!: SpecialistSystemType;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When its last delivery was received; null: none yet',
  })
  lastDeliveryAt!: Date | null;

  @Field(() => Int, { description: 'Deliveries STORED in the last 24 hours' })
  storedLastDay!: number;

  @Field(() => Int, { description: 'Deliveries REFUSED (avvist) in the last 24 hours' })
  refusedLastDay!: number;

  @Field(() => Int, {
    description: 'Refusals not yet put right, however old (feilmeldinger som venter på retting)',
  })
  unresolvedFailures!: number;

  static from(row: ArchiveLogSummaryRow): ArchiveLogSummaryType {
    return Object.assign(new ArchiveLogSummaryType(), {
      system: SpecialistSystemType.from(row),
      lastDeliveryAt: row.last_delivery_at ? new Date(row.last_delivery_at) : null,
      storedLastDay: row.stored_last_day,
      refusedLastDay: row.refused_last_day,
      unresolvedFailures: row.unresolved_failures,
    });
  }
}

@InputType('RegisterSpecialistSystemInput', {
  description:
    'A new specialist system (fagsystem): its user (bruker, without roles: grant them with assignRole) and its owner (systemansvarlig)',
})
export class RegisterSpecialistSystemInput {
  @Field({
    description:
      'The username the system signs in with (2–64 characters: lower-case letters, digits, dot, dash or underscore), e.g. visma-flyt-skole',
  })
  username!: string;

  @Field({ description: 'The system’s name, e.g. "Visma Flyt Skole" (also the user’s name)' })
  name!: string;

  @Field(() => ID, { description: 'Global id of the owner (systemansvarlig), an active user' })
  ownerId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Global id of the unit (administrativ enhet) the system’s user belongs to',
  })
  unitId?: string | null;
}

export const ArchiveLogSummaryConnection = connectionType(
  'ArchiveLogSummary',
  ArchiveLogSummaryType,
  'How many specialist systems you follow the log of',
);
export type ArchiveLogSummaryConnection = InstanceType<typeof ArchiveLogSummaryConnection>;

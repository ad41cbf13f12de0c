import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { CaseStatus, JournalPostType, JournalStatus } from '../../entities/enums';
import { InsightRequestStatus } from '../../entities/InsightRequest';
import { DateRange, DateTimeRange, OrderDirection } from './paging';

/**
 * The `filter:` and `orderBy:` inputs of the internal lists (docs/api-conventions.md, "Lists").
 * Each order field names its default direction; the other direction turns every key round, with
 * NULLs last both ways.
 */

export enum CaseOrderField {
  CASE_NUMBER = 'CASE_NUMBER',
  TITLE = 'TITLE',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(CaseOrderField, {
  name: 'CaseOrderField',
  description: 'What a list of cases (saker) is ordered by',
  valuesConfig: {
    CASE_NUMBER: {
      description:
        'Case number (saksnummer): year, then sequence number. Default DESC, the newest case first',
    },
    TITLE: {
      description:
        'Title (tittel) as you see it (the public title where it is screened from you), in Norwegian order (Æ, Ø, Å after Z). Default ASC, A first',
    },
    CREATED_AT: { description: 'Created (opprettet dato). Default DESC, the newest first' },
  },
});

@InputType('CaseOrder', { description: 'The order of a list of cases (saker)' })
export class CaseOrderInput {
  @Field(() => CaseOrderField, { description: 'What the cases (saker) are ordered by' })
  field!: CaseOrderField;

  @Field(() => OrderDirection, {
    nullable: true,
    description: 'The direction; when left out, the default the field names',
  })
  direction?: OrderDirection | null;
}

@InputType('CaseFilter', {
  description: 'Which cases (saker) a list holds; every field narrows it',
})
export class CaseFilterInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Text in the title (tittel) as you see it, in the case number (saksnummer) or in the klasseID of a class of the case as you see it, at least three characters',
  })
  query?: string | null;

  @Field(() => CaseStatus, { nullable: true, description: 'Case status (saksstatus)' })
  status?: CaseStatus | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Responsible unit (administrativ enhet): a Unit id',
  })
  unitId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Case responsible (saksansvarlig): a User id; matches only where you see it',
  })
  caseResponsibleId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Access group (tilgangsgruppe): an AccessGroup id; matches only where you see it',
  })
  accessGroupId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A national identity number (fødselsnummer or D-nummer, 11 digits) or an organisation number (organisasjonsnummer, 9 digits): the cases that name that person or organisation as a party (sakspart) or as a correspondent (korrespondansepart) of a journal post, among the cases and posts you read in full (FULL). The duplicate check before creating a pupil folder (elevmappe). Spaces and dots between digits are ignored; the number is never repeated in an error',
  })
  partyIdentifier?: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'A class (klasse), primary or secondary: a Class id; a screened class matches only cases you read in full',
  })
  classId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Any class of a classification system (klassifikasjonssystem): a ClassificationSystem id; a screened class matches only cases you read in full',
  })
  classificationSystemId?: string | null;
}

export enum JournalPostOrderField {
  JOURNAL_DATE = 'JOURNAL_DATE',
  CASE_NUMBER = 'CASE_NUMBER',
  TITLE = 'TITLE',
  DUE_DATE = 'DUE_DATE',
}
registerEnumType(JournalPostOrderField, {
  name: 'JournalPostOrderField',
  description: 'What a list of journal posts (journalposter) is ordered by',
  valuesConfig: {
    JOURNAL_DATE: {
      description:
        'Journal date (journaldato), then sequence number (løpenummer). Default DESC, the newest first',
    },
    CASE_NUMBER: {
      description:
        'Case number (saksnummer), then document number (dokumentnummer). Default DESC: the newest case first, its posts by document number from 1; ASC turns both round',
    },
    TITLE: {
      description:
        'Title (tittel) as you see it (the public title where it is screened from you), in Norwegian order (Æ, Ø, Å after Z). Default ASC, A first',
    },
    DUE_DATE: {
      description:
        'Due date (forfallsdato). Default ASC, the earliest first; posts without one come last in both directions',
    },
  },
});

@InputType('JournalPostOrder', {
  description: 'The order of a list of journal posts (journalposter)',
})
export class JournalPostOrderInput {
  @Field(() => JournalPostOrderField, {
    description: 'What the journal posts (journalposter) are ordered by',
  })
  field!: JournalPostOrderField;

  @Field(() => OrderDirection, {
    nullable: true,
    description: 'The direction; when left out, the default the field names',
  })
  direction?: OrderDirection | null;
}

@InputType('JournalPostFilter', {
  description: 'Which journal posts (journalposter) a list holds; every field narrows it',
})
export class JournalPostFilterInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Text in the title (tittel) as you see it, the registry id (saksnummer-dokumentnummer) or a correspondent (korrespondansepart) you see, at least three characters',
  })
  query?: string | null;

  @Field(() => ID, { nullable: true, description: 'Case (sak): a Case id' })
  caseId?: string | null;

  @Field(() => JournalPostType, {
    nullable: true,
    description: 'Journal post type (journalposttype)',
  })
  type?: JournalPostType | null;

  @Field(() => JournalStatus, { nullable: true, description: 'Journal status (journalstatus)' })
  status?: JournalStatus | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Responsible unit (administrativ enhet): a Unit id',
  })
  unitId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Case officer (saksbehandler): a User id; matches only where you see it',
  })
  responsibleId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Access group (tilgangsgruppe): an AccessGroup id; matches only where you see it',
  })
  accessGroupId?: string | null;

  @Field(() => DateRange, { nullable: true, description: 'Journal date (journaldato) range' })
  journalDate?: DateRange | null;

  @Field(() => DateRange, {
    nullable: true,
    description: 'Due date (forfallsdato) range; posts without a due date never match it',
  })
  dueDate?: DateRange | null;
}

export enum InsightRequestOrderField {
  RECEIVED_AT = 'RECEIVED_AT',
  DUE_DATE = 'DUE_DATE',
}
registerEnumType(InsightRequestOrderField, {
  name: 'InsightRequestOrderField',
  description: 'What a list of insight requests (innsynskrav) is ordered by',
  valuesConfig: {
    RECEIVED_AT: { description: 'Received (mottatt). Default DESC, the newest first' },
    DUE_DATE: {
      description:
        'Due date (frist), then received (mottatt). Default ASC, the earliest first: the work queue',
    },
  },
});

@InputType('InsightRequestOrder', {
  description: 'The order of a list of insight requests (innsynskrav)',
})
export class InsightRequestOrderInput {
  @Field(() => InsightRequestOrderField, {
    description: 'What the insight requests (innsynskrav) are ordered by',
  })
  field!: InsightRequestOrderField;

  @Field(() => OrderDirection, {
    nullable: true,
    description: 'The direction; when left out, the default the field names',
  })
  direction?: OrderDirection | null;
}

@InputType('InsightRequestFilter', {
  description: 'Which insight requests (innsynskrav) a list holds; every field narrows it',
})
export class InsightRequestFilterInput {
  @Field(() => InsightRequestStatus, {
    nullable: true,
    description: 'Status of the insight request (innsynskrav)',
  })
  status?: InsightRequestStatus | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Past the due date (frist) and not decided (true), or not (false)',
  })
  overdue?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Not decided within 5 working days: deemed refused (avslag, offl. § 32)',
  })
  deemedRefused?: boolean | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Requests with a journal post (journalpost) of this responsible unit (administrativ enhet): a Unit id',
  })
  unitId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Requests with a journal post (journalpost) assigned to this case officer (saksbehandler): a User id',
  })
  assigneeId?: string | null;
}

@InputType('AuditEventFilter', {
  description:
    'Which events of the audit trail (hendelseslogg) a list holds; every field narrows it',
})
export class AuditEventFilterInput {
  @Field(() => String, {
    nullable: true,
    description: 'Exactly this action (hendelsestype), e.g. "journalPost.correct"',
  })
  action?: string | null;

  @Field(() => ID, { nullable: true, description: 'Who did it (utført av): a User id' })
  actorId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'What it was done to (registreringsobjekt): the id of a Case, JournalPost, User, Unit, …',
  })
  targetId?: string | null;

  @Field(() => DateTimeRange, {
    nullable: true,
    description: 'When it happened (hendelsesdato): a range of moments',
  })
  at?: DateTimeRange | null;
}

import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { JournalPostType, WriteOffMethod } from '../../entities/enums';
import { type PublicEntryRow } from '../../queries/publicJournal';
import { toGlobalId } from '../globalId';
import { NodeInterface } from '../node';
import { DateScalar } from '../scalars';
import { connectionType } from './connection';
import { DateRange, OrderDirection } from '../inputs/paging';

@ObjectType('PublicJournalEntry', {
  implements: NodeInterface,
  description:
    'One line of the public journal (offentlig journal), already redacted. Nothing in it depends on who asks.',
})
export class PublicJournalEntry implements NodeInterface {
  @Field(() => ID, {
    description:
      "The entry's own id (journal entry, journalpost i offentlig journal), not the journal post's: use it in submitInsightRequest's entryIds; node(id:) gives the entry while it is published",
  })
  id!: string;

  @Field({ description: 'Registry id (registreringsID) "2026/123-8"' })
  registryId!: string;

  @Field(() => Int, { description: 'Journal year (journalår)' })
  journalYear!: number;

  @Field(() => Int, {
    description: 'Journal sequence number (journalsekvensnummer, løpenummer)',
  })
  journalSequenceNumber!: number;

  @Field({ description: 'Case number (saksnummer)' })
  caseNumber!: string;

  @Field({ description: 'Case title (sakstittel); public form when screened' })
  caseTitle!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "The case's archive code (arkivkode): the klasseID of its primary class (primærklassifikasjon); ***** for a class of a person-number scheme; null when the case has none",
  })
  classCode!: string | null;

  @Field({ description: 'Document title (dokumenttittel); public form when screened' })
  title!: string;

  @Field(() => JournalPostType, { description: 'Journal post type (journalposttype)' })
  type!: JournalPostType;

  @Field(() => DateScalar, { description: 'Journal date (journaldato)' })
  journalDate!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Document date (dokumentdato); null = undated (udatert)',
  })
  documentDate!: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Received date (mottatt dato) of an incoming letter (I); null for other types',
  })
  receivedDate!: string | null;

  @Field(() => [String], {
    description: 'Senders and recipients (avsender/mottaker); a screened one appears as *****',
  })
  correspondents!: string[];

  @Field({ description: 'Name of the responsible unit (ansvarlig enhet)' })
  unit!: string;

  @Field({ description: 'Anything in the entry or its document is screened' })
  screened!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Legal basis for screening (skjermingshjemmel), whenever anything is screened',
  })
  legalBasis!: string | null;

  @Field(() => WriteOffMethod, {
    nullable: true,
    description: 'Write-off method (avskrivningsmåte), when written off',
  })
  writeOffMethod!: WriteOffMethod | null;

  @Field(() => DateScalar, { nullable: true, description: 'Write-off date (avskrivningsdato)' })
  writeOffDate!: string | null;

  static from(row: PublicEntryRow): PublicJournalEntry {
    return Object.assign(new PublicJournalEntry(), {
      id: toGlobalId('PublicJournalEntry', row.id),
      registryId: row.registry_id,
      journalYear: row.journal_year,
      journalSequenceNumber: row.journal_sequence_number,
      caseNumber: row.case_number,
      caseTitle: row.case_title,
      classCode: row.class_code,
      title: row.title,
      type: row.type,
      journalDate: row.journal_date,
      documentDate: row.document_date,
      receivedDate: row.received_date,
      correspondents: row.correspondents,
      unit: row.unit,
      screened: row.screened,
      legalBasis: row.legal_basis,
      writeOffMethod: row.write_off_method,
      writeOffDate: row.write_off_date,
    });
  }
}

export const PublicJournalConnection = connectionType(
  'PublicJournal',
  PublicJournalEntry,
  'All matching entries',
);
export type PublicJournalConnection = InstanceType<typeof PublicJournalConnection>;

@InputType('PublicJournalFilter', {
  description: 'Which entries of the public journal (offentlig journal); every field narrows it',
})
export class PublicJournalFilterInput {
  @Field(() => DateRange, { nullable: true, description: 'Journal date (journaldato) range' })
  journalDate?: DateRange | null;

  @Field(() => DateRange, {
    nullable: true,
    description:
      'Document date (dokumentdato) range; undated entries (udatert) fall outside any range',
  })
  documentDate?: DateRange | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Responsible unit (administrativ enhet): a Unit id',
  })
  unitId?: string | null;

  @Field(() => JournalPostType, {
    nullable: true,
    description: 'Journal post type (journalposttype)',
  })
  type?: JournalPostType | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Search over the public form of the entry only. Words (Norwegian stemming) in the title (tittel), case title and correspondents (korrespondanseparter) not screened; `skole*` for words beginning so; "a phrase"; `OR` between alternatives; `-word` leaves out entries with it (alone: every entry but those). A case number (saksnummer) `2026/30` gives its entries, a registry id (registreringsID) `2026/30-4` the entry, `2026/30-*` every entry of the case',
  })
  query?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Legal basis for screening (skjermingshjemmel), exactly as shown on entries',
  })
  legalBasis?: string | null;
}

export enum PublicJournalOrderField {
  JOURNAL_DATE = 'JOURNAL_DATE',
  DOCUMENT_DATE = 'DOCUMENT_DATE',
  RELEVANCE = 'RELEVANCE',
}
registerEnumType(PublicJournalOrderField, {
  name: 'PublicJournalOrderField',
  description: 'What the public journal (offentlig journal) is ordered by',
  valuesConfig: {
    JOURNAL_DATE: {
      description:
        'Journal date (journaldato), then sequence number (løpenummer). Default DESC, the newest first',
    },
    DOCUMENT_DATE: {
      description:
        'Document date (dokumentdato), then journal date. Default DESC, the newest first; undated entries (udatert) come last in both directions',
    },
    RELEVANCE: {
      description:
        "How well the search's words match the public titles, then journal date. Default DESC, the best first; without words in filter.query, as JOURNAL_DATE",
    },
  },
});

@InputType('PublicJournalOrder', {
  description: 'The order of the public journal (offentlig journal)',
})
export class PublicJournalOrderInput {
  @Field(() => PublicJournalOrderField, {
    description: 'What the entries are ordered by',
  })
  field!: PublicJournalOrderField;

  @Field(() => OrderDirection, {
    nullable: true,
    description: 'The direction; when left out, the default the field names',
  })
  direction?: OrderDirection | null;
}

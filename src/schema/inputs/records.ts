import { Field, ID, InputType } from 'type-graphql';
import { CorrespondentRole, JournalPostType, ScreenedField } from '../../entities/enums';
import { DateScalar } from '../scalars';
import { CaseTargetInput, JournalPostTargetInput } from './targets';

@InputType('CreateCaseInput', { description: 'A new case (ny sak)' })
export class CreateCaseInput {
  @Field({ description: 'Title (tittel); mark words to screen as {words}' })
  title!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Public title (offentlig tittel); derived from {…} in the title when omitted',
  })
  publicTitle?: string | null;

  @Field(() => ID, { description: 'Responsible unit (ansvarlig enhet)' })
  responsibleUnitId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Case responsible (saksansvarlig); you when omitted',
  })
  caseResponsibleId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Access group (tilgangsgruppe)' })
  accessGroupId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Screening code (tilgangskode)' })
  screeningCodeId?: string | null;

  @Field(() => [ScreenedField], {
    nullable: true,
    description: "Screened fields (skjermingsmetadata); the code's defaults when omitted",
  })
  screenedFields?: ScreenedField[] | null;

  @Field(() => String, {
    nullable: true,
    description: "Legal basis for screening (skjermingshjemmel) when it differs from the code's",
  })
  legalBasis?: string | null;
}

@InputType('UpdateCaseInput', {
  description:
    'A change of a case (endre sak): only the fields given change; null clears a field, or returns it to the default of the screening code',
})
export class UpdateCaseInput extends CaseTargetInput {
  @Field(() => String, {
    nullable: true,
    description: 'Title (tittel); mark words to screen as {words}',
  })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Public title (offentlig tittel)' })
  publicTitle?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "Access group (tilgangsgruppe); a new one is for leaders of the case's unit and the archive",
  })
  accessGroupId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Screening code (tilgangskode)' })
  screeningCodeId?: string | null;

  @Field(() => [ScreenedField], {
    nullable: true,
    description: 'Screened fields (skjermingsmetadata)',
  })
  screenedFields?: ScreenedField[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Legal basis for screening (skjermingshjemmel)',
  })
  legalBasis?: string | null;
}

@InputType('CorrespondentInput', { description: 'A correspondent (korrespondansepart)' })
export class CorrespondentInput {
  @Field(() => CorrespondentRole, {
    description: 'Role of the correspondent (korrespondanseparttype)',
  })
  role!: CorrespondentRole;

  @Field({ description: 'Name (korrespondansepartnavn)' })
  name!: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Screen the correspondent (avskjerm kontakt); defaults to whether the post's screening covers correspondent names",
  })
  screened?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'A person (true, default) or an organisation (organisasjon)',
  })
  isPerson?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Postal address (adresse); never public' })
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail address (e-post); never public' })
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "A person's national identity number (fødselsnummer or D-nummer, 11 digits with valid check digits); never public, seen only by those who read the post in full",
  })
  nationalId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "An organisation's organisation number (organisasjonsnummer, 9 digits with a valid check digit); never public, seen only by those who read the post in full",
  })
  organizationNumber?: string | null;
}

@InputType('RegisterJournalPostInput', {
  description: 'The registration of a journal post (registrering av journalpost)',
})
export class RegisterJournalPostInput {
  @Field(() => ID, { description: 'The case (sak) the post belongs to' })
  caseId!: string;

  @Field(() => JournalPostType, { description: 'Journal post type (journalposttype)' })
  type!: JournalPostType;

  @Field({ description: 'Title (tittel); mark words to screen as {words}' })
  title!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Public title (offentlig tittel); derived from {…} in the title when omitted',
  })
  publicTitle?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Document date (dokumentdato)' })
  documentDate?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'Received date (mottatt dato), incoming posts (I) only: when the letter reached the organisation; the journal date when omitted; not after today, not before the document date',
  })
  receivedDate?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'Due date (forfallsdato); three weeks after registration for I and N posts when omitted',
  })
  dueDate?: string | null;

  @Field(() => [CorrespondentInput], {
    nullable: true,
    description: 'Correspondents (korrespondanseparter)',
  })
  correspondents?: CorrespondentInput[] | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "Case handler (saksbehandler); when omitted you, but an incoming letter registered by the archive goes to the case responsible, or, where the case has none, to its unit's distribution queue (til fordeling)",
  })
  responsibleId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Access group (tilgangsgruppe); inherited from the case when omitted',
  })
  accessGroupId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Document type (dokumenttype), one in use; a type that requires approval must be approved before dispatch',
  })
  documentTypeId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Screening code (tilgangskode); inherited from the case when omitted',
  })
  screeningCodeId?: string | null;

  @Field(() => [ScreenedField], {
    nullable: true,
    description: "Screened fields (skjermingsmetadata); the code's defaults when omitted",
  })
  screenedFields?: ScreenedField[] | null;

  @Field(() => String, {
    nullable: true,
    description: "Legal basis for screening (skjermingshjemmel) when it differs from the code's",
  })
  legalBasis?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Incoming post registered by the archive whose screening (skjerming) is still to be assessed (TEMPORARY)',
  })
  screeningPending?: boolean | null;
}

@InputType('UpdateJournalPostInput', {
  description:
    'A change of a journal post while it is unfinished (endre journalpost): only the fields given change',
})
export class UpdateJournalPostInput extends JournalPostTargetInput {
  @Field(() => String, {
    nullable: true,
    description: 'Title (tittel); mark words to screen as {words}',
  })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Public title (offentlig tittel)' })
  publicTitle?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Document date (dokumentdato)' })
  documentDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Due date (forfallsdato)' })
  dueDate?: string | null;

  @Field(() => [CorrespondentInput], {
    nullable: true,
    description: 'Correspondents (korrespondanseparter); replace the current ones when given',
  })
  correspondents?: CorrespondentInput[] | null;

  @Field(() => ID, { nullable: true, description: 'Case handler (saksbehandler)' })
  responsibleId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Access group (tilgangsgruppe)' })
  accessGroupId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Screening code (tilgangskode)' })
  screeningCodeId?: string | null;

  @Field(() => [ScreenedField], {
    nullable: true,
    description: 'Screened fields (skjermingsmetadata)',
  })
  screenedFields?: ScreenedField[] | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Document type (dokumenttype), one in use; omitted or null: unchanged',
  })
  documentTypeId?: string | null;
}

@InputType('CorrectJournalPostInput', {
  description: "The archive's correction of a finalised journal post (korrigere journalpost)",
})
export class CorrectJournalPostInput extends JournalPostTargetInput {
  @Field({
    description:
      'Reason (begrunnelse) for the correction; kept in the audit trail with the old values',
  })
  reason!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Title (tittel); mark words to screen as {words}',
  })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Public title (offentlig tittel)' })
  publicTitle?: string | null;

  @Field(() => ID, { nullable: true, description: 'Screening code (tilgangskode)' })
  screeningCodeId?: string | null;

  @Field(() => [ScreenedField], {
    nullable: true,
    description: 'Screened fields (skjermingsmetadata)',
  })
  screenedFields?: ScreenedField[] | null;

  @Field(() => ID, { nullable: true, description: 'Access group (tilgangsgruppe)' })
  accessGroupId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Document date (dokumentdato)' })
  documentDate?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'Received date (mottatt dato), incoming posts (I) only; not after today, not before the document date',
  })
  receivedDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Due date (forfallsdato)' })
  dueDate?: string | null;

  @Field(() => [CorrespondentInput], {
    nullable: true,
    description: 'Correspondents (korrespondanseparter); replace the current ones when given',
  })
  correspondents?: CorrespondentInput[] | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "Case handler (saksbehandler): an active case handler or leader of the post's units, or an archivist, who reads the post in full; told by mail",
  })
  responsibleId?: string | null;
}

import { Field, ID, InputType } from 'type-graphql';
import { CorrespondentRole, JournalPostType, ScreenedField } from '../../entities/enums';
import { DateScalar } from '../scalars';

@InputType('CreateCaseInput', { description: 'Ny sak' })
export class CreateCaseInput {
  @Field({ description: 'Tittel; mark words to screen as {words}' })
  title!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Offentlig tittel; derived from {…} in the title when omitted',
  })
  publicTitle?: string | null;

  @Field(() => ID, { description: 'Ansvarlig enhet' })
  responsibleUnitId!: string;

  @Field(() => ID, { nullable: true, description: 'Saksansvarlig; you when omitted' })
  caseResponsibleId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Tilgangsgruppe' })
  accessGroupId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Tilgangskode' })
  screeningCodeId?: string | null;

  @Field(() => [ScreenedField], {
    nullable: true,
    description: "Skjermingsmetadata; the code's defaults when omitted",
  })
  screenedFields?: ScreenedField[] | null;

  @Field(() => String, {
    nullable: true,
    description: "Skjermingshjemmel when it differs from the code's",
  })
  legalBasis?: string | null;
}

@InputType('UpdateCaseInput', { description: 'Endring av sak: only the fields given change' })
export class UpdateCaseInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  publicTitle?: string | null;

  @Field(() => ID, { nullable: true })
  accessGroupId?: string | null;

  @Field(() => ID, { nullable: true })
  screeningCodeId?: string | null;

  @Field(() => [ScreenedField], { nullable: true })
  screenedFields?: ScreenedField[] | null;

  @Field(() => String, { nullable: true })
  legalBasis?: string | null;
}

@InputType('CorrespondentInput', { description: 'Korrespondansepart' })
export class CorrespondentInput {
  @Field(() => CorrespondentRole)
  role!: CorrespondentRole;

  @Field()
  name!: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Avskjerm kontakt; defaults to whether the post's screening covers correspondent names",
  })
  screened?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'A person (true, default) or an organisation',
  })
  isPerson?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Adresse; never public' })
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'E-post; never public' })
  email?: string | null;
}

@InputType('RegisterJournalPostInput', { description: 'Registrering av journalpost' })
export class RegisterJournalPostInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => JournalPostType)
  type!: JournalPostType;

  @Field({ description: 'Tittel; mark words to screen as {words}' })
  title!: string;

  @Field(() => String, { nullable: true })
  publicTitle?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Dokumentdato' })
  documentDate?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Forfallsdato; three weeks after registration for I and N posts when omitted',
  })
  dueDate?: string | null;

  @Field(() => [CorrespondentInput], { nullable: true })
  correspondents?: CorrespondentInput[] | null;

  @Field(() => ID, { nullable: true, description: 'Saksbehandler; you when omitted' })
  responsibleId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Inherited from the case when omitted' })
  accessGroupId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Inherited from the case when omitted' })
  screeningCodeId?: string | null;

  @Field(() => [ScreenedField], { nullable: true })
  screenedFields?: ScreenedField[] | null;

  @Field(() => String, {
    nullable: true,
    description: "Skjermingshjemmel when it differs from the code's",
  })
  legalBasis?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Incoming post registered by the archive whose screening is still to be assessed (TEMPORARY)',
  })
  screeningPending?: boolean | null;
}

@InputType('UpdateJournalPostInput', {
  description: 'Endring av journalpost while it is unfinished',
})
export class UpdateJournalPostInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  publicTitle?: string | null;

  @Field(() => DateScalar, { nullable: true })
  documentDate?: string | null;

  @Field(() => DateScalar, { nullable: true })
  dueDate?: string | null;

  @Field(() => [CorrespondentInput], {
    nullable: true,
    description: 'Replaces the correspondents when given',
  })
  correspondents?: CorrespondentInput[] | null;

  @Field(() => ID, { nullable: true })
  responsibleId?: string | null;

  @Field(() => ID, { nullable: true })
  accessGroupId?: string | null;

  @Field(() => ID, { nullable: true })
  screeningCodeId?: string | null;

  @Field(() => [ScreenedField], { nullable: true })
  screenedFields?: ScreenedField[] | null;
}

@InputType('CorrectJournalPostInput', { description: 'Arkivets korrigering of a finalised post' })
export class CorrectJournalPostInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  publicTitle?: string | null;

  @Field(() => ID, { nullable: true })
  screeningCodeId?: string | null;

  @Field(() => [ScreenedField], { nullable: true })
  screenedFields?: ScreenedField[] | null;

  @Field(() => ID, { nullable: true })
  accessGroupId?: string | null;

  @Field(() => DateScalar, { nullable: true })
  documentDate?: string | null;
}

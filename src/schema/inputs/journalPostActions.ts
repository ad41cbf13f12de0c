import { Field, ID, InputType } from 'type-graphql';
import { ScreenedField, WriteOffMethod } from '../../entities/enums';
import { JournalPostTargetInput } from './targets';

/**
 * The inputs of the journal post life cycle's mutations (JournalPostMutationResolver), one per
 * mutation.
 */

@InputType('FinalizeJournalPostInput', {
  description: 'The finalising of a journal post (ferdigstille journalpost)',
})
export class FinalizeJournalPostInput extends JournalPostTargetInput {}

@InputType('SendForApprovalInput', {
  description: 'A document sent to a leader for approval (sende til godkjenning)',
})
export class SendForApprovalInput extends JournalPostTargetInput {
  @Field(() => ID, {
    description:
      "The approver (godkjenner): an active leader (LEADER) of the post's unit, its case's unit or a unit above them",
  })
  approverId!: string;
}

@InputType('ForwardForApprovalInput', {
  description: 'A document forwarded to another leader for approval (videresende til godkjenning)',
})
export class ForwardForApprovalInput extends JournalPostTargetInput {
  @Field(() => ID, {
    description:
      "The next approver (godkjenner): an active leader (LEADER) of the post's unit, its case's unit or a unit above them",
  })
  approverId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Comment (merknad); kept in the audit trail',
  })
  comment?: string | null;
}

@InputType('ApproveJournalPostInput', {
  description: 'The approval of a journal post (godkjenne journalpost)',
})
export class ApproveJournalPostInput extends JournalPostTargetInput {
  @Field(() => String, {
    nullable: true,
    description: 'Comment (merknad); kept in the audit trail',
  })
  comment?: string | null;
}

@InputType('RejectJournalPostInput', {
  description: 'The rejection of a journal post sent for approval (avvise journalpost)',
})
export class RejectJournalPostInput extends JournalPostTargetInput {
  @Field({ description: 'Comment (merknad): why the document is rejected; required' })
  comment!: string;
}

@InputType('DispatchJournalPostInput', {
  description: 'The dispatch of a journal post (ekspedere journalpost)',
})
export class DispatchJournalPostInput extends JournalPostTargetInput {}

@InputType('ConfirmJournalPostInput', {
  description: "The archive's confirmation of a journal post (journalføre journalpost)",
})
export class ConfirmJournalPostInput extends JournalPostTargetInput {}

@InputType('CancelJournalPostInput', {
  description: 'The cancelling of a journal post (journalpost utgår)',
})
export class CancelJournalPostInput extends JournalPostTargetInput {
  @Field({ description: 'Reason (begrunnelse) why the post is cancelled; required' })
  reason!: string;
}

@InputType('WriteOffJournalPostInput', {
  description: 'The write-off of an I or N journal post (avskrive journalpost)',
})
export class WriteOffJournalPostInput extends JournalPostTargetInput {
  @Field(() => WriteOffMethod, { description: 'Write-off method (avskrivningsmåte)' })
  method!: WriteOffMethod;

  @Field(() => String, { nullable: true, description: 'Note (merknad); required for TLF' })
  note?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The reply (avskrivningsreferanse): an outgoing post (U) for BU/BE, a note (N or X) for BN, in the same case, that you read in full',
  })
  replyId?: string | null;
}

@InputType('WriteOffJournalPostsInput', {
  description:
    'The write-off of several I or N journal posts with one reply (avskrive journalposter): all or none',
})
export class WriteOffJournalPostsInput {
  @Field(() => [ID], { description: 'The journal posts (journalposter) to write off' })
  ids!: string[];

  @Field(() => WriteOffMethod, { description: 'Write-off method (avskrivningsmåte)' })
  method!: WriteOffMethod;

  @Field(() => String, { nullable: true, description: 'Note (merknad); required for TLF' })
  note?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The reply (avskrivningsreferanse): an outgoing post (U) for BU/BE, a note (N or X) for BN, in the same case, that you read in full',
  })
  replyId?: string | null;
}

@InputType('AssessScreeningInput', {
  description: 'The assessment of a temporary screening (offentlighetsvurdering) of a journal post',
})
export class AssessScreeningInput extends JournalPostTargetInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The assessed screening code (tilgangskode); none = not screened',
  })
  screeningCodeId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Legal basis for screening (skjermingshjemmel) when it differs from the code's",
  })
  legalBasis?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Public title (offentlig tittel) when the title is screened; the current one is kept when omitted',
  })
  publicTitle?: string | null;

  @Field(() => [ScreenedField], {
    nullable: true,
    description: "Screened fields (skjermingsmetadata); the code's defaults when omitted",
  })
  screenedFields?: ScreenedField[] | null;
}

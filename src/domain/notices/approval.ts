import { AUTOMATIC_NOTE } from './wording';
/**
 * The mails of the approval routine (docs/notices.md, "Approval"): pure compositions, plain text
 * in Norwegian bokmål. A post is named by its registry id and its public title (offentlig
 * tittel), never its title; a leader's comment is never quoted (it is free text and may hold
 * what is screened): the mail says there is one to read in Arkivgraf.
 */

export const APPROVAL_REQUESTED = 'journalPost.approvalRequested';
export const APPROVAL_REJECTED = 'journalPost.approvalRejected';
export const APPROVAL_GRANTED = 'journalPost.approved';

/** What a mail may say of the post. */
export interface ApprovalPost {
  registryId: string;
  publicTitle: string;
  /** Dokumenttype's name, or null */
  documentType: string | null;
}

export interface ComposedMail {
  subject: string;
  body: string;
}

const postLines = (post: ApprovalPost): string =>
  [
    `  ${post.registryId} – ${post.publicTitle}`,
    ...(post.documentType ? [`  Dokumenttype: ${post.documentType}`] : []),
  ].join('\n');

const SIGNATURE = `\n\n${AUTOMATIC_NOTE}\n`;

/** To the leader asked to approve: sent (or forwarded) by `askedBy`. */
export function approvalRequested(
  recipient: { displayName: string },
  post: ApprovalPost,
  askedBy: string,
  how: { forwarded: boolean; withComment: boolean },
): ComposedMail {
  const verb = how.forwarded ? 'videresendt' : 'sendt';
  return {
    subject: `Til godkjenning: ${post.registryId}`,
    body:
      `Hei ${recipient.displayName},\n\n` +
      `${askedBy} har ${verb} et dokument til godkjenning hos deg:\n\n` +
      `${postLines(post)}\n\n` +
      (how.withComment ? 'Det følger en kommentar, som du leser i Arkivgraf.\n\n' : '') +
      'Du finner dokumentet i Arkivgraf under «Venter på min godkjenning», der du godkjenner, ' +
      'avviser eller videresender det.' +
      SIGNATURE,
  };
}

/** To the post's handler: the leader returned it for more work, with a comment. */
export function approvalRejected(
  recipient: { displayName: string },
  post: ApprovalPost,
  leader: string,
): ComposedMail {
  return {
    subject: `Ikke godkjent: ${post.registryId}`,
    body:
      `Hei ${recipient.displayName},\n\n` +
      `${leader} har ikke godkjent dokumentet og har returnert det til videre bearbeiding:\n\n` +
      `${postLines(post)}\n\n` +
      'Lederens kommentar leser du i Arkivgraf. Når dokumentet er rettet, sender du det til ' +
      'godkjenning på nytt.' +
      SIGNATURE,
  };
}

/** To the post's handler: the leader approved it, so it may be dispatched. */
export function approvalGranted(
  recipient: { displayName: string },
  post: ApprovalPost,
  leader: string,
  withComment: boolean,
): ComposedMail {
  return {
    subject: `Godkjent: ${post.registryId}`,
    body:
      `Hei ${recipient.displayName},\n\n` +
      `${leader} har godkjent dokumentet:\n\n` +
      `${postLines(post)}\n\n` +
      (withComment ? 'Det følger en kommentar, som du leser i Arkivgraf.\n\n' : '') +
      'Dokumentet kan nå ekspederes.' +
      SIGNATURE,
  };
}

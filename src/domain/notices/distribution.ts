import { AUTOMATIC_NOTE, norwegianDate } from './wording';
/**
 * The mails of distribution (fordeling; docs/notices.md, "Distribution"): pure compositions, plain
 * text in Norwegian bokmål. A post is named by its registry id and its public title (offentlig
 * tittel, already the redacted form) only: never its title or a correspondent's name, whoever
 * receives the mail. There is no web page for handlers to link to: the mail says where to look.
 */

/** What a mail about one post may say of it. */
export interface PostInMail {
  registryId: string;
  publicTitle: string;
  dueDate: string | null;
}

export interface ComposedMail {
  subject: string;
  body: string;
}

function postLines(post: PostInMail): string[] {
  return [
    `Journalpost: ${post.registryId}`,
    `Offentlig tittel: ${post.publicTitle}`,
    ...(post.dueDate ? [`Forfallsdato: ${norwegianDate(post.dueDate)}`] : []),
  ];
}

/** journalPost.distributed: the handler a post was given to. */
export function distributedMail(
  recipient: { displayName: string },
  post: PostInMail,
): ComposedMail {
  return {
    subject: `Journalpost ${post.registryId} er fordelt til deg`,
    body: [
      `Hei, ${recipient.displayName}.`,
      '',
      'Du er satt som saksbehandler for en inngående journalpost:',
      '',
      ...postLines(post),
      '',
      `Du finner den i Arkivgraf under ${post.registryId}. Husk å avskrive den når den er behandlet.`,
      '',
      AUTOMATIC_NOTE,
      '',
    ].join('\n'),
  };
}

/** journalPost.awaitingDistribution: a leader of the unit whose queue the post landed in. */
export function awaitingDistributionMail(
  recipient: { displayName: string },
  post: PostInMail,
  unitName: string,
): ComposedMail {
  return {
    subject: `Journalpost ${post.registryId} venter på fordeling`,
    body: [
      `Hei, ${recipient.displayName}.`,
      '',
      `Arkivet har registrert en inngående journalpost som venter på fordeling i ${unitName}:`,
      '',
      ...postLines(post),
      '',
      'Fordel den til en saksbehandler i Arkivgraf og sett forfallsdato.',
      '',
      AUTOMATIC_NOTE,
      '',
    ].join('\n'),
  };
}

/** journalPost.dueDateChanged: the handler of a post whose due date a leader or archivist set anew. */
export function dueDateChangedMail(
  recipient: { displayName: string },
  post: PostInMail,
): ComposedMail {
  return {
    subject: `Ny forfallsdato for journalpost ${post.registryId}`,
    body: [
      `Hei, ${recipient.displayName}.`,
      '',
      'Forfallsdatoen er endret for en inngående journalpost du er saksbehandler for:',
      '',
      ...postLines(post),
      '',
      `Du finner den i Arkivgraf under ${post.registryId}.`,
      '',
      AUTOMATIC_NOTE,
      '',
    ].join('\n'),
  };
}

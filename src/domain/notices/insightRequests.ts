import { AUTOMATIC_NOTE, norwegianDate } from './wording';
import { InsightOutcome } from '../../entities';

/**
 * The mails of insight requests (innsynskrav; docs/notices.md, "Notices of insight requests"):
 * pure texts, in Norwegian bokmål. A document is named by its registry id and its title in its
 * public form today, never anything else about it; the requester's name, message and appeal
 * reason are not repeated to handlers (they read them in Arkivgraf). Only the requester's own
 * receipt carries the reference, their credential.
 */

export interface MailText {
  subject: string;
  body: string;
}

/** A requested document as the public journal shows it. */
export interface NoticeDocument {
  registryId: string;
  /** The title in its public form today */
  title: string;
}

/** A document of a request with its outcome so far, as the requester's status shows it. */
export interface DecidedDocument extends NoticeDocument {
  outcome: InsightOutcome | null;
  legalBasis: string | null;
  /** Absolute, signed and time-limited; only for a released file */
  downloadUrl: string | null;
  appealPending: boolean;
}

const OSLO_TIME = new Intl.DateTimeFormat('nb-NO', {
  timeZone: 'Europe/Oslo',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const documentLine = (d: NoticeDocument) => `- ${d.registryId} ${d.title}`;

const documents = (n: number) => (n === 1 ? '1 dokument' : `${n} dokumenter`);

/** To the requester at once: the reference (shown nowhere else again), the deadlines, the link. */
export function insightReceivedMail(m: {
  organisationName: string;
  reference: string;
  receivedOn: string;
  dueDate: string;
  answerDeadline: string;
  documents: NoticeDocument[];
  statusUrl: string;
}): MailText {
  return {
    subject: `Innsynskravet ditt er mottatt – ${m.organisationName}`,
    body: [
      'Hei,',
      '',
      `${m.organisationName} har mottatt innsynskravet ditt ${norwegianDate(m.receivedOn)}.`,
      '',
      `Referansen din: ${m.reference}`,
      'Ta vare på referansen. Bare med den kan du se status, hente dokumentene du får innsyn i og klage. Vi sender den ikke igjen.',
      '',
      `Du ba om innsyn i ${documents(m.documents.length)}:`,
      ...m.documents.map(documentLine),
      '',
      `Svarfrist: ${norwegianDate(m.dueDate)} (tre virkedager).`,
      `Har du ikke fått svar innen ${norwegianDate(m.answerDeadline)} (fem virkedager), regnes kravet som avslått, og du kan klage.`,
      '',
      'Svaret kommer på e-post til denne adressen, med lenker til dokumentene du får innsyn i. Du kan også følge kravet på statussiden, med referansen din:',
      m.statusUrl,
      '',
      'Med hilsen',
      m.organisationName,
      '',
      AUTOMATIC_NOTE,
    ].join('\n'),
  };
}

/** To the insight handlers of the request's units: that it came, how much, by when. */
export function insightArrivedMail(m: {
  organisationName: string;
  receivedOn: string;
  dueDate: string;
  answerDeadline: string;
  documents: NoticeDocument[];
  hasMessage: boolean;
}): MailText {
  return {
    subject: `Nytt innsynskrav: ${documents(m.documents.length)}, svarfrist ${norwegianDate(m.dueDate)}`,
    body: [
      `Et nytt innsynskrav er kommet til ${m.organisationName} ${norwegianDate(m.receivedOn)}.`,
      '',
      `Svarfrist: ${norwegianDate(m.dueDate)} (tre virkedager). Er kravet ikke besvart innen ${norwegianDate(m.answerDeadline)}, regnes det som avslått og kan påklages.`,
      '',
      `Kravet gjelder ${documents(m.documents.length)}:`,
      ...m.documents.map(documentLine),
      ...(m.hasMessage
        ? ['', 'Den som ber om innsyn har skrevet en melding. Les den i Arkivgraf.']
        : []),
      '',
      'Du finner kravet blant innsynskravene i Arkivgraf.',
      '',
      AUTOMATIC_NOTE,
    ].join('\n'),
  };
}

const OUTCOME_WORDS: Record<InsightOutcome, string> = {
  [InsightOutcome.FULL]: 'Innsyn',
  [InsightOutcome.PARTIAL]: 'Delvis innsyn',
  [InsightOutcome.DENIED]: 'Avslag',
};

function decidedLines(d: DecidedDocument): string[] {
  const head = `${d.registryId} ${d.title}`;
  if (!d.outcome || d.appealPending) {
    return [
      head,
      d.appealPending
        ? '  Klagen er under behandling. Du får svar på e-post når den er avgjort.'
        : '  Under behandling. Du får svar på e-post når det er avgjort.',
    ];
  }
  return [
    head,
    `  ${OUTCOME_WORDS[d.outcome]}${d.legalBasis ? `. Hjemmel: ${d.legalBasis}` : ''}`,
    ...(d.downloadUrl ? [`  Last ned: ${d.downloadUrl}`] : []),
  ];
}

/** How to appeal, as the request stands after this decision (offl. § 32, fvl. § 29). */
function appealLines(m: {
  documents: DecidedDocument[];
  appealed: boolean;
  appealDays: number;
  appealDeadline: string | null;
  statusUrl: string;
}): string[] {
  const refused = m.documents.some(
    (d) =>
      !d.appealPending &&
      (d.outcome === InsightOutcome.PARTIAL || d.outcome === InsightOutcome.DENIED),
  );
  if (!refused) return [];
  if (m.appealed) {
    return [
      'Du har klaget på avgjørelsen, og vi har vurdert saken på nytt. Der avslaget står, sender vi klagen videre til klageinstansen, som avgjør den.',
    ];
  }
  if (m.appealDeadline) {
    return [
      `Du kan klage på avslag og på delvis innsyn (offentleglova § 32). Klagefristen er ${m.appealDays} dager, til og med ${norwegianDate(m.appealDeadline)} (forvaltningsloven § 29).`,
      `Slik klager du: gå til statussiden, skriv inn referansen din og fyll ut klageskjemaet med begrunnelsen din: ${m.statusUrl}`,
      'Vi vurderer saken på nytt. Opprettholder vi avgjørelsen, sender vi klagen til klageinstansen.',
    ];
  }
  return [
    `Når alle dokumentene er avgjort, kan du klage på avslag og på delvis innsyn innen ${m.appealDays} dager (offentleglova § 32). Det står i svaret du da får.`,
  ];
}

/**
 * To the requester on every decision: each document's outcome so far with its legal basis, the
 * download link of each one released (the status page's link: the file the decision released,
 * the redacted public variant for partial access), until when the links work, how to appeal.
 */
export function insightDecidedMail(m: {
  organisationName: string;
  documents: DecidedDocument[];
  /** When the links of this mail stop working */
  linksExpireAt: Date;
  appealed: boolean;
  appealDays: number;
  /** The last day to appeal, once every document is decided and something was refused */
  appealDeadline: string | null;
  statusUrl: string;
}): MailText {
  const open = m.documents.filter((d) => !d.outcome || d.appealPending).length;
  const links = m.documents.some((d) => d.downloadUrl && d.outcome && !d.appealPending);
  return {
    subject: `${open ? 'Delvis svar' : 'Svar'} på innsynskravet ditt – ${m.organisationName}`,
    body: [
      'Hei,',
      '',
      open
        ? `${m.organisationName} har avgjort en del av innsynskravet ditt. ${documents(open)} er fortsatt under behandling.`
        : `${m.organisationName} har avgjort innsynskravet ditt.`,
      '',
      ...m.documents.flatMap((d) => [...decidedLines(d), '']),
      ...(links
        ? [
            `Lenkene virker til ${OSLO_TIME.format(m.linksExpireAt)}. Etter det får du nye lenker på statussiden med referansen din: ${m.statusUrl}`,
            '',
          ]
        : [`Du kan se status med referansen din: ${m.statusUrl}`, '']),
      ...appealLines(m).flatMap((l) => [l, '']),
      'Med hilsen',
      m.organisationName,
      '',
      AUTOMATIC_NOTE,
    ].join('\n'),
  };
}

/** To the requester when their appeal is received: what is reassessed, what happens next. */
export function insightAppealedMail(m: {
  organisationName: string;
  documents: NoticeDocument[];
  statusUrl: string;
}): MailText {
  return {
    subject: `Klagen din er mottatt – ${m.organisationName}`,
    body: [
      'Hei,',
      '',
      `${m.organisationName} har mottatt klagen din på innsynskravet. Vi vurderer på nytt:`,
      ...m.documents.map(documentLine),
      '',
      'Du får svar på e-post. Opprettholder vi avgjørelsen, sender vi klagen videre til klageinstansen, som avgjør den.',
      `Du kan følge kravet på statussiden, med referansen din: ${m.statusUrl}`,
      '',
      'Med hilsen',
      m.organisationName,
      '',
      AUTOMATIC_NOTE,
    ].join('\n'),
  };
}

/** To the handlers of the appealed documents: decide them again. The reason stays in Arkivgraf. */
export function insightAppealArrivedMail(m: {
  organisationName: string;
  documents: NoticeDocument[];
}): MailText {
  return {
    subject: `Innsynskrav påklaget: ${documents(m.documents.length)} skal vurderes på nytt`,
    body: [
      `Et innsynskrav til ${m.organisationName} er påklaget (offentleglova § 32). Disse dokumentene skal vurderes på nytt:`,
      ...m.documents.map(documentLine),
      '',
      'Begrunnelsen for klagen står på kravet i Arkivgraf. Står avslaget etter den nye vurderingen, sendes klagen til klageinstansen.',
      '',
      AUTOMATIC_NOTE,
    ].join('\n'),
  };
}

/** To the new assignee of an item: decide it (the request is read in Arkivgraf). */
export function insightReassignedMail(m: {
  organisationName: string;
  documents: NoticeDocument[];
  /** The request's due date; none under appeal (decide without undue delay) */
  dueDate: string | null;
}): MailText {
  return {
    subject: `Innsynskrav til deg${m.dueDate ? `, svarfrist ${norwegianDate(m.dueDate)}` : ''}`,
    body: [
      `Du har fått et innsynskrav til ${m.organisationName} å avgjøre for dette dokumentet:`,
      ...m.documents.map(documentLine),
      '',
      m.dueDate
        ? `Svarfrist: ${norwegianDate(m.dueDate)}.`
        : 'Kravet er påklaget: avgjør det på nytt uten unødig opphold.',
      'Du finner kravet blant innsynskravene i Arkivgraf.',
      '',
      AUTOMATIC_NOTE,
    ].join('\n'),
  };
}

/** To the handlers, one working day before the request is overdue. */
export function insightDueSoonMail(m: {
  organisationName: string;
  receivedOn: string;
  dueDate: string;
  open: NoticeDocument[];
}): MailText {
  return {
    subject: `Innsynskrav med svarfrist ${norwegianDate(m.dueDate)}`,
    body: [
      `Et innsynskrav til ${m.organisationName}, mottatt ${norwegianDate(m.receivedOn)}, har svarfrist ${norwegianDate(m.dueDate)}, neste virkedag.`,
      '',
      `Ikke avgjort (${documents(m.open.length)}):`,
      ...m.open.map(documentLine),
      '',
      'Du finner kravet blant innsynskravene i Arkivgraf.',
      '',
      AUTOMATIC_NOTE,
    ].join('\n'),
  };
}

/** To the handlers, once, when the due date has passed without an answer. */
export function insightOverdueMail(m: {
  organisationName: string;
  receivedOn: string;
  dueDate: string;
  answerDeadline: string;
  open: NoticeDocument[];
}): MailText {
  return {
    subject: `Innsynskrav over svarfristen (${norwegianDate(m.dueDate)})`,
    body: [
      `Svarfristen for et innsynskrav til ${m.organisationName}, mottatt ${norwegianDate(m.receivedOn)}, gikk ut ${norwegianDate(m.dueDate)}.`,
      `Er det ikke besvart innen ${norwegianDate(m.answerDeadline)}, regnes det som avslått, og den som ba om innsyn kan klage.`,
      '',
      `Ikke avgjort (${documents(m.open.length)}):`,
      ...m.open.map(documentLine),
      '',
      'Du finner kravet blant innsynskravene i Arkivgraf.',
      '',
      AUTOMATIC_NOTE,
    ].join('\n'),
  };
}

import { AUTOMATIC_NOTE, norwegianDate } from './wording';

/**
 * The mails of the public journal's e-mail alerts (docs/public-journal.md, "E-mail alerts";
 * docs/notices.md): pure texts in Norwegian bokmål. An entry is named by its registry id, its
 * public title and its journal date, exactly as the public journal shows it; every mail carries
 * its own unsubscribe link.
 */

export interface MailText {
  subject: string;
  body: string;
}

/** An entry of a digest as the public journal shows it. */
export interface DigestEntry {
  registryId: string;
  /** The title in its public form */
  title: string;
  journalDate: string;
  /** Absolute: `${publicBaseUrl}/journal/{org}/{registryId}` */
  url: string;
}

const TYPE_WORDS: Record<string, string> = {
  INCOMING: 'inngående',
  OUTGOING: 'utgående',
  INTERNAL_FOLLOW_UP: 'organinterne notater med oppfølging',
  INTERNAL_NO_FOLLOW_UP: 'organinterne notater uten oppfølging',
  CASE_PRESENTATION: 'saksframlegg',
};

/**
 * A saved search (its normalized query string) in words, e.g. `søket «skole», inngående`, or
 * `hele journalen`. The unit is not named: the link to the search shows it.
 */
export function searchWords(search: string): string {
  const p = new URLSearchParams(search);
  const parts: string[] = [];
  const q = p.get('q');
  if (q) parts.push(`«${q}»`);
  const type = p.get('type');
  if (type) parts.push(TYPE_WORDS[type] ?? `type ${type}`);
  const from = p.get('from');
  const to = p.get('to');
  if (from) parts.push(`journalført fra ${norwegianDate(from)}`);
  if (to) parts.push(`journalført til ${norwegianDate(to)}`);
  if (p.get('unit')) parts.push('én enhet');
  const legalBasis = p.get('legalBasis');
  if (legalBasis) parts.push(`hjemmel ${legalBasis}`);
  return parts.length ? `søket ${parts.join(', ')}` : 'hele journalen';
}

/** To the address given on the form: the link that confirms the alert. */
export function alertConfirmMail(m: {
  organisationName: string;
  search: string;
  searchUrl: string;
  confirmUrl: string;
  unsubscribeUrl: string;
  expiresInDays: number;
}): MailText {
  return {
    subject: `Bekreft e-postvarsel fra den offentlige journalen – ${m.organisationName}`,
    body: [
      'Hei,',
      '',
      `Noen har bedt om e-post om nye oppføringer i den offentlige journalen til ${m.organisationName} for ${searchWords(m.search)}, til denne adressen.`,
      '',
      'Åpne lenken for å bekrefte varselet:',
      m.confirmUrl,
      '',
      `Bekrefter du ikke innen ${m.expiresInDays} dager, slettes bestillingen, og du får ingen flere e-poster om den. Har du ikke bedt om dette, kan du se bort fra e-posten.`,
      '',
      'Søket:',
      m.searchUrl,
      '',
      'Avslutt varselet:',
      m.unsubscribeUrl,
      '',
      AUTOMATIC_NOTE,
    ].join('\n'),
  };
}

/** Once a day, when something is new: the entries that became public since the last digest. */
export function alertDigestMail(m: {
  organisationName: string;
  search: string;
  today: string;
  entries: DigestEntry[];
  total: number;
  searchUrl: string;
  unsubscribeUrl: string;
}): MailText {
  const more = m.total - m.entries.length;
  const count = m.total === 1 ? '1 ny oppføring' : `${m.total} nye oppføringer`;
  return {
    subject: `${count} i den offentlige journalen – ${m.organisationName}`,
    body: [
      'Hei,',
      '',
      `Siden forrige e-post er disse oppføringene blitt offentlige i journalen til ${m.organisationName} for ${searchWords(m.search)} (per ${norwegianDate(m.today)}):`,
      '',
      ...m.entries.flatMap((e) => [
        `- ${e.registryId} ${e.title} (journaldato ${norwegianDate(e.journalDate)})`,
        `  ${e.url}`,
      ]),
      ...(more > 0 ? ['', `… og ${more} til. Se alle i søket:`] : ['', 'Søket:']),
      m.searchUrl,
      '',
      'Avslutt varselet:',
      m.unsubscribeUrl,
      '',
      AUTOMATIC_NOTE,
    ].join('\n'),
  };
}

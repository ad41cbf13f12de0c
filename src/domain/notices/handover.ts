import { AUTOMATIC_NOTE } from './wording';
import { type OpenWork, type OpenWorkKind } from '../deactivation';

/** What each kind of work is called in the mail. */
const KIND_WORDS: Record<OpenWorkKind, string> = {
  BACKLOG: 'Restanser (inngående dokumenter og notater til oppfølging)',
  OPEN_POSTS: 'Journalposter under arbeid',
  CASES: 'Saker du er saksansvarlig for',
  APPROVALS: 'Dokumenter som venter på din godkjenning',
  INSIGHT_ITEMS: 'Innsynskrav som venter på avgjørelse',
  SPECIALIST_SYSTEMS: 'Fagsystemer du er systemansvarlig for (arkivlogg)',
};

/**
 * The successor's summary when a user is deactivated and their work handed over
 * (kind `user.workHandedOver`, docs/notices.md): counts and registry ids, case numbers or system
 * names only — never a title, so nothing screened reaches the mail whoever reads it.
 */
export function workHandedOver(input: {
  recipient: string;
  from: string;
  work: readonly OpenWork[];
}): { subject: string; body: string } {
  const total = input.work.reduce((sum, w) => sum + w.count, 0);
  const sections = input.work.map(
    (w) => `${KIND_WORDS[w.kind]} (${w.count}):\n${w.items.map((i) => `  - ${i}`).join('\n')}`,
  );
  return {
    subject: `Du har overtatt ${total} oppgaver fra ${input.from}`,
    body: [
      `Hei ${input.recipient},`,
      '',
      `${input.from} er deaktivert i Arkivgraf, og du er satt som etterfølger. Disse oppgavene er nå dine:`,
      '',
      ...sections.flatMap((s) => [s, '']),
      'Logg inn i Arkivgraf for å se dem.',
      '',
      AUTOMATIC_NOTE,
      '',
    ].join('\n'),
  };
}

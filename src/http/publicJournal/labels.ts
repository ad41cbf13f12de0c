import { JournalPostType, WriteOffMethod } from '../../entities/enums';

/** Norwegian names of the journal post types, with their Noark 5 codes. */
export const TYPE_LABELS: Record<JournalPostType, string> = {
  [JournalPostType.INCOMING]: 'Inngående (I)',
  [JournalPostType.OUTGOING]: 'Utgående (U)',
  [JournalPostType.INTERNAL_FOLLOW_UP]: 'Organinternt notat med oppfølging (N)',
  [JournalPostType.INTERNAL_NO_FOLLOW_UP]: 'Organinternt notat uten oppfølging (X)',
  [JournalPostType.CASE_PRESENTATION]: 'Saksframlegg (S)',
};

/** Avskrivningsmåter, with their Noark 5 codes. */
export const WRITE_OFF_LABELS: Record<WriteOffMethod, string> = {
  [WriteOffMethod.REPLIED_BY_LETTER]: 'Besvart med brev (BU)',
  [WriteOffMethod.REPLIED_BY_EMAIL]: 'Besvart med e-post (BE)',
  [WriteOffMethod.REPLIED_BY_PHONE]: 'Besvart på telefon (TLF)',
  [WriteOffMethod.REPLIED_BY_NOTE]: 'Besvart med notat (BN)',
  [WriteOffMethod.NOTED]: 'Tatt til orientering (TO)',
  [WriteOffMethod.TAKEN_INTO_ACCOUNT]: 'Tatt til etterretning (TE)',
  [WriteOffMethod.CASE_CLOSED]: 'Avskrevet ved avslutning av saken (SA)',
};

export { norwegianDate } from '../../domain/notices/wording';

/** The first link of every public page, for keyboard and screen-reader users. */
export const SKIP_LINK = 'Hopp til hovedinnholdet';

/**
 * The addresses of the service interface's records and lists, under the API root: one place, so
 * the representations, the routes and the write adapters name the same paths.
 */
export const PATHS = {
  arkiv: (id: string) => `arkivstruktur/arkiv/${id}/`,
  arkivdelerOfArkiv: (id: string) => `arkivstruktur/arkiv/${id}/arkivdel/`,
  arkivdel: (id: string) => `arkivstruktur/arkivdel/${id}/`,
  mapperOfArkivdel: (id: string) => `arkivstruktur/arkivdel/${id}/mappe/`,
  nySaksmappeInArkivdel: (id: string) => `arkivstruktur/arkivdel/${id}/ny-saksmappe/`,
  klassifikasjonssystem: (id: string) => `arkivstruktur/klassifikasjonssystem/${id}/`,
  klasserOfSystem: (id: string) => `arkivstruktur/klassifikasjonssystem/${id}/klasse/`,
  klasse: (id: string) => `arkivstruktur/klasse/${id}/`,
  underklasser: (id: string) => `arkivstruktur/klasse/${id}/underklasse/`,
  nySaksmappeInKlasse: (id: string) => `arkivstruktur/klasse/${id}/ny-saksmappe/`,
  saksmappe: (id: string) => `sakarkiv/saksmappe/${id}/`,
  journalposterOfSaksmappe: (id: string) => `sakarkiv/saksmappe/${id}/journalpost/`,
  nyJournalpost: (id: string) => `sakarkiv/saksmappe/${id}/ny-journalpost/`,
  journalpost: (id: string) => `sakarkiv/journalpost/${id}/`,
  korrespondanseparterOfJournalpost: (id: string) =>
    `sakarkiv/journalpost/${id}/korrespondansepart/`,
  nyKorrespondansepart: (id: string, type: 'person' | 'enhet' | 'intern') =>
    `sakarkiv/journalpost/${id}/ny-korrespondansepart${type}/`,
  dokumentbeskrivelserOfRegistrering: (id: string) =>
    `arkivstruktur/registrering/${id}/dokumentbeskrivelse/`,
  nyDokumentbeskrivelse: (id: string) => `arkivstruktur/registrering/${id}/ny-dokumentbeskrivelse/`,
  korrespondansepart: (id: string, type: 'person' | 'enhet' | 'intern') =>
    `arkivstruktur/korrespondansepart${type}/${id}/`,
  dokumentbeskrivelse: (id: string) => `arkivstruktur/dokumentbeskrivelse/${id}/`,
  dokumentobjekterOfBeskrivelse: (id: string) =>
    `arkivstruktur/dokumentbeskrivelse/${id}/dokumentobjekt/`,
  nyDokumentobjekt: (id: string) => `arkivstruktur/dokumentbeskrivelse/${id}/ny-dokumentobjekt/`,
  dokumentobjekt: (id: string) => `arkivstruktur/dokumentobjekt/${id}/`,
  referanseFil: (id: string) => `arkivstruktur/dokumentobjekt/${id}/referanseFil/`,
} as const;

// Names for the demo data. Two strictly separate pools:
//  - OPEN names appear where anyone may read them: users' display names and unscreened
//    correspondents (contact persons at organisations).
//  - SCREENED names appear only in screened positions: the hidden part of a screened title and
//    screened correspondent names (plus those correspondents' postal addresses, which are never
//    public). No screened name (nor any word of it) occurs in open text, so a leak test can search
//    any public or redacted output for them. build.ts verifies this and refuses to build otherwise.

/** Contact persons at organisations: open, unscreened. */
export const OPEN_CONTACTS = [
  'Trond Eikeland',
  'Bente Tveiten',
  'Ketil Bjørndal',
  'Lise Kristoffersen',
  'Jan Erik Mosby',
  'Wenche Sørensen',
  'Harald Syvertsen',
  'Gunn Tjelta',
] as const;

export interface Family {
  /** The pupil */
  pupil: string;
  /** Parents or guardians (foresatte), same surname as the pupil */
  parents: readonly [string, ...string[]];
}

const PUPIL_FIRST = [
  'Sigrid',
  'Torjus',
  'Ingeborg',
  'Aslak',
  'Tiril',
  'Vetle',
  'Ylva',
  'Sindre',
  'Embla',
  'Tarjei',
  'Åsne',
  'Eskil',
  'Oline',
  'Mathilde',
  'Frøya',
  'Teodor',
  'Amund',
  'Hedda',
  'Gaute',
  'Liva',
] as const;

const FAMILY_SURNAMES = [
  'Tjomsland',
  'Fidjeland',
  'Bringsverd',
  'Tveide',
  'Ougland',
  'Eftestøl',
  'Røynestad',
  'Stedjan',
  'Håverstad',
  'Lislevatn',
  'Hunsbedt',
  'Mjåland',
  'Kleveland',
  'Sødal',
  'Grødum',
  'Hægeland',
  'Ravnevand',
  'Gjærum',
  'Kvaavik',
  'Songedal',
] as const;

const PARENT_FIRST = [
  'Ragnhild',
  'Håvard',
  'Solveig',
  'Eivind',
  'Gunnhild',
  'Torleiv',
  'Sveinung',
  'Brynjulf',
  'Margit',
  'Halvor',
  'Turid',
  'Aslaug',
  'Tormod',
  'Signy',
  'Jorunn',
  'Ånund',
  'Vigdis',
  'Reidar',
  'Oddbjørg',
  'Severin',
  'Dagny',
  'Ingolf',
  'Bergljot',
  'Kolbjørn',
  'Sylvi',
  'Tjerand',
  'Gudrun',
  'Tallak',
  'Ambjørg',
  'Alfhild',
] as const;

/** Pupils and their parents: screened only (Elevmappe, PPT, skoleskyss). */
export const FAMILIES: readonly Family[] = PUPIL_FIRST.map((first, i) => {
  const surname = FAMILY_SURNAMES[i] as string;
  const p1 = PARENT_FIRST[(i * 3) % PARENT_FIRST.length] as string;
  const p2 = PARENT_FIRST[(i * 3 + 1) % PARENT_FIRST.length] as string;
  const parents: [string, ...string[]] =
    i % 4 === 3 ? [`${p1} ${surname}`] : [`${p1} ${surname}`, `${p2} ${surname}`];
  return { pupil: `${first} ${surname}`, parents };
});

/** Employees with a personnel file: screened only (Personalmappe, Personalsak). */
export const EMPLOYEES = [
  'Ingvild Vatnedal',
  'Sverre Kvåle',
  'Unni Lauvsland',
  'Jostein Nøkland',
  'Haldis Rosseland',
  'Torgeir Hommedal',
  'Kjellaug Gullhaug',
  'Synnøve Dovland',
  'Asbjørn Svindland',
  'Ragnar Ågedal',
  'Idun Tryland',
  'Magnhild Øyslebø',
] as const;

/** Participants in the introduction programme: screened only. */
export const REFUGEES = [
  'Olena Kovalenko',
  'Dmytro Shevchuk',
  'Oksana Melnyk',
  'Ahmad Al-Hassan',
  'Mariam Haddad',
  'Yonas Tesfaye',
  'Senait Gebremariam',
  'Nour Khalil',
  'Samir Darwish',
] as const;

/** Senders of letters still awaiting screening assessment (code XX): screened only. */
export const UNASSESSED_SENDERS = [
  'Ragnvald Skeibrok',
  'Tordis Vigemyr',
  'Gudmund Løyning',
  'Åsmund Tronstad',
] as const;

/** Streets for postal addresses (never public). */
export const STREETS = [
  'Moseidveien',
  'Venneslaveien',
  'Hunsfossveien',
  'Granveien',
  'Bjørkeveien',
  'Eikeveien',
  'Kvarsteinveien',
  'Lundeveien',
  'Samkomveien',
  'Skarpengland',
] as const;

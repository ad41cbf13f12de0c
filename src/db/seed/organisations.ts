// Organisations that write to or receive letters from the demo municipality.
import { type CorrespondentDef } from './cases/types';

const org = (name: string, email?: string, address?: string): CorrespondentDef => ({
  name,
  isPerson: false,
  email: email ?? null,
  address: address ?? null,
});

export const ORG = {
  statsforvalteren: org('Statsforvalteren i Agder', 'sfagpost@statsforvalteren.no'),
  udir: org('Utdanningsdirektoratet', 'post@udir.no'),
  agderFylke: org('Agder fylkeskommune', 'postmottak@agderfk.no'),
  akt: org('Agder Kollektivtrafikk AS', 'post@akt.no'),
  imdi: org('Integrerings- og mangfoldsdirektoratet', 'post@imdi.no'),
  gyldendal: org('Gyldendal Norsk Forlag AS', 'skole@gyldendal.no'),
  cappelen: org('Cappelen Damm AS', 'undervisning@cappelendamm.no'),
  statped: org('Statped', 'post@statped.no'),
  idrettslag: org('Vennesla Idrettslag', 'post@vennesla-il.no'),
  idrettsrad: org('Vennesla idrettsråd'),
  utdanningsforbundet: org('Utdanningsforbundet Vennesla', 'vennesla@udf.no'),
  fagforbundet: org('Fagforbundet Vennesla', 'vennesla@fagforbundet.no'),
  fau: org('FAU Vennesla skole'),
  kristiansand: org('Kristiansand kommune', 'post@kristiansand.kommune.no'),
  vennesla_skole: org('Vennesla skole', 'vennesla.skole@vennesla.kommune.no'),
  bup: org('Sørlandet sykehus HF, BUP Kristiansand'),
  ksAdvokat: org('KS Advokatene', 'advokat@ks.no'),
  dsb: org('Direktoratet for samfunnssikkerhet og beredskap', 'postmottak@dsb.no'),
  arkivverket: org('Arkivverket', 'post@arkivverket.no'),
  ikava: org('Interkommunalt arkiv i Vest-Agder IKS', 'post@ikava.no'),
  lesesenteret: org('Lesesenteret, Universitetet i Stavanger', 'lesesenteret@uis.no'),
  skolefoto: org('Skolefoto Sør AS', 'post@skolefotosor.no'),
  stamina: org('Stamina Helse AS'),
  avonova: org('Avonova Helse AS'),
  lekeplass: org('Sørlandets Lekeplass AS', 'salg@sorlandets-lekeplass.no'),
  finn: org('FINN.no AS'),
  justis: org('Justis- og beredskapsdepartementet', 'postmottak@jd.dep.no'),
  ksAgder: org('KS Agder', 'agder@ks.no'),
  vegvesen: org('Statens vegvesen', 'firmapost@vegvesen.no'),
  leirskole: org('Hove leirskole', 'post@hoveleirskole.no'),
  husbanken: org('Husbanken', 'post@husbanken.no'),
  navArbeidslivssenter: org('NAV Arbeidslivssenter Agder'),
} as const;

/**
 * Kindergartens inspected by the municipality (code 24). While the screening applies, who is
 * inspected is hidden: these names appear only in screened positions.
 */
export const INSPECTED = {
  eventyrhagen: org('Eventyrhagen barnehage', 'styrer@eventyrhagen-bhg.no'),
  solsikken: org('Solsikken barnehage'),
  blaaklokka: org('Blåklokka barnehage'),
  kvernhuset: org('Kvernhuset barnehage'),
} as const;

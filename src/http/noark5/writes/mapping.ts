import { type EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../../domain/errors';
import { type UpdateInput } from '../../../domain/journalPosts';
import {
  AccessGroup,
  CorrespondentRole,
  DocumentVariant,
  JournalPostType,
  ScreenedField,
  ScreeningCode,
  Unit,
  User,
} from '../../../entities';
import { screenedFieldOf } from '../../../exports/arkivstruktur/codes';
import { type Body, code, object, text } from './parse';

/**
 * The standard's JSON mapped to the inputs of the ordinary services (docs/noark5.md for the
 * codes): names and codes resolved to ids inside the request's transaction, so they are looked up
 * in the caller's organisation (row-level security) only.
 */

/** The access group of a record: no field of the standard, so a business-specific one. */
export const ACCESS_GROUP_KEY = 'vnd-arkivgraf-v1:tilgangsgruppe';

/** Journalposttype (M082) codes. */
const POST_TYPES: Record<string, JournalPostType> = {
  I: JournalPostType.INCOMING,
  U: JournalPostType.OUTGOING,
  N: JournalPostType.INTERNAL_FOLLOW_UP,
  X: JournalPostType.INTERNAL_NO_FOLLOW_UP,
  S: JournalPostType.CASE_PRESENTATION,
};

/** Korrespondanseparttype (M087) codes; a group recipient (GM) is a recipient here. */
const CORRESPONDENT_ROLES: Record<string, CorrespondentRole> = {
  EA: CorrespondentRole.SENDER,
  EM: CorrespondentRole.RECIPIENT,
  GM: CorrespondentRole.RECIPIENT,
  EK: CorrespondentRole.COPY_RECIPIENT,
  IA: CorrespondentRole.INTERNAL_SENDER,
  IM: CorrespondentRole.INTERNAL_RECIPIENT,
  IK: CorrespondentRole.INTERNAL_COPY_RECIPIENT,
};

/** Variantformat (M700) codes: A arkivformat, P produksjonsformat, O offentlig variant. */
const VARIANTS: Record<string, DocumentVariant> = {
  A: DocumentVariant.ARCHIVE,
  P: DocumentVariant.PRODUCTION,
  O: DocumentVariant.PUBLIC,
};

/** skjermingMetadata (M502) codes of the fields we screen. */
const SCREENED_FIELDS: Record<string, ScreenedField> = {
  TM1: ScreenedField.TITLE,
  TMO: ScreenedField.TITLE,
  TR1: ScreenedField.TITLE,
  TRO: ScreenedField.TITLE,
  NPS: ScreenedField.PARTY_NAME,
  NA: ScreenedField.CORRESPONDENT_NAME,
  NM: ScreenedField.CORRESPONDENT_NAME,
  H: ScreenedField.DOCUMENT,
  D: ScreenedField.DOCUMENT,
};

function fromCodes<T>(codes: Record<string, T>, name: string, value: string): T {
  const found = codes[value.toUpperCase()];
  if (found === undefined) {
    throw badInput(
      name,
      'NOT_ALLOWED',
      `${name}: unknown code ${JSON.stringify(value)} (known: ${Object.keys(codes).join(', ')})`,
    );
  }
  return found;
}

export const postTypeOf = (value: string) => fromCodes(POST_TYPES, 'journalposttype', value);
export const variantOf = (value: string) => fromCodes(VARIANTS, 'variantformat', value);

/** The variant's code, for links and answers. */
export const variantCode = (variant: DocumentVariant): string =>
  Object.entries(VARIANTS).find(([, v]) => v === variant)![0];

export interface Screening {
  screeningCodeId: string | null;
  screenedFields: ScreenedField[] | null;
  legalBasis: string | null;
}

/**
 * Skjerming: tilgangsrestriksjon → the screening code (by its code, e.g. "13"), skjermingshjemmel
 * → the legal basis, skjermingMetadata → the screened fields (none: the code's defaults). The
 * duration and end date follow from the code, so they are read-only.
 */
export async function screeningOf(em: EntityManager, body: Body): Promise<Screening | undefined> {
  if (!('skjerming' in body)) return undefined;
  const s = object(body, 'skjerming');
  if (s === null) return { screeningCodeId: null, screenedFields: null, legalBasis: null };
  const known = [
    'tilgangsrestriksjon',
    'skjermingshjemmel',
    'skjermingMetadata',
    'skjermingDokument',
    'skjermingsvarighet',
    'skjermingOpphoererDato',
    'systemID',
  ];
  const unknown = Object.keys(s).filter((k) => !known.includes(k));
  if (unknown.length) {
    throw badInput(
      'skjerming',
      'NOT_ALLOWED',
      `Unknown fields in skjerming: ${unknown.join(', ')}`,
    );
  }
  const kode = code(s, 'tilgangsrestriksjon');
  if (!kode)
    throw badInput(
      'skjerming.tilgangsrestriksjon',
      'REQUIRED',
      'tilgangsrestriksjon is required in skjerming',
    );
  const found = await em.findOne(ScreeningCode, { code: kode });
  if (!found) {
    throw badInput(
      'skjerming.tilgangsrestriksjon',
      'UNKNOWN_REFERENCE',
      `No screening code (tilgangskode) ${JSON.stringify(kode)}`,
    );
  }
  const metadata = s.skjermingMetadata;
  let screenedFields: ScreenedField[] | null = null;
  if (metadata !== undefined && metadata !== null) {
    if (!Array.isArray(metadata)) {
      throw badInput(
        'skjerming.skjermingMetadata',
        'INVALID_FORMAT',
        'skjermingMetadata is a list of codes',
      );
    }
    const fields = metadata.map((m, i) => {
      const item = typeof m === 'string' ? { kode: m } : (m as Body);
      const k = typeof item.kode === 'string' ? item.kode.toUpperCase() : '';
      const named = typeof item.kodenavn === 'string' ? screenedFieldOf(item.kodenavn) : undefined;
      const field = SCREENED_FIELDS[k] ?? named;
      if (!field) {
        throw badInput(
          ['skjerming', 'skjermingMetadata', i],
          'NOT_ALLOWED',
          `skjermingMetadata ${JSON.stringify(item.kode ?? item.kodenavn)} is not a field Arkivgraf screens`,
        );
      }
      return field;
    });
    screenedFields = [...new Set(fields)];
  }
  return {
    screeningCodeId: found.id,
    screenedFields,
    legalBasis: text(s, 'skjermingshjemmel'),
  };
}

/** The access group named in virksomhetsspesifikkeMetadata (undefined: not given; null: none). */
export async function accessGroupOf(
  em: EntityManager,
  body: Body,
): Promise<string | null | undefined> {
  if (!('virksomhetsspesifikkeMetadata' in body)) return undefined;
  const meta = object(body, 'virksomhetsspesifikkeMetadata');
  if (meta === null || !(ACCESS_GROUP_KEY in meta)) return meta === null ? null : undefined;
  const unknown = Object.keys(meta).filter((k) => k !== ACCESS_GROUP_KEY);
  if (unknown.length) {
    throw badInput(
      'virksomhetsspesifikkeMetadata',
      'NOT_ALLOWED',
      `Unknown business-specific metadata: ${unknown.join(', ')}`,
    );
  }
  const name = text(meta, ACCESS_GROUP_KEY);
  if (name === null) return null;
  const group = await em.findOne(AccessGroup, { name });
  if (!group) {
    throw badInput(
      ['virksomhetsspesifikkeMetadata', ACCESS_GROUP_KEY],
      'UNKNOWN_REFERENCE',
      `No access group named ${JSON.stringify(name)}`,
    );
  }
  return group.id;
}

/** The sender as a user: their unit is the default administrativEnhet. */
export async function senderOf(em: EntityManager, userId: string): Promise<User> {
  return em.findOneOrFail(User, { id: userId }, { populate: ['unit'] });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A systemID as we make them (a uuid); anything else names no record. */
export const isSystemId = (id: string): boolean => UUID.test(id);

/**
 * administrativEnhet: referanseAdministrativEnhet (the unit's systemID) wins; else the unit's
 * name; else the sender's own unit.
 */
export async function unitOf(em: EntityManager, body: Body, sender: User): Promise<string> {
  const ref = text(body, 'referanseAdministrativEnhet');
  if (ref !== null) {
    const unit = isSystemId(ref) ? await em.findOne(Unit, { id: ref }) : null;
    if (!unit) {
      throw badInput(
        'referanseAdministrativEnhet',
        'UNKNOWN_REFERENCE',
        'referanseAdministrativEnhet names no unit',
      );
    }
    return unit.id;
  }
  const name = text(body, 'administrativEnhet');
  if (name !== null) {
    const unit = await em.findOne(Unit, { name });
    if (!unit) {
      throw badInput(
        'administrativEnhet',
        'UNKNOWN_REFERENCE',
        `No unit named ${JSON.stringify(name)}`,
      );
    }
    return unit.id;
  }
  if (!sender.unit) {
    throw badInput(
      'administrativEnhet',
      'REQUIRED',
      'Name the administrativEnhet: the sender belongs to no unit',
    );
  }
  return sender.unit.id;
}

/** A referanse* to a user (saksansvarlig, saksbehandler): their systemID, null when not given. */
export async function userRefOf(
  em: EntityManager,
  body: Body,
  name: string,
): Promise<string | null> {
  const ref = text(body, name);
  if (ref === null) return null;
  const user = isSystemId(ref) ? await em.findOne(User, { id: ref }) : null;
  if (!user) throw badInput(name, 'UNKNOWN_REFERENCE', `${name} names no user`);
  return user.id;
}

export type CorrespondentInput = NonNullable<UpdateInput['correspondents']>[number];

/** The kinds of korrespondansepart, by the last part of their relation key. */
export type CorrespondentKind = 'person' | 'enhet' | 'intern';

export const CORRESPONDENT_FIELDS: Record<CorrespondentKind, readonly string[]> = {
  person: [
    'korrespondanseparttype',
    'navn',
    'postadresse',
    'bostedsadresse',
    'kontaktinformasjon',
    'personidentifikator',
    'foedselsnummer',
  ],
  enhet: [
    'korrespondanseparttype',
    'navn',
    'organisasjonsnummer',
    'postadresse',
    'forretningsadresse',
    'kontaktinformasjon',
    'kontaktperson',
  ],
  intern: [
    'korrespondanseparttype',
    'administrativEnhet',
    'referanseAdministrativEnhet',
    'saksbehandler',
    'referanseSaksbehandler',
  ],
};

function addressOf(body: Body, name: string): string | null {
  const a = object(body, name);
  if (!a) return null;
  const line = (k: string) =>
    typeof a[k] === 'string' && (a[k] as string).trim() ? (a[k] as string).trim() : null;
  const town = [line('postnummer'), line('poststed')].filter(Boolean).join(' ');
  const parts = [
    line('adresselinje1'),
    line('adresselinje2'),
    line('adresselinje3'),
    town || null,
    line('landkode'),
  ];
  const joined = parts.filter(Boolean).join(', ');
  return joined || null;
}

function emailOf(body: Body): string | null {
  const contact = object(body, 'kontaktinformasjon');
  return contact ? text(contact, 'epostadresse') : null;
}

/** A korrespondansepart (person, enhet or intern) as a correspondent of a post. */
export function correspondentOf(body: Body, kind: CorrespondentKind): CorrespondentInput {
  const typeCode = code(body, 'korrespondanseparttype');
  if (!typeCode)
    throw badInput('korrespondanseparttype', 'REQUIRED', 'korrespondanseparttype is required');
  const role = fromCodes(CORRESPONDENT_ROLES, 'korrespondanseparttype', typeCode);
  if (kind === 'intern') {
    const name = text(body, 'saksbehandler') ?? text(body, 'administrativEnhet');
    if (!name)
      throw badInput(
        'saksbehandler',
        'REQUIRED',
        'Name the saksbehandler or the administrativEnhet',
      );
    return { role, name, isPerson: text(body, 'saksbehandler') !== null };
  }
  const name = text(body, 'navn', true)!;
  if (kind === 'enhet') {
    const org = body.organisasjonsnummer;
    const number =
      typeof org === 'string'
        ? org
        : org && typeof org === 'object'
          ? text(org as Body, 'organisasjonsnummer')
          : null;
    return {
      role,
      name,
      isPerson: false,
      address: addressOf(body, 'postadresse') ?? addressOf(body, 'forretningsadresse'),
      email: emailOf(body),
      organizationNumber: number,
    };
  }
  const id = object(body, 'personidentifikator');
  return {
    role,
    name,
    isPerson: true,
    address: addressOf(body, 'postadresse') ?? addressOf(body, 'bostedsadresse'),
    email: emailOf(body),
    nationalId:
      (id ? (text(id, 'foedselsnummer') ?? text(id, 'dNummer')) : null) ??
      text(body, 'foedselsnummer'),
  };
}

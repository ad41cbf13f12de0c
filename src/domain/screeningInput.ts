import { type EntityManager } from '@mikro-orm/postgresql';
import { AccessGroup, ScreenedField, ScreeningCode } from '../entities';
import { badInput } from './errors';
import { InputErrors } from './inputErrors';
import { containsNationalId } from './nationalId';
import { hasMalformedMarkers, parseTitle, sameTitle } from './publicTitle';
import { screenedFieldsFor, screeningExpiresOn } from './screening';

/**
 * What a new or corrected record says about its title and screening, checked against the rules
 * of domain.md ("Public titles", "The public journal"). Every refusal is BAD_USER_INPUT with a
 * field error for each field that is wrong, with a message a front end can show as it is.
 */
export interface TitleAndScreening {
  title: string;
  publicTitle: string;
  screeningCode: ScreeningCode | null;
  screenedFields: ScreenedField[];
  legalBasis: string | null;
  screeningExpiresOn: string | null;
  accessGroup: AccessGroup | null;
}

const TITLE_MAX = 1000;

const NATIONAL_ID_MESSAGE =
  'contains a national identity number (fødselsnummer or D-nummer); the public journal must never show one';

/** A screening code usable on a new record today. */
export async function usableScreeningCode(
  em: EntityManager,
  id: string | null,
  today: string,
): Promise<ScreeningCode | null> {
  if (!id) return null;
  const code = await em.findOne(ScreeningCode, { id });
  if (!code) {
    throw badInput(
      'screeningCodeId',
      'UNKNOWN_REFERENCE',
      'screeningCodeId names no screening code',
    );
  }
  if (code.validFrom > today || (code.validTo && code.validTo < today)) {
    throw badInput(
      'screeningCodeId',
      'NOT_ALLOWED',
      `The screening code ${code.code} is not in use on ${today}`,
    );
  }
  return code;
}

/** An access group that may take new records. */
export async function usableAccessGroup(
  em: EntityManager,
  id: string | null,
): Promise<AccessGroup | null> {
  if (!id) return null;
  const group = await em.findOne(AccessGroup, { id });
  if (!group) {
    throw badInput('accessGroupId', 'UNKNOWN_REFERENCE', 'accessGroupId names no access group');
  }
  if (group.endedAt) {
    throw badInput('accessGroupId', 'NOT_ALLOWED', `The access group ${group.name} has ended`);
  }
  return group;
}

/**
 * Need to know (tjenstlig behov, docs/access-control.md): a record screened with a code that
 * requires an access group must carry one, or it would be read in full by every employee. The one
 * rule for every way a record is registered or its screening changed.
 */
export function requireAccessGroup(
  code: ScreeningCode | null,
  accessGroup: AccessGroup | null,
): void {
  if (!code?.requiresAccessGroup || accessGroup) return;
  throw badInput(
    'accessGroupId',
    'REQUIRED',
    `The screening code ${code.code} requires an access group (tilgangsgruppe): choose who needs to read the record`,
  );
}

/**
 * Title and public title: a title with `{…}` markers derives its public title; an explicit public
 * title wins. A screened title with neither is refused, as is one whose public title reads the same
 * as the title (it would publish what is screened), and a public form that would show a national
 * identity number.
 */
export function resolveTitles(
  input: { title: string; publicTitle?: string | null },
  titleScreened: boolean,
): { title: string; publicTitle: string } {
  const errors = new InputErrors();
  const { title, derivedPublicTitle } = parseTitle(input.title);
  if (hasMalformedMarkers(input.title)) {
    errors.add(
      'title',
      'INVALID_FORMAT',
      'The title has a { or } without its partner; mark screened words as {words}',
    );
  } else if (!title) {
    errors.add('title', 'REQUIRED', 'The title must not be empty');
  } else if (title.length > TITLE_MAX) {
    errors.add('title', 'TOO_LONG', `The title must be at most ${TITLE_MAX} characters`, {
      max: TITLE_MAX,
    });
  } else if (!titleScreened && containsNationalId(title)) {
    errors.add('title', 'NOT_ALLOWED', `The title ${NATIONAL_ID_MESSAGE}`);
  }
  if (!titleScreened) {
    errors.throwIfAny();
    return { title, publicTitle: title };
  }
  const publicTitle = input.publicTitle?.trim() || derivedPublicTitle;
  if (!publicTitle) {
    errors.add(
      'publicTitle',
      'REQUIRED',
      'The title is screened: mark the words to hide as {words}, or give a public title',
    );
  } else if (sameTitle(publicTitle, title)) {
    errors.add(
      'publicTitle',
      'NOT_ALLOWED',
      'The title is screened: its public title must differ from it, or the screened title would be published as it is',
    );
  } else if (containsNationalId(publicTitle)) {
    errors.add('publicTitle', 'NOT_ALLOWED', `The public title ${NATIONAL_ID_MESSAGE}`);
  }
  errors.throwIfAny();
  return { title, publicTitle: publicTitle! };
}

/** A correspondent's name may be public only when it carries no national identity number. */
export function checkCorrespondentName(name: string, screened: boolean, index: number): string {
  const path = ['correspondents', index, 'name'];
  const trimmed = name.trim();
  if (!trimmed) throw badInput(path, 'REQUIRED', 'A correspondent needs a name');
  if (!screened && containsNationalId(trimmed)) {
    throw badInput(
      path,
      'NOT_ALLOWED',
      `The correspondent's name ${NATIONAL_ID_MESSAGE}; screen the correspondent or remove the number`,
    );
  }
  return trimmed;
}

/**
 * The whole screening of a record: its code (usable today), screened fields (the code's defaults
 * unless given; XX screens all), legal basis (the code's unless overridden), expiry, titles and
 * access group.
 */
export async function resolveTitleAndScreening(
  em: EntityManager,
  input: {
    title: string;
    publicTitle?: string | null;
    screeningCodeId: string | null;
    screenedFields?: ScreenedField[] | null;
    legalBasis?: string | null;
    accessGroupId: string | null;
    journalDate: string;
  },
  today: string,
): Promise<TitleAndScreening> {
  const errors = new InputErrors();
  const code = await errors.checkAsync(() => usableScreeningCode(em, input.screeningCodeId, today));
  if (code === null && input.screenedFields?.length) {
    errors.add(
      'screenedFields',
      'NOT_ALLOWED',
      'Screened fields need a screening code (tilgangskode)',
    );
  }
  const screenedFields = code ? screenedFieldsFor(code, input.screenedFields) : [];
  const titles = errors.check(() =>
    resolveTitles(input, screenedFields.includes(ScreenedField.TITLE)),
  );
  const accessGroup = await errors.checkAsync(() => usableAccessGroup(em, input.accessGroupId));
  if (code !== undefined && accessGroup !== undefined) {
    errors.check(() => requireAccessGroup(code, accessGroup));
  }
  errors.throwIfAny();
  const legalBasis = input.legalBasis?.trim() || null;
  return {
    ...titles!,
    screeningCode: code ?? null,
    screenedFields,
    legalBasis: code && legalBasis && legalBasis !== code.legalBasis ? legalBasis : null,
    screeningExpiresOn: code
      ? screeningExpiresOn(input.journalDate, code.defaultDurationYears)
      : null,
    accessGroup: accessGroup ?? null,
  };
}

import { describe, it, expect } from 'vitest';
import { ScreenedField } from '../../src/entities/enums';
import {
  ALL_SCREENABLE_FIELDS,
  isFieldScreened,
  isScreeningActive,
  screenedFieldsFor,
  screeningExpiresOn,
} from '../../src/domain/screening';

const { TITLE, CORRESPONDENT_NAME, PARTY_NAME, DOCUMENT } = ScreenedField;

/** Tilgangskode 13: personal matters, title and correspondent names screened by default. */
const CODE_13 = { temporary: false, defaultScreenedFields: [TITLE, CORRESPONDENT_NAME] };
/** Tilgangskode XX: midlertidig sperret. */
const CODE_XX = { temporary: true, defaultScreenedFields: [TITLE] };

describe('every screenable field is listed once, in enum order', () => {
  it('lists title, correspondent name, party name and document', () => {
    expect(ALL_SCREENABLE_FIELDS).toEqual([TITLE, CORRESPONDENT_NAME, PARTY_NAME, DOCUMENT]);
    expect(ALL_SCREENABLE_FIELDS).toEqual(Object.values(ScreenedField));
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(ALL_SCREENABLE_FIELDS)).toBe(true);
  });
});

describe('the screened fields come from the code, unless the record names them', () => {
  it("uses the code's default fields when none are named", () => {
    expect(screenedFieldsFor(CODE_13)).toEqual([TITLE, CORRESPONDENT_NAME]);
    expect(screenedFieldsFor(CODE_13, null)).toEqual([TITLE, CORRESPONDENT_NAME]);
  });

  it('uses the named fields instead of the defaults', () => {
    expect(screenedFieldsFor(CODE_13, [DOCUMENT])).toEqual([DOCUMENT]);
  });

  it('takes an empty list as an explicit choice to screen no field', () => {
    expect(screenedFieldsFor(CODE_13, [])).toEqual([]);
  });

  it('removes duplicates and puts the fields in enum order', () => {
    expect(screenedFieldsFor(CODE_13, [DOCUMENT, TITLE, DOCUMENT, PARTY_NAME])).toEqual([
      TITLE,
      PARTY_NAME,
      DOCUMENT,
    ]);
    expect(
      screenedFieldsFor({ temporary: false, defaultScreenedFields: [PARTY_NAME, TITLE, TITLE] }),
    ).toEqual([TITLE, PARTY_NAME]);
  });

  it("returns a new list, never the code's own", () => {
    const result = screenedFieldsFor(CODE_13);
    expect(result).not.toBe(CODE_13.defaultScreenedFields);
    result.push(DOCUMENT);
    expect(CODE_13.defaultScreenedFields).toEqual([TITLE, CORRESPONDENT_NAME]);
  });
});

describe('the temporary code XX screens every field until the post is assessed', () => {
  it('screens every field when nothing is named', () => {
    expect(screenedFieldsFor(CODE_XX)).toEqual(ALL_SCREENABLE_FIELDS);
  });

  it('screens every field whatever is named', () => {
    expect(screenedFieldsFor(CODE_XX, [TITLE])).toEqual(ALL_SCREENABLE_FIELDS);
    expect(screenedFieldsFor(CODE_XX, [])).toEqual(ALL_SCREENABLE_FIELDS);
  });

  it('returns a list the caller may change', () => {
    const result = screenedFieldsFor(CODE_XX);
    expect(result).not.toBe(ALL_SCREENABLE_FIELDS);
    expect(Object.isFrozen(result)).toBe(false);
  });
});

describe('screening ends on the journal date plus the duration in years', () => {
  it('adds the duration to the journal date', () => {
    expect(screeningExpiresOn('2026-03-15', 60)).toBe('2086-03-15');
    expect(screeningExpiresOn('2026-12-31', 1)).toBe('2027-12-31');
  });

  it('keeps 29 February in a leap year and moves it to 28 February otherwise', () => {
    expect(screeningExpiresOn('2024-02-29', 1)).toBe('2025-02-28');
    expect(screeningExpiresOn('2024-02-29', 4)).toBe('2028-02-29');
    expect(screeningExpiresOn('2024-02-29', 60)).toBe('2084-02-29');
    expect(screeningExpiresOn('2024-02-29', 76)).toBe('2100-02-28');
    expect(screeningExpiresOn('2024-02-29', 376)).toBe('2400-02-29');
  });

  it('has no end when the code has no duration', () => {
    expect(screeningExpiresOn('2026-03-15', null)).toBeNull();
    expect(screeningExpiresOn('2026-03-15', undefined)).toBeNull();
  });

  it('refuses a journal date that is not a date and a duration that is not whole years', () => {
    expect(() => screeningExpiresOn('not a date', 60)).toThrow(RangeError);
    expect(() => screeningExpiresOn('2026-02-30', null)).toThrow(RangeError);
    expect(() => screeningExpiresOn('2026-03-15', -1)).toThrow(RangeError);
    expect(() => screeningExpiresOn('2026-03-15', 2.5)).toThrow(RangeError);
  });
});

describe('a screening is active while there is a code and the expiry date has not come', () => {
  it('is inactive without a screening code', () => {
    expect(
      isScreeningActive({ screeningCodeId: null, screeningExpiresOn: null }, '2026-03-15'),
    ).toBe(false);
    expect(
      isScreeningActive({ screeningCodeId: null, screeningExpiresOn: '2086-03-15' }, '2026-03-15'),
    ).toBe(false);
  });

  it('is active for good when the code has no expiry date', () => {
    expect(
      isScreeningActive({ screeningCodeId: 'c13', screeningExpiresOn: null }, '2999-01-01'),
    ).toBe(true);
  });

  it('is active the day before the expiry date', () => {
    expect(
      isScreeningActive({ screeningCodeId: 'c13', screeningExpiresOn: '2086-03-15' }, '2086-03-14'),
    ).toBe(true);
  });

  it('ends on the expiry date itself: from that day the record is public', () => {
    const s = { screeningCodeId: 'c13', screeningExpiresOn: '2086-03-15' };
    expect(isScreeningActive(s, '2086-03-15')).toBe(false);
    expect(isScreeningActive(s, '2086-03-16')).toBe(false);
  });

  it('refuses a today that is not a date', () => {
    expect(() =>
      isScreeningActive({ screeningCodeId: 'c13', screeningExpiresOn: null }, 'today'),
    ).toThrow(RangeError);
  });
});

describe('a field is screened when the screening is active and lists that field', () => {
  const record = {
    screeningCodeId: 'c13',
    screeningExpiresOn: '2086-03-15',
    screenedFields: [TITLE, CORRESPONDENT_NAME],
  };

  it('screens the listed fields while the screening is active', () => {
    expect(isFieldScreened(record, TITLE, '2026-03-15')).toBe(true);
    expect(isFieldScreened(record, CORRESPONDENT_NAME, '2026-03-15')).toBe(true);
  });

  it('does not screen fields that are not listed', () => {
    expect(isFieldScreened(record, PARTY_NAME, '2026-03-15')).toBe(false);
    expect(isFieldScreened(record, DOCUMENT, '2026-03-15')).toBe(false);
  });

  it('screens nothing from the expiry date on', () => {
    for (const field of ALL_SCREENABLE_FIELDS) {
      expect(isFieldScreened(record, field, '2086-03-15')).toBe(false);
    }
  });

  it('screens nothing without a screening code, whatever fields are stored', () => {
    const unscreened = { ...record, screeningCodeId: null, screeningExpiresOn: null };
    expect(isFieldScreened(unscreened, TITLE, '2026-03-15')).toBe(false);
  });

  it('screens every field of a post under XX', () => {
    const temporary = {
      screeningCodeId: 'cXX',
      screeningExpiresOn: null,
      screenedFields: screenedFieldsFor(CODE_XX, [TITLE]),
    };
    for (const field of ALL_SCREENABLE_FIELDS) {
      expect(isFieldScreened(temporary, field, '2026-03-15')).toBe(true);
    }
  });

  it('screens a 60-year screening from a leap day until 29 February 60 years on', () => {
    const leap = {
      screeningCodeId: 'c13',
      screeningExpiresOn: screeningExpiresOn('2024-02-29', 60),
      screenedFields: [TITLE],
    };
    expect(isFieldScreened(leap, TITLE, '2084-02-28')).toBe(true);
    expect(isFieldScreened(leap, TITLE, '2084-02-29')).toBe(false);
  });
});

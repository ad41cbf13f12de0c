import { describe, it, expect } from 'vitest';
import {
  SCREENED_MARKER,
  hasMalformedMarkers,
  parseTitle,
  sameTitle,
} from '../../src/domain/publicTitle';

describe('words between { and } are screened in the public title', () => {
  it('replaces a marked part with *****', () => {
    expect(parseTitle('Søknad om permisjon – {Ole Knutsen}')).toEqual({
      title: 'Søknad om permisjon – Ole Knutsen',
      derivedPublicTitle: 'Søknad om permisjon – *****',
    });
  });

  it('replaces every marked part on its own', () => {
    expect(parseTitle('{Elevmappe} – {Ole} {Knutsen}, {Vennesla skole}')).toEqual({
      title: 'Elevmappe – Ole Knutsen, Vennesla skole',
      derivedPublicTitle: '***** – ***** *****, *****',
    });
  });

  it('uses five asterisks as the marker', () => {
    expect(SCREENED_MARKER).toBe('*****');
  });

  it('screens a marked part even when it is empty', () => {
    expect(parseTitle('Personalmappe {}').derivedPublicTitle).toBe('Personalmappe *****');
  });
});

describe('the braces never appear in the title shown to fully authorised readers', () => {
  it('keeps the marked words and drops the braces', () => {
    const { title } = parseTitle('Personalmappe – {Kari Nordmann}');
    expect(title).toBe('Personalmappe – Kari Nordmann');
    expect(title).not.toMatch(/[{}]/);
  });

  it('tidies spaces around and inside the title', () => {
    expect(parseTitle('  Søknad   om {Ole  Knutsen}  ')).toEqual({
      title: 'Søknad om Ole Knutsen',
      derivedPublicTitle: 'Søknad om *****',
    });
  });
});

describe('a title without markers has no derived public title', () => {
  it('gives null, so the record needs an explicit public title if screened', () => {
    expect(parseTitle('Elevmappe')).toEqual({ title: 'Elevmappe', derivedPublicTitle: null });
  });

  it('still tidies the spaces', () => {
    expect(parseTitle(' Melding   om  vedtak ').title).toBe('Melding om vedtak');
  });
});

describe('an unbalanced or nested brace is a typing mistake, never a marker', () => {
  it('accepts well-formed markers and titles without braces', () => {
    expect(hasMalformedMarkers('Søknad om permisjon – {Ole Knutsen}')).toBe(false);
    expect(hasMalformedMarkers('{A} og {B}')).toBe(false);
    expect(hasMalformedMarkers('Elevmappe')).toBe(false);
  });

  it('flags an opening brace without a closing one', () => {
    expect(hasMalformedMarkers('Søknad om permisjon – {Ole Knutsen')).toBe(true);
  });

  it('flags a closing brace without an opening one', () => {
    expect(hasMalformedMarkers('Søknad om permisjon – Ole Knutsen}')).toBe(true);
  });

  it('flags nested braces', () => {
    expect(hasMalformedMarkers('Søknad {om {Ole} Knutsen}')).toBe(true);
  });
});

describe('sameTitle: a public title that reads as the title would publish it as it is', () => {
  it('ignores case, surrounding and repeated white space', () => {
    expect(sameTitle('Søknad om Ole Knutsen', '  søknad  OM ole\tknutsen ')).toBe(true);
  });

  it('sees composed and decomposed letters as the same', () => {
    expect(sameTitle('Åse', 'A\u030Ase')).toBe(true);
  });

  it('tells a public form with ***** from the title', () => {
    expect(sameTitle('Søknad om Ole Knutsen', 'Søknad om *****')).toBe(false);
  });
});

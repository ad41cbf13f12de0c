// Tilgangskoder as in the table of domain.md.
import { ScreenedField } from '../../entities/enums';
import { type ScreeningCodeRow } from './model';

export type CodeKey = '13' | '14' | '15' | '23' | '24' | '26' | 'XX';

export interface ScreeningCodeDef {
  code: CodeKey;
  name: string;
  legalBasis: string;
  defaultScreenedFields: ScreenedField[];
  defaultDurationYears: number | null;
  wholeDocument: boolean;
  discretionary: boolean;
  /** Taushetsplikt: the basis is offl. § 13 */
  dutyOfConfidentiality: boolean;
  temporary: boolean;
  /** Tjenstlig behov: every record under the code carries an access group */
  requiresAccessGroup: boolean;
}

const ALL_FIELDS = [
  ScreenedField.TITLE,
  ScreenedField.CORRESPONDENT_NAME,
  ScreenedField.PARTY_NAME,
  ScreenedField.DOCUMENT,
];

export const SCREENING_CODES_VALID_FROM = '2020-01-01';

export const SCREENING_CODES: readonly ScreeningCodeDef[] = [
  {
    code: '13',
    name: 'Taushetsplikt – personlige forhold',
    legalBasis: 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
    defaultScreenedFields: ALL_FIELDS,
    defaultDurationYears: 60,
    wholeDocument: true,
    discretionary: false,
    dutyOfConfidentiality: true,
    temporary: false,
    requiresAccessGroup: true,
  },
  {
    code: '14',
    name: 'Organinterne dokumenter',
    legalBasis: 'Offl. § 14',
    defaultScreenedFields: [ScreenedField.DOCUMENT],
    defaultDurationYears: null,
    wholeDocument: true,
    discretionary: true,
    dutyOfConfidentiality: false,
    temporary: false,
    requiresAccessGroup: false,
  },
  {
    code: '15',
    name: 'Dokumenter innhentet for intern saksforberedelse',
    legalBasis: 'Offl. § 15',
    defaultScreenedFields: [ScreenedField.DOCUMENT],
    defaultDurationYears: null,
    wholeDocument: true,
    discretionary: true,
    dutyOfConfidentiality: false,
    temporary: false,
    requiresAccessGroup: false,
  },
  {
    code: '23',
    name: 'Forhandlingsposisjon',
    legalBasis: 'Offl. § 23',
    defaultScreenedFields: [ScreenedField.DOCUMENT],
    defaultDurationYears: null,
    wholeDocument: false,
    discretionary: true,
    dutyOfConfidentiality: false,
    temporary: false,
    requiresAccessGroup: false,
  },
  {
    // Who is about to be inspected is hidden until the inspection is well over.
    code: '24',
    name: 'Kontroll- og reguleringstiltak',
    legalBasis: 'Offl. § 24',
    defaultScreenedFields: [
      ScreenedField.TITLE,
      ScreenedField.CORRESPONDENT_NAME,
      ScreenedField.DOCUMENT,
    ],
    defaultDurationYears: 2,
    wholeDocument: false,
    discretionary: true,
    dutyOfConfidentiality: false,
    temporary: false,
    requiresAccessGroup: false,
  },
  {
    code: '26',
    name: 'Eksamensbesvarelser og personbilder',
    legalBasis: 'Offl. § 26',
    defaultScreenedFields: [ScreenedField.DOCUMENT],
    defaultDurationYears: null,
    wholeDocument: true,
    discretionary: true,
    dutyOfConfidentiality: false,
    temporary: false,
    requiresAccessGroup: false,
  },
  {
    code: 'XX',
    name: 'Midlertidig sperret',
    legalBasis: 'Midlertidig sperret',
    defaultScreenedFields: ALL_FIELDS,
    defaultDurationYears: null,
    wholeDocument: true,
    discretionary: false,
    dutyOfConfidentiality: false,
    temporary: true,
    requiresAccessGroup: false,
  },
];

export function screeningCode(code: CodeKey): ScreeningCodeDef {
  const def = SCREENING_CODES.find((c) => c.code === code);
  if (!def) throw new Error(`Unknown screening code ${code}`);
  return def;
}

/** The row of a screening code of the list, under `id`, valid from the list's date. */
export function screeningCodeRow(def: ScreeningCodeDef, id: string): ScreeningCodeRow {
  return {
    id,
    code: def.code,
    name: def.name,
    legalBasis: def.legalBasis,
    defaultScreenedFields: [...def.defaultScreenedFields],
    defaultDurationYears: def.defaultDurationYears,
    wholeDocument: def.wholeDocument,
    discretionary: def.discretionary,
    dutyOfConfidentiality: def.dutyOfConfidentiality,
    temporary: def.temporary,
    requiresAccessGroup: def.requiresAccessGroup,
    validFrom: SCREENING_CODES_VALID_FROM,
  };
}

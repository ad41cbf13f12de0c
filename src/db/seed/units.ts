// The administrative units of the demo municipality.

export type UnitKey = 'kommune' | 'skole' | 'ppt' | 'nav' | 'arkiv' | 'personal';

export interface UnitDef {
  key: UnitKey;
  name: string;
  parent: UnitKey | null;
}

/** Parents come before their children. */
export const UNITS: readonly UnitDef[] = [
  { key: 'kommune', name: 'Vennesla kommune', parent: null },
  { key: 'skole', name: 'Vennesla skole', parent: 'kommune' },
  { key: 'ppt', name: 'PPT', parent: 'kommune' },
  { key: 'nav', name: 'NAV Flyktning', parent: 'kommune' },
  { key: 'arkiv', name: 'Sentralarkivet', parent: 'kommune' },
  { key: 'personal', name: 'Personal og organisasjon', parent: 'kommune' },
];

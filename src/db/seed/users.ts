// Demo users, their role grants and access-group memberships. Dates are built from the year of
// the reference date (Y), so the history keeps its shape whatever reference date is used.
import { Role } from '../../entities/enums';
import { type UnitKey } from './units';

export type GroupKey = 'personal' | 'personalBegrenset' | 'elev' | 'flyktning';

export interface AccessGroupDef {
  key: GroupKey;
  name: string;
  description: string;
  /** A group added later has an id of its own, so the generated rows stay what they were */
  id?: string;
}

export const ACCESS_GROUPS: readonly AccessGroupDef[] = [
  {
    key: 'personal',
    name: 'Personal',
    description:
      'Personalmapper og personaldokumenter. Medlemmer: personalrådgivere med tjenstlig behov.',
  },
  {
    key: 'personalBegrenset',
    name: 'Personal begrenset tilgang',
    description:
      'Særskilt sensitive personalsaker (advarsler, oppfølging av sykefravær, konflikter).',
  },
  {
    key: 'elev',
    name: 'Elev',
    description: 'Elevmapper og elevdokumenter, også saker hos PPT om enkeltelever.',
  },
  {
    key: 'flyktning',
    name: 'Flyktning',
    description:
      'Introduksjonsprogram og bosetting av flyktninger (NAV Flyktning). Medlemmer: saksbehandlere med tjenstlig behov.',
    id: '00000000-0000-4000-8000-00000000d001',
  },
];

export interface GrantDef {
  role: Role;
  unit: UnitKey | null;
  /** Default: the system start */
  from?: string;
  /** Set: the grant has ended */
  to?: string;
}

export interface MembershipDef {
  group: GroupKey;
  /** A membership added later has an id of its own, as its group */
  id?: string;
  from?: string;
  to?: string;
}

export interface UserDef {
  username: string;
  displayName: string;
  unit: UnitKey;
  grants: GrantDef[];
  groups?: MembershipDef[];
  /** Set: the user was deactivated on this date */
  deactivatedOn?: string;
}

/** The day the demo organisation started using Arkivgraf. */
export const systemStart = (y: number): string => `${y - 2}-01-02`;
/** skole.inspektor hands the school over to skole.leder */
const leaderChange = (y: number): string => `${y - 1}-08-01`;
const leaderEnded = (y: number): string => `${y - 1}-07-31`;
/** tidligere.ansatt leaves */
export const formerEmployeeLeft = (y: number): string => `${y - 1}-06-30`;

export function demoUsers(y: number): UserDef[] {
  return [
    {
      username: 'admin',
      displayName: 'Tone Aasland',
      unit: 'kommune',
      grants: [{ role: Role.ADMIN, unit: null }],
    },
    {
      username: 'arkivar',
      displayName: 'Randi Frigstad',
      unit: 'arkiv',
      grants: [{ role: Role.ARCHIVIST, unit: null }],
    },
    {
      username: 'arkiv.konsulent',
      displayName: 'Geir Moseid',
      unit: 'arkiv',
      grants: [
        { role: Role.ARCHIVIST, unit: null },
        { role: Role.CASE_HANDLER, unit: 'arkiv' },
      ],
    },
    {
      username: 'arkiv.saksbehandler',
      displayName: 'Lene Homme',
      unit: 'arkiv',
      grants: [{ role: Role.CASE_HANDLER, unit: 'arkiv' }],
    },
    {
      username: 'arkiv.leder',
      displayName: 'Svein Kvinlaug',
      unit: 'arkiv',
      grants: [{ role: Role.LEADER, unit: 'arkiv' }],
    },
    {
      username: 'leder',
      displayName: 'Hilde Eikeland',
      unit: 'ppt',
      grants: [{ role: Role.LEADER, unit: 'ppt' }],
    },
    {
      username: 'saksbehandler',
      displayName: 'Morten Skaar',
      unit: 'ppt',
      grants: [{ role: Role.CASE_HANDLER, unit: 'ppt' }],
    },
    {
      username: 'ppt.radgiver',
      displayName: 'Kjersti Bentsen',
      unit: 'ppt',
      grants: [{ role: Role.CASE_HANDLER, unit: 'ppt' }],
    },
    {
      username: 'innsyn',
      displayName: 'Øyvind Larsen',
      unit: 'ppt',
      grants: [{ role: Role.INSIGHT_HANDLER, unit: 'ppt' }],
    },
    {
      username: 'skole.leder',
      displayName: 'Marit Tobiassen',
      unit: 'skole',
      grants: [{ role: Role.LEADER, unit: 'skole', from: leaderChange(y) }],
    },
    {
      username: 'elevtjeneste',
      displayName: 'Anne Vigeland',
      unit: 'skole',
      grants: [{ role: Role.CASE_HANDLER, unit: 'skole' }],
      groups: [{ group: 'elev' }],
    },
    {
      username: 'skole.saksbehandler',
      displayName: 'Rune Pedersen',
      unit: 'skole',
      grants: [{ role: Role.CASE_HANDLER, unit: 'skole' }],
    },
    {
      // Acting head of the school until the summer of Y-1; now an ordinary handler again.
      username: 'skole.inspektor',
      displayName: 'Elin Reinertsen',
      unit: 'skole',
      grants: [
        { role: Role.LEADER, unit: 'skole', to: leaderEnded(y) },
        { role: Role.CASE_HANDLER, unit: 'skole' },
      ],
      groups: [{ group: 'elev', to: leaderEnded(y) }],
    },
    {
      username: 'tidligere.ansatt',
      displayName: 'Arne Nilsen',
      unit: 'skole',
      grants: [{ role: Role.CASE_HANDLER, unit: 'skole', to: formerEmployeeLeft(y) }],
      deactivatedOn: formerEmployeeLeft(y),
    },
    {
      username: 'nav.leder',
      displayName: 'Heidi Abrahamsen',
      unit: 'nav',
      grants: [{ role: Role.LEADER, unit: 'nav' }],
    },
    {
      username: 'nav.saksbehandler',
      displayName: 'Knut Olsen',
      unit: 'nav',
      grants: [{ role: Role.CASE_HANDLER, unit: 'nav' }],
      groups: [{ group: 'flyktning', id: '00000000-0000-4000-8000-00000000d011' }],
    },
    {
      username: 'nav.konsulent',
      displayName: 'Janne Ellingsen',
      unit: 'nav',
      grants: [{ role: Role.CASE_HANDLER, unit: 'nav' }],
      groups: [{ group: 'flyktning', id: '00000000-0000-4000-8000-00000000d012' }],
    },
    {
      username: 'personal.leder',
      displayName: 'Trond Johansen',
      unit: 'personal',
      grants: [{ role: Role.LEADER, unit: 'personal' }],
    },
    {
      username: 'personal.radgiver',
      displayName: 'Camilla Hansen',
      unit: 'personal',
      grants: [{ role: Role.CASE_HANDLER, unit: 'personal' }],
      groups: [{ group: 'personal' }],
    },
    {
      username: 'personal.konsulent',
      displayName: 'Frode Lie',
      unit: 'personal',
      grants: [{ role: Role.CASE_HANDLER, unit: 'personal' }],
      groups: [{ group: 'personal' }, { group: 'personalBegrenset' }],
    },
    {
      username: 'stab.leder',
      displayName: 'Roar Bakke',
      unit: 'kommune',
      grants: [{ role: Role.LEADER, unit: 'kommune' }],
    },
    {
      username: 'stab.radgiver',
      displayName: 'Mona Salvesen',
      unit: 'kommune',
      grants: [{ role: Role.CASE_HANDLER, unit: 'kommune' }],
    },
    {
      username: 'stab.konsulent',
      displayName: 'Espen Hortemo',
      unit: 'kommune',
      grants: [{ role: Role.CASE_HANDLER, unit: 'kommune' }],
    },
  ];
}

/** Users of the archive who register incoming post. */
export const ARCHIVE_REGISTRARS = ['arkivar', 'arkiv.konsulent'] as const;

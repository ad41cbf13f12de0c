// Builds the whole demo data set in memory, deterministically, without touching the database.
import { demoCases } from './cases';
import { Role } from '../../entities/enums';
import { at, isIsoDate, yearOf } from './dates';
import { Directory } from './directory';
import { type DemoData } from './model';
import { EMPLOYEES, FAMILIES, REFUGEES, UNASSESSED_SENDERS } from './people';
import { Rng } from './random';
import { buildTimeline } from './timeline';
import { SHARED_ARCHIVIST } from './iveland';
import { ACCESS_GROUPS, systemStart } from './users';
import { vocabulary } from './vocabulary';

/** The reference date of the demo data: every date is computed from it, never from the clock. */
export const DEFAULT_TODAY = '2026-11-20';

const DATA_SEED = 0x5eed_2026;
const ID_SEED = 0x0a4c_17fe;

/** Every name that may only ever appear in screened positions. */
const SCREENED_NAMES: readonly string[] = [
  ...FAMILIES.flatMap((f) => [f.pupil, ...f.parents]),
  ...EMPLOYEES,
  ...REFUGEES,
  ...UNASSESSED_SENDERS,
];

/**
 * The year the stories are laid out in: that of the latest reference day (20 November) on or
 * before `today`, so no case starts in the future whatever date is given.
 */
export function storyYear(today: string): number {
  if (!isIsoDate(today)) throw new Error(`Reference date must be YYYY-MM-DD, got "${today}"`);
  return today.slice(5) >= DEFAULT_TODAY.slice(5) ? yearOf(today) : yearOf(today) - 1;
}

/**
 * The specialist systems (fagsystemer) of Vennesla that deliver through the Noark 5 service
 * interface (docs/demo-data.md, "Specialist systems"): each its own user with a CASE_HANDLER
 * grant at its unit, and an owner (systemansvarlig). Fixed ids, added after everything else, so
 * the generated rows keep theirs.
 */
export const SPECIALIST_SYSTEMS = [
  {
    id: '00000000-0000-4000-8000-00000000c001',
    userId: '00000000-0000-4000-8000-00000000c011',
    grantId: '00000000-0000-4000-8000-00000000c021',
    membershipId: '00000000-0000-4000-8000-00000000c031',
    username: 'visma-flyt-skole',
    name: 'Visma Flyt Skole',
    unit: 'skole',
    owner: 'skole.leder',
    group: 'elev',
  },
  {
    id: '00000000-0000-4000-8000-00000000c002',
    userId: '00000000-0000-4000-8000-00000000c012',
    grantId: '00000000-0000-4000-8000-00000000c022',
    membershipId: null,
    username: 'visma-flyt-ppt',
    name: 'Visma Flyt PPT',
    unit: 'ppt',
    owner: 'leder',
    group: null,
  },
  {
    id: '00000000-0000-4000-8000-00000000c003',
    userId: '00000000-0000-4000-8000-00000000c013',
    grantId: '00000000-0000-4000-8000-00000000c023',
    membershipId: null,
    username: 'visma-flyktning',
    name: 'Visma Flyktning',
    unit: 'nav',
    owner: 'nav.leder',
    group: null,
  },
] as const;

function specialistSystems(dir: Directory, adminId: string, createdAt: Date) {
  return {
    users: SPECIALIST_SYSTEMS.map((s) => ({
      id: s.userId,
      username: s.username,
      displayName: s.name,
      email: null,
      unitId: dir.unitId(s.unit),
      active: true,
      createdAt,
      deactivatedAt: null,
    })),
    roleGrants: SPECIALIST_SYSTEMS.map((s) => ({
      id: s.grantId,
      userId: s.userId,
      role: Role.CASE_HANDLER,
      unitId: dir.unitId(s.unit),
      validFrom: createdAt,
      validTo: null,
      grantedById: adminId,
      revokedById: null,
    })),
    memberships: SPECIALIST_SYSTEMS.flatMap((s) =>
      s.membershipId && s.group
        ? [
            {
              id: s.membershipId,
              groupId: dir.groupId(s.group),
              userId: s.userId,
              validFrom: createdAt,
              validTo: null,
              addedById: adminId,
              removedById: null,
            },
          ]
        : [],
    ),
    systems: SPECIALIST_SYSTEMS.map((s) => ({
      id: s.id,
      userId: s.userId,
      name: s.name,
      ownerId: dir.user(s.owner).row.id,
      createdAt,
    })),
  };
}

/** Vennesla kommune, the first organisation: everything but Iveland (iveland.ts). */
export function buildDemoData(today: string = DEFAULT_TODAY): DemoData {
  const y = storyYear(today);
  const rng = new Rng(DATA_SEED);
  const ids = new Rng(ID_SEED);

  const dir = new Directory(y, ids);
  const timeline = buildTimeline(demoCases({ y, today, rng }), dir, rng, ids, today);

  const openTexts = [
    ...timeline.openTexts,
    ...dir.units.map((u) => u.name),
    ...dir.users.flatMap((u) => [u.username, u.displayName]),
    ...ACCESS_GROUPS.flatMap((g) => [g.name, g.description]),
    ...dir.screeningCodes.flatMap((c) => [c.name, c.legalBasis]),
  ];
  const { screenedWords, formerlyScreenedWords } = vocabulary(
    timeline.hidden,
    openTexts,
    timeline.expiredTexts,
  );

  // The names chosen for screened positions must stay unique to them, or leak tests prove nothing.
  const found = new Set(screenedWords);
  const hiddenText = timeline.hidden.map((h) => h.text).join('\n');
  const problems = SCREENED_NAMES.filter((name) => hiddenText.includes(name)).flatMap((name) =>
    [name, ...name.split(/\s+/).filter((w) => w.length >= 4)]
      .filter((w) => !found.has(w))
      .map((w) => `"${w}" (from ${name})`),
  );
  if (problems.length > 0) {
    throw new Error(`Screened names that also occur in open text: ${problems.join(', ')}`);
  }

  // The archivist shared with Iveland (iveland.ts): added after everything else, with ids of her
  // own, so the generated rows stay what they were.
  const admin = dir.user('admin').row.id;
  const shared = {
    id: SHARED_ARCHIVIST.venneslaUserId,
    username: SHARED_ARCHIVIST.username,
    displayName: SHARED_ARCHIVIST.displayName,
    email: `${SHARED_ARCHIVIST.username}@vennesla.kommune.example`,
    unitId: dir.unitId('arkiv'),
    active: true,
    createdAt: at(systemStart(y), 6 * 60 + 30 + dir.users.length),
    deactivatedAt: null,
  };
  const sharedGrant = {
    id: SHARED_ARCHIVIST.venneslaGrantId,
    userId: shared.id,
    role: Role.ARCHIVIST,
    unitId: null,
    validFrom: shared.createdAt,
    validTo: null,
    grantedById: admin,
    revokedById: null,
  };

  const systems = specialistSystems(dir, admin, at(systemStart(y), 7 * 60));

  return {
    today,
    units: dir.units,
    users: [...dir.users, shared, ...systems.users],
    roleGrants: [...dir.roleGrants, sharedGrant, ...systems.roleGrants],
    accessGroups: dir.accessGroups,
    memberships: [...dir.memberships, ...systems.memberships],
    specialistSystems: systems.systems,
    screeningCodes: dir.screeningCodes,
    cases: timeline.cases,
    internalContacts: timeline.internalContacts,
    journalPosts: timeline.journalPosts,
    correspondents: timeline.correspondents,
    counters: timeline.counters,
    caseParties: timeline.caseParties,
    screenedWords,
    formerlyScreenedWords,
  };
}

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

  return {
    today,
    units: dir.units,
    users: [...dir.users, shared],
    roleGrants: [...dir.roleGrants, sharedGrant],
    accessGroups: dir.accessGroups,
    memberships: dir.memberships,
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

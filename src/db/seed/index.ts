// Demo data: two small municipalities (Vennesla kommune, the first organisation, and Iveland
// kommune) with their units, users, access groups, screening codes, cases and journal posts. See
// docs/demo-data.md.
import { type EntityManager } from '@mikro-orm/postgresql';
import { Archive, ArchivePart, ArchivePartStatus, Remark, User } from '../../entities';
import { buildDemoData, DEFAULT_TODAY, storyYear } from './build';
import { createDemoClassification } from './classification';
import { createDemoDisposalRules } from './disposal';
import { createDemoDocuments } from './documents';
import { FIRST_ORGANISATION_ID } from '../migrations/Migration20261202100000_organisations';
import {
  buildIvelandData,
  IVELAND_ARCHIVE_ID,
  IVELAND_ARCHIVE_PART_ID,
  IVELAND_ORGANISATION,
} from './iveland';
import { createDemoEntities, demoArchiveParts, linkReplies } from './persist';
import { demoRemarks } from './remarks';
import { createDemoDocumentTypes } from './documentTypes';

export { buildDemoData, DEFAULT_TODAY } from './build';
export { buildIvelandData, IVELAND_ORGANISATION, SHARED_ARCHIVIST } from './iveland';
export type { DemoData } from './model';

export interface SeedOptions {
  /** Reference date ('YYYY-MM-DD') every demo date is computed from; default 2026-11-20 */
  today?: string;
  /**
   * Whether Iveland kommune is seeded beside Vennesla (default): without it, the demo is an
   * installation of one organisation, as most are.
   */
  secondMunicipality?: boolean;
}

/** What was seeded into one organisation. */
export interface OrganisationSeedSummary {
  units: number;
  users: number;
  cases: number;
  journalPosts: number;
  correspondents: number;
  /**
   * Words and names that appear only in screened positions (hidden parts of screened titles,
   * screened correspondent names) whose screening still applies: no public or redacted view may
   * ever contain one of them.
   */
  screenedWords: string[];
}

/** The counts and words are Vennesla's (the first organisation); Iveland's are `iveland`. */
export interface SeedSummary extends OrganisationSeedSummary {
  /** Words that were screened until the screening expired; they are public now. */
  formerlyScreenedWords: string[];
  /** The second municipality, when seeded */
  iveland: OrganisationSeedSummary | null;
}

/** True when the database holds no users, i.e. nothing has been seeded or created yet. */
export async function isDatabaseEmpty(em: EntityManager): Promise<boolean> {
  return (await em.count(User, {})) === 0;
}

/** The demo's municipality is the first organisation, which the migrations created unnamed. */
async function seedFirstOrganisation(tx: EntityManager): Promise<void> {
  await tx.execute(
    `update organisation set name = ?, short_name = ?, organisation_number = ? where id = ?`,
    [
      DEMO_ORGANISATION.name,
      DEMO_ORGANISATION.shortName,
      DEMO_ORGANISATION.organisationNumber,
      FIRST_ORGANISATION_ID,
    ],
    'run',
  );
  await tx.execute(
    `select set_config('arkivgraf.organisation', ?, true)`,
    [FIRST_ORGANISATION_ID],
    'run',
  );
}

/** The demo's municipality (organisation number made up, with a valid MOD11 check digit). */
export const DEMO_ORGANISATION = {
  id: FIRST_ORGANISATION_ID,
  name: 'Vennesla kommune',
  shortName: 'vennesla',
  organisationNumber: '964966206',
};

/**
 * Iveland kommune: its organisation row, then its records in a transaction set to it, so the
 * column defaults fill organisation_id. Its archive is created here: the migration made one for
 * the first organisation only.
 */
async function seedIveland(tx: EntityManager, data: ReturnType<typeof buildIvelandData>) {
  const o = IVELAND_ORGANISATION;
  await tx.execute(
    `insert into organisation (id, name, short_name, organisation_number, created_at)
     values (?, ?, ?, ?, ?)`,
    [o.id, o.name, o.shortName, o.organisationNumber, data.units[0]!.createdAt],
    'run',
  );
  await tx.execute(`select set_config('arkivgraf.organisation', ?, true)`, [o.id], 'run');
  const first = Math.min(...data.cases.map((c) => c.caseYear));
  const archive = tx.create(Archive, {
    id: IVELAND_ARCHIVE_ID,
    title: 'Iveland kommunes arkiv',
    recordsCreatorName: o.name,
    createdAt: new Date(`${first}-01-01T00:00:00Z`),
  });
  const part = tx.create(ArchivePart, {
    id: IVELAND_ARCHIVE_PART_ID,
    archive,
    title: `Sakarkiv fra ${first}`,
    status: ArchivePartStatus.ACTIVE,
    periodStart: `${first}-01-01`,
    createdAt: new Date(`${first}-01-01T00:00:00Z`),
  });
  createDemoEntities(tx, data, () => part);
  createDemoDocumentTypes(tx, o.shortName);
  await tx.flush();
}

/**
 * Inserts the demo data in one transaction. Deterministic: the same reference date gives the same
 * rows (ids included) on every run. Expects an empty database.
 */
export async function seedDemoData(
  em: EntityManager,
  options: SeedOptions = {},
): Promise<SeedSummary> {
  const today = options.today ?? DEFAULT_TODAY;
  const data = buildDemoData(today);
  const iveland = buildIvelandData(storyYear(today), today);
  await em.transactional(async (tx) => {
    await seedFirstOrganisation(tx);
    const activePart = await tx.findOneOrFail(
      ArchivePart,
      { status: ArchivePartStatus.ACTIVE },
      { populate: ['archive'] },
    );
    const partOf = demoArchiveParts(tx, data, activePart);
    createDemoEntities(tx, data, partOf);
    const caseIn = new Map(data.cases.map((c) => [c.id, partOf(c).status]));
    createDemoDocuments(tx, data, (caseId) => caseIn.get(caseId) === ArchivePartStatus.CLOSED);
    await tx.flush();
    createDemoClassification(tx, data);
    await tx.flush();
    await createDemoDisposalRules(tx);
    await tx.flush();
    createDemoDocumentTypes(tx, DEMO_ORGANISATION.shortName);
    await linkReplies(tx, data);
    for (const r of demoRemarks(data)) {
      const { caseId, journalPostId, registeredById, ...rest } = r;
      tx.create(Remark, {
        ...rest,
        case: caseId,
        journalPost: journalPostId,
        registeredBy: registeredById,
      });
    }
    await tx.flush();
    if (options.secondMunicipality === false) return;
    // Entities of both organisations share keys (number counter series): start Iveland afresh.
    tx.clear();
    await seedIveland(tx, iveland);
  });
  em.clear();
  return {
    units: data.units.length,
    users: data.users.length,
    cases: data.cases.length,
    journalPosts: data.journalPosts.length,
    correspondents: data.correspondents.length,
    screenedWords: data.screenedWords,
    formerlyScreenedWords: data.formerlyScreenedWords,
    iveland:
      options.secondMunicipality === false
        ? null
        : {
            units: iveland.units.length,
            users: iveland.users.length,
            cases: iveland.cases.length,
            journalPosts: iveland.journalPosts.length,
            correspondents: iveland.correspondents.length,
            screenedWords: iveland.screenedWords,
          },
  };
}

// Demo data: a small municipality (Vennesla kommune) with its units, users, access groups,
// screening codes, cases and journal posts. See docs/demo-data.md.
import { type EntityManager } from '@mikro-orm/postgresql';
import { ArchivePart, ArchivePartStatus, Remark, User } from '../../entities';
import { buildDemoData, DEFAULT_TODAY } from './build';
import { createDemoClassification } from './classification';
import { createDemoDisposalRules } from './disposal';
import { createDemoDocuments } from './documents';
import { FIRST_ORGANISATION_ID } from '../migrations/Migration20261202100000_organisations';
import { createDemoEntities, linkReplies } from './persist';
import { demoRemarks } from './remarks';

export { buildDemoData, DEFAULT_TODAY } from './build';
export type { DemoData } from './model';

export interface SeedOptions {
  /** Reference date ('YYYY-MM-DD') every demo date is computed from; default 2026-11-20 */
  today?: string;
}

export interface SeedSummary {
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
  /** Words that were screened until the screening expired; they are public now. */
  formerlyScreenedWords: string[];
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
 * Inserts the demo data in one transaction. Deterministic: the same reference date gives the same
 * rows (ids included) on every run. Expects an empty database.
 */
export async function seedDemoData(
  em: EntityManager,
  options: SeedOptions = {},
): Promise<SeedSummary> {
  const data = buildDemoData(options.today ?? DEFAULT_TODAY);
  await em.transactional(async (tx) => {
    await seedFirstOrganisation(tx);
    const activePart = await tx.findOneOrFail(
      ArchivePart,
      { status: ArchivePartStatus.ACTIVE },
      { populate: ['archive'] },
    );
    createDemoEntities(tx, data, activePart);
    createDemoDocuments(tx, data);
    await tx.flush();
    createDemoClassification(tx, data);
    await tx.flush();
    await createDemoDisposalRules(tx);
    await tx.flush();
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
  };
}

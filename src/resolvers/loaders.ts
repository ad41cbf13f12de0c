import { type EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { type PublicJournalSettings } from '../config';
import { partsWithOpenCases } from '../queries/archiveParts';
import { classesById, classesOfCases, systemsById } from '../queries/classification';
import { publicEntriesById } from '../queries/publicJournal';
import { PublicJournalEntry } from '../schema/types/publicJournal';
import { type AccessLog } from '../services/accessLog';
import {
  AccessGroup,
  AccessGroupMembership,
  Archive,
  ArchivePart,
  CaseClassRole,
  RoleGrant,
  Unit,
  User,
} from '../entities';
import { type AppAbility } from '../policies/ability';
import { AccessGroupType, type RoleGrantType, UnitType, UserType } from '../schema/types/admin';
import { ArchivePartType, ArchiveType } from '../schema/types/archive';
import { ClassificationSystemType, ClassType } from '../schema/types/classification';
import { grantView } from './grantViews';
import { createDescriptionLoaders } from './descriptionLoaders';
import { createDisposalLoaders } from './disposalLoaders';
import { createInsightLoaders } from './insightLoaders';
import { createRecordLoaders } from './recordLoaders';
import { createRemarkLoaders } from './remarkLoaders';

/** Groups rows by a key, keeping the order of `keys` (what DataLoader requires). */
function groupBy<K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): T[][] {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    map.set(k, [...(map.get(k) ?? []), row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

function byId<T extends { rawId: string }>(keys: readonly string[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.rawId, r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** The GraphQL form of an archive part entity. */
export function archivePartView(p: ArchivePart): ArchivePartType {
  return ArchivePartType.from({
    id: p.id,
    archive_id: p.archive.id,
    title: p.title,
    status: p.status,
    period_start: p.periodStart,
    period_end: p.periodEnd ?? null,
    successor_id: p.successor?.id ?? null,
    version: p.version,
  });
}

/**
 * Batched lookups for nested fields, one statement per kind per request. Made per request, so
 * nothing one viewer loaded can serve another.
 */
export function createLoaders(
  em: EntityManager,
  ability: AppAbility,
  today: string,
  accessLog: AccessLog,
  publicJournal: PublicJournalSettings,
) {
  const now = () => new Date();
  return {
    /** Entries of the public journal as it is today, by journal post id; the same for everyone */
    publicJournalEntry: new DataLoader<string, PublicJournalEntry | null>(async (ids) => {
      const rows = await publicEntriesById(em, publicJournal, today, ids);
      const entries = new Map(rows.map((row) => [row.id, PublicJournalEntry.from(row)]));
      return ids.map((id) => entries.get(id) ?? null);
    }),
    ...createRecordLoaders(em, ability, today, accessLog),
    ...createInsightLoaders(em, ability, today),
    ...createRemarkLoaders(em, ability),
    ...createDescriptionLoaders(em, ability, today),
    ...createDisposalLoaders(em),
    unit: new DataLoader<string, UnitType | null>(async (ids) => {
      const rows = await em.find(Unit, { id: { $in: [...ids] } }, { disableIdentityMap: true });
      return byId(
        ids,
        rows.map((u) => UnitType.from({ id: u.id, name: u.name, parentId: u.parent?.id ?? null })),
      );
    }),
    /** Archives and archive parts hold no screened data; the caller checks the read right */
    archive: new DataLoader<string, ArchiveType | null>(async (ids) => {
      const rows = await em.find(Archive, { id: { $in: [...ids] } }, { disableIdentityMap: true });
      const views = new Map(
        rows.map((a) => [
          a.id,
          ArchiveType.from({
            id: a.id,
            title: a.title,
            description: a.description ?? null,
            status: a.status,
            records_creator_name: a.recordsCreatorName,
          }),
        ]),
      );
      return ids.map((id) => views.get(id) ?? null);
    }),
    /** Whether an archive part still holds an open case, for `ArchivePart.viewerCan.close` */
    partHasOpenCases: new DataLoader<string, boolean>(async (ids) => {
      const open = await partsWithOpenCases(em, ids);
      return ids.map((id) => open.has(id));
    }),
    archivePart: new DataLoader<string, ArchivePartType | null>(async (ids) => {
      const rows = await em.find(
        ArchivePart,
        { id: { $in: [...ids] } },
        { disableIdentityMap: true },
      );
      return byId(ids, rows.map(archivePartView));
    }),
    classificationSystem: new DataLoader<string, ClassificationSystemType | null>(async (ids) =>
      byId(ids, (await systemsById(em, ability, ids)).map(ClassificationSystemType.from)),
    ),
    /** Classes as the viewer reads them on their own (a screened one in full only if allowed) */
    class: new DataLoader<string, ClassType | null>(async (ids) =>
      byId(ids, (await classesById(em, ability, ids)).map(ClassType.from)),
    ),
    /** The classes of each case, primary first, at the level the viewer reads the case */
    classesOfCase: new DataLoader<string, { primary: ClassType | null; secondary: ClassType[] }>(
      async (caseIds) => {
        const rows = await classesOfCases(em, ability, today, caseIds);
        return groupBy(caseIds, rows, (r) => r.case_id).map((of) => {
          const primary = of.find((r) => r.role === CaseClassRole.PRIMARY);
          return {
            primary: primary ? ClassType.from(primary) : null,
            secondary: of.filter((r) => r.role === CaseClassRole.SECONDARY).map(ClassType.from),
          };
        });
      },
    ),
    user: new DataLoader<string, UserType | null>(async (ids) => {
      const rows = await em.find(User, { id: { $in: [...ids] } }, { disableIdentityMap: true });
      return byId(
        ids,
        rows.map((u) =>
          UserType.from({
            id: u.id,
            username: u.username,
            displayName: u.displayName,
            unitId: u.unit?.id ?? null,
            active: u.active,
            email: u.email ?? null,
          }),
        ),
      );
    }),
    /** Current role grants by user id */
    grantsOfUser: new DataLoader<string, RoleGrantType[]>(async (userIds) => {
      const rows = await em.find(
        RoleGrant,
        {
          user: { $in: [...userIds] },
          validFrom: { $lte: now() },
          $or: [{ validTo: null }, { validTo: { $gt: now() } }],
        },
        { orderBy: { role: 'asc', validFrom: 'asc' }, disableIdentityMap: true },
      );
      return groupBy(userIds, rows, (g) => g.user.id).map((grants) => grants.map(grantView));
    }),
    /** Current members' user ids by group id */
    membersOfGroup: new DataLoader<string, string[]>(async (groupIds) => {
      const rows = await em.find(
        AccessGroupMembership,
        {
          group: { $in: [...groupIds] },
          validFrom: { $lte: now() },
          $or: [{ validTo: null }, { validTo: { $gt: now() } }],
        },
        { orderBy: { validFrom: 'asc' }, disableIdentityMap: true },
      );
      return groupBy(groupIds, rows, (m) => m.group.id).map((ms) => ms.map((m) => m.user.id));
    }),
    /** Access groups a user is a current member of, by user id */
    groupsOfUser: new DataLoader<string, AccessGroupType[]>(async (userIds) => {
      const rows = await em.find(
        AccessGroupMembership,
        {
          user: { $in: [...userIds] },
          validFrom: { $lte: now() },
          $or: [{ validTo: null }, { validTo: { $gt: now() } }],
        },
        { populate: ['group'], disableIdentityMap: true },
      );
      return groupBy(userIds, rows, (m) => m.user.id).map((ms) =>
        ms
          .map((m) => AccessGroupType.from(m.group as AccessGroup))
          .sort((a, b) => NORWEGIAN.compare(a.name, b.name)),
      );
    }),
  };
}

/**
 * Norwegian order (Æ, Ø, Å after Z; "Aa" as Å) for the few groups of one user, the same ICU rules
 * as the database collation `norwegian` (docs/architecture.md).
 */
const NORWEGIAN = new Intl.Collator('nb');

export type Loaders = ReturnType<typeof createLoaders>;

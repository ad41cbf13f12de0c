// Writes the demo rows as entities. Every id and timestamp comes from the rows, never from the
// entities' defaults, so two runs store identical data.
import { type EntityManager } from '@mikro-orm/postgresql';
import {
  AccessGroup,
  AccessGroupMembership,
  ArchivePart,
  ArchivePartStatus,
  Case,
  CaseStatus,
  CaseInternalContact,
  CaseParty,
  Correspondent,
  JournalPost,
  JournalPostType,
  NumberCounter,
  RoleGrant,
  ScreeningCode,
  SpecialistSystem,
  Unit,
  User,
} from '../../entities';
import { type DemoData } from './model';

function lookup<T>(map: Map<string, T>, what: string) {
  const get = (id: string): T => {
    const found = map.get(id);
    if (!found) throw new Error(`Demo data: unknown ${what} ${id}`);
    return found;
  };
  return Object.assign(get, { opt: (id: string | null): T | null => (id ? get(id) : null) });
}

/**
 * The demo's archive (arkiv of Vennesla kommune as records creator) and its parts (arkivdeler):
 * the migration's ACTIVE part, and before it a CLOSED part
 * for the first case year holding that year's finished cases; that year's open cases went on
 * into the active part when its period started (as with an avsluttet periode).
 */
export function demoArchiveParts(
  em: EntityManager,
  data: DemoData,
  active: ArchivePart,
): (c: DemoData['cases'][number]) => ArchivePart {
  const first = Math.min(...data.cases.map((c) => c.caseYear));
  active.archive.title = 'Vennesla kommunes arkiv';
  active.archive.recordsCreatorName = 'Vennesla kommune';
  active.title = `Sakarkiv fra ${first + 1}`;
  active.periodStart = `${first + 1}-01-01`;
  active.createdAt = new Date(`${first + 1}-01-01T00:00:00Z`);
  const closed = em.create(ArchivePart, {
    id: '00000000-0000-4000-8000-00000000a100',
    archive: active.archive,
    title: `Sakarkiv ${first}`,
    status: ArchivePartStatus.CLOSED,
    periodStart: `${first}-01-01`,
    periodEnd: `${first}-12-31`,
    successor: active,
    createdAt: new Date(`${first}-01-01T00:00:00Z`),
  });
  const finished = new Set([CaseStatus.CLOSED, CaseStatus.CANCELLED]);
  return (c) => (c.caseYear === first && finished.has(c.status) ? closed : active);
}

/**
 * Creates every entity of one organisation in the given EntityManager; the caller flushes (in its
 * transaction, set to that organisation). `partOf` says which archive part holds a case.
 */
export function createDemoEntities(
  em: EntityManager,
  data: DemoData,
  partOf: (c: DemoData['cases'][number]) => ArchivePart,
): void {
  const units = new Map<string, Unit>();
  const unit = lookup(units, 'unit');
  for (const r of data.units) {
    units.set(
      r.id,
      em.create(Unit, {
        id: r.id,
        name: r.name,
        parent: unit.opt(r.parentId),
        createdAt: r.createdAt,
      }),
    );
  }

  const users = new Map<string, User>();
  const user = lookup(users, 'user');
  for (const r of data.users) {
    users.set(
      r.id,
      em.create(User, {
        id: r.id,
        username: r.username,
        displayName: r.displayName,
        email: r.email,
        unit: unit.opt(r.unitId),
        active: r.active,
        createdAt: r.createdAt,
        deactivatedAt: r.deactivatedAt,
      }),
    );
  }
  for (const r of data.roleGrants) {
    em.create(RoleGrant, {
      id: r.id,
      user: user(r.userId),
      role: r.role,
      unit: unit.opt(r.unitId),
      validFrom: r.validFrom,
      validTo: r.validTo,
      grantedBy: user.opt(r.grantedById),
      revokedBy: user.opt(r.revokedById),
    });
  }

  const groups = new Map<string, AccessGroup>();
  const group = lookup(groups, 'access group');
  for (const r of data.accessGroups) {
    groups.set(
      r.id,
      em.create(AccessGroup, {
        id: r.id,
        name: r.name,
        description: r.description,
        createdAt: r.createdAt,
        endedAt: null,
      }),
    );
  }
  for (const r of data.memberships) {
    em.create(AccessGroupMembership, {
      id: r.id,
      group: group(r.groupId),
      user: user(r.userId),
      validFrom: r.validFrom,
      validTo: r.validTo,
      addedBy: user.opt(r.addedById),
      removedBy: user.opt(r.removedById),
    });
  }
  for (const r of data.specialistSystems ?? []) {
    em.create(SpecialistSystem, {
      id: r.id,
      user: user(r.userId),
      name: r.name,
      owner: user(r.ownerId),
      createdAt: r.createdAt,
    });
  }

  const codes = new Map<string, ScreeningCode>();
  const code = lookup(codes, 'screening code');
  for (const r of data.screeningCodes) {
    codes.set(
      r.id,
      em.create(ScreeningCode, {
        id: r.id,
        code: r.code,
        name: r.name,
        legalBasis: r.legalBasis,
        defaultScreenedFields: r.defaultScreenedFields,
        defaultDurationYears: r.defaultDurationYears,
        wholeDocument: r.wholeDocument,
        discretionary: r.discretionary,
        dutyOfConfidentiality: r.dutyOfConfidentiality,
        temporary: r.temporary,
        requiresAccessGroup: r.requiresAccessGroup,
        validFrom: r.validFrom,
        validTo: null,
      }),
    );
  }

  const cases = new Map<string, Case>();
  const kase = lookup(cases, 'case');
  for (const r of data.cases) {
    cases.set(
      r.id,
      em.create(Case, {
        id: r.id,
        caseYear: r.caseYear,
        caseSequence: r.caseSequence,
        caseNumber: r.caseNumber,
        title: r.title,
        publicTitle: r.publicTitle,
        status: r.status,
        archivePart: partOf(r),
        responsibleUnit: unit(r.responsibleUnitId),
        caseResponsible: user(r.caseResponsibleId),
        createdBy: user(r.createdById),
        accessGroup: group.opt(r.accessGroupId),
        screeningCode: code.opt(r.screeningCodeId),
        legalBasis: r.legalBasis,
        screenedFields: r.screenedFields,
        screeningExpiresOn: r.screeningExpiresOn,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        closedAt: r.closedAt,
        version: 1,
      }),
    );
  }
  for (const r of data.internalContacts) {
    em.create(CaseInternalContact, {
      case: kase(r.caseId),
      user: user(r.userId),
      addedBy: user(r.addedById),
      addedAt: r.addedAt,
    });
  }

  // writeOffReply is set by linkReplies after the flush: a reply is a later post of the same
  // table, and letting the unit of work break that cycle would cost an UPDATE per post that bumps
  // its version and stamps updatedAt with the clock.
  const posts = new Map<string, JournalPost>();
  const post = lookup(posts, 'journal post');
  for (const r of data.journalPosts) {
    posts.set(
      r.id,
      em.create(JournalPost, {
        id: r.id,
        case: kase(r.caseId),
        documentNumber: r.documentNumber,
        journalYear: r.journalYear,
        journalSequenceNumber: r.journalSequenceNumber,
        type: r.type,
        status: r.status,
        title: r.title,
        publicTitle: r.publicTitle,
        journalDate: r.journalDate,
        documentDate: r.documentDate,
        // Mottatt dato: the demo's letters are registered the day they come.
        receivedDate: r.type === JournalPostType.INCOMING ? r.journalDate : null,
        dueDate: r.dueDate,
        responsible: user(r.responsibleId),
        responsibleUnit: unit(r.responsibleUnitId),
        createdBy: user(r.createdById),
        accessGroup: group.opt(r.accessGroupId),
        screeningCode: code.opt(r.screeningCodeId),
        legalBasis: r.legalBasis,
        screenedFields: r.screenedFields,
        screeningExpiresOn: r.screeningExpiresOn,
        screeningAssessedOn: r.screeningAssessedOn,
        writeOffMethod: r.writeOffMethod,
        writeOffDate: r.writeOffDate,
        writtenOffBy: user.opt(r.writtenOffById),
        writeOffNote: r.writeOffNote,
        writeOffReply: null,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        version: 1,
      }),
    );
  }
  for (const r of data.correspondents) {
    em.create(Correspondent, {
      id: r.id,
      journalPost: post(r.journalPostId),
      position: r.position,
      role: r.role,
      name: r.name,
      screened: r.screened,
      isPerson: r.isPerson,
      address: r.address,
      email: r.email,
    });
  }
  for (const r of data.counters) {
    em.create(NumberCounter, { series: r.series, value: r.value });
  }
  for (const r of data.caseParties) {
    em.create(CaseParty, {
      id: r.id,
      case: kase(r.caseId),
      position: r.position,
      name: r.name,
      role: r.role,
      nationalId: r.nationalId,
      organizationNumber: r.organizationNumber,
      postalAddress: r.postalAddress,
      postalCode: r.postalCode,
      postalTown: r.postalTown,
    });
  }
}

/** Links written-off posts to the replies that wrote them off, in one statement. */
export async function linkReplies(em: EntityManager, data: DemoData): Promise<void> {
  const pairs = data.journalPosts.filter((p) => p.writeOffReplyId !== null);
  if (pairs.length === 0) return;
  const values = pairs.map(() => '(?::uuid, ?::uuid)').join(', ');
  await em.execute(
    `update journal_post p set write_off_reply_id = v.reply_id
       from (values ${values}) as v(id, reply_id) where p.id = v.id`,
    pairs.flatMap((p) => [p.id, p.writeOffReplyId]),
    'run',
  );
}

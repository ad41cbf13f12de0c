import { createHash, randomUUID } from 'node:crypto';
import { type EntityManager } from '@mikro-orm/postgresql';
import { parseTitle } from '../../src/domain/publicTitle';
import { ALL_SCREENABLE_FIELDS } from '../../src/domain/screening';
import {
  AccessGroup,
  AccessGroupMembership,
  Case,
  CaseClass,
  CaseClassRole,
  CaseInternalContact,
  CaseParty,
  CaseStatus,
  Class,
  ClassificationSystem,
  ClassificationType,
  Correspondent,
  CorrespondentRole,
  Document,
  DocumentDescription,
  DocumentRole,
  DocumentVariant,
  JournalPost,
  JournalPostType,
  JournalStatus,
  NumberCounter,
  type PublicationOverride,
  Role,
  RoleGrant,
  ScreenedField,
  ScreeningCode,
  Unit,
  User,
} from '../../src/entities';

/** Every screened value carries one of these, so a leak probe can search any response for them. */
export const MARKER = 'ZZLEAK';
export const marker = (what: string) => `${MARKER}${what}`;

/**
 * Identifiers that must reach no one but FULL viewers (docs/security.md, "Identifiers"): on the
 * parties and correspondents of every record with an access group. Synthetic: a D-number with
 * the month + 80 of test numbers, and an organisation number outside the 8xx/9xx ranges the
 * Brønnøysund register hands out.
 */
export const MARKER_NATIONAL_ID = '41911210221';
export const MARKER_ORGANIZATION_NUMBER = '310049484';

/** The viewer relations of the policy matrix (domain.md, "Internal access"). */
export const VIEWERS = [
  'public',
  'handler',
  'member',
  'archivist',
  'creator',
  'caseResponsible',
  'internalContact',
  'leader',
  'otherLeader',
  'postResponsible',
  'admin',
  'ended',
  'formerEmployee',
] as const;
export type ViewerName = (typeof VIEWERS)[number];

/** The record kinds of the policy matrix; each is a journal post in a case of its own. */
export const RECORDS = [
  'open',
  'screenedNoGroup',
  'elev',
  'personal',
  'noteN',
  'noteX',
  'temporary',
  'expired',
  'codeXX',
] as const;
export type RecordName = (typeof RECORDS)[number];

export interface Fixtures {
  /** username of each signed-in viewer */
  usernames: Record<Exclude<ViewerName, 'public'>, string>;
  /** uuid of each record's journal post and of its case */
  posts: Record<RecordName, string>;
  cases: Record<RecordName, string>;
  units: { responsible: string; other: string };
  groups: { elev: string; personal: string };
  /** The screened strings of each record (hidden title words, screened names, addresses) */
  secrets: Record<RecordName, string[]>;
  /** The person-number class (klasse) that is the primary class of the elev case */
  elevClass: string;
}

/** The synthetic national id (month + 80) of the elev case's person-number class. */
export const FIXTURE_NATIONAL_ID = '21928350077';

const past = new Date('2024-01-01T00:00:00Z');
const endedAt = new Date('2025-06-30T00:00:00Z');

/**
 * A small world for the access rules: one user per viewer relation, one post per record kind.
 * Every case is created by `creator`, has `caseResponsible` and `internalContact`, and belongs to
 * the unit `leader` leads; every post's responsible person is `postResponsible`.
 */
export async function createPolicyFixtures(em: EntityManager, today: string): Promise<Fixtures> {
  const unit = (name: string) => em.create(Unit, { id: randomUUID(), name, createdAt: past });
  const responsibleUnit = unit('Fixture – ansvarlig enhet');
  const otherUnit = unit('Fixture – annen enhet');
  const elev = em.create(AccessGroup, { name: 'Fixture Elev', createdAt: past });
  const personal = em.create(AccessGroup, { name: 'Fixture Personal', createdAt: past });

  const user = (username: string) =>
    em.create(User, {
      username,
      displayName: `Fixture ${username}`,
      unit: otherUnit,
      active: true,
      createdAt: past,
    });
  const grant = (u: User, role: Role, unitRef: Unit | null, validTo: Date | null = null) =>
    em.create(RoleGrant, { user: u, role, unit: unitRef, validFrom: past, validTo });
  const member = (u: User, g: AccessGroup, validTo: Date | null = null) =>
    em.create(AccessGroupMembership, { user: u, group: g, validFrom: past, validTo });

  const names = {
    handler: 'fx.handler',
    member: 'fx.member',
    archivist: 'fx.archivist',
    creator: 'fx.creator',
    caseResponsible: 'fx.responsible',
    internalContact: 'fx.contact',
    leader: 'fx.leader',
    otherLeader: 'fx.otherleader',
    postResponsible: 'fx.postresponsible',
    admin: 'fx.admin',
    ended: 'fx.ended',
    formerEmployee: 'fx.former',
  } as const;
  const users = Object.fromEntries(Object.entries(names).map(([k, v]) => [k, user(v)])) as Record<
    keyof typeof names,
    User
  >;

  for (const k of [
    'handler',
    'member',
    'creator',
    'caseResponsible',
    'internalContact',
    'postResponsible',
    'ended',
  ] as const) {
    grant(users[k], Role.CASE_HANDLER, otherUnit);
  }
  grant(users.archivist, Role.ARCHIVIST, null);
  grant(users.leader, Role.LEADER, responsibleUnit);
  grant(users.otherLeader, Role.LEADER, otherUnit);
  grant(users.admin, Role.ADMIN, null);
  member(users.member, elev);
  member(users.member, personal);
  // Used to be a leader of the responsible unit and a member of both groups; all of it ended.
  grant(users.ended, Role.LEADER, responsibleUnit, endedAt);
  member(users.ended, elev, endedAt);
  member(users.ended, personal, endedAt);
  grant(users.formerEmployee, Role.CASE_HANDLER, responsibleUnit, endedAt);
  member(users.formerEmployee, elev, endedAt);

  const code = (c: string, fields: ScreenedField[], years: number | null, temporary = false) =>
    em.create(ScreeningCode, {
      code: `fx${c}`,
      name: `Fixture ${c}`,
      legalBasis: `Offl. § ${c}`,
      defaultScreenedFields: fields,
      defaultDurationYears: years,
      wholeDocument: true,
      discretionary: c === '14',
      temporary,
      validFrom: '2020-01-01',
    });
  const code13 = code(
    '13',
    [
      ScreenedField.TITLE,
      ScreenedField.CORRESPONDENT_NAME,
      ScreenedField.PARTY_NAME,
      ScreenedField.DOCUMENT,
    ],
    60,
  );
  const code14 = code('14', [ScreenedField.TITLE, ScreenedField.DOCUMENT], null);
  const code13short = code('13k', [ScreenedField.TITLE, ScreenedField.CORRESPONDENT_NAME], 1);
  const codeXX = code('XX', [...ALL_SCREENABLE_FIELDS], null, true);

  interface Spec {
    type: JournalPostType;
    status: JournalStatus;
    title: string;
    group: AccessGroup | null;
    code: ScreeningCode | null;
    journalDate: string;
    correspondent?: { name: string; screened: boolean };
  }
  const specs: Record<RecordName, Spec> = {
    open: {
      type: JournalPostType.INCOMING,
      status: JournalStatus.REGISTERED,
      title: 'Innkjøp av lærebøker',
      group: null,
      code: null,
      journalDate: today,
      correspondent: { name: 'Lærebokforlaget AS', screened: false },
    },
    screenedNoGroup: {
      type: JournalPostType.INCOMING,
      status: JournalStatus.REGISTERED,
      title: `Klage fra {${marker('Klager')}}`,
      group: null,
      code: code13,
      journalDate: today,
      correspondent: { name: marker('Avsender1'), screened: true },
    },
    elev: {
      type: JournalPostType.INCOMING,
      status: JournalStatus.REGISTERED,
      title: `Elevmappe – {${marker('Elev')}}`,
      group: elev,
      code: code13,
      journalDate: today,
      correspondent: { name: marker('Forelder'), screened: true },
    },
    personal: {
      type: JournalPostType.OUTGOING,
      status: JournalStatus.DISPATCHED,
      title: `Personalmappe – {${marker('Ansatt')}}`,
      group: personal,
      code: code13,
      journalDate: today,
      correspondent: { name: marker('Ansatt2'), screened: true },
    },
    noteN: {
      type: JournalPostType.INTERNAL_FOLLOW_UP,
      status: JournalStatus.FINALIZED,
      title: `Notat om {${marker('NotatN')}}`,
      group: elev,
      code: code14,
      journalDate: today,
    },
    noteX: {
      type: JournalPostType.INTERNAL_NO_FOLLOW_UP,
      status: JournalStatus.FINALIZED,
      title: 'Notat om møteplan',
      group: null,
      code: null,
      journalDate: today,
    },
    temporary: {
      type: JournalPostType.INCOMING,
      status: JournalStatus.TEMPORARY,
      title: `Henvendelse om {${marker('Midlertidig')}}`,
      group: elev,
      code: codeXX,
      journalDate: today,
      correspondent: { name: marker('Avsender2'), screened: true },
    },
    expired: {
      type: JournalPostType.INCOMING,
      status: JournalStatus.REGISTERED,
      title: 'Søknad om skoleskyss – {Utløpt Navn}',
      group: elev,
      code: code13short,
      journalDate: '2020-03-02',
      correspondent: { name: 'Utløpt Avsender', screened: true },
    },
    codeXX: {
      type: JournalPostType.OUTGOING,
      status: JournalStatus.REGISTERED,
      title: `Vedtak om {${marker('Sperret')}}`,
      group: personal,
      code: codeXX,
      journalDate: today,
      correspondent: { name: marker('Mottaker'), screened: true },
    },
  };

  const posts = {} as Record<RecordName, string>;
  const cases = {} as Record<RecordName, string>;
  const secrets = {} as Record<RecordName, string[]>;
  let seq = 0;
  for (const name of RECORDS) {
    const s = specs[name];
    seq += 1;
    const parsed = parseTitle(s.title);
    const screenedFields = s.code ? [...s.code.defaultScreenedFields] : [];
    const expires = s.code?.defaultDurationYears
      ? `${Number(s.journalDate.slice(0, 4)) + s.code.defaultDurationYears}${s.journalDate.slice(4)}`
      : null;
    const screening = {
      accessGroup: s.group,
      screeningCode: s.code,
      screenedFields,
      screeningExpiresOn: expires,
    };
    const c = em.create(Case, {
      caseYear: 2099,
      caseSequence: seq,
      caseNumber: `2099/${seq}`,
      title: parsed.title,
      publicTitle: parsed.derivedPublicTitle ?? parsed.title,
      status: CaseStatus.IN_PROGRESS,
      responsibleUnit,
      caseResponsible: users.caseResponsible,
      createdBy: users.creator,
      createdAt: past,
      updatedAt: past,
      ...screening,
    });
    em.create(CaseInternalContact, { case: c, user: users.internalContact, addedAt: past });
    const p = em.create(JournalPost, {
      case: c,
      documentNumber: 1,
      journalYear: 2099,
      journalSequenceNumber: seq,
      type: s.type,
      status: s.status,
      title: parsed.title,
      publicTitle: parsed.derivedPublicTitle ?? parsed.title,
      journalDate: s.journalDate,
      responsible: users.postResponsible,
      responsibleUnit,
      createdBy: users.creator,
      createdAt: past,
      updatedAt: past,
      ...screening,
    });
    secrets[name] = [...s.title.matchAll(new RegExp(`${MARKER}\\w+`, 'g'))].map((m) => m[0]);
    const identified = s.group !== null;
    if (identified) {
      secrets[name].push(MARKER_NATIONAL_ID, MARKER_ORGANIZATION_NUMBER);
      em.create(CaseParty, {
        case: c,
        position: 0,
        name: 'Fixture Part',
        role: 'Elev',
        nationalId: MARKER_NATIONAL_ID,
      });
      em.create(CaseParty, {
        case: c,
        position: 1,
        name: 'Fixture Skole AS',
        role: 'Skole',
        organizationNumber: MARKER_ORGANIZATION_NUMBER,
      });
    }
    if (s.correspondent) {
      if (s.correspondent.name.includes(MARKER)) secrets[name].push(s.correspondent.name);
      secrets[name].push(marker(`Adresse${seq}`));
      em.create(Correspondent, {
        journalPost: p,
        position: 0,
        role:
          s.type === JournalPostType.OUTGOING
            ? CorrespondentRole.RECIPIENT
            : CorrespondentRole.SENDER,
        name: s.correspondent.name,
        screened: s.correspondent.screened,
        isPerson: true,
        address: marker(`Adresse${seq}`),
        email: `${MARKER.toLowerCase()}${seq}@example.org`,
        nationalId: identified ? MARKER_NATIONAL_ID : null,
      });
    }
    posts[name] = p.id;
    cases[name] = c.id;
  }
  // The elev case is classified by the pupil's national id: a screened class (klasse) whose
  // number and title (the pupil's name) are secrets of the elev record.
  const persons = em.create(ClassificationSystem, {
    title: 'Fixture fødselsnummer',
    type: ClassificationType.NATIONAL_ID,
  });
  const elevClass = em.create(Class, {
    system: persons,
    classId: FIXTURE_NATIONAL_ID,
    title: marker('ElevKlasse'),
    screened: true,
    publicClassId: '*****',
    publicTitle: '*****',
  });
  em.create(CaseClass, {
    case: em.getReference(Case, cases.elev),
    class: elevClass,
    role: CaseClassRole.PRIMARY,
    position: 0,
  });
  secrets.elev.push(FIXTURE_NATIONAL_ID, marker('ElevKlasse'));
  await em.flush();
  return {
    usernames: names,
    posts,
    cases,
    units: { responsible: responsibleUnit.id, other: otherUnit.id },
    groups: { elev: elev.id, personal: personal.id },
    secrets,
    elevClass: elevClass.id,
  };
}

/** Users of the write rules, on top of the policy fixtures (test/records/writeFunnel.test.ts). */
export interface WriteFixtures {
  /** username → user id, of every fixture user */
  userIds: Record<string, string>;
  /** A CASE_HANDLER of the responsible unit with no relation to any record */
  unitHandler: string;
  /** A CASE_HANDLER of the responsible unit, member of Elev (not of Personal) */
  elevHandler: string;
  /** A LEADER of the unit above the responsible unit */
  topLeader: string;
  topUnit: string;
  /** The temporary screening code (XX) */
  temporaryCode: string;
}

/**
 * Adds to the policy fixtures: a unit above the responsible unit with its leader, and case
 * handlers of the responsible unit (one a member of Elev), to create and be named in records.
 */
export async function createWriteFixtures(em: EntityManager, fx: Fixtures): Promise<WriteFixtures> {
  const responsible = await em.findOneOrFail(Unit, { id: fx.units.responsible });
  const top = em.create(Unit, { id: randomUUID(), name: 'Fixture – overordnet', createdAt: past });
  responsible.parent = top;
  const user = (username: string) =>
    em.create(User, {
      username,
      displayName: `Fixture ${username}`,
      unit: responsible,
      active: true,
      createdAt: past,
    });
  const unitHandler = user('fx.unithandler');
  const elevHandler = user('fx.elevhandler');
  const topLeader = user('fx.topleader');
  em.create(RoleGrant, {
    user: unitHandler,
    role: Role.CASE_HANDLER,
    unit: responsible,
    validFrom: past,
  });
  em.create(RoleGrant, {
    user: elevHandler,
    role: Role.CASE_HANDLER,
    unit: responsible,
    validFrom: past,
  });
  em.create(RoleGrant, { user: topLeader, role: Role.LEADER, unit: top, validFrom: past });
  em.create(AccessGroupMembership, {
    user: elevHandler,
    group: em.getReference(AccessGroup, fx.groups.elev),
    validFrom: past,
  });
  await em.flush();
  const users = await em.find(User, { username: { $like: 'fx.%' } });
  const temporary = await em.findOneOrFail(ScreeningCode, { code: 'fxXX' });
  return {
    userIds: Object.fromEntries(users.map((u) => [u.username, u.id])),
    unitHandler: unitHandler.username,
    elevHandler: elevHandler.username,
    topLeader: topLeader.username,
    topUnit: top.id,
    temporaryCode: temporary.id,
  };
}

export interface RecordSpec {
  group?: 'elev' | 'personal' | null;
  type?: JournalPostType;
  status?: JournalStatus;
  /** usernames; the case's creator and responsible are the policy fixtures' */
  postCreator?: string;
  postResponsible?: string;
  contacts?: string[];
  approver?: string;
  temporaryScreening?: boolean;
  caseStatus?: CaseStatus;
  /** The archive's publication control of the post (publiseringskontroll) */
  publicationOverride?: PublicationOverride;
}

let recordSequence = 500;

/** A case of the responsible unit with one journal post, straight in the database. */
export async function createRecord(
  em: EntityManager,
  fx: Fixtures,
  spec: RecordSpec = {},
): Promise<{ caseId: string; postId: string }> {
  const seq = (recordSequence += 1);
  const byName = (username: string) => em.findOneOrFail(User, { username });
  const group = spec.group ? em.getReference(AccessGroup, fx.groups[spec.group]) : null;
  const code = spec.temporaryScreening
    ? await em.findOneOrFail(ScreeningCode, { code: 'fxXX' })
    : null;
  const screening = {
    accessGroup: group,
    screeningCode: code,
    screenedFields: code ? [...code.defaultScreenedFields] : [],
  };
  const unit = em.getReference(Unit, fx.units.responsible);
  const c = em.create(Case, {
    caseYear: 2098,
    caseSequence: seq,
    caseNumber: `2098/${seq}`,
    title: `Skrivesak ${seq}`,
    publicTitle: `Skrivesak ${seq}`,
    status: spec.caseStatus ?? CaseStatus.IN_PROGRESS,
    responsibleUnit: unit,
    caseResponsible: await byName(fx.usernames.caseResponsible),
    createdBy: await byName(fx.usernames.creator),
    ...screening,
  });
  for (const contact of spec.contacts ?? []) {
    em.create(CaseInternalContact, { case: c, user: await byName(contact) });
  }
  const p = em.create(JournalPost, {
    case: c,
    documentNumber: 1,
    journalYear: 2098,
    journalSequenceNumber: seq,
    type: spec.type ?? JournalPostType.OUTGOING,
    status: spec.status ?? JournalStatus.RESERVED,
    title: `Skrivepost ${seq}`,
    publicTitle: `Skrivepost ${seq}`,
    journalDate: '2098-01-02',
    responsible: await byName(spec.postResponsible ?? fx.usernames.postResponsible),
    responsibleUnit: unit,
    createdBy: await byName(spec.postCreator ?? fx.usernames.creator),
    approver: spec.approver ? await byName(spec.approver) : null,
    publicationOverride: spec.publicationOverride ?? null,
    ...screening,
  });
  // The case's document counter knows of the post, for posts registered later.
  em.create(NumberCounter, { series: `document:${c.id}`, value: 1 });
  await em.flush();
  return { caseId: c.id, postId: p.id };
}

/** The screened attachments of screenedAttachments(): by the post they hang on. */
export interface ScreenedAttachments {
  /** uuid of the attachment's document description, on the `open` and the `elev` post */
  ids: Record<'open' | 'elev', string>;
  /** Its title and file name: seen only by those who read it in full */
  secrets: string[];
}

/**
 * An attachment (dokumentbeskrivelse, number 2) with its own screening (code fx13) on the `open`
 * post (no access group) and on the `elev` post, with a file in every variant. Its title, file
 * name and bytes carry the leak marker.
 */
export async function createScreenedAttachments(
  em: EntityManager,
  fx: Fixtures,
): Promise<ScreenedAttachments> {
  const code = await em.findOneOrFail(ScreeningCode, { code: 'fx13' });
  const creator = await em.findOneOrFail(User, { username: fx.usernames.postResponsible });
  const ids = {} as Record<'open' | 'elev', string>;
  const secrets: string[] = [];
  for (const name of ['open', 'elev'] as const) {
    const post = em.getReference(JournalPost, fx.posts[name]);
    const title = marker(`Legeerklaering${name}`);
    const description = em.create(DocumentDescription, {
      journalPost: post,
      documentNumber: 2,
      role: DocumentRole.ATTACHMENT,
      title,
      screeningCode: code,
      createdBy: creator,
    });
    for (const variant of Object.values(DocumentVariant)) {
      const content = Buffer.from(`${title} ${variant}`);
      em.create(Document, {
        journalPost: post,
        description,
        variant,
        fileName: `${title}.txt`,
        mediaType: 'text/plain',
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
        uploadedBy: creator,
      });
    }
    ids[name] = description.id;
    secrets.push(title);
  }
  await em.flush();
  return { ids, secrets };
}

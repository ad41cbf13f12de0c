// The demo's second municipality, Iveland kommune (docs/demo-data.md, "Iveland kommune"): a small
// records creator of its own beside Vennesla, with its own units, users, access groups, screening
// codes, archive and case and journal numbering, so two organisations run side by side and the
// isolation between them can be tried by hand and is tested (test/isolation). Written out case by
// case rather than generated: a dozen cases are easier to read than a story generator.
import { parseTitle } from '../../domain/publicTitle';
import {
  CaseStatus,
  CorrespondentRole,
  JournalPostType,
  JournalStatus,
  Role,
  ScreenedField,
  WriteOffMethod,
} from '../../entities/enums';
import { type CorrespondentDef } from './cases/types';
import { addDays, addYears, at, workdayOnOrAfter } from './dates';
import {
  type CaseRow,
  type CorrespondentRow,
  type DemoData,
  type JournalPostRow,
  type RoleGrantRow,
  type UserRow,
} from './model';
import { Rng } from './random';
import { SCREENING_CODES, screeningCodeRow, type CodeKey } from './screeningCodes';
import { systemStart } from './users';
import { vocabulary } from './vocabulary';

/** Iveland kommune (organisation number made up, with a valid MOD11 check digit). */
export const IVELAND_ORGANISATION = {
  id: '00000000-0000-4000-8000-000000000002',
  name: 'Iveland kommune',
  shortName: 'iveland',
  organisationNumber: '964968004',
};

/** Iveland's archive (arkiv) and its one ACTIVE part (arkivdel). */
export const IVELAND_ARCHIVE_ID = '00000000-0000-4000-8000-00000000a200';
export const IVELAND_ARCHIVE_PART_ID = '00000000-0000-4000-8000-00000000a201';

/**
 * The person who works for both municipalities: an archivist of the IKT cooperation, one user row
 * in each, same username, grants per organisation. The username exists nowhere else, so every
 * other demo username still names exactly one person (tokens without an organisation keep working).
 */
export const SHARED_ARCHIVIST = {
  username: 'ikt.arkivar',
  displayName: 'Marianne Homstøl',
  /** Her user row in Vennesla (fixed: the generated Vennesla ids must not shift) */
  venneslaUserId: '00000000-0000-4000-8000-00000000b001',
  venneslaGrantId: '00000000-0000-4000-8000-00000000b002',
} as const;

/** Its own id series, so Iveland never shifts the ids of Vennesla's rows. */
const ID_SEED = 0x17e1_a4d0;

type UnitKey = 'kommune' | 'skule' | 'helse' | 'teknisk';
type GroupKey = 'elev' | 'helse';

const UNITS: { key: UnitKey; name: string; parent: UnitKey | null }[] = [
  { key: 'kommune', name: 'Iveland kommune', parent: null },
  { key: 'skule', name: 'Iveland skule', parent: 'kommune' },
  { key: 'helse', name: 'Helse og omsorg', parent: 'kommune' },
  { key: 'teknisk', name: 'Plan og teknisk', parent: 'kommune' },
];

const GROUPS: { key: GroupKey; name: string; description: string }[] = [
  { key: 'elev', name: 'Elev', description: 'Elevmapper ved Iveland skule.' },
  { key: 'helse', name: 'Helse', description: 'Vedtak om helse- og omsorgstjenester.' },
];

interface IvelandUser {
  username: string;
  displayName: string;
  unit: UnitKey;
  grants: { role: Role; unit: UnitKey | null }[];
  groups?: GroupKey[];
}

const USERS: IvelandUser[] = [
  {
    username: 'iveland.admin',
    displayName: 'Solveig Mykland',
    unit: 'kommune',
    grants: [{ role: Role.ADMIN, unit: null }],
  },
  {
    username: 'iveland.arkivar',
    displayName: 'Olav Rysstad',
    unit: 'kommune',
    grants: [{ role: Role.ARCHIVIST, unit: null }],
  },
  {
    username: SHARED_ARCHIVIST.username,
    displayName: SHARED_ARCHIVIST.displayName,
    unit: 'kommune',
    grants: [{ role: Role.ARCHIVIST, unit: null }],
  },
  {
    username: 'iveland.saksbehandler',
    displayName: 'Kari Fjellgard',
    unit: 'helse',
    grants: [{ role: Role.CASE_HANDLER, unit: 'helse' }],
    groups: ['helse'],
  },
  {
    username: 'iveland.leder',
    displayName: 'Bjørn Dåsvatn',
    unit: 'helse',
    grants: [{ role: Role.LEADER, unit: 'helse' }],
  },
  {
    username: 'iveland.skule',
    displayName: 'Liv Ausland',
    unit: 'skule',
    grants: [{ role: Role.CASE_HANDLER, unit: 'skule' }],
    groups: ['elev'],
  },
  {
    username: 'iveland.teknisk',
    displayName: 'Arnfinn Birkeli',
    unit: 'teknisk',
    grants: [{ role: Role.CASE_HANDLER, unit: 'teknisk' }],
  },
];

/** Iveland screens with three of the codes Vennesla uses: its own rows, its own ids. */
const CODES: CodeKey[] = ['13', '14', 'XX'];

const org = (name: string, email: string | null = null): CorrespondentDef => ({
  name,
  isPerson: false,
  email,
  address: null,
});
const person = (name: string, address: string): CorrespondentDef => ({
  name,
  isPerson: true,
  email: null,
  address,
});

const STATSFORVALTER = org('Statsforvalteren i Agder', 'sfagpost@statsforvalteren.no');
const VEGVESEN = org('Statens vegvesen', 'firmapost@vegvesen.no');
const ENTREPRENOR = org('Vatnestrøm Maskin AS', 'post@vatnestrom-maskin.no');
const GRENDELAG = org('Birketveit grendelag');

interface PostDef {
  type: 'I' | 'U' | 'X';
  /** With `{…}` around the words to hide when the title is screened */
  title: string;
  /** Days after the case's creation */
  day: number;
  status: JournalStatus;
  correspondents?: CorrespondentDef[];
  /** Screening of this post instead of the case's */
  code?: CodeKey;
  /** Written off as noted (TO) */
  notedAfter?: number;
}

interface IvelandCase {
  unit: UnitKey;
  title: string;
  responsible: string;
  group?: GroupKey;
  code?: CodeKey;
  /** [year offset from Y, 'MM-DD'] */
  created: [number, string];
  status: CaseStatus;
  posts: PostDef[];
}

const { REGISTERED, DISPATCHED, TEMPORARY, ARCHIVED } = JournalStatus;

const CASES: IvelandCase[] = [
  {
    unit: 'skule',
    title: 'Elevmappe – {Ronja Hodnemyr}',
    responsible: 'iveland.skule',
    group: 'elev',
    code: '13',
    created: [-1, '08-19'],
    status: CaseStatus.IN_PROGRESS,
    posts: [
      {
        type: 'I',
        title: 'Innmelding i skule – {Ronja Hodnemyr}',
        day: 0,
        status: REGISTERED,
        correspondents: [person('Gro Hodnemyr', 'Hodnemyrveien 4, 4724 Iveland')],
        notedAfter: 3,
      },
      {
        type: 'U',
        title: 'Stadfesting av skuleplass – {Ronja Hodnemyr}',
        day: 5,
        status: DISPATCHED,
        correspondents: [person('Gro Hodnemyr', 'Hodnemyrveien 4, 4724 Iveland')],
      },
    ],
  },
  {
    unit: 'skule',
    title: 'Elevmappe – {Sverre Gautestad}',
    responsible: 'iveland.skule',
    group: 'elev',
    code: '13',
    created: [0, '01-14'],
    status: CaseStatus.IN_PROGRESS,
    posts: [
      {
        type: 'I',
        title: 'Søknad om spesialundervisning – {Sverre Gautestad}',
        day: 0,
        status: REGISTERED,
        correspondents: [person('Tone Gautestad', 'Skreosen 12, 4724 Iveland')],
      },
      {
        type: 'X',
        title: 'Notat om kartlegging – {Sverre Gautestad}',
        day: 20,
        status: REGISTERED,
      },
    ],
  },
  {
    unit: 'helse',
    title: 'Vedtak om heimeteneste – {Gunvor Skreosen}',
    responsible: 'iveland.saksbehandler',
    group: 'helse',
    code: '13',
    created: [0, '03-03'],
    status: CaseStatus.IN_PROGRESS,
    posts: [
      {
        type: 'I',
        title: 'Søknad om heimeteneste – {Gunvor Skreosen}',
        day: 0,
        status: REGISTERED,
        correspondents: [person('Gunvor Skreosen', 'Lislevatnveien 30, 4724 Iveland')],
        notedAfter: 2,
      },
      {
        type: 'U',
        title: 'Vedtak om heimeteneste – {Gunvor Skreosen}',
        day: 14,
        status: DISPATCHED,
        correspondents: [person('Gunvor Skreosen', 'Lislevatnveien 30, 4724 Iveland')],
      },
    ],
  },
  {
    unit: 'helse',
    title: 'Tryggleiksalarm – {Halvor Lislevatn}',
    responsible: 'iveland.saksbehandler',
    group: 'helse',
    code: '13',
    created: [0, '09-08'],
    status: CaseStatus.IN_PROGRESS,
    posts: [
      {
        type: 'I',
        title: 'Søknad om tryggleiksalarm – {Halvor Lislevatn}',
        day: 0,
        status: REGISTERED,
        correspondents: [person('Halvor Lislevatn', 'Lislevatnveien 7, 4724 Iveland')],
      },
    ],
  },
  {
    unit: 'teknisk',
    title: 'Reguleringsplan for Birketveit sentrum',
    responsible: 'iveland.teknisk',
    created: [-1, '04-07'],
    status: CaseStatus.IN_PROGRESS,
    posts: [
      {
        type: 'U',
        title: 'Varsel om oppstart av planarbeid – Birketveit sentrum',
        day: 0,
        status: DISPATCHED,
        correspondents: [STATSFORVALTER, GRENDELAG],
      },
      {
        type: 'I',
        title: 'Merknad til oppstart av planarbeid – Birketveit sentrum',
        day: 21,
        status: REGISTERED,
        correspondents: [GRENDELAG],
        notedAfter: 5,
      },
      {
        type: 'I',
        title: 'Uttale frå Statsforvaltaren – Birketveit sentrum',
        day: 30,
        status: REGISTERED,
        correspondents: [STATSFORVALTER],
        notedAfter: 5,
      },
      {
        type: 'X',
        title: 'Planprogram – Birketveit sentrum, utkast',
        day: 60,
        status: REGISTERED,
        code: '14',
      },
    ],
  },
  {
    unit: 'teknisk',
    title: 'Vedlikehald av Skaiå bru',
    responsible: 'iveland.teknisk',
    created: [-1, '06-02'],
    status: CaseStatus.CLOSED,
    posts: [
      {
        type: 'U',
        title: 'Førespurnad om vedlikehald av Skaiå bru',
        day: 0,
        status: ARCHIVED,
        correspondents: [ENTREPRENOR],
      },
      {
        type: 'I',
        title: 'Tilbod på vedlikehald av Skaiå bru',
        day: 12,
        status: ARCHIVED,
        correspondents: [ENTREPRENOR],
        notedAfter: 4,
      },
      {
        type: 'U',
        title: 'Tildeling av oppdrag – Skaiå bru',
        day: 25,
        status: ARCHIVED,
        correspondents: [ENTREPRENOR],
      },
    ],
  },
  {
    unit: 'teknisk',
    title: 'Trafikktryggleik langs fylkesvegen ved Vatnestrøm',
    responsible: 'iveland.teknisk',
    created: [0, '02-10'],
    status: CaseStatus.IN_PROGRESS,
    posts: [
      {
        type: 'U',
        title: 'Søknad om fartsgrense ved Vatnestrøm',
        day: 0,
        status: DISPATCHED,
        correspondents: [VEGVESEN],
      },
      {
        type: 'I',
        title: 'Svar på søknad om fartsgrense ved Vatnestrøm',
        day: 40,
        status: REGISTERED,
        correspondents: [VEGVESEN],
      },
      {
        // A resident's letter whose screening the archive has still to assess.
        type: 'I',
        title: 'Klage på trafikk – {Einar Gyvik}',
        day: 200,
        status: TEMPORARY,
        code: 'XX',
        correspondents: [person('Einar Gyvik', 'Gyvikveien 3, 4724 Iveland')],
      },
    ],
  },
  {
    unit: 'kommune',
    title: 'Budsjett for Iveland kommune',
    responsible: 'iveland.admin',
    created: [0, '05-05'],
    status: CaseStatus.IN_PROGRESS,
    posts: [
      {
        type: 'X',
        title: 'Budsjettrammer for einingane',
        day: 0,
        status: REGISTERED,
        code: '14',
      },
      {
        type: 'I',
        title: 'Innspel til budsjett frå Birketveit grendelag',
        day: 30,
        status: REGISTERED,
        correspondents: [GRENDELAG],
        notedAfter: 6,
      },
    ],
  },
  {
    unit: 'kommune',
    title: 'Arkivplan for Iveland kommune',
    responsible: 'iveland.arkivar',
    created: [-1, '10-06'],
    status: CaseStatus.CLOSED_BY_HANDLER,
    posts: [
      {
        type: 'X',
        title: 'Arkivplan for Iveland kommune, revidert',
        day: 0,
        status: REGISTERED,
      },
      {
        type: 'U',
        title: 'Arkivplan til IKT-samarbeidet',
        day: 10,
        status: REGISTERED,
        correspondents: [org('IKT Agder', 'post@iktagder.no')],
      },
    ],
  },
  {
    unit: 'helse',
    title: 'Kommunal helse- og omsorgsplan',
    responsible: 'iveland.leder',
    created: [0, '04-14'],
    status: CaseStatus.IN_PROGRESS,
    posts: [
      {
        type: 'U',
        title: 'Høyring – helse- og omsorgsplan',
        day: 0,
        status: DISPATCHED,
        correspondents: [STATSFORVALTER, GRENDELAG],
      },
      {
        type: 'I',
        title: 'Høyringsuttale frå Birketveit grendelag',
        day: 25,
        status: REGISTERED,
        correspondents: [GRENDELAG],
      },
    ],
  },
  {
    unit: 'teknisk',
    title: 'Byggjesak – naust ved Ogge',
    responsible: 'iveland.teknisk',
    created: [0, '06-16'],
    status: CaseStatus.IN_PROGRESS,
    posts: [
      {
        type: 'I',
        title: 'Søknad om løyve til naust ved Ogge',
        day: 0,
        status: REGISTERED,
        correspondents: [org('Ogge Hytteeigarlag')],
      },
      {
        type: 'U',
        title: 'Løyve til naust ved Ogge',
        day: 28,
        status: DISPATCHED,
        correspondents: [org('Ogge Hytteeigarlag')],
      },
    ],
  },
  {
    unit: 'skule',
    title: 'Skuleskyss for Iveland skule',
    responsible: 'iveland.skule',
    created: [0, '06-09'],
    status: CaseStatus.IN_PROGRESS,
    posts: [
      {
        type: 'U',
        title: 'Bestilling av skuleskyss',
        day: 0,
        status: DISPATCHED,
        correspondents: [org('Agder Kollektivtrafikk AS', 'post@akt.no')],
      },
      {
        type: 'I',
        title: 'Stadfesting av skuleskyss',
        day: 9,
        status: REGISTERED,
        correspondents: [org('Agder Kollektivtrafikk AS', 'post@akt.no')],
        notedAfter: 1,
      },
    ],
  },
];

const POST_TYPE = {
  I: JournalPostType.INCOMING,
  U: JournalPostType.OUTGOING,
  X: JournalPostType.INTERNAL_NO_FOLLOW_UP,
} as const;

/** The data of Iveland kommune, deterministically, for the demo's story year `y`. */
export function buildIvelandData(y: number, today: string): DemoData {
  const ids = new Rng(ID_SEED);
  const start = systemStart(y);
  const unitId = new Map<UnitKey, string>();
  const units = UNITS.map((u) => {
    const id = ids.uuid();
    unitId.set(u.key, id);
    return {
      id,
      name: u.name,
      parentId: u.parent ? unitId.get(u.parent)! : null,
      createdAt: at(start, 6 * 60),
    };
  });

  const userId = new Map<string, string>();
  const users: UserRow[] = [];
  const roleGrants: RoleGrantRow[] = [];
  USERS.forEach((u, i) => {
    const id = ids.uuid();
    userId.set(u.username, id);
    users.push({
      id,
      username: u.username,
      displayName: u.displayName,
      email: `${u.username}@iveland.kommune.example`,
      unitId: unitId.get(u.unit)!,
      active: true,
      createdAt: at(start, 6 * 60 + 30 + i),
      deactivatedAt: null,
    });
  });
  const adminId = userId.get('iveland.admin')!;
  USERS.forEach((u, i) =>
    u.grants.forEach((g, j) =>
      roleGrants.push({
        id: ids.uuid(),
        userId: userId.get(u.username)!,
        role: g.role,
        unitId: g.unit ? unitId.get(g.unit)! : null,
        validFrom: at(start, 6 * 60 + 30 + i + j),
        validTo: null,
        grantedById: adminId,
        revokedById: null,
      }),
    ),
  );

  const groupId = new Map<GroupKey, string>();
  const accessGroups = GROUPS.map((g) => {
    const id = ids.uuid();
    groupId.set(g.key, id);
    return { id, name: g.name, description: g.description, createdAt: at(start, 6 * 60 + 5) };
  });
  const memberships = USERS.flatMap((u, i) =>
    (u.groups ?? []).map((g) => ({
      id: ids.uuid(),
      groupId: groupId.get(g)!,
      userId: userId.get(u.username)!,
      validFrom: at(start, 7 * 60 + i),
      validTo: null,
      addedById: adminId,
      removedById: null,
    })),
  );

  const codeId = new Map<CodeKey, string>();
  const codeDefs = SCREENING_CODES.filter((c) => CODES.includes(c.code));
  const screeningCodes = codeDefs.map((def) => {
    const id = ids.uuid();
    codeId.set(def.code, id);
    return screeningCodeRow(def, id);
  });
  const screening = (
    key: CodeKey | undefined,
    from: string,
  ): { codeId: string | null; fields: ScreenedField[]; expiresOn: string | null } => {
    const def = codeDefs.find((c) => c.code === key);
    if (!def) return { codeId: null, fields: [], expiresOn: null };
    return {
      codeId: codeId.get(def.code)!,
      fields: [...def.defaultScreenedFields],
      expiresOn: def.defaultDurationYears ? addYears(from, def.defaultDurationYears) : null,
    };
  };
  const titles = (input: string, fields: ScreenedField[]) => {
    const parsed = parseTitle(input);
    const screened = fields.includes(ScreenedField.TITLE);
    return {
      title: parsed.title,
      publicTitle: screened ? (parsed.derivedPublicTitle ?? parsed.title) : parsed.title,
      hidden: screened ? [...input.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!.trim()) : [],
    };
  };

  const hidden: { text: string; active: boolean }[] = [];
  const openTexts: string[] = [
    ...units.map((u) => u.name),
    ...users.flatMap((u) => [u.username, u.displayName]),
    ...accessGroups.flatMap((g) => [g.name, g.description]),
    ...screeningCodes.flatMap((c) => [c.name, c.legalBasis]),
  ];

  // Cases in order of creation; numbers per year follow it.
  const ordered = CASES.map((def, index) => ({
    def,
    index,
    created: workdayOnOrAfter(`${y + def.created[0]}-${def.created[1]}`),
  })).sort((a, b) =>
    a.created === b.created ? a.index - b.index : a.created < b.created ? -1 : 1,
  );
  const caseSeq = new Map<number, number>();
  const cases: CaseRow[] = [];
  const posts: JournalPostRow[] = [];
  /** The case's place in CASES, the tie-break of posts on one day */
  const caseOrder = new Map<string, number>();
  const correspondents: CorrespondentRow[] = [];
  const counters: DemoData['counters'] = [];
  for (const { def, created, index } of ordered) {
    const year = Number(created.slice(0, 4));
    const sequence = (caseSeq.get(year) ?? 0) + 1;
    caseSeq.set(year, sequence);
    const s = screening(def.code, created);
    const t = titles(def.title, s.fields);
    const responsibleId = userId.get(def.responsible)!;
    const createdAt = at(created, 6 * 60 + index);
    const closed = def.status === CaseStatus.CLOSED || def.status === CaseStatus.CLOSED_BY_HANDLER;
    const lastDay = addDays(created, Math.max(...def.posts.map((p) => p.day)) + 10);
    const closedAt = closed ? at(workdayOnOrAfter(lastDay), 13 * 60) : null;
    const caseId = ids.uuid();
    caseOrder.set(caseId, index);
    cases.push({
      id: caseId,
      caseYear: year,
      caseSequence: sequence,
      caseNumber: `${year}/${sequence}`,
      title: t.title,
      publicTitle: t.publicTitle,
      status: def.status,
      responsibleUnitId: unitId.get(def.unit)!,
      caseResponsibleId: responsibleId,
      createdById: responsibleId,
      accessGroupId: def.group ? groupId.get(def.group)! : null,
      screeningCodeId: s.codeId,
      legalBasis: null,
      screenedFields: s.fields,
      screeningExpiresOn: s.expiresOn,
      createdAt,
      updatedAt: closedAt ?? createdAt,
      closedAt,
    });
    openTexts.push(t.publicTitle);
    for (const h of t.hidden) hidden.push({ text: h, active: true });

    def.posts.forEach((p, n) => {
      const date = workdayOnOrAfter(addDays(created, p.day));
      if (date >= today)
        throw new Error(`Iveland: "${p.title}" lies on or after the reference date`);
      const ps = p.code ? screening(p.code, date) : screening(def.code, date);
      const pt = titles(p.title, ps.fields);
      const temporary = p.status === TEMPORARY;
      const followUp = p.type === 'I';
      const writeOff = followUp && p.notedAfter !== undefined;
      const postCreatedAt = at(date, 7 * 60 + n);
      const postId = ids.uuid();
      posts.push({
        id: postId,
        caseId,
        documentNumber: n + 1,
        journalYear: Number(date.slice(0, 4)),
        journalSequenceNumber: 0,
        type: POST_TYPE[p.type],
        status: p.status,
        title: pt.title,
        publicTitle: pt.publicTitle,
        journalDate: date,
        documentDate: date,
        dueDate: followUp ? addDays(date, 21) : null,
        responsibleId,
        responsibleUnitId: unitId.get(def.unit)!,
        createdById: followUp ? userId.get('iveland.arkivar')! : responsibleId,
        accessGroupId: def.group ? groupId.get(def.group)! : null,
        screeningCodeId: ps.codeId,
        legalBasis: null,
        screenedFields: ps.fields,
        screeningExpiresOn: ps.expiresOn,
        screeningAssessedOn: ps.codeId && !temporary ? date : null,
        writeOffMethod: writeOff ? WriteOffMethod.NOTED : null,
        writeOffDate: writeOff ? workdayOnOrAfter(addDays(date, p.notedAfter!)) : null,
        writtenOffById: writeOff ? responsibleId : null,
        writeOffNote: null,
        writeOffReplyId: null,
        createdAt: postCreatedAt,
        updatedAt: postCreatedAt,
      });
      openTexts.push(pt.publicTitle);
      for (const h of pt.hidden) hidden.push({ text: h, active: true });
      const screened = ps.fields.includes(ScreenedField.CORRESPONDENT_NAME);
      (p.correspondents ?? []).forEach((c, position) => {
        correspondents.push({
          id: ids.uuid(),
          journalPostId: postId,
          position,
          role: p.type === 'I' ? CorrespondentRole.SENDER : CorrespondentRole.RECIPIENT,
          name: c.name,
          screened,
          isPerson: c.isPerson,
          address: c.address,
          email: c.email,
        });
        if (screened) hidden.push({ text: c.name, active: true });
        else openTexts.push(c.name);
      });
    });
    counters.push({ series: `document:${caseId}`, value: def.posts.length });
  }

  // Journal numbers per year in the order of the journal dates.
  posts.sort((a, b) =>
    a.journalDate !== b.journalDate
      ? a.journalDate < b.journalDate
        ? -1
        : 1
      : a.caseId !== b.caseId
        ? caseOrder.get(a.caseId)! - caseOrder.get(b.caseId)!
        : a.documentNumber - b.documentNumber,
  );
  const journalSeq = new Map<number, number>();
  for (const p of posts) {
    const next = (journalSeq.get(p.journalYear) ?? 0) + 1;
    journalSeq.set(p.journalYear, next);
    p.journalSequenceNumber = next;
  }
  for (const [year, value] of [...caseSeq].sort(([a], [b]) => a - b)) {
    counters.push({ series: `case:${year}`, value });
  }
  for (const [year, value] of [...journalSeq].sort(([a], [b]) => a - b)) {
    counters.push({ series: `journal:${year}`, value });
  }

  const words = vocabulary(hidden, openTexts, []);
  return {
    today,
    units,
    users,
    roleGrants,
    accessGroups,
    memberships,
    screeningCodes,
    cases,
    internalContacts: [],
    journalPosts: posts,
    correspondents,
    counters,
    caseParties: [],
    ...words,
  };
}

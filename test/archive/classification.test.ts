import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ormOptions } from '../../src/db/orm-options';
import {
  DEMO_EMPLOYEE_NATIONAL_ID,
  DEMO_PUPIL_NATIONAL_ID,
  DEMO_SYSTEM_IDS,
} from '../../src/db/seed/classification';
import { query, sql } from '../../src/db/sqlTemplate';
import { fromGlobalId, toGlobalId } from '../../src/schema/globalId';
import { createTestDatabase } from '../support/database';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Klassifikasjonssystem and klasse (docs/noark5.md): systems and classes, a case's primary and
 * secondary classes, filters and search by class, and the person-number scheme whose classes are
 * screened like titles.
 */
let server: TestServer;
const tokens = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer({ data: 'demo' });
  for (const who of ['admin', 'arkivar', 'saksbehandler', 'skole.saksbehandler', 'leder']) {
    tokens.set(who, await server.tokenFor(who));
  }
});
afterAll(() => server?.close());

const as = (who: string | null, q: string, variables: Record<string, unknown> = {}) =>
  who ? server.gql(q, variables, { token: tokens.get(who)! }) : server.gql(q, variables);

const sqlRows = <T>(fragment: ReturnType<typeof sql>) => query<T>(server.orm.em.fork(), fragment);

const noErrors = (res: { body: { errors?: unknown } }) =>
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();

const K_CODES = toGlobalId('ClassificationSystem', DEMO_SYSTEM_IDS.kCodes);
const FUNCTIONS = toGlobalId('ClassificationSystem', DEMO_SYSTEM_IDS.functions);
const PERSONS = toGlobalId('ClassificationSystem', DEMO_SYSTEM_IDS.nationalId);

/** A synthetic national id (month + 80) that no demo class has. */
const OTHER_NATIONAL_ID = '14831110156';

const CLASSES = `query($filter: ClassFilter) { classes(first: 50, filter: $filter) {
  totalCount nodes { id classId title screened visibility parent { classId } system { title type } } } }`;

interface ClassNode {
  id: string;
  classId: string;
  title: string;
  screened: boolean;
  visibility: string;
  parent: { classId: string } | null;
}

async function classOf(systemId: string, classId: string, who = 'arkivar'): Promise<ClassNode> {
  const res = await as(who, CLASSES, { filter: { systemId } });
  noErrors(res);
  return res.body.data.classes.nodes.find((k: ClassNode) => k.classId === classId);
}

/** The pupil folder classified by the pupil's number, and the class. */
async function pupilFolder() {
  const rows = await sqlRows<{ case_id: string; class_id: string; case_number: string }>(
    sql`select cc.case_id, cc.class_id, c.case_number from case_class cc
      join class k on k.id = cc.class_id join case_file c on c.id = cc.case_id
      where k.class_id = ${DEMO_PUPIL_NATIONAL_ID}`,
  );
  expect(rows).toHaveLength(1);
  return {
    caseId: toGlobalId('Case', rows[0]!.case_id),
    classId: toGlobalId('Class', rows[0]!.class_id),
    caseNumber: rows[0]!.case_number,
  };
}

const CASE_CLASSES = `query($id: ID!) { node(id: $id) { ... on Case { visibility
  primaryClass { id classId title screened visibility }
  secondaryClasses { classId title } } } }`;

const CASES = `query($filter: CaseFilter) { cases(first: 100, filter: $filter) {
  totalCount nodes { id caseNumber primaryClass { classId } secondaryClasses { classId } } } }`;

describe('The demo has the K-koder, a function scheme and a person-number scheme', () => {
  it('lists the systems by title with their types', async () => {
    const res = await as(
      'saksbehandler',
      '{ classificationSystems(first: 10) { nodes { title type } } }',
    );
    noErrors(res);
    expect(res.body.data.classificationSystems.nodes).toEqual([
      { title: 'Funksjonsplan for Vennesla kommune', type: 'FUNCTION_BASED' },
      { title: 'Fødselsnummer', type: 'NATIONAL_ID' },
      { title: 'K-koder', type: 'K_CODES' },
    ]);
  });

  it('lists the classes of a system by klasseID, with their parents', async () => {
    const k = await as('saksbehandler', CLASSES, { filter: { systemId: K_CODES } });
    noErrors(k);
    expect(k.body.data.classes.nodes.map((n: ClassNode) => n.classId)).toEqual([
      '033',
      '151',
      '210',
      'A20',
      'B31',
      'F30',
    ]);
    const f = await as('saksbehandler', CLASSES, { filter: { systemId: FUNCTIONS } });
    const byId = Object.fromEntries(
      f.body.data.classes.nodes.map((n: ClassNode) => [n.classId, n.parent?.classId ?? null]),
    );
    expect(byId).toEqual({ '01': null, '01.02': '01', '02': null, '02.01': '02' });
  });

  it('gives cases their primary and secondary classes', async () => {
    const res = await as('arkivar', CASES, { filter: { query: 'Budsjett 2027' } });
    noErrors(res);
    const budget = res.body.data.cases.nodes.find(
      (c: { primaryClass: unknown }) => c.primaryClass !== null,
    );
    expect(budget.primaryClass).toEqual({ classId: '151' });
    expect(budget.secondaryClasses).toEqual([{ classId: '01.02' }]);
  });
});

describe('A person-number class is screened like a title', () => {
  it('is in full for a reader of the case in full, and *****  for a REDACTED viewer', async () => {
    const { caseId } = await pupilFolder();
    const full = await as('arkivar', CASE_CLASSES, { id: caseId });
    noErrors(full);
    expect(full.body.data.node.primaryClass).toMatchObject({
      classId: DEMO_PUPIL_NATIONAL_ID,
      screened: true,
      visibility: 'FULL',
    });
    expect(full.body.data.node.secondaryClasses).toEqual([
      { classId: 'A20', title: 'Grunnskole' },
      { classId: '02.01', title: 'Grunnskoleopplæring' },
    ]);

    const redacted = await as('admin', CASE_CLASSES, { id: caseId });
    noErrors(redacted);
    expect(redacted.body.data.node.visibility).toBe('REDACTED');
    expect(redacted.body.data.node.primaryClass).toMatchObject({
      classId: '*****',
      title: '*****',
      screened: true,
      visibility: 'REDACTED',
    });
    expect(redacted.text).not.toContain(DEMO_PUPIL_NATIONAL_ID);
    const fullTitle = full.body.data.node.primaryClass.title as string;
    expect(redacted.text).not.toContain(fullTitle);
  });

  it('lists the classes of the scheme in public form to whoever reads none of their cases in full', async () => {
    const res = await as('admin', CLASSES, { filter: { systemId: PERSONS } });
    noErrors(res);
    expect(res.body.data.classes.totalCount).toBe(2);
    for (const k of res.body.data.classes.nodes) {
      expect(k).toMatchObject({ classId: '*****', title: '*****', visibility: 'REDACTED' });
    }
    expect(res.text).not.toContain(DEMO_PUPIL_NATIONAL_ID);
    expect(res.text).not.toContain(DEMO_EMPLOYEE_NATIONAL_ID);
    const { classId } = await pupilFolder();
    const node = await as(
      'admin',
      `query($id: ID!) { node(id: $id) { ... on Class { classId } } }`,
      {
        id: classId,
      },
    );
    expect(node.body.data.node).toEqual({ classId: '*****' });
    const archive = await as('arkivar', CLASSES, { filter: { systemId: PERSONS } });
    expect(archive.body.data.classes.nodes.map((k: ClassNode) => k.classId).sort()).toEqual(
      [DEMO_EMPLOYEE_NATIONAL_ID, DEMO_PUPIL_NATIONAL_ID].sort(),
    );
  });

  it('is found by its number only by readers of the case in full, and counted only for them', async () => {
    const full = await as('arkivar', CASES, { filter: { query: DEMO_PUPIL_NATIONAL_ID } });
    noErrors(full);
    expect(full.body.data.cases.totalCount).toBe(1);
    for (const who of ['admin', 'saksbehandler']) {
      const res = await as(who, CASES, { filter: { query: DEMO_PUPIL_NATIONAL_ID.slice(0, 6) } });
      noErrors(res);
      expect(res.body.data.cases).toEqual({ totalCount: 0, nodes: [] });
    }
  });

  it('filters by the class only where the case is read in full', async () => {
    const { classId, caseId } = await pupilFolder();
    const full = await as('arkivar', CASES, { filter: { classId } });
    expect(full.body.data.cases.nodes.map((c: { id: string }) => c.id)).toEqual([caseId]);
    const redacted = await as('admin', CASES, { filter: { classId } });
    noErrors(redacted);
    expect(redacted.body.data.cases).toEqual({ totalCount: 0, nodes: [] });
    const bySystem = await as('admin', CASES, { filter: { classificationSystemId: PERSONS } });
    expect(bySystem.body.data.cases.totalCount).toBe(0);
  });

  it('shows ***** as the arkivkode in the public journal and never the number in its downloads', async () => {
    const { caseNumber } = await pupilFolder();
    const res = await as(null, `{ publicJournal(first: 100) { nodes { caseNumber classCode } } }`);
    noErrors(res);
    const codes = res.body.data.publicJournal.nodes as { caseNumber: string; classCode: string }[];
    expect(codes.some((e) => e.classCode === 'A20' || e.classCode === 'B31')).toBe(true);
    const ofPupil = codes.filter((x) => x.caseNumber === caseNumber);
    expect(ofPupil.length).toBeGreaterThan(0);
    for (const e of ofPupil) expect(e.classCode).toBe('*****');
    for (const path of [
      '/public-journal.csv',
      '/public-journal.json',
      '/public-journal.atom',
      '/journal',
    ]) {
      const text = await (await fetch(`${server.url}${path}`)).text();
      expect(text).not.toContain(DEMO_PUPIL_NATIONAL_ID);
      expect(text).not.toContain(DEMO_EMPLOYEE_NATIONAL_ID);
    }
    const search = await as(
      null,
      `query($q: String) { publicJournal(filter: { query: $q }) { totalCount nodes { id } } }`,
      { q: DEMO_PUPIL_NATIONAL_ID },
    );
    expect(search.body.data.publicJournal).toEqual({ totalCount: 0, nodes: [] });
    const page = await (await fetch(`${server.url}/journal?q=Elevmappe`)).text();
    expect(page).toContain('Arkivkode');
    const csv = await (await fetch(`${server.url}/public-journal.csv`)).text();
    expect(csv.split('\r\n')[0]).toContain('Sak;Arkivkode;Tittel');
  });
});

const CREATE_CLASS = `mutation($input: CreateClassInput!) { createClass(input: $input) {
  id classId title screened visibility system { title } } }`;

describe('A national id number is a klasseID only in a person-number scheme', () => {
  it('refuses one as klasseID or in the title of another class, without repeating it', async () => {
    const res = await as('arkivar', CREATE_CLASS, {
      input: { systemId: K_CODES, classId: OTHER_NATIONAL_ID, title: `Elev ${OTHER_NATIONAL_ID}` },
    });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fieldErrors = res.body.errors?.[0]?.extensions?.fieldErrors as {
      path: string[];
      code: string;
    }[];
    expect(fieldErrors.map((e) => [e.path.join('.'), e.code])).toEqual([
      ['input.classId', 'NOT_ALLOWED'],
      ['input.title', 'NOT_ALLOWED'],
    ]);
    expect(res.text).not.toContain(OTHER_NATIONAL_ID);
  });

  it('requires one in the person-number scheme', async () => {
    const res = await as('arkivar', CREATE_CLASS, {
      input: { systemId: PERSONS, classId: 'A20', title: 'Ikke et nummer' },
    });
    expect(res.body.errors?.[0]?.extensions?.fieldErrors).toMatchObject([
      { path: ['input', 'classId'], code: 'INVALID_FORMAT' },
    ]);
  });

  it('creates a screened class for an archivist, and refuses an administrator there', async () => {
    const admin = await as('admin', CREATE_CLASS, {
      input: { systemId: PERSONS, classId: OTHER_NATIONAL_ID, title: 'Ola Testperson' },
    });
    expect(admin.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const created = await as('arkivar', CREATE_CLASS, {
      input: { systemId: PERSONS, classId: OTHER_NATIONAL_ID, title: 'Ola Testperson' },
    });
    noErrors(created);
    expect(created.body.data.createClass).toMatchObject({
      classId: OTHER_NATIONAL_ID,
      screened: true,
      visibility: 'FULL',
    });
    const [row] = await sqlRows<{ id: string; public_class_id: string; public_title: string }>(
      sql`select id, public_class_id, public_title from class where class_id = ${OTHER_NATIONAL_ID}`,
    );
    expect(row).toMatchObject({ public_class_id: '*****', public_title: '*****' });
    const audit = await sqlRows<{ changes: unknown }>(
      sql`select changes from audit_event where action = 'class.create' and target_id = ${row!.id}`,
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(OTHER_NATIONAL_ID);
  });

  it('lets an administrator create an unscreened class under a parent of the same system only', async () => {
    const parent = await classOf(FUNCTIONS, '02');
    const created = await as('admin', CREATE_CLASS, {
      input: { systemId: FUNCTIONS, classId: '02.02', title: 'Barnehage', parentId: parent.id },
    });
    noErrors(created);
    const other = await classOf(K_CODES, 'A20');
    const wrong = await as('admin', CREATE_CLASS, {
      input: { systemId: FUNCTIONS, classId: '02.03', title: 'Feil', parentId: other.id },
    });
    expect(wrong.body.errors?.[0]?.extensions?.fieldErrors).toMatchObject([
      { path: ['input', 'parentId'], code: 'NOT_ALLOWED' },
    ]);
    const duplicate = await as('admin', CREATE_CLASS, {
      input: { systemId: FUNCTIONS, classId: '02.02', title: 'Igjen' },
    });
    expect(duplicate.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const handler = await as('saksbehandler', CREATE_CLASS, {
      input: { systemId: FUNCTIONS, classId: '02.09', title: 'Nei' },
    });
    expect(handler.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a parent below the class itself', async () => {
    const top = await classOf(FUNCTIONS, '01');
    const child = await classOf(FUNCTIONS, '01.02');
    const res = await as(
      'arkivar',
      `mutation($input: UpdateClassInput!) { updateClass(input: $input) { id } }`,
      { input: { id: top.id, parentId: child.id } },
    );
    expect(res.body.errors?.[0]?.extensions?.fieldErrors).toMatchObject([
      { path: ['input', 'parentId'], code: 'NOT_ALLOWED' },
    ]);
  });
});

describe('Administering systems and classes: administrators and archivists, screened classes archivists only', () => {
  const FLAGS = `query($id: ID!) { node(id: $id) { ... on ClassificationSystem { viewerCan { update createClass } }
    ... on Class { viewerCan { update } } } }`;
  const UPDATE_CLASS = `mutation($input: UpdateClassInput!) { updateClass(input: $input) { classId title visibility } }`;

  it('tells each viewer in advance, and the change agrees', async () => {
    const { classId: pupil } = await pupilFolder();
    const flags = async (who: string, id: string) =>
      (await as(who, FLAGS, { id })).body.data.node.viewerCan;
    expect(await flags('admin', PERSONS)).toEqual({ update: true, createClass: false });
    expect(await flags('arkivar', PERSONS)).toEqual({ update: true, createClass: true });
    expect(await flags('saksbehandler', K_CODES)).toEqual({ update: false, createClass: false });
    expect(await flags('admin', pupil)).toEqual({ update: false });
    expect(await flags('arkivar', pupil)).toEqual({ update: true });

    const refused = await as('admin', UPDATE_CLASS, { input: { id: pupil, title: 'Nytt navn' } });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const renamed = await as('arkivar', UPDATE_CLASS, {
      input: { id: pupil, title: 'Nytt Elevnavn' },
    });
    noErrors(renamed);
    expect(renamed.body.data.updateClass).toEqual({
      classId: DEMO_PUPIL_NATIONAL_ID,
      title: 'Nytt Elevnavn',
      visibility: 'FULL',
    });
    const seen = await as('admin', CASE_CLASSES, { id: (await pupilFolder()).caseId });
    expect(seen.body.data.node.primaryClass).toMatchObject({ classId: '*****', title: '*****' });
  });

  it('keeps the type of a system that has classes', async () => {
    const res = await as(
      'arkivar',
      `mutation($input: UpdateClassificationSystemInput!) { updateClassificationSystem(input: $input) { type } }`,
      { input: { id: PERSONS, type: 'K_CODES' } },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const created = await as(
      'admin',
      `mutation($input: CreateClassificationSystemInput!) { createClassificationSystem(input: $input) { id title type } }`,
      { input: { title: 'Gårdsnummer', type: 'PROPERTY' } },
    );
    noErrors(created);
    const changed = await as(
      'admin',
      `mutation($input: UpdateClassificationSystemInput!) { updateClassificationSystem(input: $input) { type description } }`,
      {
        input: {
          id: created.body.data.createClassificationSystem.id,
          type: 'OBJECT_BASED',
          description: 'Eiendommer',
        },
      },
    );
    noErrors(changed);
    expect(changed.body.data.updateClassificationSystem).toEqual({
      type: 'OBJECT_BASED',
      description: 'Eiendommer',
    });
  });
});

const SET = `mutation($input: SetCaseClassesInput!) { setCaseClasses(input: $input) {
  id version primaryClass { classId } secondaryClasses { classId } } }`;

describe("Classifying a case needs the case's write right, and a screened class read in full", () => {
  async function ownCase(): Promise<{ id: string; version: number }> {
    const units = await as(
      'saksbehandler',
      '{ units(first: 100) { nodes { id viewerCan { createCase } } } }',
    );
    const unitId = units.body.data.units.nodes.find(
      (u: { viewerCan: { createCase: boolean } }) => u.viewerCan.createCase,
    ).id;
    const res = await as(
      'saksbehandler',
      `mutation($input: CreateCaseInput!) { createCase(input: $input) { id version } }`,
      { input: { title: 'Klassifiseringsprøve', responsibleUnitId: unitId } },
    );
    noErrors(res);
    return res.body.data.createCase;
  }

  it('sets primary and ordered secondary classes, changes the version and is audited', async () => {
    const c = await ownCase();
    const a20 = await classOf(K_CODES, 'A20', 'saksbehandler');
    const f = await classOf(FUNCTIONS, '02.01', 'saksbehandler');
    const k033 = await classOf(K_CODES, '033', 'saksbehandler');
    const res = await as('saksbehandler', SET, {
      input: {
        id: c.id,
        expectedVersion: c.version,
        primaryClassId: a20.id,
        secondaryClassIds: [f.id, k033.id],
      },
    });
    noErrors(res);
    expect(res.body.data.setCaseClasses).toMatchObject({
      primaryClass: { classId: 'A20' },
      secondaryClasses: [{ classId: '02.01' }, { classId: '033' }],
    });
    expect(res.body.data.setCaseClasses.version).toBeGreaterThan(c.version);
    const stale = await as('saksbehandler', SET, {
      input: { id: c.id, expectedVersion: c.version, primaryClassId: null },
    });
    expect(stale.body.errors?.[0]?.extensions?.code).toBe('STALE_VERSION');
    const cleared = await as('saksbehandler', SET, { input: { id: c.id, primaryClassId: null } });
    expect(cleared.body.data.setCaseClasses).toMatchObject({
      primaryClass: null,
      secondaryClasses: [],
    });
    const audit = await sqlRows<{ n: string }>(
      sql`select count(*) as n from audit_event where action = 'case.setClasses'`,
    );
    expect(Number(audit[0]!.n)).toBeGreaterThanOrEqual(2);
    const found = await as('saksbehandler', CASES, { filter: { classId: a20.id } });
    expect(found.body.data.cases.nodes.some((n: { id: string }) => n.id === c.id)).toBe(false);
  });

  it('refuses a class twice and a screened class the writer does not read in full', async () => {
    const c = await ownCase();
    const a20 = await classOf(K_CODES, 'A20', 'saksbehandler');
    const { classId: pupil } = await pupilFolder();
    const res = await as('saksbehandler', SET, {
      input: { id: c.id, primaryClassId: a20.id, secondaryClassIds: [a20.id, pupil] },
    });
    expect(res.body.errors?.[0]?.extensions?.fieldErrors).toMatchObject([
      { path: ['input', 'secondaryClassIds', 0], code: 'DUPLICATE' },
      { path: ['input', 'secondaryClassIds', 1], code: 'NOT_ALLOWED' },
    ]);
    const rows = await sqlRows(
      sql`select 1 from case_class where case_id = ${fromGlobalId(c.id)!.id}`,
    );
    expect(rows).toEqual([]);
  });

  it('is FORBIDDEN to a REDACTED reader and NOT_FOUND to the public', async () => {
    const { caseId } = await pupilFolder();
    const a20 = await classOf(K_CODES, 'A20');
    const redacted = await as('admin', SET, { input: { id: caseId, primaryClassId: a20.id } });
    expect(redacted.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anon = await as(null, SET, { input: { id: caseId, primaryClassId: a20.id } });
    expect(anon.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('The classes of a page of cases load in one statement', () => {
  it('does not run a statement per case', async () => {
    const QUERY = `query($first: Int) { cases(first: $first) { nodes { id
      primaryClass { classId system { title } } secondaryClasses { classId } } } }`;
    // The access log writes after the answer, so only the statements of classes are counted.
    const classStatements = async (first: number) => {
      server.statements.length = 0;
      const res = await as('arkivar', QUERY, { first });
      noErrors(res);
      const withClasses = res.body.data.cases.nodes.filter(
        (c: { primaryClass: unknown }) => c.primaryClass !== null,
      );
      expect(withClasses.length).toBeGreaterThan(0);
      return server.statements.filter((q) => /\bcase_class\b|\bclassification_system\b/.test(q))
        .length;
    };
    expect(await classStatements(60)).toBe(2);
    expect(await classStatements(100)).toBe(2);
  });
});

describe('A clash of person-number klasseIDs is CONFLICT, and the number reaches no log line', () => {
  it('answers and logs without the number', async () => {
    const logging = await startTestServer({ databaseUrl: server.databaseUrl, captureLogs: true });
    try {
      const token = await logging.tokenFor('arkivar');
      const input = { systemId: PERSONS, classId: DEMO_PUPIL_NATIONAL_ID, title: 'Dobbel' };
      const res = await logging.gql(CREATE_CLASS, { input }, { token });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(res.text).not.toContain(DEMO_PUPIL_NATIONAL_ID);
      expect(logging.logs.length).toBeGreaterThan(0);
      expect(JSON.stringify(logging.logs)).not.toContain(DEMO_PUPIL_NATIONAL_ID);
    } finally {
      await logging.close();
    }
  });
});

describe('Migration: existing cases keep everything and start without a class', () => {
  let orm: MikroORM;
  afterAll(() => orm?.close(true));

  it('migrates the demo database forward', async () => {
    orm = await MikroORM.init(ormOptions(await createTestDatabase('demo'), 2));
    await orm.getMigrator().down({ to: 'Migration20261202071000_document_format' });
    const em = () => orm.em.fork();
    expect(await query(em(), sql`select to_regclass('case_class') as t`)).toEqual([{ t: null }]);
    const before = await query(em(), sql`select id, version from case_file order by id`);
    await orm.getMigrator().up({ to: 'Migration20261202080000_classification' });
    expect(await query(em(), sql`select id, version from case_file order by id`)).toEqual(before);
    expect(await query(em(), sql`select count(*)::int as n from case_class`)).toEqual([{ n: 0 }]);
  });
});

import { randomUUID } from 'node:crypto';
import {
  buildSchema,
  getNamedType,
  type GraphQLInputObjectType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLInputType,
} from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIRST_ORGANISATION_ID,
  ORGANISATION_TABLES,
} from '../../src/db/migrations/Migration20261202100000_organisations';
import { query, raw, sql } from '../../src/db/sqlTemplate';
import { IVELAND_ORGANISATION } from '../../src/db/seed';
import { type NodeType, toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Writes across organisations (docs/access-control.md, "Organisations"): every mutation that
 * names a record by id, given a record of the other municipality, answers exactly as for an id
 * that does not exist (NOT_FOUND, never FORBIDDEN for the record), for a case handler, an archivist
 * and an admin alike — and the other municipality's data is left exactly as it was, audit log
 * included. The mutations are read from the schema, so a new one is covered when its id's type is
 * named below.
 */
let server: TestServer;
const VENNESLA = FIRST_ORGANISATION_ID;
const IVELAND = IVELAND_ORGANISATION.id;
const VIEWERS = ['saksbehandler', 'arkivar', 'admin'] as const;
const tokens = new Map<string, string>();

/** The node type of each mutation's `input.id`; mutations on records the demo's Iveland lacks are left out below. */
const ID_TYPE: Record<string, NodeType> = {
  addAccessGroupMember: 'AccessGroup',
  removeAccessGroupMember: 'AccessGroup',
  endAccessGroup: 'AccessGroup',
  addCaseParty: 'Case',
  addCaseRemark: 'Case',
  addInternalContact: 'Case',
  removeInternalContact: 'Case',
  approveCase: 'Case',
  assignCaseResponsible: 'Case',
  cancelCase: 'Case',
  closeCase: 'Case',
  reopenCase: 'Case',
  setCaseClasses: 'Case',
  updateCase: 'Case',
  addJournalPostRemark: 'JournalPost',
  approveJournalPost: 'JournalPost',
  assessScreening: 'JournalPost',
  cancelJournalPost: 'JournalPost',
  confirmJournalPost: 'JournalPost',
  correctJournalPost: 'JournalPost',
  distributeJournalPost: 'JournalPost',
  dispatchJournalPost: 'JournalPost',
  finalizeJournalPost: 'JournalPost',
  forwardForApproval: 'JournalPost',
  holdFromPublicJournal: 'JournalPost',
  moveJournalPost: 'JournalPost',
  publishNow: 'JournalPost',
  rejectJournalPost: 'JournalPost',
  resetPublication: 'JournalPost',
  sendForApproval: 'JournalPost',
  updateJournalPost: 'JournalPost',
  writeOffJournalPost: 'JournalPost',
  assignRole: 'User',
  revokeRole: 'User',
  deactivateUser: 'User',
  setUserEmail: 'User',
  endScreeningCode: 'ScreeningCode',
  updateDocumentType: 'DocumentType',
  endDocumentType: 'DocumentType',
  setScreeningCodeRequiresAccessGroup: 'ScreeningCode',
  closeArchivePart: 'ArchivePart',
  setArchivePartDisposalRule: 'ArchivePart',
  startNewPeriod: 'ArchivePart',
  updateDocumentDescription: 'DocumentDescription',
  removeDocumentAttachment: 'DocumentDescription',
};
/**
 * Mutations whose record the other side lacks in the demo (no disposals, insight requests, classes,
 * parties), and `updateOrganisation`, an installation admin's change of the directory, which has no
 * other side (test/organisations/createOrganisation.test.ts).
 */
const NOT_COVERED = [
  'updateOrganisation',
  'cancelDisposal',
  'confirmDisposal',
  'closeInsightRequest',
  'decideInsightRequest',
  'reassignInsightRequestItem',
  'startInsightRequest',
  'removeCaseParty',
  'updateCaseParty',
  'setClassDisposalRule',
  'updateClass',
  'updateClassificationSystem',
];

/** Mutations naming a record of the other side in another field than `id`. */
const OTHER_FIELDS: Record<string, [string, NodeType][]> = {
  registerJournalPost: [['caseId', 'Case']],
  createCase: [['responsibleUnitId', 'Unit']],
  createUnit: [['parentId', 'Unit']],
  addDocumentAttachment: [['journalPostId', 'JournalPost']],
  writeOffJournalPosts: [['ids', 'JournalPost']],
  distributeJournalPost: [['responsibleId', 'User']],
  proposeDisposal: [['caseIds', 'Case']],
};

/** Required fields whose first enum value would be refused before the record is looked up. */
const FIXED: Record<string, Record<string, unknown>> = {
  startNewPeriod: { endAs: 'CLOSED_PERIOD' },
};

/**
 * A unit that does not exist, named in a new case, is a mistake in a field (BAD_USER_INPUT with
 * its field error), not a missing record: so is one of the other municipality. So is a handler
 * named in a distribution (the same refusal whether unknown or not eligible).
 */
const FIELD_ERRORS = ['createCase(responsibleUnitId)', 'distributeJournalPost(responsibleId)'];

const schema = buildSchema(readFileSync(path.resolve(__dirname, '../../schema.graphql'), 'utf8'));

/** Own records, to fill the fields that do not name the foreign one. */
const own: Partial<Record<NodeType, string>> = {};
/** The other side's records, one per type. */
const foreign: Partial<Record<NodeType, string>> = {};

/** A value for a required input field that is not the one under test. */
function fill(name: string, type: GraphQLInputType): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [];
  const named = getNamedType(inner);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) return required(named);
  switch (named.name) {
    case 'ID': {
      const kind: NodeType = /user|approver|assignee|responsible/i.test(name)
        ? 'User'
        : /case/i.test(name)
          ? 'Case'
          : /post/i.test(name)
            ? 'JournalPost'
            : 'Unit';
      return toGlobalId(kind, own[kind]!);
    }
    case 'Date':
      return '2026-11-02';
    case 'Int':
      return 1;
    case 'Boolean':
      return false;
    default:
      return 'Tverrgående skriving';
  }
}

function required(type: GraphQLInputObjectType): Record<string, unknown> {
  return Object.fromEntries(
    Object.values(type.getFields())
      .filter((f) => isNonNullType(f.type))
      .map((f) => [f.name, fill(f.name, f.type)]),
  );
}

interface Probe {
  label: string;
  mutation: string;
  /** The input with the foreign id, and with an id that does not exist */
  input: (id: string) => Record<string, unknown>;
  type: NodeType;
}

function probes(): Probe[] {
  const fields = schema.getMutationType()!.getFields();
  const out: Probe[] = [];
  for (const [name, field] of Object.entries(fields)) {
    const arg = field.args.find((a) => a.name === 'input');
    if (!arg) continue;
    const inputType = getNamedType(arg.type) as GraphQLInputObjectType;
    const base = () => ({ ...required(inputType), ...FIXED[name] });
    if (ID_TYPE[name]) {
      out.push({
        label: `${name}(id)`,
        mutation: name,
        type: ID_TYPE[name],
        input: (id) => ({ ...base(), id }),
      });
    }
    for (const [fieldName, type] of OTHER_FIELDS[name] ?? []) {
      const list = isListType(
        isNonNullType(inputType.getFields()[fieldName]!.type)
          ? (inputType.getFields()[fieldName]!.type as any).ofType
          : inputType.getFields()[fieldName]!.type,
      );
      out.push({
        label: `${name}(${fieldName})`,
        mutation: name,
        type,
        input: (id) => ({ ...base(), [fieldName]: list ? [id] : id }),
      });
    }
  }
  return out;
}

/** A fingerprint of every row of an organisation, table by table. */
async function fingerprint(organisation: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of ORGANISATION_TABLES) {
    const [row] = await query<{ h: string; n: number }>(
      server.orm.em.fork(),
      sql`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h, count(*)::int as n
          from ${raw(table)} t where organisation_id = ${organisation}`,
    );
    out[table] = `${row!.n}:${row!.h}`;
  }
  return out;
}

const withoutRequestId = (text: string) =>
  text.replace(/"requestId":"[^"]*"/g, '"requestId":"<request>"');

let before: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ data: 'municipalities' });
  for (const v of VIEWERS) tokens.set(v, await server.tokenFor(v));
  const pick = async (organisation: string, table: string, extra = '') =>
    (
      await query<{ id: string }>(
        server.orm.em.fork(),
        sql`select id from ${raw(table)} where organisation_id = ${organisation} ${raw(extra)} order by id limit 1`,
      )
    )[0]?.id;
  const tables: [NodeType, string][] = [
    ['Case', 'case_file'],
    ['JournalPost', 'journal_post'],
    ['User', 'app_user'],
    ['Unit', 'unit'],
    ['AccessGroup', 'access_group'],
    ['ScreeningCode', 'screening_code'],
    ['DocumentType', 'document_type'],
    ['ArchivePart', 'archive_part'],
  ];
  for (const [type, table] of tables) {
    own[type] = await pick(VENNESLA, table);
    foreign[type] = await pick(IVELAND, table);
  }
  // A document description of Iveland's: its archivist uploads a file, made as Iveland makes it.
  const ivelandToken = await server.tokenFor('iveland.arkivar');
  const post = toGlobalId('JournalPost', foreign.JournalPost!);
  const put = await fetch(`${server.url}/documents/${post}/PRODUCTION`, {
    method: 'PUT',
    headers: { 'content-type': 'application/pdf', authorization: `Bearer ${ivelandToken}` },
    body: new Uint8Array(Buffer.from('%PDF-1.7\n% Iveland\n%%EOF\n', 'latin1')),
  });
  expect([200, 201]).toContain(put.status);
  foreign.DocumentDescription = await pick(IVELAND, 'document_description');
  before = await fingerprint(IVELAND);
});
afterAll(() => server?.close());

describe('every mutation given a record of the other municipality answers as for a missing one', () => {
  it('the schema names no mutation on a record by id that this test does not cover or list', () => {
    const fields = schema.getMutationType()!.getFields();
    const byId = Object.entries(fields)
      .filter(([, f]) => {
        const arg = f.args.find((a) => a.name === 'input');
        return arg && 'id' in (getNamedType(arg.type) as GraphQLInputObjectType).getFields();
      })
      .map(([n]) => n);
    expect(byId.filter((n) => !ID_TYPE[n] && !NOT_COVERED.includes(n))).toEqual([]);
  });

  for (const viewer of VIEWERS) {
    it(`for ${viewer} of Vennesla, with a record of Iveland`, async () => {
      const notFound: string[] = [];
      for (const p of probes()) {
        const foreignGid = toGlobalId(p.type, foreign[p.type]!);
        const missingGid = toGlobalId(p.type, randomUUID());
        const text = `mutation($input: ${
          (
            getNamedType(
              schema
                .getMutationType()!
                .getFields()
                [p.mutation]!.args.find((a) => a.name === 'input')!.type,
            ) as GraphQLInputObjectType
          ).name
        }!) { ${p.mutation}(input: $input) { __typename } }`;
        const a = await server.gql(
          text,
          { input: p.input(foreignGid) },
          { token: tokens.get(viewer) },
        );
        const b = await server.gql(
          text,
          { input: p.input(missingGid) },
          { token: tokens.get(viewer) },
        );
        expect(
          {
            status: a.status,
            body: JSON.parse(withoutRequestId(a.text.split(foreignGid).join('<id>'))),
          },
          `${p.label} by ${viewer}`,
        ).toEqual({
          status: b.status,
          body: JSON.parse(withoutRequestId(b.text.split(missingGid).join('<id>'))),
        });
        expect(a.body.data?.[p.mutation] ?? null, p.label).toBeNull();
        if (a.body.errors?.[0]?.extensions?.code === 'NOT_FOUND') notFound.push(p.label);
      }
      // Most refusals are NOT_FOUND; the rest are refused before any record is looked up (the
      // role: an admin-only write for a case handler), the same for every id.
      expect(notFound.length).toBeGreaterThan(0);
    });
  }

  it('each write is NOT_FOUND for one of them at least (the others are refused by their role first)', async () => {
    const codes = new Map<string, Set<string>>();
    for (const viewer of VIEWERS) {
      for (const p of probes()) {
        const t = (
          getNamedType(
            schema
              .getMutationType()!
              .getFields()
              [p.mutation]!.args.find((a) => a.name === 'input')!.type,
          ) as GraphQLInputObjectType
        ).name;
        const r = await server.gql(
          `mutation($input: ${t}!) { ${p.mutation}(input: $input) { __typename } }`,
          { input: p.input(toGlobalId(p.type, foreign[p.type]!)) },
          { token: tokens.get(viewer) },
        );
        const code = String(r.body.errors?.[0]?.extensions?.code);
        codes.set(p.label, (codes.get(p.label) ?? new Set()).add(code));
      }
    }
    const never = [...codes]
      .filter(([label, c]) => !c.has(FIELD_ERRORS.includes(label) ? 'BAD_USER_INPUT' : 'NOT_FOUND'))
      .map(([l, c]) => `${l}: ${[...c].join(',')}`);
    expect(never).toEqual([]);
  });

  it("and Iveland's data, audit log included, is exactly as it was", async () => {
    expect(await fingerprint(IVELAND)).toEqual(before);
  });
});

import { randomUUID } from 'node:crypto';
import { FIRST_ORGANISATION_ID } from '../../src/db/migrations/Migration20261202100000_organisations';
import { type EntityManager } from '@mikro-orm/postgresql';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type UserViewer } from '../../src/auth/viewer';
import { query, sql } from '../../src/db/sqlTemplate';
import {
  AccessGroup,
  Case,
  CaseInternalContact,
  Document,
  DocumentDescription,
  DocumentRole,
  DocumentVariant,
  InsightRequest,
  InsightRequestItem,
  JournalPost,
  JournalPostType,
  JournalStatus,
  Role,
  ScreeningCode,
  Unit,
  User,
} from '../../src/entities';
import { type ActionOf, defineAbilityFor, type Tagged } from '../../src/policies/ability';
import { documentFacts } from '../../src/queries/facts';
import { documentFields, insightRequestFields } from '../../src/policies/fields';
import { insightRequestFacts } from '../../src/queries/facts';
import { accessibleWhere } from '../../src/policies/sql';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The rules of policies/insightRequests.ts and policies/documents.ts hold the same in SQL (lists,
 * JournalPost.documents) as in memory (checks of single records): random viewers against random
 * requests (items of random units and assignees) and random posts with a file of each variant.
 */
let server: TestServer;
let em: EntityManager;
const units: Unit[] = [];
const users: User[] = [];
const groups: AccessGroup[] = [];
const requests: string[] = [];
const documents: { id: string; facts: Tagged<'Document'> }[] = [];

const pick = <T>(xs: T[], n: number) => xs[n % xs.length]!;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  em = server.orm.em.fork();
  for (let i = 0; i < 3; i++) units.push(em.create(Unit, { name: `Prop unit ${i}` }));
  for (let i = 0; i < 6; i++) {
    users.push(em.create(User, { username: `prop${i}`, displayName: `Prop ${i}` }));
  }
  for (let i = 0; i < 2; i++) groups.push(em.create(AccessGroup, { name: `Prop group ${i}` }));
  const records = fc.sample(
    fc.record({
      group: fc.option(fc.nat(1), { nil: null }),
      creator: fc.nat(5),
      caseResponsible: fc.option(fc.nat(5), { nil: null }),
      contact: fc.option(fc.nat(5), { nil: null }),
      unit: fc.nat(2),
      postUnit: fc.nat(2),
      postResponsible: fc.option(fc.nat(5), { nil: null }),
      postCreator: fc.nat(5),
    }),
    { numRuns: 16, seed: 42 },
  );
  const posts: JournalPost[] = [];
  const screening = em.create(ScreeningCode, {
    code: 'PROP13',
    name: 'Taushetsplikt (prop)',
    legalBasis: 'Offl. § 13',
    validFrom: '2000-01-01',
  });
  records.forEach((r, i) => {
    const common = {
      title: `Prop ${i}`,
      publicTitle: `Prop ${i}`,
      accessGroup: r.group === null ? null : groups[r.group]!,
    };
    const c = em.create(Case, {
      ...common,
      caseYear: 2097,
      caseSequence: i + 1,
      caseNumber: `2097/${i + 1}`,
      responsibleUnit: units[r.unit]!,
      createdBy: users[r.creator]!,
      caseResponsible: r.caseResponsible === null ? null : users[r.caseResponsible]!,
    });
    if (r.contact !== null) em.create(CaseInternalContact, { case: c, user: users[r.contact]! });
    const p = em.create(JournalPost, {
      ...common,
      case: c,
      documentNumber: 1,
      journalYear: 2097,
      journalSequenceNumber: i + 1,
      type: JournalPostType.INCOMING,
      status: JournalStatus.REGISTERED,
      journalDate: '2097-01-01',
      responsibleUnit: units[r.postUnit]!,
      createdBy: users[r.postCreator]!,
      responsible: r.postResponsible === null ? null : users[r.postResponsible]!,
    });
    posts.push(p);
    // Every other post's main document has its own screening (policies/documents.ts).
    const description = em.create(DocumentDescription, {
      journalPost: p,
      documentNumber: 1,
      role: DocumentRole.MAIN,
      title: 'Hoveddokument',
      screeningCode: i % 2 === 1 ? screening : null,
      createdBy: users[0]!,
    });
    for (const variant of Object.values(DocumentVariant)) {
      em.create(Document, {
        journalPost: p,
        description,
        variant,
        fileName: 'f.pdf',
        mediaType: 'application/pdf',
        size: 5,
        sha256: '0'.repeat(64),
        content: Buffer.from('%PDF-'),
        uploadedBy: users[0]!,
      });
    }
  });
  const shapes = fc.sample(
    fc.array(fc.record({ unit: fc.nat(2), assignee: fc.option(fc.nat(5), { nil: null }) }), {
      minLength: 1,
      maxLength: 3,
    }),
    { numRuns: 12, seed: 7 },
  );
  shapes.forEach((items, i) => {
    const r = em.create(InsightRequest, {
      referenceHash: randomUUID(),
      receivedOn: '2097-01-02',
      dueDate: '2097-01-05',
      answerDeadline: '2097-01-09',
      requesterEmail: 'prop@example.no',
    });
    requests.push(r.id);
    items.forEach((item, position) =>
      em.create(InsightRequestItem, {
        request: r,
        position,
        journalPost: pick(posts, i + position),
        unit: units[item.unit]!,
        assignee: item.assignee === null ? null : users[item.assignee]!,
      }),
    );
  });
  await em.flush();
  const docs = await query<{
    id: string;
    journal_post_id: string;
    document_description_id: string;
    variant: DocumentVariant;
  }>(em, sql`select id, journal_post_id, document_description_id, variant from document`);
  for (const d of docs) {
    const facts = await documentFacts(em, d.journal_post_id, d.variant, d.document_description_id);
    documents.push({ id: d.id, facts: facts!.document });
  }
});
afterAll(() => server?.close());

const viewerArb = fc.record({
  user: fc.nat(5),
  grants: fc.uniqueArray(
    fc.record({
      role: fc.constantFrom(...Object.values(Role)),
      unit: fc.option(fc.nat(2), { nil: null }),
    }),
    { maxLength: 4, selector: (g) => `${g.role}/${g.unit}` },
  ),
  groups: fc.uniqueArray(fc.nat(1), { maxLength: 2 }),
});

function viewerFrom(v: typeof viewerArb extends fc.Arbitrary<infer T> ? T : never): UserViewer {
  return {
    kind: 'user',
    organisationId: FIRST_ORGANISATION_ID,
    userId: users[v.user]!.id,
    username: users[v.user]!.username,
    displayName: 'Prop',
    unitId: null,
    grants: v.grants.map((g) => ({
      role: g.role,
      unitId: g.unit === null ? null : units[g.unit]!.id,
    })),
    accessGroupIds: v.groups.map((g) => groups[g]!.id),
  };
}

async function sqlRequests(
  viewer: UserViewer,
  action: ActionOf<'InsightRequest'>,
): Promise<string[]> {
  const where = accessibleWhere(
    defineAbilityFor(viewer),
    action,
    'InsightRequest',
    insightRequestFields('r'),
  );
  if (!where) return [];
  const rows = await query<{ id: string }>(
    em,
    sql`select r.id from insight_request r where ${where}`,
  );
  return rows.map((r) => r.id).sort();
}

async function sqlDocuments(viewer: UserViewer, action: ActionOf<'Document'>): Promise<string[]> {
  const where = accessibleWhere(
    defineAbilityFor(viewer),
    action,
    'Document',
    documentFields('d', 'dd', 'jp', 'c'),
  );
  if (!where) return [];
  const rows = await query<{ id: string }>(
    em,
    sql`select d.id from document d join document_description dd on dd.id = d.document_description_id
      join journal_post jp on jp.id = d.journal_post_id
      join case_file c on c.id = jp.case_id where ${where}`,
  );
  return rows.map((r) => r.id).sort();
}

describe('The SQL condition and the in-memory check agree', () => {
  it('on insight requests (read, process) and documents (read, upload), for random viewers', async () => {
    const requestFacts = await insightRequestFacts(em, requests);
    const seen = { requests: new Set<number>(), documents: new Set<number>() };
    await fc.assert(
      fc.asyncProperty(viewerArb, async (v) => {
        const viewer = viewerFrom(v);
        const ability = defineAbilityFor(viewer);
        for (const action of ['read', 'process'] as const) {
          const memory = requests.filter((id) => ability.can(action, requestFacts.get(id)!)).sort();
          expect(await sqlRequests(viewer, action)).toEqual(memory);
          seen.requests.add(memory.length);
        }
        for (const action of ['read', 'upload'] as const) {
          const memory = documents
            .filter((d) => ability.can(action, d.facts))
            .map((d) => d.id)
            .sort();
          expect(await sqlDocuments(viewer, action)).toEqual(memory);
          seen.documents.add(memory.length);
        }
      }),
      { numRuns: 60 },
    );
    // The viewers saw none, some and all: the rules were exercised, not only their extremes.
    expect(seen.requests.size).toBeGreaterThan(2);
    expect(seen.documents.size).toBeGreaterThan(2);
  });

  it('the public has no rule: no request and no document, and no SQL needed', () => {
    const ability = defineAbilityFor({ kind: 'anonymous' });
    expect(
      accessibleWhere(ability, 'read', 'InsightRequest', insightRequestFields('r')),
    ).toBeNull();
    expect(
      accessibleWhere(ability, 'read', 'Document', documentFields('d', 'dd', 'jp', 'c')),
    ).toBeNull();
    expect(ability.can('create', 'InsightRequest')).toBe(true);
  });
});

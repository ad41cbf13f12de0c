import { type EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadViewer } from '../../src/auth/loadViewer';
import { type UserViewer } from '../../src/auth/viewer';
import { query, sql, type SqlFragment } from '../../src/db/sqlTemplate';
import { todayInOslo } from '../../src/domain/workingDays';
import { DocumentVariant } from '../../src/entities/Document';
import { defineAbilityFor } from '../../src/policies/ability';
import {
  caseFields,
  classFields,
  descriptionFields,
  journalPostFields,
  organisationFields,
} from '../../src/policies/fields';
import { accessibleWhere, type FieldMap } from '../../src/policies/sql';
import { type AdminSubject, type AppAbility } from '../../src/policies/subjects';
import { caseFacts, documentFacts, journalPostFacts } from '../../src/queries/facts';
import { createPolicyFixtures, type Fixtures, RECORDS, VIEWERS } from '../support/fixtures';
import {
  createTestOrganisation,
  FIRST_ORGANISATION_ID,
  inOrganisation,
} from '../support/organisations';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The first wall of the isolation of organisations, on its own: every rule of the policies is
 * narrowed to the viewer's organisation (policies/ability.ts), so a record of another
 * organisation is NONE in memory (CASL) and in SQL, even where row-level security is not in force.
 * The SQL runs on the owner's pool, which bypasses row-level security: nothing but the policy's
 * own condition keeps organisation B's rows out.
 *
 * The records, users, units and access groups are the policy matrix's (test/support/fixtures.ts),
 * made in organisation B. Each viewer of A is given the very ids of B's viewer of the same name
 * (user id, unit grants, access groups), so that every relation the rules know (creator, case
 * responsible, internal contact, post responsible, leader of the unit, member of the access group,
 * archivist, admin) would hold if the organisation were not part of every rule.
 */
const SIGNED_IN = VIEWERS.filter((v) => v !== 'public');

let server: TestServer;
let owner: EntityManager;
let fx: Fixtures;
let organisationB: string;
/** B's viewers as they act in B, and the same viewers acting in A */
const inB = new Map<string, UserViewer>();
const inA = new Map<string, UserViewer>();
let descriptions: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  owner = server.orm.em.fork();
  organisationB = await createTestOrganisation(server.orm, { shortName: 'orgb' });
  fx = await inOrganisation(server.orm.em, organisationB, async (em) => {
    // B's own archive and active part (arkivdel), for its cases; the ids may repeat A's.
    await em.execute(`insert into archive (id, title, records_creator_name, created_at)
      select id, title, records_creator_name, now() from archive`);
    await em.execute(`insert into archive_part (id, archive_id, title, status, period_start, created_at)
      select id, archive_id, title, status, period_start, now() from archive_part`);
    return createPolicyFixtures(em, todayInOslo());
  });
  for (const name of SIGNED_IN) {
    const viewer = await inOrganisation(server.orm.em, organisationB, (em) =>
      loadViewer(em, { username: fx.usernames[name] }),
    );
    if (!viewer) continue; // a user without an active account is no viewer at all
    inB.set(name, viewer);
    inA.set(name, { ...viewer, organisationId: FIRST_ORGANISATION_ID });
  }
  const rows = await query<{ id: string }>(
    owner,
    sql`select dd.id from document_description dd
      where dd.journal_post_id in (${Object.values(fx.posts)})`,
  );
  descriptions = rows.map((r) => r.id);
});
afterAll(() => server?.close());

/**
 * The rows of B among `ids` that `where` lets through, on the owner's pool (no row-level
 * security). Ids may repeat across organisations (the key is the pair), hence the organisation.
 */
async function sqlIds(from: SqlFragment, alias: string, where: SqlFragment | null, ids: string[]) {
  if (!where || ids.length === 0) return [];
  const a = (column: string) => ({ sql: `${alias}.${column}`, params: [] });
  const rows = await query<{ id: string }>(
    owner,
    sql`select ${a('id')} as id from ${from}
      where ${a('organisation_id')} = ${organisationB} and ${a('id')} in (${ids}) and (${where})`,
  );
  return rows.map((r) => r.id);
}

const posts = () => Object.values(fx.posts);
const cases = () => Object.values(fx.cases);
const POSTS_FROM = sql`journal_post jp join case_file c on c.id = jp.case_id`;
const DESCRIPTIONS_FROM = sql`document_description dd
  join journal_post jp on jp.id = dd.journal_post_id join case_file c on c.id = jp.case_id`;

async function visiblePosts(ability: AppAbility, action: 'read' | 'readFull') {
  const fields = journalPostFields('jp', 'c');
  return sqlIds(POSTS_FROM, 'jp', accessibleWhere(ability, action, 'JournalPost', fields), posts());
}

async function visibleCases(ability: AppAbility, action: 'read' | 'readFull') {
  const where = accessibleWhere(ability, action, 'Case', caseFields('c'));
  return sqlIds(sql`case_file c`, 'c', where, cases());
}

async function visibleDescriptions(ability: AppAbility, action: 'read' | 'readFull') {
  const fields: FieldMap = descriptionFields('dd', 'jp', 'c');
  const where = accessibleWhere(ability, action, 'DocumentDescription', fields);
  return sqlIds(DESCRIPTIONS_FROM, 'dd', where, descriptions);
}

describe('The test is not empty: in their own organisation, B’s viewers see B’s records', () => {
  it('every signed-in viewer with a role reads B’s posts and cases, some in full', async () => {
    expect(inB.size).toBeGreaterThan(8);
    const archivist = defineAbilityFor(inB.get('archivist')!);
    expect(await visiblePosts(archivist, 'readFull')).toHaveLength(RECORDS.length);
    expect(await visibleCases(archivist, 'readFull')).toHaveLength(RECORDS.length);
    const facts = await journalPostFacts(owner, posts());
    expect(posts().every((id) => archivist.can('readFull', facts.get(id)!))).toBe(true);
  });
});

describe('A viewer of organisation A gets NONE of every record of organisation B, whatever relation they would have', () => {
  for (const name of SIGNED_IN) {
    it(`${name}: no post, case or document description of B, in memory or in SQL`, async () => {
      const viewer = inA.get(name);
      if (!viewer) return;
      const ability = defineAbilityFor(viewer);
      const postFacts = await journalPostFacts(owner, posts());
      const caseFactsMap = await caseFacts(owner, cases());
      for (const action of ['read', 'readFull'] as const) {
        expect(posts().filter((id) => ability.can(action, postFacts.get(id)!))).toEqual([]);
        expect(cases().filter((id) => ability.can(action, caseFactsMap.get(id)!))).toEqual([]);
        expect(await visiblePosts(ability, action)).toEqual([]);
        expect(await visibleCases(ability, action)).toEqual([]);
        expect(await visibleDescriptions(ability, action)).toEqual([]);
      }
      for (const id of posts()) {
        const doc = await documentFacts(owner, id, DocumentVariant.PUBLIC);
        expect(ability.can('read', doc!.description)).toBe(false);
        expect(ability.can('read', doc!.document)).toBe(false);
        expect(ability.can('upload', doc!.document)).toBe(false);
      }
    });
  }
});

describe('A viewer of organisation A may change nothing of organisation B', () => {
  it('no write action on a post or case of B is given to any viewer of A', async () => {
    const postFacts = await journalPostFacts(owner, posts());
    const caseFactsMap = await caseFacts(owner, cases());
    const postActions = ['update', 'finalize', 'confirm', 'correct', 'approve', 'move'] as const;
    const caseActions = ['update', 'registerPost', 'registerIncoming', 'close', 'cancel'] as const;
    // An archivist's rule names `create` with these: each action is scoped on its own.
    for (const viewer of inA.values()) {
      const ability = defineAbilityFor(viewer);
      for (const id of posts()) {
        for (const a of postActions) expect(ability.can(a, postFacts.get(id)!)).toBe(false);
      }
      for (const id of cases()) {
        for (const a of caseActions) expect(ability.can(a, caseFactsMap.get(id)!)).toBe(false);
      }
    }
  });
});

describe('An administrator or archivist of A lists none of B’s directory, archive or classes', () => {
  const directory: [AdminSubject | 'ArchivePart' | 'ClassificationSystem', string][] = [
    ['Unit', 'unit'],
    ['User', 'app_user'],
    ['AccessGroup', 'access_group'],
    ['ScreeningCode', 'screening_code'],
    ['ArchivePart', 'archive_part'],
    ['ClassificationSystem', 'classification_system'],
  ];
  for (const name of ['admin', 'archivist'] as const) {
    it(`${name}: the rows of B of each list are filtered out by the policy alone`, async () => {
      const ability = defineAbilityFor(inA.get(name)!);
      const own = defineAbilityFor(inB.get(name)!);
      for (const [subject, table] of directory) {
        const ofB = await query<{ id: string }>(
          owner,
          sql`select id from ${{ sql: table, params: [] }} where organisation_id = ${organisationB}`,
        );
        const ids = ofB.map((r) => r.id);
        const from = { sql: `${table} t`, params: [] };
        // The subject's own rule of B shows them: the filter below has rows to remove.
        const mine = accessibleWhere(own, 'read', subject as 'Unit', organisationFields('t'));
        expect(await sqlIds(from, 't', mine, ids)).toHaveLength(ids.length);
        const where = accessibleWhere(ability, 'read', subject as 'Unit', organisationFields('t'));
        expect(await sqlIds(from, 't', where, ids)).toEqual([]);
      }
      const classes = await query<{ id: string }>(
        owner,
        sql`select id from class where organisation_id = ${organisationB}`,
      );
      const classIds = classes.map((r) => r.id);
      expect(classIds.length).toBeGreaterThan(0);
      for (const action of ['read', 'readFull'] as const) {
        const where = accessibleWhere(ability, action, 'Class', classFields('k'));
        expect(await sqlIds(sql`class k`, 'k', where, classIds)).toEqual([]);
      }
    });
  }
});

describe('Every rule that lets a viewer read records names their organisation', () => {
  it('each read and readFull rule of every viewer of A carries organisationId', () => {
    // A user's own role grants and memberships are read by their user id, a row of A alone.
    const byOwnUserId = new Set(['RoleGrant', 'AccessGroupMembership']);
    for (const viewer of inA.values()) {
      const reads = defineAbilityFor(viewer).rules.filter((r) =>
        [r.action].flat().some((a) => a === 'read' || a === 'readFull'),
      );
      expect(reads.length).toBeGreaterThan(0);
      for (const rule of reads) {
        if (byOwnUserId.has(String(rule.subject))) continue;
        expect(rule.conditions).toMatchObject({ organisationId: FIRST_ORGANISATION_ID });
      }
    }
  });
});

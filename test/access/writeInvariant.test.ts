import { randomUUID } from 'node:crypto';
import { type EntityManager } from '@mikro-orm/postgresql';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadViewer } from '../../src/auth/loadViewer';
import { type UserViewer } from '../../src/auth/viewer';
import { joinSql, query, raw, sql, type SqlFragment } from '../../src/db/sqlTemplate';
import {
  AccessGroup,
  AccessGroupMembership,
  Case,
  CaseInternalContact,
  CaseStatus,
  JournalPost,
  JournalPostType,
  JournalStatus,
  Role,
  RoleGrant,
  Unit,
  User,
} from '../../src/entities';
import { defineAbilityFor } from '../../src/policies/ability';
import { mayApprove, mayBeResponsible } from '../../src/policies/eligibility';
import { caseFields, journalPostFields } from '../../src/policies/fields';
import { accessibleWhere } from '../../src/policies/sql';
import { toGlobalId } from '../../src/schema/globalId';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The invariant behind "Who may change a record" (docs/access-control.md), as a property: random
 * sequences of writes by random actors over a small random organisation. After every step the set
 * of (user, record) pairs read in FULL is computed in SQL from the policies, and
 *
 * 1. a write that succeeded was made by an actor FULL on its record just before (admin operations
 *    on users and groups aside);
 * 2. the FULL set grows only through the explicit access operations (internal contacts,
 *    access-group membership, role grants, a change of a record's access group), and then only
 *    for whom and what they name; or through naming a person (responsible, approver), and then
 *    only for that person on that record (for a case responsible: the case and its posts), and
 *    the named person was eligible (src/policies/eligibility.ts);
 * 3. nobody grants a role or a membership to themself;
 * 4. a refused write changes nothing in the FULL set.
 *
 * On failure the message lists the organisation and the steps up to the broken one, by username.
 */

const USERS = 6;
const GROUPS = 2;
/** U0 is the parent of U1; U2 stands alone. Records belong to U1 or U2. */
const UNITS = 3;

let server: TestServer;
let em: EntityManager;
const units: Unit[] = [];
const groups: AccessGroup[] = [];
const past = new Date('2024-01-01T00:00:00Z');
let run = 0;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  em = server.orm.em.fork();
  const u0 = em.create(Unit, { name: 'Inv U0' });
  units.push(
    u0,
    em.create(Unit, { name: 'Inv U1', parent: u0 }),
    em.create(Unit, { name: 'Inv U2' }),
  );
  for (let i = 0; i < GROUPS; i++) groups.push(em.create(AccessGroup, { name: `Inv G${i}` }));
  await em.flush();
});
afterAll(() => server?.close());

// ---------------------------------------------------------------------------------------------
// The random world and the random steps

const userIx = fc.nat({ max: USERS - 1 });
const groupIx = fc.nat({ max: GROUPS - 1 });
const unitIx = fc.nat({ max: UNITS - 1 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const roleArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant(Role.CASE_HANDLER) },
  { weight: 3, arbitrary: fc.constant(Role.LEADER) },
  { weight: 1, arbitrary: fc.constant(Role.ARCHIVIST) },
  { weight: 1, arbitrary: fc.constant(Role.ADMIN) },
  { weight: 1, arbitrary: fc.constant(Role.INSIGHT_HANDLER) },
);

const userArb = fc.record({
  grants: fc.uniqueArray(fc.record({ role: roleArb, unit: maybe(unitIx) }), {
    maxLength: 3,
    selector: (g) => `${g.role}/${g.unit}`,
  }),
  groups: fc.uniqueArray(groupIx, { maxLength: GROUPS }),
});
const postArb = fc.record({ group: maybe(groupIx), responsible: userIx, createdBy: userIx });
const caseArb = fc.record({
  group: maybe(groupIx),
  unit: fc.constantFrom(1, 2),
  creator: userIx,
  caseResponsible: maybe(userIx),
  contacts: fc.uniqueArray(userIx, { maxLength: 2 }),
  posts: fc.array(postArb, { minLength: 1, maxLength: 2 }),
});
const worldArb = fc.record({
  users: fc.array(userArb, { minLength: USERS, maxLength: USERS }),
  cases: fc.array(caseArb, { minLength: 2, maxLength: 3 }),
});
type WorldSpec = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

/** Record indices are taken modulo the number of posts and cases of the world. */
const postIx = fc.nat({ max: 5 });
const caseIx = fc.nat({ max: 2 });
const stepArb = fc.oneof(
  fc.record({ op: fc.constant('updatePostTitle' as const), actor: userIx, post: postIx }),
  fc.record({
    op: fc.constant('updatePostResponsible' as const),
    actor: userIx,
    post: postIx,
    user: userIx,
  }),
  fc.record({
    op: fc.constant('updatePostGroup' as const),
    actor: userIx,
    post: postIx,
    group: groupIx,
  }),
  fc.record({
    op: fc.constant('updateCaseGroup' as const),
    actor: userIx,
    case: caseIx,
    group: maybe(groupIx),
  }),
  fc.record({
    op: fc.constant('assignCaseResponsible' as const),
    actor: userIx,
    case: caseIx,
    user: userIx,
  }),
  fc.record({
    op: fc.constant('addInternalContact' as const),
    actor: userIx,
    case: caseIx,
    user: userIx,
  }),
  fc.record({
    op: fc.constant('removeInternalContact' as const),
    actor: userIx,
    case: caseIx,
    user: userIx,
  }),
  fc.record({
    op: fc.constant('sendForApproval' as const),
    actor: userIx,
    post: postIx,
    user: userIx,
  }),
  fc.record({
    op: fc.constant('forwardForApproval' as const),
    actor: userIx,
    post: postIx,
    user: userIx,
  }),
  fc.record({ op: fc.constant('cancelJournalPost' as const), actor: userIx, post: postIx }),
  fc.record({
    op: fc.constant('addAccessGroupMember' as const),
    actor: userIx,
    group: groupIx,
    user: userIx,
  }),
  fc.record({
    op: fc.constant('removeAccessGroupMember' as const),
    actor: userIx,
    group: groupIx,
    user: userIx,
  }),
  fc.record({
    op: fc.constant('assignRole' as const),
    actor: userIx,
    user: userIx,
    role: roleArb,
    unit: maybe(unitIx),
  }),
  fc.record({
    op: fc.constant('revokeRole' as const),
    actor: userIx,
    user: userIx,
    role: roleArb,
    unit: maybe(unitIx),
  }),
  fc.record({
    op: fc.constant('upload' as const),
    actor: userIx,
    post: postIx,
    variant: fc.constantFrom('PRODUCTION' as const, 'PUBLIC' as const),
  }),
);
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

// ---------------------------------------------------------------------------------------------
// Building the world in the database

interface World {
  users: { id: string; username: string; token: string }[];
  cases: { id: string; unit: number; postIds: string[] }[];
  posts: { id: string; caseIx: number }[];
  spec: WorldSpec;
}

async function build(spec: WorldSpec): Promise<World> {
  run += 1;
  const users = spec.users.map((u, i) => {
    const user = em.create(User, {
      username: `r${run}u${i}`,
      displayName: `R${run} U${i}`,
      active: true,
    });
    for (const g of u.grants) {
      em.create(RoleGrant, {
        user,
        role: g.role,
        unit: g.unit === null ? null : units[g.unit]!,
        validFrom: past,
      });
    }
    for (const g of u.groups)
      em.create(AccessGroupMembership, { user, group: groups[g]!, validFrom: past });
    return user;
  });
  const cases: World['cases'] = [];
  const posts: World['posts'] = [];
  spec.cases.forEach((c, ci) => {
    const seq = run * 10 + ci;
    const group = c.group === null ? null : groups[c.group]!;
    const entity = em.create(Case, {
      id: randomUUID(),
      caseYear: 2096,
      caseSequence: seq,
      caseNumber: `2096/${seq}`,
      title: `Sak ${seq}`,
      publicTitle: `Sak ${seq}`,
      status: CaseStatus.IN_PROGRESS,
      responsibleUnit: units[c.unit]!,
      createdBy: users[c.creator]!,
      caseResponsible: c.caseResponsible === null ? null : users[c.caseResponsible]!,
      accessGroup: group,
      screenedFields: [],
      createdAt: past,
      updatedAt: past,
    });
    for (const u of c.contacts)
      em.create(CaseInternalContact, { case: entity, user: users[u]!, addedAt: past });
    const postIds = c.posts.map((p, pi) => {
      const post = em.create(JournalPost, {
        id: randomUUID(),
        case: entity,
        documentNumber: pi + 1,
        journalYear: 2096,
        journalSequenceNumber: seq * 10 + pi,
        type: JournalPostType.OUTGOING,
        status: JournalStatus.RESERVED,
        title: `Brev ${seq}-${pi}`,
        publicTitle: `Brev ${seq}-${pi}`,
        journalDate: '2026-01-02',
        responsibleUnit: units[c.unit]!,
        responsible: users[p.responsible]!,
        createdBy: users[p.createdBy]!,
        accessGroup: p.group === null ? group : groups[p.group]!,
        screenedFields: [],
        createdAt: past,
        updatedAt: past,
      });
      posts.push({ id: post.id, caseIx: ci });
      return post.id;
    });
    cases.push({ id: entity.id, unit: c.unit, postIds });
  });
  await em.flush();
  return {
    users: await Promise.all(
      users.map(async (u) => ({
        id: u.id,
        username: u.username,
        token: await server.tokenFor(u.username),
      })),
    ),
    cases,
    posts,
    spec,
  };
}

// ---------------------------------------------------------------------------------------------
// Who reads what in full, in SQL

/** `user|record` pairs; records are `P<i>` (posts) and `C<i>` (cases) of the world. */
type FullSet = Set<string>;
const pair = (user: number, record: string) => `${user}|${record}`;

/** The FULL set of every user of the world, and each user as loaded now (for eligibility). */
async function fullSet(w: World): Promise<{ full: FullSet; viewers: (UserViewer | null)[] }> {
  const viewers = await Promise.all(w.users.map((u) => loadViewer(em, { userId: u.id })));
  const postIds = w.posts.map((p) => p.id);
  const caseIds = w.cases.map((c) => c.id);
  const parts: SqlFragment[] = [];
  viewers.forEach((viewer, i) => {
    if (!viewer) return;
    const ability = defineAbilityFor(viewer);
    const posts = accessibleWhere(ability, 'readFull', 'JournalPost', journalPostFields('jp', 'c'));
    const cases = accessibleWhere(ability, 'readFull', 'Case', caseFields('c'));
    if (posts) {
      parts.push(sql`select ${i}::int as u, jp.id from journal_post jp join case_file c on c.id = jp.case_id
                     where jp.id in (${postIds}) and (${posts})`);
    }
    if (cases)
      parts.push(
        sql`select ${i}::int as u, c.id from case_file c where c.id in (${caseIds}) and (${cases})`,
      );
  });
  const full: FullSet = new Set();
  if (!parts.length) return { full, viewers };
  const name = new Map([
    ...w.posts.map((p, i) => [p.id, `P${i}`] as const),
    ...w.cases.map((c, i) => [c.id, `C${i}`] as const),
  ]);
  for (const row of await query<{ u: number; id: string }>(em, joinSql(parts, ' union all '))) {
    full.add(pair(row.u, name.get(row.id)!));
  }
  return { full, viewers };
}

// ---------------------------------------------------------------------------------------------
// Running a step through the real server

const gid = (type: Parameters<typeof toGlobalId>[0], id: string) => toGlobalId(type, id);

/** The step's target record (P<i> or C<i>), or null for the admin operations. */
function targetOf(w: World, s: Step): string | null {
  if ('post' in s) return `P${s.post % w.posts.length}`;
  if ('case' in s) return `C${s.case % w.cases.length}`;
  return null;
}

async function perform(w: World, s: Step): Promise<string> {
  const post = 'post' in s ? w.posts[s.post % w.posts.length]!.id : '';
  const kase = 'case' in s ? w.cases[s.case % w.cases.length]!.id : '';
  const user = 'user' in s ? gid('User', w.users[s.user]!.id) : '';
  const token = w.users[s.actor]!.token;
  if (s.op === 'upload') {
    const res = await fetch(`${server.url}/documents/${gid('JournalPost', post)}/${s.variant}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
      body: new Uint8Array(Buffer.from(`%PDF-1.7\n% ${randomUUID()}\n%%EOF\n`, 'latin1')),
    });
    const body = (await res.json()) as { errors?: { extensions: { code: string } }[] };
    return res.ok ? 'ALLOW' : (body.errors?.[0]?.extensions.code ?? `HTTP ${res.status}`);
  }
  const vars: Record<string, unknown> = {
    p: gid('JournalPost', post),
    c: gid('Case', kase),
    u: user,
  };
  const group = (g: number | null) => (g === null ? null : gid('AccessGroup', groups[g]!.id));
  const text = {
    updatePostTitle:
      'mutation($p: ID!) { updateJournalPost(input: { id: $p, title: "Endret brev" }) { id } }',
    updatePostResponsible:
      'mutation($p: ID!, $u: ID!) { updateJournalPost(input: { id: $p, responsibleId: $u }) { id } }',
    updatePostGroup:
      'mutation($p: ID!, $g: ID) { updateJournalPost(input: { id: $p, accessGroupId: $g }) { id } }',
    updateCaseGroup:
      'mutation($c: ID!, $g: ID) { updateCase(input: { id: $c, accessGroupId: $g }) { id } }',
    assignCaseResponsible:
      'mutation($c: ID!, $u: ID!) { assignCaseResponsible(input: { id: $c, userId: $u }) { id } }',
    addInternalContact:
      'mutation($c: ID!, $u: ID!) { addInternalContact(input: { id: $c, userId: $u }) { id } }',
    removeInternalContact:
      'mutation($c: ID!, $u: ID!) { removeInternalContact(input: { id: $c, userId: $u }) { id } }',
    sendForApproval:
      'mutation($p: ID!, $u: ID!) { sendForApproval(input: { id: $p, approverId: $u }) { id } }',
    forwardForApproval:
      'mutation($p: ID!, $u: ID!) { forwardForApproval(input: { id: $p, approverId: $u }) { id } }',
    cancelJournalPost:
      'mutation($p: ID!) { cancelJournalPost(input: { id: $p, reason: "Utgår" }) { id } }',
    addAccessGroupMember:
      'mutation($g: ID!, $u: ID!) { addAccessGroupMember(input: { id: $g, userId: $u }) { id } }',
    removeAccessGroupMember:
      'mutation($g: ID!, $u: ID!) { removeAccessGroupMember(input: { id: $g, userId: $u }) { id } }',
    assignRole:
      'mutation($u: ID!, $r: Role!, $n: ID) { assignRole(input: { id: $u, role: $r, unitId: $n }) { id } }',
    revokeRole:
      'mutation($u: ID!, $r: Role!, $n: ID) { revokeRole(input: { id: $u, role: $r, unitId: $n }) { id } }',
  }[s.op];
  if ('group' in s) vars.g = group(s.group);
  if ('role' in s) {
    vars.r = s.role;
    vars.n = s.unit === null ? null : gid('Unit', units[s.unit]!.id);
  }
  const res = await server.gql(text, vars, { token });
  const error = res.body.errors?.[0];
  return error ? String(error.extensions?.code) : 'ALLOW';
}

// ---------------------------------------------------------------------------------------------
// The checks of one step

/** The pairs a successful step may add to the FULL set, or null when it is not checked by pairs. */
function mayGain(w: World, s: Step): ((p: string) => boolean) | null {
  const target = targetOf(w, s);
  const caseOf = (c: number) => [
    `C${c}`,
    ...w.cases[c]!.postIds.map((id) => `P${w.posts.findIndex((p) => p.id === id)}`),
  ];
  const inCase = 'case' in s ? caseOf(s.case % w.cases.length) : [];
  const named = 'user' in s ? s.user : -1;
  switch (s.op) {
    case 'addAccessGroupMember':
    case 'assignRole':
      return (p) => p.startsWith(`${named}|`);
    case 'addInternalContact':
    case 'assignCaseResponsible':
      return (p) => inCase.some((r) => p === pair(named, r));
    case 'updatePostResponsible':
    case 'sendForApproval':
    case 'forwardForApproval':
      return (p) => p === pair(named, target!);
    case 'updatePostGroup':
      return (p) => p.endsWith(`|${target}`);
    case 'updateCaseGroup':
      return (p) => inCase.some((r) => p.endsWith(`|${r}`));
    default:
      return () => false;
  }
}

/** The unit of a record of the world (a post's is its case's). */
function unitOf(w: World, record: string): number {
  const i = Number(record.slice(1));
  return record.startsWith('P') ? w.cases[w.posts[i]!.caseIx]!.unit : w.cases[i]!.unit;
}

/** For a naming step: was the named person eligible, on the state before the step? */
function eligible(w: World, s: Step, viewers: (UserViewer | null)[]): boolean | null {
  if (!('user' in s)) return null;
  const candidate = {
    userId: w.users[s.user]!.id,
    active: true,
    grants: viewers[s.user]?.grants ?? [],
  };
  const target = targetOf(w, s);
  const unit = target ? unitOf(w, target) : -1;
  switch (s.op) {
    case 'updatePostResponsible':
    case 'assignCaseResponsible':
      return mayBeResponsible(candidate, [units[unit]!.id]);
    case 'sendForApproval':
    case 'forwardForApproval':
      // The record's unit and those above it: U1's parent is U0; U2 has none.
      return mayApprove(
        candidate,
        (unit === 1 ? [1, 0] : [unit]).map((i) => units[i]!.id),
      );
    default:
      return null;
  }
}

/**
 * The user a naming step would name who already holds that place: saving a record with its
 * responsible or approver unchanged names nobody, so eligibility is not asked of them.
 */
async function alreadyNamed(w: World, s: Step): Promise<boolean> {
  if (!('user' in s)) return false;
  const userId = w.users[s.user]!.id;
  const post = 'post' in s ? w.posts[s.post % w.posts.length]!.id : null;
  const kase = 'case' in s ? w.cases[s.case % w.cases.length]!.id : null;
  const current = (column: string, table: string, id: string | null) =>
    query<{ id: string | null }>(
      em,
      sql`select ${raw(column)} as id from ${raw(table)} where id = ${id}`,
    ).then((rows) => rows[0]?.id === userId);
  switch (s.op) {
    case 'updatePostResponsible':
      return current('responsible_id', 'journal_post', post);
    case 'assignCaseResponsible':
      return current('case_responsible_id', 'case_file', kase);
    case 'sendForApproval':
    case 'forwardForApproval':
      return current('approver_id', 'journal_post', post);
    default:
      return false;
  }
}

const ADMIN_OPS = new Set([
  'addAccessGroupMember',
  'removeAccessGroupMember',
  'assignRole',
  'revokeRole',
]);

function describeWorld(w: World): string {
  const name = (i: number) => w.users[i]!.username;
  const lines = w.spec.users.map(
    (u, i) =>
      `  ${name(i)}: ${u.grants.map((g) => `${g.role}@${g.unit === null ? 'all' : `U${g.unit}`}`).join(', ') || 'no role'}` +
      (u.groups.length ? `; member of ${u.groups.map((g) => `G${g}`).join(', ')}` : ''),
  );
  w.spec.cases.forEach((c, ci) => {
    lines.push(
      `  C${ci} (U${c.unit}${c.group === null ? '' : `, G${c.group}`}): creator ${name(c.creator)}, responsible ${
        c.caseResponsible === null ? '-' : name(c.caseResponsible)
      }, contacts ${c.contacts.map(name).join(', ') || '-'}`,
    );
    for (const id of w.cases[ci]!.postIds) {
      const pi = w.posts.findIndex((p) => p.id === id);
      const p = c.posts[w.cases[ci]!.postIds.indexOf(id)]!;
      lines.push(
        `    P${pi} (${p.group === null ? (c.group === null ? 'no group' : `G${c.group} from the case`) : `G${p.group}`}): responsible ${name(p.responsible)}, created by ${name(p.createdBy)}`,
      );
    }
  });
  return lines.join('\n');
}

function describeStep(w: World, s: Step): string {
  const name = (i: number) => w.users[i]!.username;
  const args = [
    targetOf(w, s),
    'group' in s ? (s.group === null ? 'no group' : `G${s.group}`) : null,
    'user' in s ? name(s.user) : null,
    'role' in s ? `${s.role}@${s.unit === null ? 'all' : `U${s.unit}`}` : null,
    'variant' in s ? s.variant : null,
  ].filter((a) => a !== null);
  return `${name(s.actor)}: ${s.op}(${args.join(', ')})`;
}

const diffOf = (a: FullSet, b: FullSet) => [...a].filter((p) => !b.has(p));

describe('Writes never widen who reads what in full, except as the spec says', () => {
  it('random writes by random actors: FULL first, growth only by explicit access or eligible naming, refusals change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        worldArb,
        fc.array(stepArb, { minLength: 15, maxLength: 15 }),
        async (spec, steps) => {
          const w = await build(spec);
          let { full, viewers } = await fullSet(w);
          const log: string[] = [];
          const fail = (why: string) => {
            throw new Error(`${why}\n\nWorld:\n${describeWorld(w)}\n\nSteps:\n${log.join('\n')}`);
          };
          const pretty = (pairs: string[]) =>
            pairs
              .map((p) => `${w.users[Number(p.split('|')[0])]!.username} on ${p.split('|')[1]}`)
              .join(', ');
          for (const [i, s] of steps.entries()) {
            const unchanged = await alreadyNamed(w, s);
            const outcome = await perform(w, s);
            log.push(`  ${i + 1}. ${describeStep(w, s)} → ${outcome}`);
            const next = await fullSet(w);
            const gained = diffOf(next.full, full);
            const lost = diffOf(full, next.full);
            const target = targetOf(w, s);
            if (outcome !== 'ALLOW') {
              if (gained.length || lost.length) {
                fail(
                  `A refused write changed the FULL set: +[${pretty(gained)}] -[${pretty(lost)}]`,
                );
              }
            } else {
              if (!ADMIN_OPS.has(s.op) && !full.has(pair(s.actor, target!))) {
                fail(`${w.users[s.actor]!.username} changed ${target} without reading it in full`);
              }
              if (
                (s.op === 'addAccessGroupMember' || s.op === 'assignRole') &&
                s.user === s.actor
              ) {
                fail(`${w.users[s.actor]!.username} granted itself access (${s.op})`);
              }
              const allowed = mayGain(w, s)!;
              const unexpected = gained.filter((p) => !allowed(p));
              if (unexpected.length)
                fail(`${s.op} handed records in full to: ${pretty(unexpected)}`);
              if (!unchanged && eligible(w, s, viewers) === false) {
                fail(
                  `${s.op} named ${w.users[(s as { user: number }).user]!.username}, who is not eligible`,
                );
              }
            }
            ({ full, viewers } = next);
          }
        },
      ),
      { numRuns: 25, endOnFailure: true },
    );
  }, 180_000);
});

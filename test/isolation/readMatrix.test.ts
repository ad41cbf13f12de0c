import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_ORGANISATION_ID } from '../../src/db/migrations/Migration20261202100000_organisations';
import { inOrganisation } from '../../src/db/organisationScope';
import { query, sql } from '../../src/db/sqlTemplate';
import { buildDemoData, IVELAND_ORGANISATION, SHARED_ARCHIVIST } from '../../src/db/seed';
import { type NodeType, toGlobalId } from '../../src/schema/globalId';
import { type GqlResponse, startTestServer, type TestServer } from '../support/server';

/**
 * The read matrix across organisations (docs/access-control.md, "Organisations"): a case handler,
 * an archivist and an admin of one municipality get nothing of the other — by id, list, search,
 * count, cursor, filter, audit log or document path — and an id of the other answers exactly like
 * an id that does not exist. The person who works for both sees each only with it selected.
 */
let server: TestServer;
const VENNESLA = FIRST_ORGANISATION_ID;
const IVELAND = IVELAND_ORGANISATION.id;

interface Side {
  name: string;
  id: string;
  shortName: string;
  viewers: Record<'handler' | 'archivist' | 'admin', string>;
  /** Record ids of this municipality, by node type */
  ids: Record<
    | 'Case'
    | 'JournalPost'
    | 'User'
    | 'Unit'
    | 'AccessGroup'
    | 'ScreeningCode'
    | 'ArchivePart'
    | 'Archive',
    string[]
  >;
  /** Words found in this municipality's records and nowhere in the other's */
  words: string[];
}
const SIDES: Side[] = [
  {
    name: 'Vennesla',
    id: VENNESLA,
    shortName: 'vennesla',
    viewers: { handler: 'saksbehandler', archivist: 'arkivar', admin: 'admin' },
    ids: {} as Side['ids'],
    words: ['Tjomsland', 'Eventyrhagen', 'Vennesla skole', 'Sentralarkivet'],
  },
  {
    name: 'Iveland',
    id: IVELAND,
    shortName: 'iveland',
    viewers: {
      handler: 'iveland.saksbehandler',
      archivist: 'iveland.arkivar',
      admin: 'iveland.admin',
    },
    ids: {} as Side['ids'],
    words: ['Birketveit', 'Vatnestrøm', 'Skaiå', 'Hodnemyr', 'Skreosen', 'Iveland skule'],
  },
];
const TABLE: Record<keyof Side['ids'], string> = {
  Case: 'case_file',
  JournalPost: 'journal_post',
  User: 'app_user',
  Unit: 'unit',
  AccessGroup: 'access_group',
  ScreeningCode: 'screening_code',
  ArchivePart: 'archive_part',
  Archive: 'archive',
};
/** Unique words put into one municipality's records by this test (title, screened title, …). */
const MARKER = 'Isolasjonsmarkør';
const markers = (side: Side) => [
  `${MARKER}${side.name}Tittel`,
  `${MARKER}${side.name}Skjermet`,
  `${MARKER}${side.name}Korrespondent`,
  `${MARKER}${side.name}Merknad`,
];

const tokens = new Map<string, string>();
/** The post of each side that has a file (PRODUCTION) */
const withFile = new Map<string, string>();
const ask = (
  username: string,
  q: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GqlResponse<any>> => server.gql(q, variables, { token: tokens.get(username), headers });

beforeAll(async () => {
  server = await startTestServer({ data: 'municipalities' });
  for (const side of SIDES) {
    for (const [type, table] of Object.entries(TABLE)) {
      const rows = await query<{ id: string }>(
        server.orm.em.fork(),
        sql`select id from ${{ sql: table, params: [] }} where organisation_id = ${side.id} order by id`,
      );
      side.ids[type as keyof Side['ids']] = rows.map((r) => r.id);
    }
    for (const username of Object.values(side.viewers)) {
      tokens.set(username, await server.tokenFor(username));
    }
    // Markers: in an open case's title, the hidden part of a screened post's title, a
    // correspondent's name and a remark — each written by the owner into this municipality alone
    // (the owner is not bound by the policies: every statement names the organisation).
    const [m1, m2, m3, m4] = markers(side);
    await inOrganisation(server.orm.em, side.id, async (em) => {
      await query(
        em,
        sql`update case_file set title = title || ' ' || ${m1}, public_title = public_title || ' ' || ${m1}
            where id = (select id from case_file where organisation_id = ${side.id} and access_group_id is null and screening_code_id is null
                        order by case_year, case_sequence limit 1)`,
      );
      await query(
        em,
        sql`update journal_post set title = title || ' ' || ${m2}
            where id = (select id from journal_post where organisation_id = ${side.id} and 'TITLE' = any(screened_fields)
                        order by journal_year, journal_sequence_number limit 1)`,
      );
      await query(
        em,
        sql`update correspondent set name = ${m3}
            where id = (select id from correspondent where organisation_id = ${side.id} order by id limit 1)`,
      );
      await query(
        em,
        sql`insert into remark (id, case_id, type, text, registered_at, registered_by_id)
            select gen_random_uuid(), c.id, 'GENERAL', ${m4}, now(), c.case_responsible_id
            from case_file c where c.organisation_id = ${side.id} and c.access_group_id is null order by c.case_year, c.case_sequence limit 1`,
      );
    });
  }
  // A file on a post of each side, uploaded by its archivist (and so an audit event of each side),
  // for the document paths and the audit log to hold something of the other side to miss.
  for (const side of SIDES) {
    for (const post of side.ids.JournalPost) {
      const put = await fetch(`${server.url}/documents/${gid('JournalPost', post)}/PRODUCTION`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/pdf',
          authorization: `Bearer ${tokens.get(side.viewers.archivist)}`,
        },
        body: new Uint8Array(Buffer.from(`%PDF-1.7\n% ${side.words[0]}\n%%EOF\n`, 'latin1')),
      });
      if (put.status === 200 || put.status === 201) {
        withFile.set(side.id, post);
        break;
      }
    }
  }
  // The words must really be unique to their side, or the probes prove nothing.
  const vennesla = JSON.stringify(buildDemoData()).toLowerCase();
  for (const w of SIDES[1]!.words) expect(vennesla, w).not.toContain(w.toLowerCase());
});
afterAll(() => server?.close());

/** The other side of `side`. */
const other = (side: Side) => SIDES.find((s) => s !== side)!;
const gid = (type: keyof Side['ids'], id: string) => toGlobalId(type as NodeType, id);

/** Everything a body could carry of `side`: ids (raw and global), words, markers. */
function secretsOf(side: Side): string[] {
  return [
    ...Object.entries(side.ids).flatMap(([type, ids]) =>
      ids.flatMap((id) => [id, gid(type as keyof Side['ids'], id)]),
    ),
    ...side.words,
    ...markers(side),
  ];
}

function expectNothingOf(side: Side, text: string, what: string): void {
  const decoded = [...text.matchAll(/"(?:cursor|endCursor|startCursor)":"([A-Za-z0-9_=-]+)"/g)]
    .map((m) => Buffer.from(m[1]!, 'base64url').toString('utf8'))
    .join('\n');
  const lower = `${text}\n${decoded}`.toLowerCase();
  for (const s of secretsOf(side)) {
    expect(lower.includes(s.toLowerCase()), `${what}: carries ${s} of ${side.name}`).toBe(false);
  }
}

/** Every answer names its own request: the one part two equal answers do not share. */
const withoutRequestId = (text: string) =>
  text.replace(/"requestId":"[^"]*"/g, '"requestId":"<request>"');

/** The answer to `q` for a foreign id, compared with the answer for an id that does not exist. */
async function sameAsMissing(
  username: string,
  type: keyof Side['ids'],
  id: string,
  q: (variable: string) => string,
  headers: Record<string, string> = {},
): Promise<void> {
  const foreign = gid(type, id);
  const missing = gid(type, randomUUID());
  const a = await ask(username, q('$id'), { id: foreign }, headers);
  const b = await ask(username, q('$id'), { id: missing }, headers);
  const normal = (r: GqlResponse<any>, g: string) => ({
    status: r.status,
    body: JSON.parse(withoutRequestId(r.text.split(g).join('<id>'))),
  });
  expect(normal(a, foreign), `${type} ${id} for ${username}`).toEqual(normal(b, missing));
}

const BY_ID: [keyof Side['ids'], (v: string) => string][] = [
  ['Case', (v) => `query($id: ID!) { case(id: ${v}) { id title } }`],
  ['JournalPost', (v) => `query($id: ID!) { journalPost(id: ${v}) { id title } }`],
];
const BY_NODE = (v: string) =>
  `query($id: ID!) { node(id: ${v}) { id __typename } nodes(ids: [${v}]) { id } }`;

for (const side of SIDES) {
  const them = other(side);
  for (const [role, username] of Object.entries(side.viewers)) {
    describe(`a ${role} of ${side.name} (${username}) gets nothing of ${them.name}`, () => {
      it('by id: case, journalPost, node and nodes answer as for an id that does not exist', async () => {
        for (const [type, q] of BY_ID) {
          for (const id of them.ids[type].slice(0, 6)) await sameAsMissing(username, type, id, q);
        }
        for (const type of Object.keys(TABLE) as (keyof Side['ids'])[]) {
          for (const id of them.ids[type].slice(0, 3)) {
            await sameAsMissing(username, type, id, BY_NODE);
          }
        }
      });

      it('in lists and counts: only its own records, counted as its own', async () => {
        const lists = await ask(
          username,
          `{ cases(first: 100) { totalCount nodes { id title } }
             journalPosts(first: 100) { totalCount nodes { id title } }
             users(first: 100) { totalCount nodes { id username displayName } }
             units(first: 100) { totalCount nodes { id name } }
             accessGroups(first: 100) { totalCount nodes { id name } }
             screeningCodes(first: 100) { totalCount nodes { id code name } } }`,
        );
        expect(lists.body.errors).toBeUndefined();
        expectNothingOf(them, lists.text, 'lists');
        const d = lists.body.data;
        const own = await query<{ cases: number; posts: number; units: number }>(
          server.orm.em.fork(),
          sql`select (select count(*)::int from case_file where organisation_id = ${side.id}) as cases,
                     (select count(*)::int from journal_post where organisation_id = ${side.id}) as posts,
                     (select count(*)::int from unit where organisation_id = ${side.id}) as units`,
        );
        expect(d.cases.totalCount).toBe(own[0]!.cases);
        expect(d.journalPosts.totalCount).toBe(own[0]!.posts);
        expect(d.units.totalCount).toBe(own[0]!.units);
      });

      it('in the archive structure, the classification and the work lists', async () => {
        const res = await ask(
          username,
          `{ archives { nodes { id title recordsCreatorName } }
             archiveParts { nodes { id title } }
             classificationSystems { nodes { id title } }
             classes(first: 100) { nodes { id classId title } }
             backlog(first: 100) { totalCount nodes { id title } }
             dueList(first: 100) { totalCount nodes { id title } }
             disposalList(first: 100) { totalCount }
             disposals(first: 100) { totalCount }
             insightRequests(first: 100) { totalCount }
             me { id username displayName unit { name } }
             viewerCan { __typename } }`,
        );
        expectNothingOf(them, res.text, 'structure');
      });

      it(`in search: words of ${them.name} never match`, async () => {
        for (const word of [...them.words, ...markers(them)]) {
          const res = await ask(
            username,
            `query($q: String) { cases(filter: { query: $q }) { totalCount nodes { id } }
                                 journalPosts(filter: { query: $q }) { totalCount nodes { id } } }`,
            { q: word },
          );
          expect(res.body.data, word).toEqual({
            cases: { totalCount: 0, nodes: [] },
            journalPosts: { totalCount: 0, nodes: [] },
          });
        }
      });

      it(`in filters naming a record of ${them.name}: as for an id that does not exist`, async () => {
        const filters: [keyof Side['ids'], (v: string) => string][] = [
          [
            'Unit',
            (v) =>
              `query($id: ID!) { cases(filter: { unitId: ${v} }) { totalCount nodes { id } } }`,
          ],
          [
            'Case',
            (v) =>
              `query($id: ID!) { journalPosts(filter: { caseId: ${v} }) { totalCount nodes { id } } }`,
          ],
          [
            'User',
            (v) =>
              `query($id: ID!) { journalPosts(filter: { responsibleId: ${v} }) { totalCount nodes { id } } }`,
          ],
          [
            'AccessGroup',
            (v) =>
              `query($id: ID!) { cases(filter: { accessGroupId: ${v} }) { totalCount nodes { id } } }`,
          ],
          [
            'AccessGroup',
            (v) =>
              `query($id: ID!) { accessGroupMembers(groupId: ${v}) { totalCount nodes { user { id } } } }`,
          ],
        ];
        for (const [type, q] of filters) {
          await sameAsMissing(username, type, them.ids[type][0]!, q);
        }
      });

      it(`with a cursor of ${them.name}: nothing of ${them.name}`, async () => {
        const theirs = await ask(
          them.viewers.archivist,
          `{ cases(first: 3) { pageInfo { endCursor } } journalPosts(first: 3) { pageInfo { endCursor } } }`,
        );
        for (const [field, cursor] of [
          ['cases', theirs.body.data.cases.pageInfo.endCursor],
          ['journalPosts', theirs.body.data.journalPosts.pageInfo.endCursor],
        ]) {
          const res = await ask(
            username,
            `query($after: String) { ${field}(first: 100, after: $after) { totalCount nodes { id title } } }`,
            { after: cursor },
          );
          expectNothingOf(them, res.text, `${field} after a cursor of ${them.name}`);
        }
      });

      it(`in the audit log: no event of ${them.name}, a target of ${them.name} as a missing one`, async () => {
        const res = await ask(
          username,
          `{ auditEvents(first: 100) { totalCount nodes { id action changes reason actor { id username } } } }`,
        );
        expectNothingOf(them, res.text, 'auditEvents');
        await sameAsMissing(
          username,
          'Case',
          them.ids.Case[0]!,
          (v) =>
            `query($id: ID!) { auditEvents(filter: { targetId: ${v} }) { totalCount nodes { id } } }`,
        );
        await sameAsMissing(
          username,
          'User',
          them.ids.User[0]!,
          (v) =>
            `query($id: ID!) { auditEvents(filter: { actorId: ${v} }) { totalCount nodes { id } } }`,
        );
      });

      it(`on a document path of ${them.name}: the same 404 as for a post that does not exist`, async () => {
        for (const id of [withFile.get(them.id)!, ...them.ids.JournalPost.slice(0, 2)]) {
          for (const variant of ['PRODUCTION', 'ARCHIVE', 'PUBLIC']) {
            const answer = async (postId: string) => {
              const g = gid('JournalPost', postId);
              const res = await fetch(`${server.url}/documents/${g}/${variant}`, {
                headers: { authorization: `Bearer ${tokens.get(username)}` },
              });
              return {
                status: res.status,
                body: withoutRequestId((await res.text()).split(g).join('<id>')),
              };
            };
            const foreign = await answer(id);
            expect(foreign.status).toBe(404);
            expect(foreign).toEqual(await answer(randomUUID()));
          }
        }
      });
    });
  }
}

describe('each municipality reads its own files and audit events', () => {
  for (const side of SIDES) {
    it(`${side.name}: its archivist gets the file uploaded in beforeAll; the audit log has the upload`, async () => {
      const post = withFile.get(side.id)!;
      const get = await fetch(`${server.url}/documents/${gid('JournalPost', post)}/PRODUCTION`, {
        headers: { authorization: `Bearer ${tokens.get(side.viewers.archivist)}` },
      });
      expect(get.status).toBe(200);
      const events = await query<{ n: number }>(
        server.orm.em.fork(),
        sql`select count(*)::int as n from audit_event where organisation_id = ${side.id}`,
      );
      expect(events[0]!.n).toBeGreaterThan(0);
    });
  }
});

describe(`${SHARED_ARCHIVIST.username} sees each municipality only with it selected`, () => {
  beforeAll(async () => {
    tokens.set(SHARED_ARCHIVIST.username, await server.tokenFor(SHARED_ARCHIVIST.username));
  });

  for (const side of SIDES) {
    const them = other(side);
    it(`with ${side.shortName} selected: all of ${side.name}, nothing of ${them.name}`, async () => {
      const headers = { 'x-organisation': side.shortName };
      const res = await ask(
        SHARED_ARCHIVIST.username,
        `{ cases(first: 100) { totalCount nodes { id title } } journalPosts(first: 100) { totalCount nodes { id title } } }`,
        {},
        headers,
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.cases.totalCount).toBe(side.ids.Case.length);
      expect(res.body.data.journalPosts.totalCount).toBe(side.ids.JournalPost.length);
      expectNothingOf(them, res.text, `shared archivist in ${side.name}`);
      for (const [type, q] of BY_ID) {
        await sameAsMissing(SHARED_ARCHIVIST.username, type, them.ids[type][0]!, q, headers);
        const own = await ask(
          SHARED_ARCHIVIST.username,
          q('$id'),
          { id: gid(type, side.ids[type][0]!) },
          headers,
        );
        expect(own.body.data, `${type} of ${side.name}`).not.toEqual({ case: null });
        expect(own.body.errors).toBeUndefined();
      }
    });
  }

  it('with no organisation selected: never both at once', async () => {
    const res = await ask(SHARED_ARCHIVIST.username, `{ cases(first: 1) { totalCount } }`);
    const total = res.body.data?.cases?.totalCount;
    expect(
      total === undefined ||
        total === 0 ||
        total === SIDES[0]!.ids.Case.length ||
        total === SIDES[1]!.ids.Case.length,
    ).toBe(true);
    expect(total).not.toBe(SIDES[0]!.ids.Case.length + SIDES[1]!.ids.Case.length);
  });
});

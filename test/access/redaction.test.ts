import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInOslo } from '../../src/domain/workingDays';
import { toGlobalId } from '../../src/schema/globalId';
import { createPolicyFixtures, type Fixtures, marker, type RecordName } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Redaction into views (architecture.md, "One request" step 4): a REDACTED view is exactly the
 * public form of the record.
 */
let server: TestServer;
let fx: Fixtures;
let handler: string;
let member: string;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty' });
  fx = await createPolicyFixtures(server.orm.em.fork(), todayInOslo());
  handler = await server.tokenFor(fx.usernames.handler);
  member = await server.tokenFor(fx.usernames.member);
});
afterAll(() => server?.close());

const POST = `journalPost(id: $id) {
  title publicTitle titleScreened visibility responsible { username } accessGroup { name }
  correspondents { role name screened address email }
  screening { legalBasis screenedFields expiresOn code { code } } }`;

async function post(record: RecordName, token: string) {
  const res = await server.gql(
    `query($id: ID!) { ${POST} }`,
    { id: toGlobalId('JournalPost', fx.posts[record]) },
    { token },
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data.journalPost;
}

describe('A REDACTED view carries the public title and hides the people involved', () => {
  it('the Elev post, for a handler with no relation', async () => {
    expect(await post('elev', handler)).toEqual({
      title: 'Elevmappe – *****',
      publicTitle: 'Elevmappe – *****',
      titleScreened: true,
      visibility: 'REDACTED',
      responsible: null,
      accessGroup: null,
      correspondents: [{ role: 'SENDER', name: null, screened: true, address: null, email: null }],
      screening: {
        legalBasis: 'Offl. § 13',
        screenedFields: ['TITLE', 'CORRESPONDENT_NAME', 'PARTY_NAME', 'DOCUMENT'],
        expiresOn: expect.any(String),
        code: { code: 'fx13' },
      },
    });
  });

  it('the same post in full for a member of the access group, braces never shown', async () => {
    const full = await post('elev', member);
    expect(full).toMatchObject({
      title: `Elevmappe – ${marker('Elev')}`,
      publicTitle: 'Elevmappe – *****',
      titleScreened: false,
      visibility: 'FULL',
      responsible: { username: fx.usernames.postResponsible },
      accessGroup: { name: 'Fixture Elev' },
      correspondents: [{ role: 'SENDER', name: marker('Forelder'), screened: false }],
    });
    expect(full.correspondents[0].address).toContain('Adresse');
    expect(full.title).not.toMatch(/[{}]/);
  });
});

describe('Screening past its expiry date no longer applies', () => {
  it('the public form is the full record: title and correspondent shown, no screening', async () => {
    expect(await post('expired', handler)).toMatchObject({
      title: 'Søknad om skoleskyss – Utløpt Navn',
      titleScreened: false,
      visibility: 'REDACTED',
      correspondents: [{ role: 'SENDER', name: 'Utløpt Avsender', screened: false, address: null }],
      screening: null,
      accessGroup: null,
    });
  });
});

describe('The code XX screens every screenable field', () => {
  it('title and correspondents are hidden, and every field is listed as screened', async () => {
    const view = await post('codeXX', handler);
    expect(view).toMatchObject({
      title: 'Vedtak om *****',
      titleScreened: true,
      visibility: 'REDACTED',
    });
    expect(view.correspondents).toEqual([
      { role: 'RECIPIENT', name: null, screened: true, address: null, email: null },
    ]);
    expect(view.screening.screenedFields).toEqual([
      'TITLE',
      'CORRESPONDENT_NAME',
      'PARTY_NAME',
      'DOCUMENT',
    ]);
  });

  it('hides a correspondent even when it was not marked screened itself', async () => {
    await server.orm.em
      .fork()
      .getConnection()
      .execute('update correspondent set screened = false where journal_post_id = ?', [
        fx.posts.temporary,
      ]);
    const view = await post('temporary', handler);
    expect(view.correspondents).toEqual([
      { role: 'SENDER', name: null, screened: true, address: null, email: null },
    ]);
  });
});

describe('A screened post without an access group is FULL for every internal user', () => {
  it('shows the handler the real title and names, while the public form stays recorded', async () => {
    expect(await post('screenedNoGroup', handler)).toMatchObject({
      title: `Klage fra ${marker('Klager')}`,
      publicTitle: 'Klage fra *****',
      titleScreened: false,
      visibility: 'FULL',
      correspondents: [{ name: marker('Avsender1'), screened: false }],
    });
  });
});

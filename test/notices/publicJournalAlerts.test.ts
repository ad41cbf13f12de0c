import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { FIRST_ORGANISATION_ID } from '../../src/db/migrations/Migration20261202100000_organisations';
import { inOrganisation } from '../../src/db/organisationScope';
import { JournalPostType, JournalStatus } from '../../src/entities';
import { queueScheduledNotices } from '../../src/services/scheduledNotices';
import { MARKER } from '../support/fixtures';
import { queuedMails, startSmtpCapture, type SmtpCapture } from '../support/mail';
import { PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * docs/public-journal.md, "E-mail alerts": a saved search's alert is confirmed by a link, then
 * gets at most one digest a day of the entries that became public since the last one and match
 * the search; every mail can end it (a GET shows a button, the POST ends it). Monday 15 June
 * 2026, three working days' delay: an entry journalled Thursday 11 June becomes public on
 * Tuesday 16 June.
 */
const TODAY = '2026-06-15';
const BASE = 'https://journal.example';
const settings = { publicJournal: loadConfig({}).publicJournal, publicBaseUrl: BASE };
const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function world(opts: Parameters<typeof startTestServer>[0] = {}) {
  const server = await startTestServer({ data: 'empty', today: TODAY, ...opts });
  servers.push(server);
  const w = await new PublicWorld(server.orm.em.fork()).init();
  const [org] = await rows(server, 'select short_name from organisation');
  return { server, w, org: org.short_name as string };
}

function rows(server: TestServer, text: string, params: unknown[] = []): Promise<any[]> {
  return server.orm.em.fork().getConnection().execute(text, params);
}

/** The sender's clock on `day`: one transaction of the organisation. */
const run = (server: TestServer, day: string) =>
  inOrganisation(server.appOrm.em, FIRST_ORGANISATION_ID, (em) =>
    queueScheduledNotices(em, day, settings),
  );

async function subscribe(server: TestServer, fields: Record<string, string>, path = '/journal') {
  const res = await fetch(`${server.url}${path}/varsel`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, html: await res.text() };
}

const mails = (server: TestServer, kind: string) =>
  queuedMails(server.orm, `publicJournal.${kind}`);

/** The path and query of the link in `body` that leads to `/varsel/{what}`. */
function link(body: string, what: 'bekreft' | 'avmeld'): string {
  const found = new RegExp(
    `https?://[^\\s]+(/journal/[^\\s]*/varsel/${what}\\?token=[\\w-]+)`,
  ).exec(body);
  expect(found, `a ${what} link in the mail`).not.toBeNull();
  return found![1]!;
}

async function confirmLatest(server: TestServer) {
  const confirm = (await mails(server, 'alertConfirm')).at(-1)!;
  const res = await fetch(`${server.url}${link(confirm.body, 'bekreft')}`);
  expect(res.status).toBe(200);
  return confirm;
}

describe('Subscribing queues one confirm mail; nothing is sent for an unconfirmed alert', () => {
  it('the form under the results posts the search; the confirm mail names it and links to it', async () => {
    const { server, w, org } = await world();
    await w.post({ journalDate: '2026-06-01', title: 'Skoleskyss for elev' });
    const page = await (await fetch(`${server.url}/journal?q=skoleskyss&type=INCOMING`)).text();
    expect(page).toContain('Få e-post om nye oppføringer for dette søket');
    expect(page).toMatch(/<form class="insight" method="post" action="\/journal\/varsel"/);
    expect(page).toContain('<input type="hidden" name="q" value="skoleskyss"/>');
    expect(page).toContain('<label for="varsel-epost">E-postadresse for varselet</label>');

    const { status, html } = await subscribe(server, {
      email: 'Journalist@Avis.example',
      q: 'skoleskyss',
      type: 'INCOMING',
    });
    expect(status).toBe(200);
    expect(html).toContain('Sjekk e-posten din');
    const [confirm, ...more] = await mails(server, 'alertConfirm');
    expect(more).toEqual([]);
    expect(confirm!.recipient).toBe('journalist@avis.example');
    expect(confirm!.subject).toContain('Bekreft e-postvarsel');
    expect(confirm!.body).toContain('søket «skoleskyss», inngående');
    expect(confirm!.body).toContain(`/journal/${org}?q=skoleskyss&type=INCOMING`);
    expect(link(confirm!.body, 'bekreft')).toMatch(new RegExp(`^/journal/${org}/varsel/bekreft`));
    link(confirm!.body, 'avmeld');
    const [alert] = await rows(server, 'select confirmed_at, search from search_alert');
    expect(alert).toMatchObject({ confirmed_at: null, search: 'q=skoleskyss&type=INCOMING' });
    const tokens = await rows(server, 'select token_hash from search_alert_token');
    for (const t of tokens) expect(confirm!.body).not.toContain(t.token_hash);

    await w.post({ journalDate: '2026-06-11', title: 'Skoleskyss, ny søknad' });
    expect(await run(server, '2026-06-16')).toBe(0);
    expect(await mails(server, 'alertDigest')).toEqual([]);
  });

  it('a wrong address is a 400 with the form kept as typed, and nothing is kept', async () => {
    const { server } = await world();
    const { status, html } = await subscribe(server, { email: 'ikke-en-adresse', q: 'brann' });
    expect(status).toBe(400);
    expect(html).toContain('E-postadressen er ikke gyldig');
    expect(html).toContain('value="ikke-en-adresse"');
    expect(html).toContain('<input type="hidden" name="q" value="brann"/>');
    const bad = await subscribe(server, { email: 'a@b.example', from: '2026-02-31' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Fra-datoen må være en gyldig dato');
    expect(await rows(server, 'select id from search_alert')).toEqual([]);
    expect(await mails(server, 'alertConfirm')).toEqual([]);
  });
});

describe('The confirm link confirms the alert', () => {
  it('once or twice alike; an unknown link is 404', async () => {
    const { server, org } = await world();
    await subscribe(server, { email: 'a@avis.example', q: 'brann' }, `/journal/${org}`);
    const confirm = (await mails(server, 'alertConfirm'))[0]!;
    const path = link(confirm.body, 'bekreft');
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toContain('Varselet er bekreftet');
    }
    expect((await rows(server, 'select confirmed_at from search_alert'))[0].confirmed_at).not.toBe(
      null,
    );
    const other = await fetch(`${server.url}/journal/varsel/bekreft?token=${'A'.repeat(43)}`);
    expect(other.status).toBe(404);
    expect(await other.text()).toContain('Lenken virker ikke lenger');
    expect((await fetch(`${server.url}/journal/varsel/bekreft?token=x`)).status).toBe(404);
  });
});

describe('A digest lists only the entries that became public since the last, matching the search', () => {
  it('the new public matches with registry id, public title, journal date and link; nothing when none is new', async () => {
    const { server, w, org } = await world();
    await w.post({ journalDate: '2026-06-01', title: 'Skoleskyss, gammel sak' });
    await subscribe(server, { email: 'a@avis.example', q: 'skoleskyss' });
    await confirmLatest(server);
    const fresh = await w.post({ journalDate: '2026-06-11', title: 'Skoleskyss, ny søknad' });
    await w.post({ journalDate: '2026-06-11', title: 'Byggesak uten treff' });
    await w.post({ journalDate: '2026-06-12', title: 'Skoleskyss, offentlig dagen etter' });
    await w.post({
      journalDate: '2026-06-11',
      title: 'Skoleskyss, utkast',
      type: JournalPostType.OUTGOING,
      status: JournalStatus.RESERVED,
    });
    const registryId = `2026/${1000 + 2}-1`;
    expect(fresh.journalDate).toBe('2026-06-11');

    expect(await run(server, TODAY)).toBe(0);
    expect(await run(server, '2026-06-16')).toBe(1);
    const [digest] = await mails(server, 'alertDigest');
    expect(digest!.recipient).toBe('a@avis.example');
    expect(digest!.subject).toMatch(/^1 ny oppføring i den offentlige journalen – /);
    expect(digest!.body).toContain(
      `- ${registryId} Skoleskyss, ny søknad (journaldato 11.06.2026)\n  ${BASE}/journal/${org}/${registryId}`,
    );
    expect(digest!.body).not.toContain('gammel sak');
    expect(digest!.body).not.toContain('Byggesak');
    expect(digest!.body).not.toContain('dagen etter');
    expect(digest!.body).not.toContain('utkast');
    expect(digest!.body).toContain(`${BASE}/journal/${org}?q=skoleskyss`);
    link(digest!.body, 'avmeld');

    // The entry journalled on the 12th becomes public on the 17th: in that day's digest alone.
    expect(await run(server, '2026-06-17')).toBe(1);
    const second = (await mails(server, 'alertDigest'))[1]!;
    expect(second.body).toContain('Skoleskyss, offentlig dagen etter');
    expect(second.body).not.toContain('ny søknad');
    // Nothing new: no mail.
    expect(await run(server, '2026-06-18')).toBe(0);
    expect(await mails(server, 'alertDigest')).toHaveLength(2);
  });

  it('at most 50 entries, then how many more and the link to the search', async () => {
    const { server, w } = await world();
    await subscribe(server, { email: 'a@avis.example', q: 'Massepost' });
    await confirmLatest(server);
    for (let i = 0; i < 53; i++)
      await w.post({ journalDate: '2026-06-11', title: `Massepost ${i}` });
    expect(await run(server, '2026-06-16')).toBe(1);
    const [digest] = await mails(server, 'alertDigest');
    expect(digest!.subject).toContain('53 nye oppføringer');
    expect(digest!.body.match(/^- /gm)).toHaveLength(50);
    expect(digest!.body).toContain('… og 3 til. Se alle i søket:');
  });
});

describe('A digest goes at most once a day per alert', () => {
  it('however many processes look; what becomes public later that day waits for the next', async () => {
    const { server, w } = await world();
    await subscribe(server, { email: 'a@avis.example', q: 'vannlekkasje' });
    await confirmLatest(server);
    await w.post({ journalDate: '2026-06-11', title: 'Vannlekkasje i skolen' });
    const counts = await Promise.all([run(server, '2026-06-16'), run(server, '2026-06-16')]);
    expect(counts[0]! + counts[1]!).toBe(1);
    const later = await w.post({ journalDate: '2026-06-16', title: 'Vannlekkasje, svar' });
    await rows(
      server,
      `update journal_post set publication_override = 'PUBLISH_NOW' where id = ?`,
      [later.id],
    );
    expect(await run(server, '2026-06-16')).toBe(0);
    expect(await run(server, '2026-06-17')).toBe(1);
    const digests = await mails(server, 'alertDigest');
    expect(digests.map((m) => m.dedupeKey!.split(':').at(-1))).toEqual([
      '2026-06-16',
      '2026-06-17',
    ]);
    expect(digests[1]!.body).toContain('Vannlekkasje, svar');
    expect(digests[1]!.body).not.toContain('i skolen');
  });
});

describe('Unsubscribing takes the link and a button: a GET alone ends nothing', () => {
  it('GET shows the button, POST ends the alert, and a second POST says the same', async () => {
    const { server, w } = await world();
    await subscribe(server, { email: 'a@avis.example', q: 'brøyting' });
    const confirm = await confirmLatest(server);
    const path = link(confirm.body, 'avmeld');
    const token = new URL(path, server.url).searchParams.get('token')!;
    const page = await fetch(`${server.url}${path}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<button type="submit">Avslutt varselet</button>');
    expect(html).toMatch(
      /<form class="insight" method="post" action="\/journal\/[a-z0-9-]+\/varsel\/avmeld">/,
    );
    expect(await rows(server, 'select id from search_alert')).toHaveLength(1);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.url}/journal/varsel/avmeld`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Du får ikke flere e-poster om dette søket.');
    }
    expect(await rows(server, 'select id from search_alert')).toEqual([]);
    expect(await rows(server, 'select token_hash from search_alert_token')).toEqual([]);
    await w.post({ journalDate: '2026-06-11', title: 'Brøyting av skolevei' });
    expect(await run(server, '2026-06-16')).toBe(0);
  });

  it('a form from another site is refused', async () => {
    const { server } = await world();
    const res = await fetch(`${server.url}/journal/varsel/avmeld`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      body: 'token=x',
    });
    expect(res.status).toBe(403);
  });
});

describe(`An alert not confirmed within 7 days is deleted`, () => {
  it('by the clock, and its confirm link no longer works', async () => {
    const { server } = await world();
    await subscribe(server, { email: 'a@avis.example', q: 'brann' });
    const path = link((await mails(server, 'alertConfirm'))[0]!.body, 'bekreft');
    await rows(server, `update search_alert set created_at = now() - interval '7 days 1 minute'`);
    expect((await fetch(`${server.url}${path}`)).status).toBe(404);
    await run(server, TODAY);
    expect(await rows(server, 'select id from search_alert')).toEqual([]);
  });
});

describe('Subscribing answers the same whether the address has the alert or not', () => {
  it('new, waiting, confirmed and at the limit of 20 look alike; the confirm mail goes again at most once an hour', async () => {
    const { server } = await world();
    const form = { email: 'a@avis.example', q: 'brann' };
    const first = await subscribe(server, form);
    const again = await subscribe(server, form);
    expect(again).toEqual(first);
    expect(await mails(server, 'alertConfirm')).toHaveLength(1);
    await rows(server, `update search_alert set confirm_sent_at = now() - interval '61 minutes'`);
    expect(await subscribe(server, form)).toEqual(first);
    expect(await mails(server, 'alertConfirm')).toHaveLength(2);
    await confirmLatest(server);
    expect(await subscribe(server, form)).toEqual(first);
    expect(await mails(server, 'alertConfirm')).toHaveLength(2);

    for (let i = 1; i < 20; i++) await subscribe(server, { ...form, q: `brann ${i}` });
    expect(await mails(server, 'alertConfirm')).toHaveLength(21);
    const over = await subscribe(server, { ...form, q: 'brann 20' });
    expect(over.html.replace('brann+20', 'brann')).toEqual(first.html);
    expect(await mails(server, 'alertConfirm')).toHaveLength(21);
    expect(await rows(server, 'select id from search_alert')).toHaveLength(20);
  });
});

describe('A digest never shows or matches on a screened value', () => {
  it('lists the public title only, and a search for a screened word finds nothing', async () => {
    const { server, w } = await world();
    await subscribe(server, { email: 'a@avis.example', q: 'Elevmappe' });
    await subscribe(server, { email: 'a@avis.example', q: `${MARKER}TITLE` });
    for (const confirm of await mails(server, 'alertConfirm')) {
      expect((await fetch(`${server.url}${link(confirm.body, 'bekreft')}`)).status).toBe(200);
    }
    await w.post({
      journalDate: '2026-06-11',
      title: `Elevmappe – {Ola ${MARKER}TITLE}`,
      caseTitle: `Spesialundervisning – {${MARKER}CASE Nordmann}`,
      screened: true,
      correspondents: [{ name: `Per ${MARKER}NAME`, screened: true }],
    });
    expect(await run(server, '2026-06-16')).toBe(1);
    const [digest, ...more] = await mails(server, 'alertDigest');
    expect(more).toEqual([]);
    expect(digest!.body).toContain('Elevmappe – *****');
    expect(digest!.body).not.toContain(MARKER);
    expect(digest!.subject).not.toContain(MARKER);
    // Nor do the pages of the alerts, around a search that finds the screened entry.
    const path = link(digest!.body, 'avmeld');
    for (const html of [
      (await subscribe(server, { email: 'b@avis.example', q: 'Elevmappe' })).html,
      (await subscribe(server, { email: 'ikke-en-adresse', q: 'Elevmappe' })).html,
      await (await fetch(`${server.url}${path}`)).text(),
    ]) {
      expect(html).not.toContain(MARKER);
    }
  });
});

describe('The mails arrive at a real SMTP server, and their links work', () => {
  let capture: SmtpCapture;
  beforeAll(async () => {
    capture = await startSmtpCapture();
  });
  afterAll(() => capture?.close());

  it('confirm, digest and unsubscribe, end to end', async () => {
    const { server, w } = await world({ mail: true, env: { SMTP_URL: capture.url } });
    await subscribe(server, { email: 'journalist@avis.example', q: 'kommuneplan' });
    const [confirm] = await capture.waitFor(1);
    expect(confirm!.to).toEqual(['journalist@avis.example']);
    expect((await fetch(`${server.url}${link(confirm!.text, 'bekreft')}`)).status).toBe(200);
    await w.post({ journalDate: '2026-06-11', title: 'Kommuneplan, høring' });
    expect(await run(server, '2026-06-16')).toBe(1);
    const [, digest] = await capture.waitFor(2);
    expect(digest!.subject).toContain('1 ny oppføring');
    expect(digest!.text).toContain('Kommuneplan, høring');
    expect(digest!.raw).not.toContain(MARKER);
    const path = link(digest!.text, 'avmeld');
    const token = new URL(path, server.url).searchParams.get('token')!;
    expect((await fetch(`${server.url}${path}`)).status).toBe(200);
    await fetch(`${server.url}/journal/varsel/avmeld`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(await rows(server, 'select id from search_alert')).toEqual([]);
    const sent = await mails(server, 'alertDigest');
    await expect.poll(async () => (await mails(server, 'alertDigest'))[0]!.body).toBe('');
    expect(sent).toHaveLength(1);
  });
});

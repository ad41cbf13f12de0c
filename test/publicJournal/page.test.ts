import { afterAll, describe, expect, it } from 'vitest';
import { JournalPostType, Unit } from '../../src/entities';
import { toGlobalId } from '../../src/schema/globalId';
import { PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The public journal as a plain HTML page (GET /journal) for people without a GraphQL client:
 * server-rendered, usable without JavaScript, 25 entries a page.
 */
const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function world() {
  const server = await startTestServer({ data: 'empty', today: '2026-06-15' });
  servers.push(server);
  return { server, w: await new PublicWorld(server.orm.em.fork()).init() };
}

async function page(server: TestServer, path: string) {
  const res = await fetch(`${server.url}${path}`);
  return { res, html: await res.text() };
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The text a reader sees: tags dropped, entities decoded, spaces collapsed. */
const textOf = (html: string) =>
  decode(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

const articles = (html: string) =>
  [...html.matchAll(/<article[\s\S]*?<\/article>/g)].map((m) => m[0]);

/** The href of the link whose text is `label`, decoded, or undefined. */
function linkTo(html: string, label: string): string | undefined {
  for (const m of html.matchAll(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)) {
    if (textOf(m[2]!) === label) return decode(m[1]!);
  }
  return undefined;
}

describe('The page shows every field of an entry', () => {
  it('with "Udatert", type and write-off in Norwegian, and screened parts marked', async () => {
    const { server, w } = await world();
    const open = await w.post({
      journalDate: '2026-06-02',
      title: 'Søknad om byggetillatelse',
      caseTitle: 'Byggesak Storgata 1',
      correspondents: [{ name: 'Bygg AS', isPerson: false }, { name: 'Kari Åsen' }],
    });
    await server.orm.em
      .fork()
      .getConnection()
      .execute(
        `update journal_post set document_date = '2026-05-28', write_off_method = 'REPLIED_BY_LETTER',
           write_off_date = '2026-06-10' where id = ?`,
        [open.id],
      );
    await w.post({
      journalDate: '2026-06-01',
      title: 'Elevmappe – {Ola Skjult}',
      type: JournalPostType.OUTGOING,
      screened: true,
      correspondents: [{ name: 'Per Skjult', screened: true }],
    });
    const { res, html } = await page(server, '/journal');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="nb">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(html).not.toContain('Skjult');

    const [first, second] = articles(html).map(textOf) as [string, string];
    expect(first).toContain('Søknad om byggetillatelse');
    expect(first).toContain('Registrerings-ID 2026/1001-1');
    expect(first).toContain('Sak 2026/1001 Byggesak Storgata 1');
    expect(first).toContain('Journalpost 2026/1001');
    expect(first).toContain('Dokumenttype Inngående (I)');
    expect(first).toContain('Journaldato 02.06.2026');
    expect(first).toContain('Dokumentdato 28.05.2026');
    expect(first).toContain('Avsender/mottaker Bygg AS; Kari Åsen');
    expect(first).toContain('Ansvarlig enhet Offentlig enhet');
    expect(first).toContain('Avskrevet Besvart med brev (BU), 10.06.2026');
    expect(first).not.toContain('Skjermet');

    expect(second).toContain('Elevmappe – *****');
    expect(second).toContain('Dokumenttype Utgående (U)');
    expect(second).toContain('Dokumentdato Udatert');
    expect(second).toContain('Avsender/mottaker *****');
    expect(second).toContain('Skjermet: Offl. § 13 jf. fvl. § 13 første ledd nr. 1');
    expect(articles(html)[1]).toContain(
      '<span class="skjermet"><span aria-hidden="true">*****</span><span class="visually-hidden">skjermet</span></span>',
    );
    expect(textOf(html)).toContain('2 oppføringer');
  });

  it('offers a checkbox to ask for insight in the entry, in words only (no API, no ids shown)', async () => {
    const { server, w } = await world();
    const p = await w.post({ journalDate: '2026-06-01', title: 'Brev' });
    const { html } = await page(server, '/journal');
    const entry = articles(html)[0]!;
    const id = toGlobalId('PublicJournalEntry', p.id);
    expect(entry).toContain(`name="entryId" value="${id}" form="innsynskurv"`);
    expect(textOf(entry)).toContain('Be om innsyn');
    expect(textOf(html)).not.toContain('submitInsightRequest');
    expect(textOf(html)).not.toContain(id);
  });
});

describe('The page pages through the journal 25 entries at a time', () => {
  it('"Neste side" leads on, "Første side" leads back, and the count stays', async () => {
    const { server, w } = await world();
    for (let i = 1; i <= 30; i++) {
      await w.post({
        journalDate: `2026-05-${String(i).padStart(2, '0')}`,
        title: `Brev nr. ${i}`,
      });
    }
    const one = await page(server, '/journal?q=brev');
    expect(articles(one.html)).toHaveLength(25);
    expect(textOf(articles(one.html)[0]!)).toContain('Brev nr. 30');
    expect(textOf(one.html)).toContain('30 oppføringer');
    expect(one.html).toContain('<nav class="pages" aria-label="Sider">');
    expect(linkTo(one.html, 'Første side')).toBeUndefined();
    const next = linkTo(one.html, 'Neste side')!;
    expect(next).toMatch(/^\/journal\?q=brev&after=/);

    const two = await page(server, next);
    expect(two.res.status).toBe(200);
    expect(articles(two.html).map((a) => /Brev nr\. (\d+)/.exec(textOf(a))![1])).toEqual([
      '5',
      '4',
      '3',
      '2',
      '1',
    ]);
    expect(textOf(two.html)).toContain('30 oppføringer');
    expect(linkTo(two.html, 'Neste side')).toBeUndefined();
    expect(linkTo(two.html, 'Første side')).toBe('/journal?q=brev');
    const back = await page(server, linkTo(two.html, 'Første side')!);
    expect(articles(back.html).map(textOf)).toEqual(articles(one.html).map(textOf));
  });

  it('a cursor that is not one of ours is a 400 with the form still there', async () => {
    const { server } = await world();
    const { res, html } = await page(server, '/journal?after=not-a-cursor');
    expect(res.status).toBe(400);
    expect(html).toContain('role="alert"');
    expect(textOf(html)).toContain('Lenken til neste side er ikke gyldig');
    expect(html).toContain('<form class="search" method="get" action="/journal"');
  });
});

describe('The search form is labelled and keeps the search', () => {
  it('every field has a label; the values and selections are those searched for', async () => {
    const { server } = await world();
    const em = server.orm.em.fork();
    const unit = em.create(Unit, { name: 'Ålesund kontor' });
    await em.flush();
    const unitId = toGlobalId('Unit', unit.id);
    const { html } = await page(
      server,
      `/journal?q=skole&from=2026-01-01&to=2026-06-30&unit=${unitId}&type=OUTGOING`,
    );
    const form = /<form[\s\S]*?<\/form>/.exec(html)![0];
    expect(form).toMatch(/^<form class="search" method="get" action="\/journal"/);
    const ids = [...form.matchAll(/<(?:input|select)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual([
      'q',
      'from',
      'to',
      'documentFrom',
      'documentTo',
      'unit',
      'type',
      'legalBasis',
      'sort',
    ]);
    for (const id of ids) expect(form).toMatch(new RegExp(`<label for="${id}">[^<]+</label>`));
    expect(form).toContain('<input type="search" id="q" name="q" value="skole"');
    expect(form).toContain('<input type="date" id="from" name="from" value="2026-01-01"/>');
    expect(form).toContain('<input type="date" id="to" name="to" value="2026-06-30"/>');
    expect(form).toContain(`<option value="${unitId}" selected>Ålesund kontor</option>`);
    // The type select sends the Noark code; the API's name selects the same option.
    expect(form).toContain('<option value="I">Inngående (I)</option>');
    expect(form).toContain('<option value="U" selected>Utgående (U)</option>');
    // Units in Norwegian order: Å after O.
    expect(form.indexOf('Offentlig enhet')).toBeLessThan(form.indexOf('Ålesund kontor'));
  });

  it('the download links carry the current search', async () => {
    const { server } = await world();
    const unitId = toGlobalId('Unit', '00000000-0000-4000-8000-000000000000');
    const { html } = await page(
      server,
      `/journal?q=b%C3%A5t+%26+motor&from=2026-01-01&unit=${unitId}&type=INCOMING&legalBasis=Offl.+%C2%A7+13`,
    );
    const search = `?q=b%C3%A5t+%26+motor&from=2026-01-01&unit=${unitId}&type=INCOMING&legalBasis=Offl.+%C2%A7+13`;
    expect(linkTo(html, 'CSV')).toBe(`/public-journal.csv${search}`);
    expect(linkTo(html, 'JSON')).toBe(`/public-journal.json${search}`);
    expect(linkTo(html, 'Atom-feed')).toBe(`/public-journal.atom${search}`);
    // The legal basis is a field of the form, kept as searched for.
    expect(html).toContain('id="legalBasis" name="legalBasis" value="Offl. § 13"');
  });

  it('a mistake in the search is a 400 that says what is wrong, in Norwegian', async () => {
    const { server } = await world();
    const { res, html } = await page(server, '/journal?from=2026-02-30&q=hei');
    expect(res.status).toBe(400);
    expect(textOf(html)).toContain('Fra-datoen må være en gyldig dato (ÅÅÅÅ-MM-DD).');
    expect(html).toContain('value="hei"');
    expect(textOf(html)).not.toContain('oppføringer');
  });
});

describe('Titles are text, never markup', () => {
  it('a title with <script> appears escaped, and the page has no script at all', async () => {
    const { server, w } = await world();
    const p = await w.post({ journalDate: '2026-06-01', title: 'Midlertidig' });
    const title = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    await server.orm.em
      .fork()
      .getConnection()
      .execute('update journal_post set title = ?, public_title = ? where id = ?', [
        title,
        title,
        p.id,
      ]);
    const { html } = await page(server, `/journal?q=${encodeURIComponent('"><script>')}`);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    const all = await page(server, '/journal');
    expect(all.html).not.toMatch(/<script/i);
    expect(all.html).not.toMatch(/<img/i);
    expect(all.html).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script> &amp; &lt;img');
    expect(textOf(articles(all.html)[0]!)).toContain(title);
  });
});

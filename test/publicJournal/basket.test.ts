import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/schema/globalId';
import { MARKER } from '../support/fixtures';
import { addLeakProbePosts, LEAK_SECRETS, PublicWorld } from '../support/publicFixtures';
import { startTestServer, type TestServer } from '../support/server';

/**
 * docs/public-journal.md, "The request basket": one form for the page, a checkbox for each entry,
 * one request and one receipt for all the checked entries, POST → 303 → GET, the basket carried
 * in the URL (`kurv=`) from page to page without JavaScript.
 */
const TODAY = '2026-06-15';
let server: TestServer;
let w: PublicWorld;
/** The public entry ids of the 60 posts, newest journal date first (the page's order). */
let ids: string[];
let screenedId: string;
let draftId: string;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: TODAY });
  w = await new PublicWorld(server.orm.em.fork()).init();
  const posts = [];
  for (let i = 1; i <= 60; i++) {
    const day = String(1 + Math.floor((i - 1) / 2)).padStart(2, '0');
    posts.push(await w.post({ journalDate: `2026-05-${day}`, title: `Brev nummer ${i}` }));
  }
  ids = posts.reverse().map((p) => toGlobalId('PublicJournalEntry', p.id));
  await addLeakProbePosts(w, TODAY);
  const [screened] = await rows(`select id from journal_post where title like '%ZZLEAKTITLE%'`);
  const [draft] = await rows(`select id from journal_post where title like '%ZZLEAKDRAFT%'`);
  screenedId = toGlobalId('PublicJournalEntry', screened!.id as string);
  draftId = toGlobalId('PublicJournalEntry', draft!.id as string);
});
afterAll(() => server?.close());

function rows(query: string): Promise<Record<string, unknown>[]> {
  return server.orm.em.fork().getConnection().execute(query);
}

const requests = async () =>
  Number((await rows('select count(*) as n from insight_request'))[0]!.n);

function post(path: string, body: URLSearchParams, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
    redirect: 'manual',
  });
}

const fields = (entryIds: readonly string[], rest: Record<string, string> = {}) => {
  const body = new URLSearchParams(rest);
  for (const id of entryIds) body.append('entryId', id);
  return body;
};

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
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

/** The receipt cookie of a 303, as a browser would send it back. */
function cookieOf(res: Response): string {
  const set = res.headers.get('set-cookie') ?? '';
  return set.split(';')[0]!;
}

/** Posts the form, follows the redirect with its cookie, and returns the receipt page. */
async function submit(entryIds: readonly string[], email: string) {
  const res = await post('/journal/innsyn', fields(entryIds, { email }));
  expect(res.status).toBe(303);
  const receipt = await get(res.headers.get('location')!, { cookie: cookieOf(res) });
  return { res, receipt };
}

describe('The journal page has one form for its entries: a checkbox each, one e-mail, one button', () => {
  it('one search form, one request form and the alert form; 25 checkboxes named for their entry', async () => {
    const { html } = await get('/journal');
    expect(html.match(/<form\b/g)).toHaveLength(3);
    expect(
      html.match(/<form class="insight" method="post" action="\/journal\/varsel"/g),
    ).toHaveLength(1);
    expect(html).toContain(
      '<form class="request" id="innsynskurv" method="post" action="/journal/innsyn">',
    );
    const boxes = [...html.matchAll(/<input type="checkbox"[^>]*>/g)].map((m) => m[0]);
    expect(boxes).toHaveLength(25);
    expect(
      boxes.filter((b) => b.includes(`name="entryId" value="${ids[0]}" form="innsynskurv"`)),
    ).toHaveLength(1);
    // Each label names the entry for a screen reader: its registry id and its public title.
    const label = html.match(new RegExp(`<label for="velg-${ids[0]}">[\\s\\S]*?</label>`))![0];
    expect(textOf(label)).toMatch(/^Be om innsyn i \d{4}\/\d+-1 Brev nummer 60$/);
    // One e-mail field for the request; the other is the alert's.
    expect(html.match(/type="email"/g)).toHaveLength(2);
    expect(html.match(/id="innsyn-epost"/g)).toHaveLength(1);
    expect(html.match(/id="varsel-epost"/g)).toHaveLength(1);
    expect(html.match(/Send innsynskrav<\/button>/g)).toHaveLength(1);
  });

  it('speaks Norwegian only: no API words, no ids in the visible text', async () => {
    const { html } = await get('/journal');
    const text = textOf(html);
    expect(text).not.toMatch(/GraphQL|submitInsightRequest|mutasjon|API/);
    for (const id of ids.slice(0, 25)) expect(text).not.toContain(id);
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('<a class="skip" href="#innhold">Hopp til hovedinnholdet</a>');
    expect(html).toContain('<main class="wrap" id="innhold" tabindex="-1">');
  });
});

describe('Several entries make one request with one receipt', () => {
  it('three checked entries: one request of three items, and the receipt lists them', async () => {
    const before = await requests();
    const { res, receipt } = await submit(ids.slice(0, 3), 'tre@example.no');
    expect(await requests()).toBe(before + 1);
    const [items] = await rows(
      `select count(*) as n from insight_request_item i join insight_request r on r.id = i.request_id
        where r.requester_email = 'tre@example.no'`,
    );
    expect(Number(items!.n)).toBe(3);
    expect(res.headers.get('location')).toBe('/journal/innsyn/kvittering');
    expect(receipt.res.status).toBe(200);
    expect(receipt.res.headers.get('cache-control')).toBe('no-store');
    expect(receipt.html).toContain('Innsynskravet er mottatt');
    expect(receipt.html).toMatch(/<code>INN-[0-9A-Z]{26}<\/code>/);
    const text = textOf(receipt.html);
    expect(text).toContain('3 dokumenter du ba om');
    for (const n of [60, 59, 58]) expect(text).toContain(`Brev nummer ${n}`);
  });
});

describe('Posting redirects to the receipt (POST → 303 → GET); a reload sends nothing', () => {
  it('the reference is in a short-lived HttpOnly cookie for the receipt page only, never in the URL', async () => {
    const res = await post('/journal/innsyn', fields([ids[5]!], { email: 'prg@example.no' }));
    expect(res.status).toBe(303);
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(
      /^innsynskvittering=INN-[0-9A-Z]{26}; Path=\/journal\/innsyn\/kvittering; Max-Age=600; HttpOnly; SameSite=Strict$/,
    );
    expect(res.headers.get('location')).not.toContain('INN-');
  });

  it('the receipt is shown once; reloading it creates nothing and shows no reference', async () => {
    const { receipt } = await submit([ids[6]!], 'reload@example.no');
    // The receipt page clears the cookie: the browser sends none on reload.
    expect(receipt.res.headers.get('set-cookie')).toMatch(/^innsynskvittering=; .*Max-Age=0/);
    const before = await requests();
    const again = await get('/journal/innsyn/kvittering');
    expect(again.res.status).toBe(200);
    expect(again.html).toContain('Kvitteringen vises bare én gang');
    expect(again.html).not.toMatch(/INN-[0-9A-Z]{26}/);
    expect(await requests()).toBe(before);
  });
});

describe('A mistake shows the form again (400) with everything typed and checked kept', () => {
  it('a bad e-mail address: the entries checked, the name, the address and the message as typed', async () => {
    const before = await requests();
    const res = await post(
      '/journal/innsyn',
      fields(ids.slice(10, 12), {
        email: 'ikke-en-adresse',
        name: 'Kari <Journalist>',
        message: 'Gjelder begge brevene.',
      }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('E-postadressen er ikke gyldig');
    expect(html).toContain('value="ikke-en-adresse" aria-invalid="true"');
    expect(html).toContain('value="Kari &lt;Journalist>"');
    expect(html).toContain('>Gjelder begge brevene.</textarea>');
    for (const id of ids.slice(10, 12)) {
      expect(html).toContain(`name="entryId" value="${id}" checked`);
    }
    expect(html).toContain('href="#innsyn-epost"');
    expect(await requests()).toBe(before);
  });

  it('no entry checked: "Velg minst én oppføring", the address kept', async () => {
    const res = await post('/journal/innsyn', fields([], { email: 'ingen@example.no' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Velg minst én oppføring');
    expect(html).toContain('value="ingen@example.no"');
  });
});

describe('More than 50 entries is refused in words, with the choices kept', () => {
  it('51 checked: 400, "høyst 50", all 51 still checked, nothing stored', async () => {
    const before = await requests();
    const res = await post(
      '/journal/innsyn',
      fields(ids.slice(0, 51), { email: 'mange@example.no' }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(textOf(html)).toContain(
      'Et innsynskrav kan gjelde høyst 50 oppføringer, og du har valgt 51.',
    );
    expect(html.match(/name="entryId" value="[^"]+" checked/g)).toHaveLength(51);
    expect(await requests()).toBe(before);
  });

  it('exactly 50: one request', async () => {
    const before = await requests();
    await submit(ids.slice(0, 50), 'femti@example.no');
    expect(await requests()).toBe(before + 1);
  });
});

describe('The basket travels from page to page in the URL, without JavaScript', () => {
  it('one entry from page 1 and one from page 2 in one request', async () => {
    const first = ids[1]!;
    const onPage2 = ids[30]!;
    // "Legg valgte i kurven" on page 1: back to page 1 with the basket in the URL.
    const add = await post('/journal/innsyn/kurv', fields([first], { q: 'brev' }));
    expect(add.status).toBe(303);
    const withBasket = add.headers.get('location')!;
    expect(withBasket).toBe(`/journal?q=brev&kurv=${first}`);
    const one = await get(withBasket);
    expect(one.html).toContain(`name="entryId" value="${first}" form="innsynskurv" checked`);
    expect(textOf(one.html)).toContain('1 oppføring i kurven.');
    // "Neste side" keeps it.
    const next = decode(one.html.match(/<a rel="next" href="([^"]+)"/)![1]!);
    expect(next).toMatch(new RegExp(`&after=[^&]+&kurv=${first}$`));
    const two = await get(next);
    expect(two.html).toContain(`<input type="hidden" name="entryId" value="${first}"/>`);
    expect(two.html).toContain(`name="entryId" value="${onPage2}" form="innsynskurv"`);
    // A remove link: the same page without it.
    const remove = decode(
      two.html.match(/<a href="([^"]+)">Fjern<span class="visually-hidden">/)![1]!,
    );
    expect(remove).not.toContain('kurv=');
    expect(remove).toContain('after=');
    // The form of page 2 sends the hidden entry of page 1 and the checked one of page 2.
    const before = await requests();
    await submit([first, onPage2], 'kurv@example.no');
    expect(await requests()).toBe(before + 1);
    const [items] = await rows(
      `select count(*) as n from insight_request_item i join insight_request r on r.id = i.request_id
        where r.requester_email = 'kurv@example.no'`,
    );
    expect(Number(items!.n)).toBe(2);
  });

  it('the search form keeps the basket; ids that are no public entry are left out', async () => {
    const { html } = await get(`/journal?kurv=${ids[2]},tull,${draftId}`);
    expect(html).toContain(`<input type="hidden" name="kurv" value="${ids[2]}"/>`);
    expect(textOf(html)).toContain('1 oppføring i kurven.');
  });
});

describe('A form posted from another site is still refused', () => {
  it('403, nothing stored, no receipt cookie', async () => {
    const before = await requests();
    const res = await post('/journal/innsyn', fields([ids[0]!], { email: 'a@example.no' }), {
      origin: 'https://evil.example',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await requests()).toBe(before);
  });
});

describe('Leak probes: the basket, the form again and the receipt show public forms only', () => {
  const clean = (text: string) => {
    expect(text).not.toContain(MARKER);
    for (const secret of LEAK_SECRETS) expect(text).not.toContain(secret);
  };

  it('a screened entry and an unpublished one in the basket', async () => {
    const { html } = await get(`/journal?kurv=${screenedId},${draftId}`);
    expect(textOf(html)).toContain('Elevmappe – ***** skjermet');
    expect(html).toContain(
      '<span class="skjermet"><span aria-hidden="true">*****</span><span class="visually-hidden">skjermet</span></span>',
    );
    clean(html);
  });

  it('the form again and the receipt', async () => {
    const bad = await post('/journal/innsyn', fields([screenedId, draftId], { email: 'x' }));
    const badHtml = await bad.text();
    expect(bad.status).toBe(400);
    expect(badHtml).not.toContain(draftId);
    clean(badHtml);
    const { receipt } = await submit([screenedId], 'probe@example.no');
    expect(textOf(receipt.html)).toContain('Elevmappe – ***** skjermet');
    clean(receipt.html);
    const headers: string[] = [];
    receipt.res.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
    clean(headers.join('\n'));
  });
});

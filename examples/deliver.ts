// A specialist system's delivery through the Noark 5 service interface, written from the standard
// as Visma Flyt Skole would: it knows only the root address and follows links (relation keys) from
// there. It files a pupil's case (screened §13, access group Elev), an incoming letter from the
// parents with its sender, the letter's document and its file (a small PDF/A), and reads the case
// back. Every POST carries an Idempotency-Key derived from the sender's own ids, so running it
// twice files nothing new: each step prints STORED or DUPLICATE.
//
//   ARKIVGRAF_URL   the server (default http://localhost:4000)
//   ARKIVGRAF_TOKEN a bearer token; unset: one for visma-flyt-skole from `npm run token`
//
// Usage: npm run example:deliver
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { pdfa2b } from '../src/domain/documents/minimalPdf';

const BASE = (process.env.ARKIVGRAF_URL ?? 'http://localhost:4000').replace(/\/$/, '');
const REL = 'https://rel.arkivverket.no/noark5/v5/api/';
const MEDIA_TYPE = 'application/vnd.noark5+json';

/** The pupil and the letter as the school system knows them: its own ids make the keys. */
const PUPIL = { id: 'elev-4711', name: 'Ola Nordmann' };
const LETTER = { id: 'brev-2026-0815', title: `Søknad om permisjon for ${PUPIL.name}` };
const keyOf = (step: string) => `visma-flyt-skole:${PUPIL.id}:${LETTER.id}:${step}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the standard's JSON, read by field names
type Json = Record<string, any>;

function tokenOf(): string {
  if (process.env.ARKIVGRAF_TOKEN) return process.env.ARKIVGRAF_TOKEN;
  return execFileSync('npm', ['run', '-s', 'token', '--', 'visma-flyt-skole'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

const token = tokenOf();

async function call(
  method: string,
  href: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: Json }> {
  const res = await fetch(href, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: MEDIA_TYPE,
      ...(body !== undefined && !Buffer.isBuffer(body) ? { 'content-type': MEDIA_TYPE } : {}),
      ...headers,
    },
    body:
      body === undefined
        ? undefined
        : Buffer.isBuffer(body)
          ? new Uint8Array(body)
          : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as Json) : {};
  if (res.status >= 400) {
    throw new Error(`${method} ${href}: ${res.status} ${json.feil?.beskrivelse ?? text}`);
  }
  return { status: res.status, headers: res.headers, json };
}

/** The address of a relation key in a resource's `_links`. */
function link(resource: Json, name: string): string {
  const href = resource._links?.[`${REL}${name}/`]?.href as string | undefined;
  if (!href)
    throw new Error(`No link ${name} in ${JSON.stringify(Object.keys(resource._links ?? {}))}`);
  return href.replace(/\{\?.*\}$/, '');
}

/** A delivery: POST with its key; prints whether it was made now or had been made before. */
async function deliver(
  step: string,
  href: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const answer = await call('POST', href, body, { 'Idempotency-Key': keyOf(step), ...headers });
  const status = answer.headers.get('x-delivery-status') ?? String(answer.status);
  process.stdout.write(
    `${step.padEnd(20)} ${status.padEnd(10)} ${answer.headers.get('location') ?? ''}\n`,
  );
  return answer;
}

async function main(): Promise<void> {
  const root = (await call('GET', `${BASE}/noark5v5/api/`)).json;
  const structure = (await call('GET', link(root, 'arkivstruktur'))).json;
  const parts = (await call('GET', link(structure, 'arkivstruktur/arkivdel'))).json;
  // The arkivdel that takes new cases offers ny-saksmappe.
  const part = (parts.results as Json[] | undefined)?.find(
    (p) =>
      p._links?.[`${REL}sakarkiv/ny-saksmappe/`] ?? p._links?.[`${REL}arkivstruktur/ny-saksmappe/`],
  );
  if (!part) throw new Error('No arkivdel offers ny-saksmappe to this user');
  const newCase =
    part._links[`${REL}sakarkiv/ny-saksmappe/`]?.href ??
    part._links[`${REL}arkivstruktur/ny-saksmappe/`].href;

  const template = (await call('GET', newCase)).json;
  const saksmappe = await deliver('saksmappe', newCase, {
    tittel: `Elevmappe – ${PUPIL.name}`,
    offentligTittel: 'Elevmappe',
    administrativEnhet: template.administrativEnhet,
    skjerming: {
      tilgangsrestriksjon: { kode: '13' },
      skjermingshjemmel: 'Offl. § 13, jf. fvl. § 13',
    },
    virksomhetsspesifikkeMetadata: { 'vnd-arkivgraf-v1:tilgangsgruppe': 'Elev' },
  });
  const caseId = saksmappe.json.systemID as string;
  const caseHref = saksmappe.headers.get('location')!;

  const journalpost = await deliver('journalpost', `${caseHref}ny-journalpost`, {
    tittel: LETTER.title,
    offentligTittel: 'Søknad om permisjon',
    journalposttype: { kode: 'I' },
    korrespondansepart: [
      {
        korrespondanseparttype: { kode: 'EA' },
        navn: 'Kari Nordmann',
        postadresse: { adresselinje1: 'Skolevegen 1', postnummer: '4700', poststed: 'Vennesla' },
      },
    ],
  });
  const postHref = journalpost.headers.get('location')!;

  const description = await deliver('dokumentbeskrivelse', `${postHref}ny-dokumentbeskrivelse`, {
    tittel: 'Søknad om permisjon',
    tilknyttetRegistreringSom: { kode: 'H' },
    dokumenttype: { kode: 'B' },
    dokumentstatus: { kode: 'F' },
  });
  const descriptionHref = description.headers.get('location')!;

  const file = pdfa2b(LETTER.title);
  const declared = await call('POST', `${descriptionHref}ny-dokumentobjekt`, {
    variantformat: { kode: 'A' },
    mimeType: 'application/pdf',
    filnavn: 'soknad-om-permisjon.pdf',
    sjekksum: createHash('sha256').update(file).digest('hex'),
    sjekksumAlgoritme: 'SHA256',
    filstoerrelse: file.length,
  });
  await deliver('fil', link(declared.json, 'arkivstruktur/fil'), file, {
    'content-type': 'application/pdf',
  });

  const readBack = await call('GET', `${BASE}/noark5v5/api/sakarkiv/saksmappe/${caseId}/`);
  process.stdout.write(`${JSON.stringify(readBack.json, null, 2)}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPEAL,
  DECIDE,
  InsightWorld,
  type Made,
  pdf,
  requestGid,
  SUBMIT,
  TODAY,
} from '../insight/world';
import {
  FIRST_ARCHIVE_ID,
  FIRST_ARCHIVE_PART_ID,
} from '../../src/db/migrations/Migration20261202070000_archive_parts';
import { queuedMails, type QueuedMail } from '../support/mail';
import { createTestOrganisation, inOrganisation } from '../support/organisations';
import { startTestServer, type TestServer } from '../support/server';
import { toGlobalId } from '../../src/schema/globalId';

/**
 * docs/notices.md, "Notices of insight requests": what is queued in the outbox, to whom, with
 * which contents, when a request is submitted (GraphQL and the public form), decided (in part,
 * then in full) and appealed. A row queued is a mail sent after commit (the outbox's contract).
 */
const BASE = 'https://innsyn.example';
let server: TestServer;
let w: InsightWorld;
let a1: Made;
let a2: Made;
let b1: Made;
let org: { name: string; short_name: string };
const address = (username: string) => `${username}@innsyn.example`;
let statusUrl: string;

beforeAll(async () => {
  server = await startTestServer({ data: 'empty', today: TODAY, env: { PUBLIC_BASE_URL: BASE } });
  w = await new InsightWorld(server).init();
  await w.rows(
    `update app_user set email = username || '@innsyn.example' where username like 'in.%'`,
  );
  org = (await w.rows('select name, short_name from organisation limit 1'))[0]!;
  statusUrl = `${BASE}/journal/${org.short_name}/innsyn/status`;
  a1 = await w.post({ title: 'Søknad om skjenkebevilling' });
  a2 = await w.post({ title: 'Vedtak om skjenkebevilling' });
  b1 = await w.post({ title: 'Referat fra møte', unit: 'B' });
  for (const p of [a1, a2, b1])
    await w.upload('in.handler', p, 'ARCHIVE', pdf(`ARKIV ${p.registryId}`));
  await w.upload('in.handler', a2, 'PUBLIC', pdf('Offentlig variant: sladdet'));
});
afterAll(() => server?.close());

/** The mails queued while `work` runs. */
async function queuedDuring(work: () => Promise<unknown>): Promise<QueuedMail[]> {
  const before = new Set((await queuedMails(server.orm)).map((m) => m.id));
  await work();
  return (await queuedMails(server.orm)).filter((m) => !before.has(m.id));
}

const form = (path: string, fields: Record<string, string>) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });

describe('A submission queues the receipt to the requester and a notice to the insight handlers', () => {
  it('GraphQL: the receipt has the reference, the deadlines, the documents, the status page', async () => {
    let reference = '';
    const mails = await queuedDuring(async () => {
      const res = await w.as(null, SUBMIT, {
        input: {
          entryIds: [a1.entryId, a2.entryId],
          requesterEmail: 'anne@example.no',
          requesterName: 'Anne Innsyn',
          message: 'Jeg skriver om skjenkesaken.',
        },
      });
      expect(res.body.errors).toBeUndefined();
      reference = res.body.data.submitInsightRequest.reference;
    });
    const receipts = mails.filter((m) => m.kind === 'insightRequest.received');
    expect(receipts.map((m) => m.recipient)).toEqual(['anne@example.no']);
    const receipt = receipts[0]!;
    expect(receipt.subject).toBe(`Innsynskravet ditt er mottatt – ${org.name}`);
    expect(receipt.body).toContain(`Referansen din: ${reference}`);
    expect(receipt.body).toContain('Svarfrist: 18.06.2026 (tre virkedager)');
    expect(receipt.body).toContain('Har du ikke fått svar innen 22.06.2026 (fem virkedager)');
    expect(receipt.body).toContain(`- ${a1.registryId} Søknad om skjenkebevilling`);
    expect(receipt.body).toContain(`- ${a2.registryId} Vedtak om skjenkebevilling`);
    expect(receipt.body).toContain(statusUrl);
    expect(receipt.body).not.toContain(reference.toLowerCase() + '/'); // never in a URL
    expect(receipt.body).toContain(org.name);

    // The insight handler of unit A only: B's has nothing to do with it and may not see it.
    const notices = mails.filter((m) => m.kind === 'insightRequest.arrived');
    expect(notices.map((m) => m.recipient)).toEqual([address('in.insight')]);
    const notice = notices[0]!;
    expect(notice.subject).toBe('Nytt innsynskrav: 2 dokumenter, svarfrist 18.06.2026');
    expect(notice.body).toContain(`- ${a1.registryId} Søknad om skjenkebevilling`);
    expect(notice.body).toContain('har skrevet en melding');
    for (const own of [reference, 'anne@example.no', 'Anne Innsyn', 'skjenkesaken.']) {
      expect(notice.body).not.toContain(own);
    }
    expect(mails).toHaveLength(2);
  });

  it('the public form: the same two mails, and the receipt page says what happens now', async () => {
    let html = '';
    const mails = await queuedDuring(async () => {
      const res = await form(`/journal/${org.short_name}/innsyn`, {
        entryId: b1.entryId,
        email: 'bjorn@example.no',
      });
      // Post, redirect, get: the receipt is shown once, by the cookie the post set.
      expect(res.status).toBe(303);
      const receipt = await fetch(`${server.url}${res.headers.get('location')}`, {
        headers: { cookie: res.headers.get('set-cookie')!.split(';')[0]! },
      });
      html = await receipt.text();
    });
    const reference = html.match(/INN-[0-9A-Z]{26}/)![0];
    expect(html).toContain('Vi sender nå en kvittering med referansen og svarfristen');
    expect(html).toContain('lenker i e-posten');
    expect(html).toContain('22.06.2026');
    expect(mails.map((m) => [m.kind, m.recipient])).toEqual([
      ['insightRequest.received', 'bjorn@example.no'],
      ['insightRequest.arrived', address('in.insightb')],
    ]);
    expect(mails[0]!.body).toContain(reference);
    expect(mails[0]!.body).toContain(`- ${b1.registryId} Referat fra møte`);
    expect(mails[1]!.body).not.toContain('har skrevet en melding');
  });

  it('a refused submission queues nothing', async () => {
    const mails = await queuedDuring(async () => {
      const bad = await w.as(null, SUBMIT, {
        input: { entryIds: [a1.entryId], requesterEmail: 'ikke-en-adresse' },
      });
      expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const unknown = await w.as(null, SUBMIT, {
        input: { entryIds: [a1.entryId, a1.gid], requesterEmail: 'c@example.no' },
      });
      expect(unknown.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const page = await form(`/journal/${org.short_name}/innsyn`, {
        entryId: a1.entryId,
        email: 'ikke-en-adresse',
      });
      expect(page.status).toBe(400);
    });
    expect(mails).toEqual([]);
  });
});

describe('Every decision mails the requester the outcomes, the links and how to appeal', () => {
  let id: string;
  let reference: string;

  beforeAll(async () => {
    const res = await w.as(null, SUBMIT, {
      input: { entryIds: [a1.entryId, a2.entryId], requesterEmail: 'dora@example.no' },
    });
    reference = res.body.data.submitInsightRequest.reference;
    id = await requestGid(w, 'dora@example.no');
  });

  it('a partial decision: the decided item with its basis and link, the other still being handled', async () => {
    const mails = await queuedDuring(async () => {
      const res = await w.as('in.insight', DECIDE, {
        id,
        decisions: [
          { journalPostId: a2.gid, outcome: 'PARTIAL', legalBasis: 'Offl. § 13 jf. fvl. § 13' },
        ],
      });
      expect(res.body.errors).toBeUndefined();
    });
    expect(mails.map((m) => [m.kind, m.recipient])).toEqual([
      ['insightRequest.decided', 'dora@example.no'],
    ]);
    const { subject, body } = mails[0]!;
    expect(subject).toBe(`Delvis svar på innsynskravet ditt – ${org.name}`);
    expect(body).toContain('1 dokument er fortsatt under behandling');
    expect(body).toContain(
      `${a2.registryId} Vedtak om skjenkebevilling\n  Delvis innsyn. Hjemmel: Offl. § 13 jf. fvl. § 13\n  Last ned: ${BASE}/insight-downloads/`,
    );
    expect(body).toContain(`${a1.registryId} Søknad om skjenkebevilling\n  Under behandling.`);
    expect(body).toContain('Når alle dokumentene er avgjort, kan du klage');
    expect(body).not.toContain(reference);

    // The link downloads the released variant: the redacted public one, as the status page gives.
    const link = body.match(/Last ned: (\S+)/)![1]!;
    const { res, bytes } = await w.fetchBytes(link.slice(BASE.length));
    expect(res.status).toBe(200);
    expect(bytes.toString('latin1')).toContain('Offentlig variant: sladdet');
    expect(bytes.toString('latin1')).not.toContain('ARKIV');
    const expiry = body.match(/Lenkene virker til (\S+ \S+)\./)![1];
    // INSIGHT_LINK_TTL_HOURS (72) from now: links run on the clock, not on the request's date.
    const in72h = new Intl.DateTimeFormat('nb-NO', {
      timeZone: 'Europe/Oslo',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(new Date(Date.now() + 72 * 3600_000));
    expect(expiry).toMatch(new RegExp(`^${in72h.replace(/\./g, '\\.')},? \\d\\d[:.]\\d\\d$`));
  });

  it('the last decision: every outcome, the refusal with its basis, the appeal deadline and how', async () => {
    const mails = await queuedDuring(() =>
      w.as('in.insight', DECIDE, {
        id,
        decisions: [{ journalPostId: a1.gid, outcome: 'FULL' }],
      }),
    );
    expect(mails).toHaveLength(1);
    const { subject, body } = mails[0]!;
    expect(subject).toBe(`Svar på innsynskravet ditt – ${org.name}`);
    expect(body).toContain(`${a1.registryId} Søknad om skjenkebevilling\n  Innsyn\n  Last ned: `);
    expect(body).toContain(
      `${a2.registryId} Vedtak om skjenkebevilling\n  Delvis innsyn. Hjemmel:`,
    );
    expect(body).not.toContain('Under behandling');
    expect(body).toContain('Klagefristen er 21 dager, til og med 06.07.2026');
    expect(body).toContain(`fyll ut klageskjemaet med begrunnelsen din: ${statusUrl}`);
    const links = [...body.matchAll(/Last ned: (\S+)/g)].map((m) => m[1]!);
    const full = await w.fetchBytes(links[0]!.slice(BASE.length));
    expect(full.res.status).toBe(200);
    expect(full.bytes.toString('latin1')).toContain(`ARKIV ${a1.registryId}`);
  });

  it('an appeal: a receipt to the requester, a notice to the assignee of the appealed item', async () => {
    const mails = await queuedDuring(async () => {
      const res = await w.as(null, APPEAL, { reference, reason: 'Jeg vil se hele vedtaket.' });
      expect(res.body.errors).toBeUndefined();
    });
    expect(mails.map((m) => [m.kind, m.recipient])).toEqual([
      ['insightRequest.appealed', 'dora@example.no'],
      ['insightRequest.appealArrived', address('in.handler')],
    ]);
    expect(mails[0]!.body).toContain(`- ${a2.registryId} Vedtak om skjenkebevilling`);
    expect(mails[0]!.body).not.toContain(a1.registryId);
    expect(mails[1]!.body).toContain(`- ${a2.registryId} Vedtak om skjenkebevilling`);
    expect(mails[1]!.body).not.toContain('Jeg vil se hele');
    expect(mails[1]!.body).not.toContain('dora@example.no');
  });

  it('the decision of the appeal tells that a refusal that stands goes on to the appeal body', async () => {
    const mails = await queuedDuring(() =>
      w.as('in.insight', DECIDE, {
        id,
        decisions: [{ journalPostId: a2.gid, outcome: 'DENIED', legalBasis: 'Offl. § 13' }],
      }),
    );
    expect(mails.map((m) => m.kind)).toEqual(['insightRequest.decided']);
    expect(mails[0]!.body).toContain('Avslag. Hjemmel: Offl. § 13');
    expect(mails[0]!.body).toContain('sender vi klagen videre til klageinstansen');
    expect(mails[0]!.body).not.toContain('Klagefristen');
  });

  it('a refused decision queues nothing', async () => {
    const res = await w.as(null, SUBMIT, {
      input: { entryIds: [a1.entryId], requesterEmail: 'erik@example.no' },
    });
    expect(res.body.errors).toBeUndefined();
    const other = await requestGid(w, 'erik@example.no');
    const mails = await queuedDuring(async () => {
      const refused = await w.as('in.insight', DECIDE, {
        id: other,
        decisions: [{ journalPostId: a1.gid, outcome: 'DENIED' }],
      });
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
    expect(mails).toEqual([]);
  });
});

describe('Reassigning an item tells the new assignee', () => {
  it('which document and by when; naming the present assignee again mails nobody', async () => {
    await w.as(null, SUBMIT, {
      input: { entryIds: [a1.entryId], requesterEmail: 'frida@example.no' },
    });
    const id = await requestGid(w, 'frida@example.no');
    const reassign = () =>
      w.as('in.insight', REASSIGN, {
        id,
        journalPostId: a1.gid,
        assigneeId: toGlobalId('User', w.userId('in.leader')),
      });
    const mails = await queuedDuring(async () => {
      const res = await reassign();
      expect(res.body.errors).toBeUndefined();
    });
    expect(mails.map((m) => [m.kind, m.recipient])).toEqual([
      ['insightRequest.reassigned', address('in.leader')],
    ]);
    expect(mails[0]!.subject).toBe('Innsynskrav til deg, svarfrist 18.06.2026');
    expect(mails[0]!.body).toContain(`- ${a1.registryId} Søknad om skjenkebevilling`);
    expect(mails[0]!.body).not.toContain('frida@example.no');
    expect(await queuedDuring(reassign)).toEqual([]);
  });
});

const REASSIGN = `mutation R($id: ID!, $journalPostId: ID!, $assigneeId: ID!) {
  reassignInsightRequestItem(input: { id: $id, journalPostId: $journalPostId, assigneeId: $assigneeId }) { id }
}`;

let other: Made;

describe('A submission to two organisations: each one mails its own receipt and handlers', () => {
  beforeAll(async () => {
    const bId = await createTestOrganisation(server.orm, {
      shortName: 'bygland',
      name: 'Bygland kommune',
    });
    await inOrganisation(server.orm.em, bId, async (em) => {
      await em.execute(
        `insert into archive (id, title, records_creator_name, created_at) values (?, 'Arkiv', 'Bygland kommune', now())`,
        [FIRST_ARCHIVE_ID],
      );
      await em.execute(
        `insert into archive_part (id, archive_id, title, status, period_start, created_at)
         values (?, ?, 'Sakarkiv', 'ACTIVE', date '2020-01-01', now())`,
        [FIRST_ARCHIVE_PART_ID, FIRST_ARCHIVE_ID],
      );
      const b = await new InsightWorld(server, em).init();
      other = await b.post({ title: 'Byggesøknad Fjellstølen' });
    });
    await w.rows(
      `update app_user set email = username || '@bygland.example' where username like 'in.%' and email is null`,
    );
  });

  it('the receipts carry their own reference and status page, each in its organisation', async () => {
    let receipt: any;
    const mails = await queuedDuring(async () => {
      const res = await w.as(null, SUBMIT_TWO, {
        input: { entryIds: [a1.entryId, other.entryId], requesterEmail: 'kari@example.no' },
      });
      expect(res.body.errors).toBeUndefined();
      receipt = res.body.data.submitInsightRequest;
    });
    const [orgA] = await w.rows<{ id: string }>(
      'select id::text as id from organisation where short_name = ?',
      [org.short_name],
    );
    const [orgB] = await w.rows<{ id: string }>(
      `select id::text as id from organisation where short_name = 'bygland'`,
    );
    expect(mails.map((m) => [m.organisationId, m.kind, m.recipient])).toEqual([
      [orgA!.id, 'insightRequest.received', 'kari@example.no'],
      [orgA!.id, 'insightRequest.arrived', address('in.insight')],
      [orgB!.id, 'insightRequest.received', 'kari@example.no'],
      [orgB!.id, 'insightRequest.arrived', 'in.insight@bygland.example'],
    ]);
    expect(mails[0]!.body).toContain(receipt.reference);
    expect(mails[0]!.body).toContain(statusUrl);
    expect(mails[2]!.body).toContain(receipt.otherReceipts[0].reference);
    expect(mails[2]!.body).not.toContain(receipt.reference);
    expect(mails[2]!.body).toContain(`${BASE}/journal/bygland/innsyn/status`);
    expect(mails[2]!.body).toContain('Bygland kommune har mottatt');
    expect(mails[2]!.body).toContain(`- ${other.registryId} Byggesøknad Fjellstølen`);
    expect(mails[2]!.body).not.toContain('skjenkebevilling');
  });
});

describe('An appeal to the other organisation is mailed from it', () => {
  it('deemed refused after five working days: the receipt and the notice, queued in that organisation', async () => {
    const later = await startTestServer({
      databaseUrl: server.databaseUrl,
      today: '2026-06-23',
      env: { PUBLIC_BASE_URL: BASE },
    });
    try {
      const submitted = await w.as(null, SUBMIT_TWO, {
        input: { entryIds: [a1.entryId, other.entryId], requesterEmail: 'kari@example.no' },
      });
      expect(submitted.body.errors).toBeUndefined();
      const reference = submitted.body.data.submitInsightRequest.otherReceipts[0].reference;
      const mails = await queuedDuring(async () => {
        const res = await later.gql(
          `mutation A($input: AppealInsightDecisionInput!) { appealInsightDecision(input: $input) { status } }`,
          { input: { reference, organisation: 'bygland', reason: 'Ingen svar.' } },
        );
        expect(res.body.errors).toBeUndefined();
        // Stored, too: this path (a transaction of the other organisation) did not flush before.
        expect(res.body.data.appealInsightDecision.status).toBe('APPEALED');
      });
      const [orgB] = await w.rows<{ id: string }>(
        `select id::text as id from organisation where short_name = 'bygland'`,
      );
      expect(mails.map((m) => [m.organisationId, m.kind, m.recipient])).toEqual([
        [orgB!.id, 'insightRequest.appealed', 'kari@example.no'],
        [orgB!.id, 'insightRequest.appealArrived', 'in.handler@bygland.example'],
      ]);
      expect(mails[0]!.body).toContain('Bygland kommune har mottatt klagen din');
    } finally {
      await later.close();
    }
  });
});

const SUBMIT_TWO = `mutation S($input: SubmitInsightRequestInput!) {
  submitInsightRequest(input: $input) { reference otherReceipts { reference } }
}`;

import { createHash } from 'node:crypto';
import { type EntityManager } from '@mikro-orm/postgresql';
import { parseTitle } from '../../src/domain/publicTitle';
import { screenedFieldsFor } from '../../src/domain/screening';
import {
  AccessGroup,
  AccessGroupMembership,
  Case,
  CaseStatus,
  Correspondent,
  CorrespondentRole,
  JournalPost,
  JournalPostType,
  JournalStatus,
  Role,
  RoleGrant,
  ScreenedField,
  ScreeningCode,
  Unit,
  User,
} from '../../src/entities';
import { toGlobalId } from '../../src/schema/globalId';
import { pdfa2b } from '../support/pdf';
import { type TestServer } from '../support/server';

/**
 * A small organisation for insight requests and documents, on the empty template:
 *
 * | user          | roles                           | relation                                       |
 * |---------------|---------------------------------|------------------------------------------------|
 * | in.handler    | CASE_HANDLER (A)                | responsible for the posts of unit A (assignee) |
 * | in.insight    | INSIGHT_HANDLER (A)             |                                                |
 * | in.leader     | LEADER (A)                      |                                                |
 * | in.handlerb   | CASE_HANDLER (B)                | responsible for the posts of unit B            |
 * | in.insightb   | INSIGHT_HANDLER (B)             | unrelated to unit A                            |
 * | in.other      | CASE_HANDLER (B)                | REDACTED on posts with an access group         |
 * | in.arkivar    | ARCHIVIST                       |                                                |
 * | in.former     | CASE_HANDLER (A), ended         | NONE: not an internal user any more            |
 *
 * Posts are placed directly in the database, as the public journal tests do.
 */
export const TODAY = '2026-06-15'; // a Monday

export interface PostSpec {
  unit?: 'A' | 'B';
  type?: JournalPostType;
  status?: JournalStatus;
  journalDate?: string;
  /** `{…}` marks screened words */
  title: string;
  /** screening code: 13 (a duty of confidentiality, not discretionary) or 14 (discretionary, DOCUMENT only) */
  code?: '13' | '14' | null;
  /** put the post in the access group (REDACTED for in.other) */
  restricted?: boolean;
  correspondents?: { name: string; screened?: boolean }[];
}

export interface Made {
  id: string;
  /** The journal post's global id (JournalPost) */
  gid: string;
  /** Its public journal entry's global id (PublicJournalEntry), what a requester names */
  entryId: string;
  registryId: string;
}

/** A file that fits every variant: a PDF declaring PDF/A-2b (ARCHIVE takes only PDF/A). */
export const pdf = pdfa2b;
export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export class InsightWorld {
  units!: Record<'A' | 'B', Unit>;
  users: Record<string, User> = {};
  codes!: Record<'13' | '14', ScreeningCode>;
  group!: AccessGroup;
  private seq = 0;
  private tokens = new Map<string, string>();

  constructor(
    readonly server: TestServer,
    private readonly em: EntityManager = server.orm.em.fork(),
  ) {}

  async init(): Promise<this> {
    const em = this.em;
    const since = new Date('2020-01-01');
    this.units = {
      A: em.create(Unit, { name: 'Innsyn enhet A' }),
      B: em.create(Unit, { name: 'Innsyn enhet B' }),
    };
    const grant = (username: string, role: Role, unit: 'A' | 'B' | null, ended = false) => {
      const user = em.create(User, { username, displayName: username });
      this.users[username] = user;
      em.create(RoleGrant, {
        user,
        role,
        unit: unit ? this.units[unit] : null,
        validFrom: since,
        ...(ended ? { validTo: new Date('2021-01-01') } : {}),
      });
    };
    grant('in.handler', Role.CASE_HANDLER, 'A');
    grant('in.insight', Role.INSIGHT_HANDLER, 'A');
    grant('in.leader', Role.LEADER, 'A');
    grant('in.handlerb', Role.CASE_HANDLER, 'B');
    grant('in.insightb', Role.INSIGHT_HANDLER, 'B');
    grant('in.other', Role.CASE_HANDLER, 'B');
    grant('in.arkivar', Role.ARCHIVIST, null);
    grant('in.former', Role.CASE_HANDLER, 'A', true);
    this.group = em.create(AccessGroup, { name: 'Innsyn-gruppe' });
    em.create(AccessGroupMembership, {
      group: this.group,
      user: this.users['in.handler']!,
      validFrom: since,
    });
    this.codes = {
      '13': em.create(ScreeningCode, {
        code: 'i13',
        name: 'Taushetsplikt',
        legalBasis: 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
        defaultScreenedFields: [
          ScreenedField.TITLE,
          ScreenedField.CORRESPONDENT_NAME,
          ScreenedField.DOCUMENT,
        ],
        defaultDurationYears: 60,
        wholeDocument: true,
        dutyOfConfidentiality: true,
        validFrom: '2000-01-01',
      }),
      '14': em.create(ScreeningCode, {
        code: 'i14',
        name: 'Organinterne dokumenter',
        legalBasis: 'Offl. § 14',
        defaultScreenedFields: [ScreenedField.DOCUMENT],
        wholeDocument: true,
        discretionary: true,
        validFrom: '2000-01-01',
      }),
    };
    await em.flush();
    return this;
  }

  userId(username: string): string {
    return this.users[username]!.id;
  }

  async token(username: string): Promise<string> {
    if (!this.tokens.has(username)) this.tokens.set(username, await this.server.tokenFor(username));
    return this.tokens.get(username)!;
  }

  /** GraphQL as a user, or anonymously (null). */
  async as<T = any>(
    username: string | null,
    query: string,
    variables: Record<string, unknown> = {},
  ) {
    if (!username) return this.server.gql<T>(query, variables);
    return this.server.gql<T>(query, variables, { token: await this.token(username) });
  }

  async post(spec: PostSpec): Promise<Made> {
    const em = this.em;
    this.seq += 1;
    const date = spec.journalDate ?? '2026-06-01';
    const year = Number(date.slice(0, 4));
    const unit = this.units[spec.unit ?? 'A'];
    const responsible = this.users[spec.unit === 'B' ? 'in.handlerb' : 'in.handler']!;
    const code = spec.code ? this.codes[spec.code] : null;
    const t = parseTitle(spec.title);
    const c = em.create(Case, {
      caseYear: year,
      caseSequence: 2000 + this.seq,
      caseNumber: `${year}/${2000 + this.seq}`,
      title: 'Innsynssak',
      publicTitle: 'Innsynssak',
      status: CaseStatus.IN_PROGRESS,
      responsibleUnit: unit,
      createdBy: responsible,
      caseResponsible: responsible,
      accessGroup: spec.restricted ? this.group : null,
    });
    const p = em.create(JournalPost, {
      case: c,
      documentNumber: 1,
      journalYear: year,
      journalSequenceNumber: 2000 + this.seq,
      type: spec.type ?? JournalPostType.INCOMING,
      status: spec.status ?? JournalStatus.REGISTERED,
      title: t.title,
      publicTitle: t.derivedPublicTitle ?? t.title,
      journalDate: date,
      responsible,
      responsibleUnit: unit,
      createdBy: responsible,
      accessGroup: spec.restricted ? this.group : null,
      ...(code
        ? {
            screeningCode: code,
            screenedFields: screenedFieldsFor(code),
            screeningExpiresOn: code.defaultDurationYears ? `${year + 60}${date.slice(4)}` : null,
          }
        : {}),
    });
    (spec.correspondents ?? []).forEach((co, position) =>
      em.create(Correspondent, {
        journalPost: p,
        position,
        role: CorrespondentRole.SENDER,
        name: co.name,
        screened: co.screened ?? false,
        isPerson: true,
        address: 'Hemmelig vei 1',
        email: 'hemmelig@example.org',
      }),
    );
    await em.flush();
    return {
      id: p.id,
      gid: toGlobalId('JournalPost', p.id),
      entryId: toGlobalId('PublicJournalEntry', p.id),
      registryId: `${c.caseNumber}-1`,
    };
  }

  /** PUT /documents/{post}/{variant} with the raw body. */
  async upload(
    username: string | null,
    post: Made,
    variant: string,
    body: Buffer,
    opts: {
      type?: string | null;
      name?: string;
      query?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.type !== null) headers['content-type'] = opts.type ?? 'application/pdf';
    if (username) headers.authorization = `Bearer ${await this.token(username)}`;
    if (opts.name)
      headers['content-disposition'] =
        `attachment; filename*=UTF-8''${encodeURIComponent(opts.name)}`;
    const res = await fetch(
      `${this.server.url}/documents/${post.gid}/${variant}${opts.query ?? ''}`,
      {
        method: 'PUT',
        headers,
        body: new Uint8Array(body),
      },
    );
    const text = await res.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { res, json };
  }

  /** GET of a path of this server, as a user or anonymously; the body as bytes. */
  async fetchBytes(
    path: string,
    username: string | null = null,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${this.server.url}${path}`, {
      headers: {
        ...headers,
        ...(username ? { authorization: `Bearer ${await this.token(username)}` } : {}),
      },
    });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  /** Rows of the database, for checks that nothing changed. */
  rows<T = any>(sqlText: string, params: unknown[] = []): Promise<T[]> {
    return this.server.orm.em.fork().getConnection().execute<T[]>(sqlText, params, 'all');
  }
}

export const SUBMIT = `mutation Submit($input: SubmitInsightRequestInput!) {
  submitInsightRequest(input: $input) { reference receivedAt dueDate }
}`;

export const STATUS = `query Status($reference: String!) {
  insightRequestStatus(reference: $reference) {
    reference status dueDate deemedRefused appealInformation appealDeadline canAppeal
    items { registryId title outcome legalBasis downloadUrl downloadExpiresAt appealPending }
  }
}`;

export const REQUEST_FIELDS = `id status receivedAt dueDate answerDeadline requesterName requesterEmail
  message overdue deemedRefused appealInformation appealReason
  items {
    outcome legalBasis additionalAccessConsidered appealPending releasedVariant decidedAt
    decidedBy { username } assignee { username } unit { name }
    journalPost { id registryId title visibility }
  }`;

export const DECIDE = `mutation Decide($id: ID!, $decisions: [InsightDecisionInput!]!) {
  decideInsightRequest(input: { id: $id, decisions: $decisions }) { ${REQUEST_FIELDS} }
}`;

export const APPEAL = `mutation Appeal($reference: String!, $reason: String!) {
  appealInsightDecision(input: { reference: $reference, reason: $reason }) {
    status items { registryId outcome appealPending downloadUrl }
  }
}`;

/** The request's id (global) from its receipt: the only request in the world with that e-mail. */
export async function requestGid(w: InsightWorld, email: string): Promise<string> {
  const [r] = await w.rows<{ id: string }>(
    'select id from insight_request where requester_email = ? order by received_at desc limit 1',
    [email],
  );
  return toGlobalId('InsightRequest', r!.id);
}

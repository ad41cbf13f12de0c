import { type EntityManager } from '@mikro-orm/postgresql';
import { parseTitle } from '../../src/domain/publicTitle';
import { screenedFieldsFor } from '../../src/domain/screening';
import {
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

export interface PostSpec {
  type?: JournalPostType;
  status?: JournalStatus;
  journalDate: string;
  /** `{…}` marks screened words */
  title: string;
  caseTitle?: string;
  screened?: boolean;
  correspondents?: { name: string; screened?: boolean; isPerson?: boolean }[];
}

/** A unit, an archivist and a handler, and posts placed exactly as a public-journal test needs. */
export class PublicWorld {
  unit!: Unit;
  code13!: ScreeningCode;
  archivist!: User;
  handler!: User;
  private seq = 0;

  constructor(private readonly em: EntityManager) {}

  async init(): Promise<this> {
    this.unit = this.em.create(Unit, { name: 'Offentlig enhet' });
    this.archivist = this.em.create(User, { username: 'pj.arkivar', displayName: 'PJ Arkivar' });
    this.handler = this.em.create(User, { username: 'pj.handler', displayName: 'PJ Handler' });
    this.em.create(RoleGrant, {
      user: this.archivist,
      role: Role.ARCHIVIST,
      validFrom: new Date('2020-01-01'),
    });
    this.em.create(RoleGrant, {
      user: this.handler,
      role: Role.CASE_HANDLER,
      unit: this.unit,
      validFrom: new Date('2020-01-01'),
    });
    this.code13 = this.em.create(ScreeningCode, {
      code: 'pj13',
      name: 'Taushetsplikt',
      legalBasis: 'Offl. § 13 jf. fvl. § 13 første ledd nr. 1',
      defaultScreenedFields: [
        ScreenedField.TITLE,
        ScreenedField.CORRESPONDENT_NAME,
        ScreenedField.DOCUMENT,
      ],
      defaultDurationYears: 60,
      validFrom: '2000-01-01',
    });
    await this.em.flush();
    return this;
  }

  async post(spec: PostSpec): Promise<JournalPost> {
    this.seq += 1;
    const year = Number(spec.journalDate.slice(0, 4));
    const screening = spec.screened
      ? {
          screeningCode: this.code13,
          screenedFields: screenedFieldsFor(this.code13),
          screeningExpiresOn: `${year + 60}${spec.journalDate.slice(4)}`,
        }
      : {};
    const caseTitle = parseTitle(spec.caseTitle ?? 'Offentlig sak');
    const c = this.em.create(Case, {
      caseYear: year,
      caseSequence: 1000 + this.seq,
      caseNumber: `${year}/${1000 + this.seq}`,
      title: caseTitle.title,
      publicTitle: caseTitle.derivedPublicTitle ?? caseTitle.title,
      status: CaseStatus.IN_PROGRESS,
      responsibleUnit: this.unit,
      createdBy: this.handler,
      caseResponsible: this.handler,
      ...(caseTitle.derivedPublicTitle ? screening : {}),
    });
    const t = parseTitle(spec.title);
    const p = this.em.create(JournalPost, {
      case: c,
      documentNumber: 1,
      journalYear: year,
      journalSequenceNumber: 1000 + this.seq,
      type: spec.type ?? JournalPostType.INCOMING,
      status: spec.status ?? JournalStatus.REGISTERED,
      title: t.title,
      publicTitle: t.derivedPublicTitle ?? t.title,
      journalDate: spec.journalDate,
      responsible: this.handler,
      responsibleUnit: this.unit,
      createdBy: this.handler,
      ...screening,
    });
    (spec.correspondents ?? []).forEach((co, position) =>
      this.em.create(Correspondent, {
        journalPost: p,
        position,
        role: CorrespondentRole.SENDER,
        name: co.name,
        screened: co.screened ?? false,
        isPerson: co.isPerson ?? true,
        address: 'Hemmelig vei 1',
        email: 'hemmelig@example.org',
      }),
    );
    await this.em.flush();
    return p;
  }
}

/**
 * What the public leak probes look for and must never find in a public answer: screened words and
 * names, addresses, e-mail, the handler, unpublished posts.
 */
export const LEAK_SECRETS = [
  'ZZLEAK',
  'Hemmelig vei',
  'hemmelig@example.org',
  'PJ Handler',
  'pj.handler',
];

/**
 * The canary posts of the public leak probes: a screened title, case title and correspondent
 * (ZZLEAK…), an open post (ZZOPEN…), and posts the public journal never shows (a reserved draft,
 * an internal note, one journalled `today` and so not yet published).
 */
export async function addLeakProbePosts(w: PublicWorld, today: string): Promise<void> {
  await w.post({
    journalDate: '2026-06-01',
    title: 'Elevmappe – {Ola ZZLEAKTITLE}',
    caseTitle: 'Spesialundervisning – {ZZLEAKCASE Nordmann}',
    screened: true,
    correspondents: [
      { name: 'Per ZZLEAKNAME', screened: true },
      { name: 'Skolen ZZOPENNAME', isPerson: false },
    ],
  });
  await w.post({ journalDate: '2026-06-02', title: 'Åpent brev ZZOPENWORD' });
  await w.post({
    journalDate: '2026-06-02',
    title: 'Utkast ZZLEAKDRAFT',
    type: JournalPostType.OUTGOING,
    status: JournalStatus.RESERVED,
  });
  await w.post({
    journalDate: '2026-06-02',
    title: 'Notat ZZLEAKNOTE',
    type: JournalPostType.INTERNAL_FOLLOW_UP,
  });
  await w.post({ journalDate: today, title: 'Ikke publisert ZZLEAKFUTURE' });
}

// Pupils: Elevmappe (Vennesla skole), cases at PPT about one pupil, applications for school
// transport. All screened with code 13; Elevmappe and PPT cases have the access group Elev.
import { CaseStatus } from '../../../entities/enums';
import { syntheticNationalId, syntheticOrganizationNumber } from '../identifiers';
import { ORG } from '../organisations';
import { FAMILIES, UNASSESSED_SENDERS, type Family } from '../people';
import { day, named, person, type StoryContext } from './helpers';
import { type CaseDef, type CorrespondentDef, type EpisodeDef, type PartyDef } from './types';

function family(i: number): Family {
  const f = FAMILIES[i];
  if (!f) throw new Error(`No family ${i}`);
  return f;
}

function parentsOf(ctx: StoryContext, f: Family): [CorrespondentDef, ...CorrespondentDef[]] {
  const [first, ...rest] = f.parents;
  return [person(ctx, first), ...rest.map((p) => person(ctx, p))];
}

/** "Gate 12, 4700 Vennesla" as postadresse, postnummer and poststed. */
function postal(
  home: CorrespondentDef,
): Pick<PartyDef, 'postalAddress' | 'postalCode' | 'postalTown'> {
  const [street, place] = (home.address ?? '').split(', ');
  const [code, ...town] = (place ?? '').split(' ');
  return { postalAddress: street, postalCode: code, postalTown: town.join(' ') };
}

/**
 * The pupil and the guardians (foresatte) as parties (sakspart), with synthetic national ids
 * derived from the family's number, so the same pupil has the same number in every case: the
 * duplicate check before a new pupil folder finds them all. With `school`, the school last.
 */
function familyParties(
  index: number,
  f: Family,
  home: CorrespondentDef,
  school = false,
): PartyDef[] {
  const address = postal(home);
  const born = (offset: number, year: number) => ({
    day: ((index * 7 + offset * 11) % 28) + 1,
    month: ((index + offset * 5) % 12) + 1,
    year,
  });
  return [
    {
      name: f.pupil,
      role: 'Elev',
      nationalId: syntheticNationalId(born(0, 2010 + (index % 9)), index * 3),
      ...address,
    },
    ...f.parents.map((name, j) => ({
      name,
      role: 'Foresatt',
      nationalId: syntheticNationalId(born(j + 1, 1972 + ((index + j) % 14)), 100 + index * 4 + j),
      ...address,
    })),
    ...(school
      ? [
          {
            name: 'Vennesla skole',
            role: 'Skole',
            organizationNumber: syntheticOrganizationNumber(1),
          },
        ]
      : []),
  ];
}

function schoolEpisodes(
  ctx: StoryContext,
  P: string,
  F: [CorrespondentDef, ...CorrespondentDef[]],
) {
  const f1 = F[0];
  const n = (base: string) => named(ctx, base, P);
  const pool: Record<string, EpisodeDef> = {
    permisjon: {
      placement: 'random',
      steps: [
        { type: 'I', ...n('Søknad om permisjon fra opplæringen'), from: [f1] },
        {
          type: 'U',
          ...n('Svar på søknad om permisjon fra opplæringen'),
          gap: 3,
          to: [f1],
          answers: [0],
        },
      ],
    },
    samtykke: {
      placement: 'random',
      steps: [{ type: 'I', ...n('Samtykkeerklæring for bruk av bilder'), from: F, writeOff: 'TO' }],
    },
    foreldresamtale: {
      placement: 'random',
      steps: [{ type: 'X', ...n('Referat fra foreldresamtale') }],
    },
    fravaer: {
      placement: 'random',
      steps: [
        { type: 'N', ...n('Oppfølging av fravær'), writeOff: 'TE' },
        { type: 'U', ...n('Melding om bekymringsfullt fravær'), gap: 4, to: F },
      ],
    },
    vurdering: {
      placement: 'random',
      steps: [{ type: 'U', ...n('Varsel om fare for manglende vurderingsgrunnlag'), to: F }],
    },
    skolemiljo: {
      placement: 'random',
      steps: [
        { type: 'I', ...n('Melding om skolemiljøsak'), from: [f1] },
        { type: 'X', ...n('Aktivitetsplan etter opplæringslova'), gap: 5, answers: [0] },
        { type: 'U', ...n('Orientering om aktivitetsplan'), gap: 2, to: F },
      ],
    },
    spesialundervisning: {
      placement: 'random',
      steps: [{ type: 'U', ...n('Vedtak om spesialundervisning'), to: F, approval: true }],
    },
    iop: {
      placement: 'random',
      steps: [{ type: 'X', ...n('Individuell opplæringsplan') }],
    },
    skyss: {
      placement: 'random',
      steps: [
        { type: 'I', ...n('Søknad om skoleskyss på grunn av trafikkfarlig skolevei'), from: [f1] },
        {
          type: 'U',
          ...n('Vedtak om skoleskyss'),
          gap: 6,
          to: [f1],
          answers: [0],
          approval: true,
        },
      ],
    },
    karakter: {
      placement: 'random',
      steps: [
        { type: 'I', ...n('Klage på standpunktkarakter'), from: [f1] },
        {
          type: 'U',
          ...n('Svar på klage på standpunktkarakter'),
          gap: 8,
          to: [f1],
          answers: [0],
          approval: true,
        },
      ],
    },
  };
  const start: EpisodeDef = {
    placement: 'start',
    steps: [{ type: 'I', ...n('Melding om innskriving'), from: [f1], writeOff: 'TO' }],
  };
  const moving: EpisodeDef = {
    placement: 'end',
    steps: [
      { type: 'I', ...n('Melding om flytting'), from: [f1], writeOff: 'TO' },
      { type: 'U', ...n('Oversendelse av elevmappe'), gap: 5, to: [ORG.kristiansand] },
    ],
  };
  return { pool, start, moving };
}

interface ElevmappePlan {
  family: number;
  created: string;
  status: CaseStatus;
  closeAfter?: number;
  explicit?: boolean;
  createdBy?: string;
  responsible?: string;
  /** An unassessed letter (code XX) arrived a few days ago */
  unassessed?: boolean;
}

function elevmapper(ctx: StoryContext): CaseDef[] {
  const { y } = ctx;
  const plans: ElevmappePlan[] = [
    {
      family: 0,
      created: day(ctx, y - 2, '08-12', 4),
      status: CaseStatus.IN_PROGRESS,
      explicit: true,
    },
    { family: 1, created: day(ctx, y - 2, '08-12', 4), status: CaseStatus.IN_PROGRESS },
    {
      family: 2,
      created: day(ctx, y - 2, '08-12', 4),
      status: CaseStatus.CLOSED,
      closeAfter: 290,
      responsible: 'tidligere.ansatt',
    },
    {
      family: 3,
      created: day(ctx, y - 2, '08-19', 3),
      status: CaseStatus.IN_PROGRESS,
      explicit: true,
    },
    { family: 4, created: day(ctx, y - 2, '10-07', 5), status: CaseStatus.IN_PROGRESS },
    {
      family: 5,
      created: day(ctx, y - 1, '01-13', 5),
      status: CaseStatus.IN_PROGRESS,
      unassessed: true,
    },
    {
      family: 6,
      created: day(ctx, y - 1, '08-13', 3),
      status: CaseStatus.IN_PROGRESS,
      explicit: true,
    },
    {
      family: 7,
      created: day(ctx, y - 1, '08-13', 3),
      status: CaseStatus.CLOSED_BY_HANDLER,
      closeAfter: 300,
    },
    { family: 8, created: day(ctx, y - 1, '08-18', 3), status: CaseStatus.IN_PROGRESS },
    { family: 9, created: day(ctx, y - 1, '11-03', 5), status: CaseStatus.IN_PROGRESS },
    {
      family: 10,
      created: day(ctx, y, '08-12', 3),
      status: CaseStatus.IN_PROGRESS,
      explicit: true,
    },
    { family: 11, created: day(ctx, y, '08-12', 3), status: CaseStatus.IN_PROGRESS },
    { family: 12, created: day(ctx, y, '08-17', 3), status: CaseStatus.IN_PROGRESS },
    {
      family: 13,
      created: day(ctx, y, '11-09', 2),
      status: CaseStatus.RESERVED,
      createdBy: 'elevtjeneste',
      responsible: 'elevtjeneste',
    },
  ];
  return plans.map((plan) => {
    const f = family(plan.family);
    const F = parentsOf(ctx, f);
    const { pool, start, moving } = schoolEpisodes(ctx, f.pupil, F);
    const years =
      (Date.parse(`${ctx.today}T00:00:00Z`) - Date.parse(`${plan.created}T00:00:00Z`)) / 3.15e10;
    const count =
      plan.status === CaseStatus.RESERVED ? 0 : Math.min(4, 1 + Math.floor(years * 1.5));
    const episodes = [start, ...ctx.rng.sample(Object.values(pool), count)];
    if (plan.closeAfter) episodes.push(moving);
    if (plan.unassessed) {
      episodes.push({
        placement: { daysAgo: 3 },
        steps: [
          {
            type: 'I',
            title: `Henvendelse fra foresatte – {${f.pupil}}`,
            from: [F[0]],
            code: 'XX',
          },
        ],
      });
    }
    return {
      unit: 'skole',
      title: `Elevmappe – {${f.pupil}}`,
      publicTitle: plan.explicit ? 'Elevmappe' : undefined,
      group: 'elev',
      code: '13',
      created: plan.created,
      status: plan.status,
      closeAfter: plan.closeAfter,
      createdBy: plan.createdBy,
      responsible: plan.responsible,
      parties: familyParties(plan.family, f, F[0], true),
      episodes,
    } satisfies CaseDef;
  });
}

interface PptPlan {
  family: number;
  created: string;
  status: CaseStatus;
  closeAfter?: number;
  responsible: string;
  createdBy?: string;
  contacts?: string[];
  title: 'Henvisning til PPT' | 'Sakkyndig vurdering';
  explicit?: boolean;
}

function pptCases(ctx: StoryContext): CaseDef[] {
  const { y } = ctx;
  const plans: PptPlan[] = [
    {
      family: 1,
      created: day(ctx, y - 2, '09-10', 4),
      status: CaseStatus.CLOSED,
      closeAfter: 260,
      responsible: 'saksbehandler',
      title: 'Henvisning til PPT',
    },
    {
      family: 14,
      created: day(ctx, y - 2, '10-21', 4),
      status: CaseStatus.CLOSED,
      closeAfter: 230,
      responsible: 'leder',
      title: 'Sakkyndig vurdering',
      explicit: true,
    },
    {
      family: 3,
      created: day(ctx, y - 2, '11-18', 4),
      status: CaseStatus.IN_PROGRESS,
      responsible: 'saksbehandler',
      title: 'Sakkyndig vurdering',
    },
    {
      family: 5,
      created: day(ctx, y - 1, '02-03', 4),
      status: CaseStatus.CLOSED_BY_HANDLER,
      closeAfter: 200,
      responsible: 'ppt.radgiver',
      title: 'Henvisning til PPT',
    },
    {
      family: 15,
      created: day(ctx, y - 1, '04-22', 4),
      status: CaseStatus.IN_PROGRESS,
      responsible: 'saksbehandler',
      contacts: ['ppt.radgiver'],
      title: 'Henvisning til PPT',
      explicit: true,
    },
    {
      family: 8,
      created: day(ctx, y - 1, '09-08', 4),
      status: CaseStatus.IN_PROGRESS,
      responsible: 'ppt.radgiver',
      title: 'Henvisning til PPT',
    },
    {
      family: 16,
      created: day(ctx, y - 1, '11-24', 4),
      status: CaseStatus.IN_PROGRESS,
      responsible: 'leder',
      title: 'Sakkyndig vurdering',
    },
    {
      family: 10,
      created: day(ctx, y, '02-16', 4),
      status: CaseStatus.IN_PROGRESS,
      responsible: 'saksbehandler',
      contacts: ['skole.saksbehandler'],
      title: 'Henvisning til PPT',
    },
    {
      family: 17,
      created: day(ctx, y, '09-21', 4),
      status: CaseStatus.IN_PROGRESS,
      responsible: 'ppt.radgiver',
      title: 'Henvisning til PPT',
    },
    {
      family: 12,
      created: day(ctx, y, '11-12', 1),
      status: CaseStatus.RESERVED,
      responsible: 'saksbehandler',
      createdBy: 'saksbehandler',
      title: 'Henvisning til PPT',
    },
  ];
  return plans.map((plan) => {
    const f = family(plan.family);
    const P = f.pupil;
    const F = parentsOf(ctx, f);
    const f1 = F[0];
    const n = (base: string) => named(ctx, base, P);
    const start: EpisodeDef = {
      placement: 'start',
      steps: [
        { type: 'I', ...n('Henvisning til PPT'), from: [ORG.vennesla_skole], copy: [f1] },
        { type: 'I', ...n('Samtykke til henvisning'), gap: 2, from: F, writeOff: 'TO' },
        {
          type: 'U',
          ...n('Bekreftelse på mottatt henvisning'),
          gap: 3,
          to: [f1],
          copy: [ORG.vennesla_skole],
          answers: [0],
        },
      ],
    };
    const pool: EpisodeDef[] = [
      {
        placement: 'random',
        steps: [
          { type: 'U', ...n('Innkalling til kartleggingsmøte'), to: F },
          { type: 'X', ...n('Referat fra kartleggingsmøte'), gap: 14 },
        ],
      },
      { placement: 'random', steps: [{ type: 'X', ...n('Notat fra observasjon i klassen') }] },
      {
        placement: 'random',
        steps: [
          { type: 'N', ...n('Drøfting i tverrfaglig team') },
          { type: 'X', ...n('Tilbakemelding fra tverrfaglig team'), gap: 6, answers: [0] },
        ],
      },
      {
        placement: 'random',
        steps: [
          {
            type: 'U',
            ...n('Henvisning til Statped'),
            to: [ORG.statped],
            copy: F,
            approval: true,
          },
          { type: 'I', ...n('Rapport fra Statped'), gap: 30, from: [ORG.statped], writeOff: 'TE' },
        ],
      },
      {
        placement: 'random',
        steps: [{ type: 'I', ...n('Epikrise fra BUP'), from: [ORG.bup], writeOff: 'TE' }],
      },
    ];
    const expert: EpisodeDef = {
      placement: 'end',
      steps: [
        {
          type: 'U',
          ...n('Sakkyndig vurdering'),
          to: F,
          copy: [ORG.vennesla_skole],
          approval: true,
        },
        {
          type: 'I',
          ...n('Uttalelse fra foresatte til sakkyndig vurdering'),
          gap: 12,
          from: [f1],
          writeOff: 'TO',
        },
      ],
    };
    const reserved = plan.status === CaseStatus.RESERVED;
    const episodes = reserved
      ? [start]
      : [
          start,
          ...ctx.rng.sample(pool, ctx.rng.int(1, 3)),
          ...(ctx.rng.chance(0.6) ? [expert] : []),
        ];
    return {
      unit: 'ppt',
      title: `${plan.title} – {${P}}`,
      publicTitle: plan.explicit ? plan.title : undefined,
      group: 'elev',
      code: '13',
      created: plan.created,
      status: plan.status,
      closeAfter: plan.closeAfter,
      responsible: plan.responsible,
      createdBy: plan.createdBy,
      contacts: plan.contacts,
      parties: familyParties(plan.family, f, f1),
      episodes,
    } satisfies CaseDef;
  });
}

/** An open case (no access group) whose applications are screened, and grouped, post by post. */
function schoolTransport(ctx: StoryContext): CaseDef {
  const { y } = ctx;
  const complainant = UNASSESSED_SENDERS[1];
  const applications: EpisodeDef[] = [18, 19, 6].map((i) => {
    const f = family(i);
    const f1 = person(ctx, f.parents[0]);
    return {
      placement: 'random',
      steps: [
        {
          type: 'I',
          ...named(ctx, 'Søknad om skoleskyss', f.pupil),
          from: [f1],
          code: '13',
          group: 'elev',
        },
        {
          type: 'U',
          ...named(ctx, 'Vedtak om skoleskyss', f.pupil),
          gap: 7,
          to: [f1],
          answers: [0],
          code: '13',
          group: 'elev',
          approval: true,
        },
      ],
    };
  });
  return {
    unit: 'skole',
    title: `Skoleskyss ${y}/${y + 1}`,
    created: day(ctx, y, '06-02', 3),
    status: CaseStatus.IN_PROGRESS,
    episodes: [
      {
        placement: 'start',
        steps: [
          {
            type: 'I',
            title: `Rutetider og påstigningssteder for skoleskyss ${y}/${y + 1}`,
            from: [ORG.akt],
            writeOff: 'TO',
          },
        ],
      },
      ...applications,
      {
        placement: { daysAgo: 6 },
        steps: [
          {
            type: 'I',
            title: `Klage på skoleskyss fra {${complainant}}`,
            from: [person(ctx, complainant)],
            code: 'XX',
          },
        ],
      },
    ],
  };
}

export function pupilCases(ctx: StoryContext): CaseDef[] {
  return [...elevmapper(ctx), ...pptCases(ctx), schoolTransport(ctx)];
}

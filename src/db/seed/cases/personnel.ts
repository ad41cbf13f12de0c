// Personnel files (Personalmappe, access group Personal) and very sensitive personnel matters
// (Personalsak, access group Personal begrenset tilgang). All screened with code 13.
import { CaseStatus } from '../../../entities/enums';
import { ORG } from '../organisations';
import { EMPLOYEES } from '../people';
import { day, named, person, type StoryContext } from './helpers';
import { type CaseDef, type CorrespondentDef, type EpisodeDef } from './types';

function employee(i: number): string {
  const e = EMPLOYEES[i];
  if (!e) throw new Error(`No employee ${i}`);
  return e;
}

interface FilePlan {
  employee: number;
  position: string;
  /** Needs a police certificate (works with children) */
  withChildren: boolean;
  created: string;
  status: CaseStatus;
  closeAfter?: number;
  explicit?: boolean;
  createdBy?: string;
  responsible?: string;
}

function personnelEpisodes(ctx: StoryContext, plan: FilePlan, E: string, e: CorrespondentDef) {
  const n = (base: string) => named(ctx, base, E);
  const hiring: EpisodeDef = {
    placement: 'start',
    steps: [
      { type: 'I', ...n(`Søknad på stilling som ${plan.position}`), from: [e] },
      {
        type: 'U',
        ...n(`Tilbud om stilling som ${plan.position}`),
        gap: 12,
        to: [e],
        answers: [0],
        approval: true,
      },
      { type: 'U', ...n('Arbeidsavtale'), gap: 9, to: [e] },
      { type: 'I', ...n('Signert arbeidsavtale'), gap: 6, from: [e], writeOff: 'TO' },
    ],
  };
  const pool: EpisodeDef[] = [
    {
      placement: 'random',
      steps: [
        { type: 'I', ...n('Søknad om permisjon'), from: [e] },
        {
          type: 'U',
          ...n('Svar på søknad om permisjon'),
          gap: 5,
          to: [e],
          answers: [0],
          approval: true,
        },
      ],
    },
    { placement: 'random', steps: [{ type: 'X', ...n('Referat fra medarbeidersamtale') }] },
    {
      placement: 'random',
      steps: [
        { type: 'I', ...n('Søknad om redusert stilling'), from: [e] },
        {
          type: 'U',
          ...n('Vedtak om redusert stilling'),
          gap: 10,
          to: [e],
          answers: [0],
          approval: true,
        },
      ],
    },
    {
      placement: 'random',
      steps: [{ type: 'U', ...n('Melding om ny lønn etter lokale forhandlinger'), to: [e] }],
    },
  ];
  if (plan.withChildren) {
    pool.push({
      placement: 'random',
      steps: [
        { type: 'U', ...n('Anmodning om politiattest'), to: [e] },
        { type: 'I', ...n('Politiattest'), gap: 14, from: [e], writeOff: 'TO' },
      ],
    });
  }
  const leaving: EpisodeDef = {
    placement: 'end',
    steps: [
      { type: 'I', ...n('Oppsigelse av stilling'), from: [e] },
      { type: 'U', ...n('Bekreftelse på oppsigelse'), gap: 3, to: [e], answers: [0] },
      { type: 'U', ...n('Attest'), gap: 20, to: [e], approval: true },
    ],
  };
  return { hiring, pool, leaving };
}

function personnelFiles(ctx: StoryContext): CaseDef[] {
  const { y } = ctx;
  const plans: FilePlan[] = [
    {
      employee: 0,
      position: 'lærer',
      withChildren: true,
      created: day(ctx, y - 2, '03-04', 5),
      status: CaseStatus.IN_PROGRESS,
      explicit: true,
    },
    {
      employee: 1,
      position: 'lærer',
      withChildren: true,
      created: day(ctx, y - 2, '04-15', 5),
      status: CaseStatus.CLOSED,
      closeAfter: 380,
    },
    {
      employee: 2,
      position: 'PP-rådgiver',
      withChildren: true,
      created: day(ctx, y - 2, '06-03', 5),
      status: CaseStatus.IN_PROGRESS,
    },
    {
      employee: 3,
      position: 'programrådgiver',
      withChildren: false,
      created: day(ctx, y - 2, '10-01', 5),
      status: CaseStatus.IN_PROGRESS,
      explicit: true,
    },
    {
      employee: 4,
      position: 'lærer',
      withChildren: true,
      created: day(ctx, y - 1, '03-10', 5),
      status: CaseStatus.IN_PROGRESS,
    },
    {
      employee: 5,
      position: 'arkivmedarbeider',
      withChildren: false,
      created: day(ctx, y - 1, '04-28', 5),
      status: CaseStatus.CLOSED_BY_HANDLER,
      closeAfter: 400,
    },
    {
      employee: 6,
      position: 'miljøterapeut',
      withChildren: true,
      created: day(ctx, y - 1, '05-12', 5),
      status: CaseStatus.IN_PROGRESS,
      explicit: true,
    },
    {
      employee: 7,
      position: 'lærer',
      withChildren: true,
      created: day(ctx, y, '04-20', 5),
      status: CaseStatus.IN_PROGRESS,
    },
    {
      employee: 8,
      position: 'logoped',
      withChildren: true,
      created: day(ctx, y, '06-08', 5),
      status: CaseStatus.IN_PROGRESS,
    },
    {
      employee: 9,
      position: 'lærer',
      withChildren: true,
      created: day(ctx, y, '11-04', 2),
      status: CaseStatus.RESERVED,
      createdBy: 'personal.radgiver',
      responsible: 'personal.radgiver',
    },
  ];
  return plans.map((plan) => {
    const E = employee(plan.employee);
    const e = person(ctx, E);
    const { hiring, pool, leaving } = personnelEpisodes(ctx, plan, E, e);
    const years =
      (Date.parse(`${ctx.today}T00:00:00Z`) - Date.parse(`${plan.created}T00:00:00Z`)) / 3.15e10;
    const count = Math.min(pool.length, Math.floor(years * 1.2));
    const episodes = [hiring, ...ctx.rng.sample(pool, count)];
    if (plan.closeAfter) episodes.push(leaving);
    return {
      unit: 'personal',
      title: `Personalmappe – {${E}}`,
      publicTitle: plan.explicit ? 'Personalmappe' : undefined,
      group: 'personal',
      code: '13',
      created: plan.created,
      status: plan.status,
      closeAfter: plan.closeAfter,
      createdBy: plan.createdBy ?? ctx.rng.pick(['arkivar', 'personal.radgiver']),
      responsible: plan.responsible,
      episodes,
    } satisfies CaseDef;
  });
}

function personnelMatters(ctx: StoryContext): CaseDef[] {
  const { y } = ctx;
  const plans = [
    {
      employee: 3,
      created: day(ctx, y - 1, '02-17', 4),
      status: CaseStatus.CLOSED,
      closeAfter: 150,
      responsible: 'personal.leder',
      contacts: [] as string[],
      explicit: true,
    },
    {
      employee: 10,
      created: day(ctx, y - 1, '10-13', 4),
      status: CaseStatus.IN_PROGRESS,
      responsible: 'personal.konsulent',
      contacts: ['skole.leder'],
      explicit: false,
    },
    {
      employee: 11,
      created: day(ctx, y, '03-02', 4),
      status: CaseStatus.IN_PROGRESS,
      responsible: 'personal.konsulent',
      contacts: [] as string[],
      explicit: false,
    },
  ];
  return plans.map((plan, i) => {
    const E = employee(plan.employee);
    const e = person(ctx, E);
    const union = i === 1 ? ORG.fagforbundet : ORG.utdanningsforbundet;
    const n = (base: string) => named(ctx, base, E);
    const episodes: EpisodeDef[] = [
      {
        placement: 'start',
        steps: [
          { type: 'N', ...n('Referat fra oppfølgingsmøte'), writeOff: 'TE' },
          { type: 'X', ...n('Oppfølgingsplan ved sykefravær'), gap: 14 },
        ],
      },
      {
        placement: 'random',
        steps: [
          { type: 'U', ...n('Innkalling til drøftelsesmøte'), to: [e], copy: [union] },
          { type: 'X', ...n('Referat fra drøftelsesmøte'), gap: 7 },
        ],
      },
      {
        placement: 'end',
        steps: [
          { type: 'U', ...n('Skriftlig advarsel'), to: [e], copy: [union], approval: true },
          { type: 'I', ...n('Tilsvar til skriftlig advarsel'), gap: 10, from: [union] },
        ],
      },
    ];
    return {
      unit: 'personal',
      title: `Personalsak – {${E}}`,
      publicTitle: plan.explicit ? 'Personalsak' : undefined,
      group: 'personalBegrenset',
      code: '13',
      created: plan.created,
      status: plan.status,
      closeAfter: plan.closeAfter,
      createdBy: 'personal.konsulent',
      responsible: plan.responsible,
      contacts: plan.contacts,
      episodes,
    } satisfies CaseDef;
  });
}

export function personnelCases(ctx: StoryContext): CaseDef[] {
  return [...personnelFiles(ctx), ...personnelMatters(ctx)];
}

// The introduction programme for refugees (NAV Flyktning). Screened with code 13, which needs an
// access group (tjenstlig behov): the group Flyktning, the public sees the public titles.
import { CaseStatus } from '../../../entities/enums';
import { ORG } from '../organisations';
import { REFUGEES } from '../people';
import { day, named, person, type StoryContext } from './helpers';
import { type CaseDef, type EpisodeDef } from './types';

export function refugeeCases(ctx: StoryContext): CaseDef[] {
  const { y } = ctx;
  const plans: {
    created: string;
    status: CaseStatus;
    closeAfter?: number;
    explicit?: boolean;
    createdBy?: string;
    responsible?: string;
  }[] = [
    { created: day(ctx, y - 2, '03-18', 4), status: CaseStatus.CLOSED, closeAfter: 420 },
    { created: day(ctx, y - 2, '05-06', 4), status: CaseStatus.IN_PROGRESS },
    {
      created: day(ctx, y - 2, '09-16', 4),
      status: CaseStatus.CLOSED_BY_HANDLER,
      closeAfter: 600,
    },
    { created: day(ctx, y - 1, '01-20', 4), status: CaseStatus.IN_PROGRESS },
    { created: day(ctx, y - 1, '04-07', 4), status: CaseStatus.IN_PROGRESS, explicit: true },
    { created: day(ctx, y - 1, '09-01', 4), status: CaseStatus.IN_PROGRESS },
    { created: day(ctx, y, '02-09', 4), status: CaseStatus.IN_PROGRESS },
    { created: day(ctx, y, '06-15', 4), status: CaseStatus.IN_PROGRESS, explicit: true },
    {
      created: day(ctx, y, '11-02', 2),
      status: CaseStatus.RESERVED,
      createdBy: 'nav.konsulent',
      responsible: 'nav.konsulent',
    },
  ];
  return plans.map((plan, i) => {
    const R = REFUGEES[i] as string;
    const r = person(ctx, R);
    const n = (base: string) => named(ctx, base, R);
    const start: EpisodeDef = {
      placement: 'start',
      steps: [
        { type: 'I', ...n('Melding om bosetting'), from: [ORG.imdi], writeOff: 'TO' },
        { type: 'I', ...n('Søknad om introduksjonsprogram'), gap: 10, from: [r] },
        { type: 'X', ...n('Kartlegging av kompetanse og utdanning'), gap: 5 },
        {
          type: 'U',
          ...n('Vedtak om introduksjonsprogram'),
          gap: 8,
          to: [r],
          answers: [1],
          approval: true,
        },
      ],
    };
    const pool: EpisodeDef[] = [
      { placement: 'random', steps: [{ type: 'N', ...n('Individuell plan'), writeOff: 'TE' }] },
      {
        placement: 'random',
        steps: [
          { type: 'I', ...n('Klage på vedtak om introduksjonsstønad'), from: [r] },
          {
            type: 'U',
            ...n('Oversendelse av klage til Statsforvalteren'),
            gap: 15,
            to: [ORG.statsforvalteren],
            copy: [r],
            answers: [0],
          },
          {
            type: 'I',
            ...n('Vedtak i klagesak'),
            gap: 45,
            from: [ORG.statsforvalteren],
            writeOff: 'TO',
          },
        ],
      },
      {
        placement: 'random',
        steps: [
          {
            type: 'I',
            ...n('Melding om fravær fra introduksjonsprogrammet'),
            from: [r],
            writeOff: 'TLF',
          },
        ],
      },
      {
        placement: 'random',
        steps: [
          { type: 'I', ...n('Søknad om permisjon'), from: [r] },
          {
            type: 'U',
            ...n('Vedtak om permisjon fra introduksjonsprogrammet'),
            gap: 6,
            to: [r],
            answers: [0],
            approval: true,
          },
        ],
      },
    ];
    const ending: EpisodeDef = {
      placement: 'end',
      steps: [
        { type: 'U', ...n('Melding om avslutning av introduksjonsprogrammet'), to: [r] },
        { type: 'X', ...n('Sluttrapport'), gap: 3 },
      ],
    };
    const reserved = plan.status === CaseStatus.RESERVED;
    const episodes = reserved
      ? [start]
      : [start, ...ctx.rng.sample(pool, ctx.rng.int(1, 2)), ...(plan.closeAfter ? [ending] : [])];
    return {
      unit: 'nav',
      title: `Introduksjonsprogram – {${R}}`,
      publicTitle: plan.explicit ? 'Introduksjonsprogram' : undefined,
      code: '13',
      group: 'flyktning',
      created: plan.created,
      status: plan.status,
      closeAfter: plan.closeAfter,
      createdBy: plan.createdBy,
      responsible: plan.responsible,
      episodes,
    } satisfies CaseDef;
  });
}

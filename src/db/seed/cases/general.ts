// Ordinary cases without an access group: readable in full by every internal user. Most posts are
// not screened at all; a few are screened on the document only (codes 14, 15, 23, 26, so the title
// stays public), inspections of kindergartens use code 24, and some incoming letters still wait for
// their screening to be assessed (code XX).
import { CaseStatus } from '../../../entities/enums';
import { INSPECTED, ORG } from '../organisations';
import { OPEN_CONTACTS, UNASSESSED_SENDERS } from '../people';
import { contact, day, person, type StoryContext } from './helpers';
import { type CaseDef, type CorrespondentDef, type EpisodeDef, type StepDef } from './types';

const { IN_PROGRESS, CLOSED, CLOSED_BY_HANDLER, CANCELLED } = CaseStatus;

const ep = (placement: EpisodeDef['placement'], ...steps: StepDef[]): EpisodeDef => ({
  placement,
  steps,
});

function inspection(kindergarten: CorrespondentDef): EpisodeDef {
  const k = `{${kindergarten.name}}`;
  return ep(
    'random',
    { type: 'U', title: `Varsel om tilsyn – ${k}`, to: [kindergarten], code: '24' },
    {
      type: 'I',
      title: `Dokumentasjon til tilsyn – ${k}`,
      gap: 14,
      from: [kindergarten],
      code: '24',
      writeOff: 'TO',
    },
    {
      type: 'U',
      title: `Tilsynsrapport – ${k}`,
      gap: 30,
      to: [kindergarten],
      code: '24',
      approval: true,
    },
  );
}

function municipality(ctx: StoryContext): CaseDef[] {
  const { y } = ctx;
  return [
    {
      unit: 'kommune',
      title: `Budsjett ${y + 1} og økonomiplan ${y + 1}–${y + 4}`,
      created: day(ctx, y, '05-04', 3),
      status: IN_PROGRESS,
      responsible: 'stab.radgiver',
      episodes: [
        ep('start', { type: 'X', title: `Budsjettrammer ${y + 1} for enhetene`, code: '14' }),
        ep('random', {
          type: 'N',
          title: `Innspill til budsjett ${y + 1} fra enhetene`,
          code: '14',
          legalBasis: 'Offl. § 14 første ledd',
          writeOff: 'TE',
        }),
        ep('random', {
          type: 'I',
          title: `Innspill til budsjett ${y + 1} fra Vennesla idrettsråd`,
          from: [ORG.idrettsrad, contact(OPEN_CONTACTS[6], 'vennesla-idrettsrad.no')],
          writeOff: 'TO',
        }),
        ep(
          { daysAgo: 9 },
          {
            type: 'S',
            title: `Budsjett ${y + 1} og økonomiplan ${y + 1}–${y + 4} – saksframlegg til formannskapet`,
            approval: true,
          },
        ),
      ],
    },
    {
      unit: 'kommune',
      title: `Delegeringsreglement – revisjon ${y}`,
      created: day(ctx, y, '02-09', 3),
      status: IN_PROGRESS,
      episodes: [
        ep('start', { type: 'X', title: 'Utkast til revidert delegeringsreglement' }),
        ep(
          'random',
          {
            type: 'U',
            title: 'Forespørsel om juridisk vurdering av delegeringsreglementet',
            to: [ORG.ksAdvokat],
          },
          {
            type: 'I',
            title: 'Juridisk vurdering av delegeringsreglementet',
            gap: 20,
            from: [ORG.ksAdvokat],
            code: '15',
            writeOff: 'TE',
          },
        ),
        ep('random', {
          type: 'S',
          title: 'Revidert delegeringsreglement – saksframlegg til kommunestyret',
          approval: true,
        }),
        ep('end', {
          type: 'U',
          title: 'Melding om vedtatt delegeringsreglement',
          to: [ORG.statsforvalteren],
        }),
      ],
    },
    {
      unit: 'kommune',
      title: `Tilsyn med barnehager ${y - 2}`,
      created: day(ctx, y - 2, '02-12', 3),
      status: CLOSED,
      closeAfter: 250,
      episodes: [
        ep('start', { type: 'X', title: `Plan for tilsyn med barnehager ${y - 2}` }),
        inspection(INSPECTED.eventyrhagen),
        inspection(INSPECTED.solsikken),
      ],
    },
    {
      unit: 'kommune',
      title: `Tilsyn med barnehager ${y - 1}`,
      created: day(ctx, y - 1, '02-10', 3),
      status: CLOSED_BY_HANDLER,
      closeAfter: 280,
      episodes: [
        ep('start', { type: 'X', title: `Plan for tilsyn med barnehager ${y - 1}` }),
        inspection(INSPECTED.blaaklokka),
      ],
    },
    {
      unit: 'kommune',
      title: `Tilsyn med barnehager ${y}`,
      created: day(ctx, y, '02-09', 3),
      status: IN_PROGRESS,
      episodes: [
        ep('start', { type: 'X', title: `Plan for tilsyn med barnehager ${y}` }),
        { ...inspection(INSPECTED.kvernhuset), placement: { daysAgo: 50 } },
      ],
    },
    {
      unit: 'kommune',
      title: `Beredskapsplan for Vennesla kommune – revisjon ${y - 1}`,
      created: day(ctx, y - 1, '03-03', 3),
      status: CLOSED,
      closeAfter: 240,
      episodes: [
        ep('start', {
          type: 'I',
          title: 'Veileder for helhetlig risiko- og sårbarhetsanalyse i kommunen',
          from: [ORG.dsb],
          writeOff: 'TO',
        }),
        ep('random', { type: 'X', title: `Helhetlig risiko- og sårbarhetsanalyse ${y - 1}` }),
        ep('random', {
          type: 'S',
          title: 'Beredskapsplan for Vennesla kommune – saksframlegg til kommunestyret',
          approval: true,
        }),
        ep('end', {
          type: 'U',
          title: 'Oversendelse av revidert beredskapsplan',
          to: [ORG.statsforvalteren],
        }),
      ],
    },
    {
      unit: 'kommune',
      title: `Høring – handlingsprogram ${y}–${y + 3} for regionplan Agder 2030`,
      created: day(ctx, y, '04-13', 3),
      status: CLOSED_BY_HANDLER,
      closeAfter: 120,
      episodes: [
        ep(
          'start',
          {
            type: 'I',
            title: `Høring – handlingsprogram ${y}–${y + 3} for regionplan Agder 2030`,
            from: [ORG.agderFylke],
          },
          { type: 'X', title: 'Administrativ vurdering av handlingsprogrammet', gap: 10 },
          {
            type: 'S',
            title: 'Høringsuttalelse til regionplan Agder 2030 – saksframlegg til formannskapet',
            gap: 7,
            approval: true,
          },
          {
            type: 'U',
            title: 'Høringsuttalelse fra Vennesla kommune',
            gap: 21,
            to: [ORG.agderFylke],
            answers: [0],
          },
        ),
      ],
    },
  ];
}

function school(ctx: StoryContext): CaseDef[] {
  const { y } = ctx;
  const textbooks = day(ctx, y, '02-16', 3);
  const requester = UNASSESSED_SENDERS[0];
  return [
    {
      unit: 'skole',
      title: 'Innkjøp av nye lærebøker',
      created: textbooks,
      status: IN_PROGRESS,
      episodes: [
        ep(
          'start',
          {
            type: 'I',
            title: 'Tilbud på lærebøker i norsk og matematikk',
            from: [ORG.gyldendal],
            code: '23',
          },
          {
            type: 'I',
            title: 'Tilbud på lærebøker i norsk og matematikk',
            gap: 2,
            from: [ORG.cappelen, contact(OPEN_CONTACTS[1], 'cappelendamm.no')],
            code: '23',
          },
          { type: 'X', title: 'Vurdering av tilbud på lærebøker', gap: 6 },
          {
            // One reply writes off both offers.
            type: 'U',
            title: 'Tildeling – innkjøp av lærebøker',
            gap: 3,
            to: [ORG.gyldendal, ORG.cappelen],
            answers: [0, 1],
            approval: true,
          },
          { type: 'U', title: 'Bestilling av lærebøker', gap: 2, to: [ORG.gyldendal] },
          {
            type: 'I',
            title: 'Ordrebekreftelse – lærebøker',
            gap: 3,
            from: [ORG.gyldendal],
            writeOff: 'TO',
          },
        ),
      ],
    },
    {
      // Created twice by mistake; the duplicate was cancelled.
      unit: 'skole',
      title: 'Innkjøp av lærebøker',
      created: textbooks,
      status: CANCELLED,
      episodes: [ep('start', { type: 'X', title: 'Vurdering av tilbud på lærebøker' })],
    },
    {
      unit: 'skole',
      title: `Høring – endring av skolerute ${y + 1}/${y + 2}`,
      created: day(ctx, y, '09-14', 2),
      status: IN_PROGRESS,
      responsible: 'skole.saksbehandler',
      episodes: [
        ep(
          'start',
          { type: 'X', title: `Forslag til skolerute ${y + 1}/${y + 2}` },
          {
            type: 'U',
            title: `Høring – forslag til skolerute ${y + 1}/${y + 2}`,
            gap: 2,
            to: [ORG.utdanningsforbundet, ORG.fau, ORG.agderFylke],
            copy: [ORG.kristiansand],
          },
        ),
        ep(
          { daysAgo: 30 },
          {
            type: 'I',
            title: 'Høringsuttalelse fra Utdanningsforbundet Vennesla',
            from: [ORG.utdanningsforbundet],
            writeOff: 'TO',
          },
        ),
        ep(
          { daysAgo: 24 },
          {
            type: 'I',
            title: 'Høringsuttalelse fra FAU Vennesla skole',
            from: [ORG.fau, contact(OPEN_CONTACTS[3], 'online.no')],
            writeOff: 'TO',
          },
        ),
        ep(
          { daysAgo: 12 },
          {
            type: 'I',
            title: 'Høringsuttalelse fra Agder fylkeskommune',
            from: [ORG.agderFylke],
          },
        ),
        ep(
          { daysAgo: 2 },
          {
            type: 'S',
            title: `Skolerute ${y + 1}/${y + 2} – saksframlegg til hovedutvalg for oppvekst`,
            approval: true,
          },
        ),
      ],
    },
    {
      unit: 'skole',
      title: 'Avtale om leie av gymsal',
      created: day(ctx, y, '08-17', 2),
      status: IN_PROGRESS,
      episodes: [
        ep(
          'start',
          {
            type: 'I',
            title: 'Forespørsel om leie av gymsal',
            from: [ORG.idrettslag, contact(OPEN_CONTACTS[0], 'vennesla-il.no')],
          },
          {
            type: 'U',
            title: 'Svar på forespørsel om leie av gymsal',
            gap: 5,
            to: [ORG.idrettslag],
            answers: [0],
          },
          {
            type: 'U',
            title: 'Avtale om leie av gymsal – Vennesla Idrettslag',
            gap: 10,
            to: [ORG.idrettslag],
            approval: true,
          },
          {
            type: 'I',
            title: 'Signert avtale om leie av gymsal',
            gap: 8,
            from: [ORG.idrettslag],
            writeOff: 'TO',
          },
        ),
        ep(
          { daysAgo: 4 },
          {
            type: 'I',
            title: `Henvendelse fra {${requester}} om leie av gymsal`,
            from: [person(ctx, requester)],
            code: 'XX',
          },
        ),
      ],
    },
    {
      unit: 'skole',
      title: `Tilstandsrapport for grunnskolen ${y - 1}`,
      created: day(ctx, y - 1, '09-08', 3),
      status: CLOSED_BY_HANDLER,
      closeAfter: 140,
      episodes: [
        ep(
          'start',
          { type: 'X', title: 'Tilstandsrapport – datagrunnlag fra Skoleporten' },
          {
            type: 'S',
            title: `Tilstandsrapport for grunnskolen ${y - 1} – saksframlegg`,
            gap: 20,
            approval: true,
          },
          {
            type: 'U',
            title: `Tilstandsrapport for grunnskolen ${y - 1} – oversendelse`,
            gap: 40,
            to: [ORG.statsforvalteren],
          },
        ),
      ],
    },
    {
      unit: 'skole',
      title: `Skolefotografering ${y}`,
      created: day(ctx, y, '08-24', 2),
      status: IN_PROGRESS,
      episodes: [
        ep(
          'start',
          { type: 'U', title: 'Bestilling av skolefotografering', to: [ORG.skolefoto] },
          {
            type: 'I',
            title: 'Bekreftelse på bestilling av skolefotografering',
            gap: 3,
            from: [ORG.skolefoto],
            writeOff: 'TO',
          },
        ),
        ep('random', {
          type: 'U',
          title: 'Informasjon til foresatte om skolefotografering',
          to: [ORG.fau],
        }),
        ep('end', {
          type: 'I',
          title: 'Bildefiler fra skolefotografering – 1.–7. trinn',
          from: [ORG.skolefoto],
          code: '26',
          writeOff: 'TO',
        }),
      ],
    },
    {
      unit: 'skole',
      title: `Eksamen 10. trinn ${y - 1}`,
      created: day(ctx, y - 1, '04-07', 3),
      status: CLOSED,
      closeAfter: 150,
      episodes: [
        ep(
          'start',
          {
            type: 'I',
            title: 'Oppnevning av sensorer til skriftlig eksamen',
            from: [ORG.udir],
            writeOff: 'TO',
          },
          {
            type: 'X',
            title: 'Eksamensbesvarelser – skriftlig eksamen i norsk',
            gap: 40,
            code: '26',
          },
          {
            type: 'X',
            title: 'Eksamensbesvarelser – skriftlig eksamen i matematikk',
            gap: 1,
            code: '26',
          },
          {
            type: 'I',
            title: 'Sensurresultater for skriftlig eksamen',
            gap: 20,
            from: [ORG.udir],
            writeOff: 'TO',
          },
        ),
      ],
    },
    {
      unit: 'skole',
      title: `Samarbeidsutvalget ${y - 2}/${y - 1}`,
      created: day(ctx, y - 2, '09-09', 3),
      status: CLOSED,
      closeAfter: 270,
      episodes: [
        ep(
          'start',
          {
            type: 'U',
            title: 'Innkalling til konstituerende møte i samarbeidsutvalget',
            to: [ORG.fau],
          },
          { type: 'X', title: 'Oversikt over medlemmer i samarbeidsutvalget', gap: 14 },
        ),
        ep('random', { type: 'X', title: 'Protokoll fra møte i samarbeidsutvalget' }),
        ep('random', { type: 'X', title: 'Protokoll fra møte i samarbeidsutvalget' }),
      ],
    },
    {
      unit: 'skole',
      title: `Videreutdanning for lærere ${y - 1}/${y}`,
      created: day(ctx, y - 1, '02-24', 3),
      status: IN_PROGRESS,
      episodes: [
        ep(
          'start',
          {
            type: 'U',
            title: `Søknad om videreutdanning for lærere ${y - 1}/${y}`,
            to: [ORG.udir],
          },
          {
            type: 'I',
            title: 'Tilsagn om videreutdanning',
            gap: 60,
            from: [ORG.udir],
            writeOff: 'TO',
          },
        ),
        ep('random', {
          type: 'I',
          title: 'Utbetaling av tilskudd til vikarer',
          from: [ORG.udir],
          writeOff: 'TO',
        }),
        ep('random', {
          type: 'N',
          title: 'Oversikt over lærere i videreutdanning',
          writeOff: 'TE',
        }),
      ],
    },
    {
      unit: 'skole',
      title: 'Oppgradering av uteområdet ved Vennesla skole',
      created: day(ctx, y - 2, '04-08', 3),
      status: CLOSED,
      closeAfter: 200,
      episodes: [
        ep(
          'start',
          { type: 'I', title: 'Tilbud på lekeapparater', from: [ORG.lekeplass], code: '23' },
          {
            type: 'U',
            title: 'Bestilling av lekeapparater',
            gap: 10,
            to: [ORG.lekeplass],
            answers: [0],
          },
          {
            type: 'I',
            title: 'Ordrebekreftelse – lekeapparater',
            gap: 5,
            from: [ORG.lekeplass],
            writeOff: 'TO',
          },
          { type: 'X', title: 'Sluttrapport – oppgradering av uteområdet', gap: 90 },
        ),
      ],
    },
  ];
}

function ppt(ctx: StoryContext): CaseDef[] {
  const { y } = ctx;
  return [
    {
      unit: 'ppt',
      title: `Budsjett ${y + 1} – PPT`,
      created: day(ctx, y, '08-24', 2),
      status: IN_PROGRESS,
      responsible: 'leder',
      episodes: [
        ep(
          'start',
          {
            type: 'N',
            title: `Innspill til budsjett ${y + 1} – PPT`,
            code: '14',
            legalBasis: 'Offl. § 14 første ledd',
          },
          {
            type: 'X',
            title: `Utkast til budsjett ${y + 1} – PPT`,
            gap: 14,
            code: '14',
            answers: [0],
          },
        ),
        ep(
          { daysAgo: 5 },
          { type: 'S', title: `Budsjett ${y + 1} – PPT – saksframlegg`, approval: true },
        ),
      ],
    },
    {
      unit: 'ppt',
      title: `Årsmelding ${y - 1} – PPT`,
      created: day(ctx, y, '01-12', 2),
      status: CLOSED_BY_HANDLER,
      closeAfter: 75,
      responsible: 'leder',
      episodes: [
        ep(
          'start',
          { type: 'X', title: `Statistikk for PPT ${y - 1}` },
          { type: 'X', title: `Årsmelding ${y - 1} – PPT`, gap: 20 },
          {
            type: 'S',
            title: `Årsmelding ${y - 1} – PPT – saksframlegg til hovedutvalg for oppvekst`,
            gap: 10,
            approval: true,
          },
        ),
      ],
    },
    {
      unit: 'ppt',
      title: `Kompetanseheving i PPT ${y}`,
      created: day(ctx, y, '01-19', 2),
      status: IN_PROGRESS,
      episodes: [
        ep('start', { type: 'X', title: `Kompetanseplan for PPT ${y}` }),
        ep(
          'random',
          {
            type: 'I',
            title: 'Invitasjon til nettverkssamling for PPT i Agder',
            from: [ORG.statsforvalteren],
          },
          {
            type: 'U',
            title: 'Påmelding til nettverkssamling',
            gap: 4,
            to: [ORG.statsforvalteren],
            answers: [0],
          },
        ),
        ep('random', {
          type: 'I',
          title: 'Tilbud om kurs i utredning av lese- og skrivevansker',
          from: [ORG.statped],
          writeOff: 'TO',
        }),
        ep(
          { daysAgo: 8 },
          {
            type: 'I',
            title: 'Invitasjon til fagdag om språkvansker',
            from: [ORG.statped, contact(OPEN_CONTACTS[4], 'statped.no')],
          },
        ),
      ],
    },
    {
      unit: 'ppt',
      title: 'Samarbeidsavtale med Statped',
      created: day(ctx, y - 1, '03-10', 2),
      status: CLOSED,
      closeAfter: 230,
      episodes: [
        ep(
          'start',
          {
            type: 'I',
            title: 'Utkast til samarbeidsavtale',
            from: [ORG.statped],
            code: '15',
          },
          {
            type: 'X',
            title: 'Vurdering av utkast til samarbeidsavtale',
            gap: 10,
            code: '14',
          },
          {
            type: 'U',
            title: 'Merknader til utkast til samarbeidsavtale',
            gap: 5,
            to: [ORG.statped],
            answers: [0],
          },
          {
            type: 'I',
            title: 'Signert samarbeidsavtale',
            gap: 40,
            from: [ORG.statped],
            writeOff: 'TO',
          },
        ),
      ],
    },
    {
      unit: 'ppt',
      title: 'Systemrettet arbeid – leseopplæring på 1.–4. trinn',
      created: day(ctx, y - 2, '09-23', 2),
      status: IN_PROGRESS,
      episodes: [
        ep('start', { type: 'X', title: 'Plan for systemrettet arbeid med leseopplæring' }),
        ep(
          'random',
          { type: 'N', title: 'Invitasjon til samarbeid om leseopplæring', writeOff: 'TE' },
          { type: 'X', title: 'Referat fra samarbeidsmøte med Vennesla skole', gap: 14 },
        ),
        ep('random', {
          type: 'I',
          title: 'Materiell om kartlegging av leseferdigheter',
          from: [ORG.lesesenteret],
          writeOff: 'TO',
        }),
        ep('end', { type: 'X', title: 'Evaluering av arbeidet med leseopplæring' }),
      ],
    },
  ];
}

function refugeeServices(ctx: StoryContext): CaseDef[] {
  const { y } = ctx;
  const asker = UNASSESSED_SENDERS[2];
  return [
    {
      unit: 'nav',
      title: `Bosetting av flyktninger ${y + 1} – anmodning fra IMDi`,
      created: day(ctx, y, '09-07', 2),
      status: IN_PROGRESS,
      responsible: 'nav.leder',
      episodes: [
        ep('start', {
          type: 'I',
          title: `Anmodning om bosetting av flyktninger i ${y + 1}`,
          key: 'request',
          from: [ORG.imdi],
        }),
        ep('random', {
          type: 'X',
          title: `Kapasitet for bosetting ${y + 1} – boliger og tjenester`,
        }),
        ep(
          { daysAgo: 15 },
          {
            type: 'S',
            title: `Bosetting av flyktninger ${y + 1} – saksframlegg til kommunestyret`,
            approval: true,
          },
        ),
        ep(
          { daysAgo: 3 },
          {
            type: 'U',
            title: `Svar på anmodning om bosetting av flyktninger i ${y + 1}`,
            to: [ORG.imdi],
            answers: ['request'],
            approval: true,
          },
        ),
        ep(
          { daysAgo: 1 },
          {
            type: 'I',
            title: `Henvendelse fra {${asker}} om bolig til flyktninger`,
            from: [person(ctx, asker)],
            code: 'XX',
          },
        ),
      ],
    },
    {
      unit: 'nav',
      title: `Tilskudd til opplæring i norsk og samfunnskunnskap ${y}`,
      created: day(ctx, y, '01-26', 2),
      status: IN_PROGRESS,
      episodes: [
        ep(
          'start',
          {
            type: 'I',
            title: `Tilskudd til opplæring i norsk og samfunnskunnskap ${y} – informasjon`,
            from: [ORG.imdi],
            writeOff: 'TO',
          },
          {
            type: 'U',
            title: `Søknad om tilskudd til opplæring i norsk og samfunnskunnskap ${y}`,
            gap: 20,
            to: [ORG.imdi],
          },
        ),
        ep('random', {
          type: 'I',
          title: `Tilsagn om tilskudd ${y}`,
          from: [ORG.imdi],
          writeOff: 'TO',
        }),
        ep('random', { type: 'X', title: `Rapportering av deltakere første halvår ${y}` }),
      ],
    },
    {
      unit: 'nav',
      title: `Bosetting av flyktninger ${y - 1} – anmodning fra IMDi`,
      created: day(ctx, y - 2, '09-16', 2),
      status: CLOSED,
      closeAfter: 240,
      episodes: [
        ep(
          'start',
          {
            type: 'I',
            title: `Anmodning om bosetting av flyktninger i ${y - 1}`,
            from: [ORG.imdi],
          },
          {
            type: 'S',
            title: `Bosetting av flyktninger ${y - 1} – saksframlegg til kommunestyret`,
            gap: 30,
            approval: true,
          },
          {
            type: 'U',
            title: `Svar på anmodning om bosetting av flyktninger i ${y - 1}`,
            gap: 35,
            to: [ORG.imdi],
            answers: [0],
          },
          {
            type: 'I',
            title: 'Bekreftelse på vedtak om bosetting',
            gap: 20,
            from: [ORG.imdi],
            writeOff: 'TO',
          },
        ),
      ],
    },
    {
      unit: 'nav',
      title: 'Samarbeidsavtale med Vennesla voksenopplæring',
      created: day(ctx, y - 1, '01-13', 2),
      status: IN_PROGRESS,
      episodes: [
        ep(
          'start',
          { type: 'X', title: 'Utkast til samarbeidsavtale om norskopplæring' },
          {
            type: 'N',
            title: 'Innspill til samarbeidsavtale fra voksenopplæringen',
            gap: 10,
            writeOff: 'TE',
          },
        ),
        ep('random', { type: 'X', title: 'Signert samarbeidsavtale med Vennesla voksenopplæring' }),
        ep('random', { type: 'X', title: 'Referat fra samarbeidsmøte med voksenopplæringen' }),
      ],
    },
    {
      unit: 'nav',
      title: 'Tilsyn med kommunens introduksjonsprogram',
      created: day(ctx, y - 2, '03-04', 2),
      status: CLOSED,
      closeAfter: 280,
      episodes: [
        ep(
          'start',
          {
            type: 'I',
            title: 'Varsel om tilsyn med introduksjonsprogrammet',
            from: [ORG.statsforvalteren],
            writeOff: 'TO',
          },
          {
            type: 'U',
            title: 'Dokumentasjon til tilsyn med introduksjonsprogrammet',
            gap: 21,
            to: [ORG.statsforvalteren],
          },
          {
            type: 'I',
            title: 'Foreløpig tilsynsrapport',
            gap: 60,
            from: [ORG.statsforvalteren],
          },
          {
            type: 'U',
            title: 'Tilbakemelding på foreløpig tilsynsrapport',
            gap: 14,
            to: [ORG.statsforvalteren],
            answers: [2],
          },
          {
            type: 'I',
            title: 'Endelig tilsynsrapport',
            gap: 45,
            from: [ORG.statsforvalteren],
            writeOff: 'TO',
          },
        ),
      ],
    },
  ];
}

function wageSettlement(ctx: StoryContext, year: number, status: CaseStatus): CaseDef {
  return {
    unit: 'personal',
    title: `Lønnsoppgjøret ${year} – lokale forhandlinger`,
    created: day(ctx, year, '05-11', 2),
    status,
    closeAfter: status === CLOSED ? 160 : undefined,
    responsible: 'personal.leder',
    episodes: [
      ep(
        'start',
        {
          type: 'I',
          title: 'Krav i lokale forhandlinger',
          from: [ORG.utdanningsforbundet],
          code: '23',
        },
        {
          type: 'I',
          title: 'Krav i lokale forhandlinger',
          gap: 1,
          from: [ORG.fagforbundet, contact(OPEN_CONTACTS[5], 'fagforbundet.no')],
          code: '23',
        },
        {
          type: 'X',
          title: 'Arbeidsgivers forhandlingsposisjon',
          gap: 7,
          code: '23',
          legalBasis: 'Offl. § 23 første ledd',
        },
        {
          type: 'U',
          title: 'Protokoll fra lokale forhandlinger',
          gap: 21,
          to: [ORG.utdanningsforbundet, ORG.fagforbundet],
          answers: [0, 1],
        },
      ),
    ],
  };
}

function personnelAdministration(ctx: StoryContext): CaseDef[] {
  const { y } = ctx;
  const applicant = UNASSESSED_SENDERS[3];
  const yy = String(y).slice(2);
  return [
    wageSettlement(ctx, y, IN_PROGRESS),
    wageSettlement(ctx, y - 1, CLOSED),
    {
      unit: 'personal',
      title: `Rekruttering av lærere skoleåret ${y + 1}/${y + 2}`,
      created: day(ctx, y, '10-19', 2),
      status: IN_PROGRESS,
      responsible: 'personal.radgiver',
      episodes: [
        ep(
          'start',
          { type: 'X', title: `Bemanningsbehov skoleåret ${y + 1}/${y + 2}` },
          {
            type: 'U',
            title: 'Kunngjøring av ledige stillinger som lærer',
            gap: 3,
            to: [ORG.finn],
          },
        ),
        ep(
          { daysAgo: 2 },
          {
            type: 'I',
            title: `Søknad på stilling som lærer – {${applicant}}`,
            from: [person(ctx, applicant)],
            code: 'XX',
          },
        ),
      ],
    },
    {
      unit: 'personal',
      title: `Arbeidsmiljøutvalget ${y}`,
      created: day(ctx, y, '01-12', 2),
      status: IN_PROGRESS,
      responsible: 'personal.leder',
      episodes: [
        ep(
          'start',
          {
            type: 'S',
            title: `AMU-sak 1/${yy} – Sykefraværsstatistikk ${y - 1}`,
            approval: true,
          },
          {
            type: 'S',
            title: `AMU-sak 2/${yy} – HMS-handlingsplan ${y}`,
            gap: 1,
            approval: true,
          },
          {
            type: 'X',
            title: `Protokoll fra møte i arbeidsmiljøutvalget februar ${y}`,
            gap: 30,
          },
        ),
        ep(
          'random',
          { type: 'S', title: `AMU-sak 5/${yy} – Vernerunde ${y}`, approval: true },
          { type: 'X', title: `Protokoll fra møte i arbeidsmiljøutvalget juni ${y}`, gap: 30 },
        ),
        ep(
          { daysAgo: 7 },
          {
            type: 'S',
            title: `AMU-sak 9/${yy} – Budsjett ${y + 1} for HMS-tiltak`,
            approval: true,
          },
        ),
      ],
    },
    {
      unit: 'personal',
      title: 'Retningslinjer for permisjoner – revisjon',
      created: day(ctx, y - 1, '09-15', 2),
      status: IN_PROGRESS,
      episodes: [
        ep(
          'start',
          { type: 'X', title: 'Utkast til retningslinjer for permisjoner' },
          {
            type: 'U',
            title: 'Drøfting med tillitsvalgte – retningslinjer for permisjoner',
            gap: 10,
            to: [ORG.utdanningsforbundet, ORG.fagforbundet],
          },
          {
            type: 'I',
            title: 'Merknader til retningslinjer for permisjoner',
            gap: 14,
            from: [ORG.fagforbundet],
            writeOff: 'TO',
          },
        ),
        ep('random', {
          type: 'S',
          title: 'Retningslinjer for permisjoner – saksframlegg til administrasjonsutvalget',
          approval: true,
        }),
      ],
    },
    {
      unit: 'personal',
      title: `Bedriftshelsetjeneste – avtale ${y - 1}–${y + 2}`,
      created: day(ctx, y - 2, '10-07', 2),
      status: CLOSED,
      closeAfter: 170,
      episodes: [
        ep(
          'start',
          {
            type: 'U',
            title: 'Konkurranse om levering av bedriftshelsetjeneste',
            to: [ORG.stamina, ORG.avonova],
          },
          {
            type: 'I',
            title: 'Tilbud på bedriftshelsetjeneste',
            gap: 21,
            from: [ORG.stamina],
            code: '23',
          },
          {
            type: 'I',
            title: 'Tilbud på bedriftshelsetjeneste',
            gap: 1,
            from: [ORG.avonova, contact(OPEN_CONTACTS[7], 'avonova.no')],
            code: '23',
          },
          {
            type: 'X',
            title: 'Evaluering av tilbud på bedriftshelsetjeneste',
            gap: 10,
            code: '23',
          },
          {
            type: 'U',
            title: 'Tildeling av kontrakt om bedriftshelsetjeneste',
            gap: 5,
            to: [ORG.stamina, ORG.avonova],
            answers: [1, 2],
            approval: true,
          },
          {
            type: 'U',
            title: 'Avtale om bedriftshelsetjeneste',
            gap: 14,
            to: [ORG.stamina],
          },
        ),
      ],
    },
  ];
}

function archive(ctx: StoryContext): CaseDef[] {
  const { y } = ctx;
  return [
    {
      unit: 'arkiv',
      title: `Arkivplan for Vennesla kommune – revisjon ${y}`,
      created: day(ctx, y, '03-09', 2),
      status: IN_PROGRESS,
      episodes: [
        ep(
          'start',
          {
            type: 'I',
            title: 'Veileder for arkivplan',
            from: [ORG.arkivverket, contact(OPEN_CONTACTS[2], 'arkivverket.no')],
            writeOff: 'TO',
          },
          { type: 'X', title: 'Utkast til revidert arkivplan', gap: 30 },
        ),
        ep('random', { type: 'N', title: 'Innspill til arkivplanen fra enhetene', writeOff: 'TE' }),
        ep(
          { daysAgo: 11 },
          {
            type: 'S',
            title: 'Revidert arkivplan – saksframlegg til formannskapet',
            approval: true,
          },
        ),
      ],
    },
    {
      unit: 'arkiv',
      title: 'Avlevering av papirarkiv 2000–2010',
      created: day(ctx, y - 1, '04-22', 2),
      status: IN_PROGRESS,
      episodes: [
        ep(
          'start',
          {
            type: 'U',
            title: 'Forespørsel om avlevering av papirarkiv 2000–2010',
            to: [ORG.ikava],
          },
          {
            type: 'I',
            title: 'Svar på forespørsel om avlevering',
            gap: 14,
            from: [ORG.ikava],
            writeOff: 'TO',
          },
        ),
        ep('random', { type: 'X', title: 'Avleveringsliste – papirarkiv 2000–2010' }),
        ep('end', {
          type: 'I',
          title: 'Kvittering for mottatt avlevering',
          from: [ORG.ikava],
          writeOff: 'TO',
        }),
      ],
    },
    {
      unit: 'arkiv',
      title: 'Offentlig journal og innsyn – rutiner',
      created: day(ctx, y - 2, '05-13', 2),
      status: CLOSED,
      closeAfter: 260,
      episodes: [
        ep(
          'start',
          { type: 'X', title: 'Rutine for publisering av offentlig journal' },
          { type: 'X', title: 'Rutine for behandling av innsynskrav', gap: 14 },
        ),
        ep('random', {
          type: 'I',
          title: 'Veileder til offentleglova',
          from: [ORG.justis],
          writeOff: 'TO',
        }),
      ],
    },
    {
      unit: 'arkiv',
      title: `Kassasjon etter bevarings- og kassasjonsplan ${y - 1}`,
      created: day(ctx, y - 1, '10-20', 2),
      status: IN_PROGRESS,
      episodes: [
        ep(
          'start',
          { type: 'X', title: `Kassasjonsliste ${y - 1}` },
          { type: 'N', title: `Godkjenning av kassasjonsliste ${y - 1}`, gap: 10, writeOff: 'TE' },
        ),
        ep('random', { type: 'X', title: 'Protokoll over kasserte dokumenter' }),
      ],
    },
  ];
}

/** More everyday, unscreened cases: the bulk of a public journal. */
function everyday(ctx: StoryContext): CaseDef[] {
  const { y } = ctx;
  return [
    {
      unit: 'kommune',
      title: `Trafikksikkerhetsplan ${y}–${y + 3}`,
      created: day(ctx, y - 1, '10-06', 3),
      status: IN_PROGRESS,
      episodes: [
        ep(
          'start',
          { type: 'X', title: `Utkast til trafikksikkerhetsplan ${y}–${y + 3}` },
          {
            type: 'U',
            title: 'Innspill til trafikksikkerhetsplan – forespørsel',
            gap: 7,
            to: [ORG.vegvesen, ORG.agderFylke],
          },
          {
            type: 'I',
            title: 'Innspill til trafikksikkerhetsplan',
            gap: 21,
            from: [ORG.vegvesen],
            writeOff: 'TO',
          },
          {
            type: 'I',
            title: 'Innspill til trafikksikkerhetsplan',
            gap: 3,
            from: [ORG.agderFylke],
            writeOff: 'TO',
          },
        ),
        ep('random', {
          type: 'S',
          title: `Trafikksikkerhetsplan ${y}–${y + 3} – saksframlegg til kommunestyret`,
          approval: true,
        }),
        ep('end', {
          type: 'U',
          title: `Søknad om tilskudd til trafikksikkerhetstiltak ${y}`,
          to: [ORG.agderFylke],
        }),
      ],
    },
    {
      unit: 'skole',
      title: `Leirskole for 7. trinn ${y}`,
      created: day(ctx, y, '01-20', 3),
      status: IN_PROGRESS,
      episodes: [
        ep(
          'start',
          { type: 'U', title: 'Bestilling av leirskoleopphold', to: [ORG.leirskole] },
          {
            type: 'I',
            title: 'Bekreftelse på leirskoleopphold',
            gap: 10,
            from: [ORG.leirskole],
            writeOff: 'TO',
          },
        ),
        ep('random', {
          type: 'U',
          title: 'Informasjon til foresatte om leirskole',
          to: [ORG.fau],
        }),
        ep('random', {
          type: 'I',
          title: 'Faktura for leirskoleopphold',
          from: [ORG.leirskole],
          writeOff: 'TO',
        }),
      ],
    },
    {
      unit: 'skole',
      title: `Elevundersøkelsen ${y - 1}`,
      created: day(ctx, y - 1, '11-03', 3),
      status: CLOSED_BY_HANDLER,
      closeAfter: 150,
      episodes: [
        ep(
          'start',
          {
            type: 'I',
            title: `Gjennomføring av Elevundersøkelsen høsten ${y - 1}`,
            from: [ORG.udir],
            writeOff: 'TO',
          },
          { type: 'X', title: `Resultater fra Elevundersøkelsen ${y - 1}`, gap: 60 },
          { type: 'N', title: 'Oppfølging av resultater i personalmøte', gap: 10 },
        ),
      ],
    },
    {
      unit: 'ppt',
      title: 'Samarbeid med BUP Kristiansand',
      created: day(ctx, y - 1, '05-05', 3),
      status: IN_PROGRESS,
      responsible: 'leder',
      episodes: [
        ep(
          'start',
          {
            type: 'I',
            title: 'Invitasjon til samarbeidsmøte om henvisningsrutiner',
            from: [ORG.bup],
          },
          {
            type: 'U',
            title: 'Svar på invitasjon til samarbeidsmøte',
            gap: 5,
            to: [ORG.bup],
            answers: [0],
          },
          { type: 'X', title: 'Referat fra samarbeidsmøte med BUP Kristiansand', gap: 20 },
        ),
        ep('random', {
          type: 'I',
          title: 'Oppdaterte henvisningsrutiner fra BUP',
          from: [ORG.bup],
          writeOff: 'TO',
        }),
      ],
    },
    {
      unit: 'nav',
      title: `Boliger for flyktninger – leieavtaler ${y}`,
      created: day(ctx, y, '02-02', 3),
      status: IN_PROGRESS,
      episodes: [
        ep(
          'start',
          {
            type: 'I',
            title: `Tilskudd til utleieboliger ${y} – utlysning`,
            from: [ORG.husbanken],
            writeOff: 'TO',
          },
          {
            type: 'U',
            title: `Søknad om tilskudd til utleieboliger ${y}`,
            gap: 25,
            to: [ORG.husbanken],
          },
        ),
        ep('random', {
          type: 'I',
          title: `Tilsagn om tilskudd til utleieboliger ${y}`,
          from: [ORG.husbanken],
          writeOff: 'TO',
        }),
        ep('random', { type: 'X', title: 'Oversikt over kommunale utleieboliger' }),
        ep('end', {
          type: 'N',
          title: 'Behov for boliger ved bosetting neste år',
        }),
      ],
    },
    {
      unit: 'personal',
      title: `Sykefravær ${y - 1} – statistikk og tiltak`,
      created: day(ctx, y, '01-26', 3),
      status: IN_PROGRESS,
      episodes: [
        ep(
          'start',
          { type: 'X', title: `Sykefraværsstatistikk ${y - 1} for enhetene` },
          {
            type: 'I',
            title: 'Tilbud om bistand i IA-arbeidet',
            gap: 14,
            from: [ORG.navArbeidslivssenter],
            writeOff: 'TE',
          },
        ),
        ep('random', { type: 'N', title: 'Tiltak mot sykefravær – oppfølging i enhetene' }),
      ],
    },
    {
      unit: 'arkiv',
      title: `Opplæring i arkiv og saksbehandling ${y}`,
      created: day(ctx, y, '01-12', 3),
      status: IN_PROGRESS,
      episodes: [
        ep('start', { type: 'X', title: `Opplæringsplan for arkiv og saksbehandling ${y}` }),
        ep('random', {
          type: 'I',
          title: 'Tilbud om kurs i Noark 5 og arkivering',
          from: [ORG.ksAgder],
          writeOff: 'TO',
        }),
        ep('random', { type: 'N', title: 'Påmelding til opplæring i arkivsystemet' }),
        ep('end', { type: 'X', title: 'Evaluering av opplæringen' }),
      ],
    },
  ];
}

export function generalCases(ctx: StoryContext): CaseDef[] {
  return [
    ...municipality(ctx),
    ...school(ctx),
    ...ppt(ctx),
    ...refugeeServices(ctx),
    ...personnelAdministration(ctx),
    ...archive(ctx),
    ...everyday(ctx),
  ];
}

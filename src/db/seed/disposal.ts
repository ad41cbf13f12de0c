// The demo's bevaring og kassasjon (docs/demo-data.md, "Disposal"): decisions on a few K-codes and
// on the closed archive part, so that the disposal list holds the closed part's unclassified cases
// whose retention period has run.
import { type EntityManager } from '@mikro-orm/postgresql';
import { ArchivePart, Class, DisposalDecision } from '../../entities';
import { DEMO_SYSTEM_IDS } from './classification';

/** The closed part (persist.ts): its cases without a decision of their own go after two years. */
const CLOSED_PART_ID = '00000000-0000-4000-8000-00000000a100';

const PLAN = 'Bevarings- og kassasjonsplan for kommunene (KS), jf. arkivforskriften § 15';

/** K-code → decision, legal basis and retention period in years. */
const CLASS_DECISIONS: [string, DisposalDecision, string, number | null][] = [
  ['210', DisposalDecision.PRESERVE, `Personalmapper bevares. ${PLAN}`, null],
  ['A20', DisposalDecision.PRESERVE, `Elevmapper bevares. ${PLAN}`, null],
  ['B31', DisposalDecision.PRESERVE, `PPT-mapper bevares. ${PLAN}`, null],
  ['151', DisposalDecision.PRESERVE, `Budsjett og økonomiplan bevares. ${PLAN}`, null],
  [
    'F30',
    DisposalDecision.REVIEW_LATER,
    `Vurderes når introduksjonsprogrammet er evaluert. ${PLAN}`,
    10,
  ],
];

export async function createDemoDisposalRules(em: EntityManager): Promise<void> {
  const classes = await em.find(Class, {
    system: DEMO_SYSTEM_IDS.kCodes,
    classId: { $in: CLASS_DECISIONS.map(([code]) => code) },
  });
  for (const [code, decision, authority, years] of CLASS_DECISIONS) {
    const k = classes.find((c) => c.classId === code);
    if (!k) continue;
    k.disposalDecision = decision;
    k.disposalAuthority = authority;
    k.retentionYears = years;
  }
  const closed = await em.findOne(ArchivePart, { id: CLOSED_PART_ID });
  if (closed) {
    closed.disposalDecision = DisposalDecision.DISPOSE;
    closed.disposalAuthority = `Saksmapper uten eget vedtak kasseres to år etter avslutning. ${PLAN}`;
    closed.retentionYears = 2;
  }
}

// The demo's classification (docs/demo-data.md, "Classification"): the K-koder, a function scheme
// and a person-number scheme, and the cases classified by them. Ids are fixed, so every run gives
// the same rows.
import { type EntityManager } from '@mikro-orm/postgresql';
import { screensClasses } from '../../domain/classification';
import { SCREENED_MARKER } from '../../domain/publicTitle';
import {
  Case,
  CaseClass,
  CaseClassRole,
  Class,
  ClassificationSystem,
  ClassificationType,
} from '../../entities';
import { type DemoData } from './model';

/**
 * Synthetic national id numbers (month + 80, the test numbers of the tax administration's
 * synthetic population; both check digits valid): never a real person's.
 */
export const DEMO_PUPIL_NATIONAL_ID = '14831110075';
export const DEMO_EMPLOYEE_NATIONAL_ID = '02927510017';

const id = (n: number) => `00000000-0000-4000-8000-0000000c${n.toString(16).padStart(4, '0')}`;

export const DEMO_SYSTEM_IDS = { kCodes: id(1), functions: id(2), nationalId: id(3) } as const;

/** KlasseID and title of the K-koder used (the municipalities' common archive key). */
const K_CODES: [string, string][] = [
  ['033', 'Kommunestyret og formannskapet'],
  ['151', 'Budsjett og økonomiplan'],
  ['210', 'Personalforvaltning'],
  ['A20', 'Grunnskole'],
  ['B31', 'Pedagogisk-psykologisk tjeneste'],
  ['F30', 'Bosetting av flyktninger og introduksjonsprogram'],
];

/** A function scheme of two levels: [klasseID, title, parent klasseID]. */
const FUNCTIONS: [string, string, string | null][] = [
  ['01', 'Styring og ledelse', null],
  ['01.02', 'Økonomistyring', '01'],
  ['02', 'Oppvekst og utdanning', null],
  ['02.01', 'Grunnskoleopplæring', '02'],
];

/** The case's primary class and secondary ones, by the story its title tells. */
function classesFor(title: string): [string, string[]] | null {
  if (title.startsWith('Elevmappe')) return ['K:A20', ['F:02.01']];
  if (title.startsWith('Personalmappe') || title.startsWith('Personalsak')) return ['K:210', []];
  if (title.startsWith('Henvisning til PPT') || title.startsWith('Sakkyndig vurdering')) {
    return ['K:B31', ['F:02.01']];
  }
  if (title.startsWith('Introduksjonsprogram') || title.startsWith('Bosetting av flyktninger')) {
    return ['K:F30', []];
  }
  if (title.startsWith('Budsjett')) return ['K:151', ['F:01.02']];
  if (title.startsWith('Delegeringsreglement')) return ['K:033', ['F:01']];
  return null;
}

export function createDemoClassification(em: EntityManager, data: DemoData): void {
  let next = 16;
  const system = (sid: string, title: string, type: ClassificationType, description: string) =>
    em.create(ClassificationSystem, { id: sid, title, type, description });
  const kCodes = system(
    DEMO_SYSTEM_IDS.kCodes,
    'K-koder',
    ClassificationType.K_CODES,
    'KS-K-koder: felles arkivnøkkel for kommunene',
  );
  const functions = system(
    DEMO_SYSTEM_IDS.functions,
    'Funksjonsplan for Vennesla kommune',
    ClassificationType.FUNCTION_BASED,
    'Kommunens oppgaver i to nivåer',
  );
  const persons = system(
    DEMO_SYSTEM_IDS.nationalId,
    'Fødselsnummer',
    ClassificationType.NATIONAL_ID,
    'Elevmapper og personalmapper etter fødselsnummer (skjermet)',
  );
  const classes = new Map<string, Class>();
  const add = (
    key: string,
    s: ClassificationSystem,
    classId: string,
    title: string,
    parent: Class | null,
  ) => {
    const screened = screensClasses(s.type);
    const k = em.create(Class, {
      id: id(next++),
      system: s,
      classId,
      title,
      screened,
      publicClassId: screened ? SCREENED_MARKER : classId,
      publicTitle: screened ? SCREENED_MARKER : title,
      parent,
    });
    classes.set(key, k);
    return k;
  };
  for (const [code, title] of K_CODES) add(`K:${code}`, kCodes, code, title, null);
  for (const [code, title, parent] of FUNCTIONS) {
    add(`F:${code}`, functions, code, title, parent ? classes.get(`F:${parent}`)! : null);
  }

  // One pupil folder and one personnel folder are classified by the person's (synthetic) number,
  // titled with the person's name as Noark does: both screened.
  const pupilFolder = data.cases.find((c) => c.title.startsWith('Elevmappe – '));
  const personnelFolder = data.cases.find((c) => c.title.startsWith('Personalmappe – '));
  const personal = new Map<string, Class>();
  if (pupilFolder) {
    const name = pupilFolder.title.slice('Elevmappe – '.length);
    personal.set(pupilFolder.id, add('P:pupil', persons, DEMO_PUPIL_NATIONAL_ID, name, null));
  }
  if (personnelFolder) {
    const name = personnelFolder.title.slice('Personalmappe – '.length);
    personal.set(
      personnelFolder.id,
      add('P:employee', persons, DEMO_EMPLOYEE_NATIONAL_ID, name, null),
    );
  }

  for (const c of data.cases) {
    const plan = classesFor(c.title);
    if (!plan) continue;
    const own = personal.get(c.id);
    // A person's folder is filed under the person first, and under its K-code second.
    const [primary, secondary] = own
      ? [own, [classes.get(plan[0])!, ...plan[1].map((k) => classes.get(k)!)]]
      : [classes.get(plan[0])!, plan[1].map((k) => classes.get(k)!)];
    const caseRef = em.getReference(Case, c.id);
    em.create(CaseClass, {
      case: caseRef,
      class: primary,
      role: CaseClassRole.PRIMARY,
      position: 0,
    });
    secondary.forEach((k, i) =>
      em.create(CaseClass, {
        case: caseRef,
        class: k,
        role: CaseClassRole.SECONDARY,
        position: i + 1,
      }),
    );
  }
}

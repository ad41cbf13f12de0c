/**
 * The order of arkivstruktur.xml: systems by title, classes by klasseID under their parent, the
 * cases of a class by case number, and last the cases without a primary class. The writer and the
 * package's file list walk it the same way, so the files come in the order of their
 * referanseDokumentfil elements.
 */
import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../../db/sqlTemplate';
import { type ArchivePartScope } from '../scope';
import {
  CASE_PAGE,
  type CaseRow,
  type ClassRow,
  casesOf,
  readSkeleton,
  type SystemRow,
} from './rows';

export type Step =
  | { kind: 'openSystem'; system: SystemRow | null }
  | { kind: 'closeSystem' }
  /** `own`: the class again, holding its own cases below its subclasses (see classSteps) */
  | { kind: 'openClass'; klass: ClassRow | null; own?: true }
  | { kind: 'closeClass' }
  | { kind: 'cases'; cases: CaseRow[] };

async function* pagesOf(
  em: EntityManager,
  scope: ArchivePartScope,
  classId: string | null,
  pageSize: number,
): AsyncGenerator<Step> {
  const page = casesOf(scope, classId, pageSize);
  let after: { year: number; sequence: number } | null = null;
  for (;;) {
    const cases: CaseRow[] = await query<CaseRow>(em, page(after));
    if (cases.length === 0) return;
    yield { kind: 'cases', cases };
    const last: CaseRow = cases[cases.length - 1]!;
    after = { year: last.case_year, sequence: last.case_sequence };
  }
}

/**
 * The steps of the document below arkivdel. Cases without a primary class sit directly under
 * arkivdel when no case of the part is classified (arkivdel holds either klassifikasjonssystem or
 * mappe, never both), else under one extra system and class (codes.ts, UNCLASSIFIED).
 */
export async function* walk(
  em: EntityManager,
  scope: ArchivePartScope,
  pageSize = CASE_PAGE,
): AsyncGenerator<Step> {
  const { systems, classes } = await readSkeleton(em, scope);
  const children = new Map<string | null, ClassRow[]>();
  for (const k of classes) {
    const key = k.parent_id ?? `system:${k.system_id}`;
    const list = children.get(key);
    if (list) list.push(k);
    else children.set(key, [k]);
  }
  // A klasse holds subclasses or folders, never both: the cases of a class that also has
  // subclasses go into one more subclass with its klasseID and title (an importer that finds the
  // class by klasseID files them under the class itself).
  async function* classSteps(k: ClassRow): AsyncGenerator<Step> {
    yield { kind: 'openClass', klass: k };
    const kids = children.get(k.id) ?? [];
    for (const child of kids) yield* classSteps(child);
    if (k.has_cases && kids.length > 0) {
      yield { kind: 'openClass', klass: k, own: true };
      yield* pagesOf(em, scope, k.id, pageSize);
      yield { kind: 'closeClass' };
    } else if (k.has_cases) yield* pagesOf(em, scope, k.id, pageSize);
    yield { kind: 'closeClass' };
  }
  for (const s of systems) {
    yield { kind: 'openSystem', system: s };
    for (const k of children.get(`system:${s.id}`) ?? []) yield* classSteps(k);
    yield { kind: 'closeSystem' };
  }
  const [unclassified] = await query<{ any: boolean }>(
    em,
    sql`select exists (select 1 from case_file c where c.archive_part_id = ${scope.archivePartId}
          and not exists (select 1 from case_class p where p.case_id = c.id and p.role = 'PRIMARY')) as any`,
  );
  if (!unclassified?.any) return;
  if (systems.length === 0) {
    yield* pagesOf(em, scope, null, pageSize);
    return;
  }
  yield { kind: 'openSystem', system: null };
  yield { kind: 'openClass', klass: null };
  yield* pagesOf(em, scope, null, pageSize);
  yield { kind: 'closeClass' };
  yield { kind: 'closeSystem' };
}

import { createHash, randomUUID } from 'node:crypto';
import { type EntityManager } from '@mikro-orm/postgresql';
import { inOrganisation } from '../../src/db/organisationScope';
import { query, sql } from '../../src/db/sqlTemplate';
import { type ArchivePartScope } from '../../src/exports/scope';
import { pdfa2b } from '../support/pdf';

/** The demo's closed archive part of Vennesla (src/db/seed/persist.ts). */
export const CLOSED_PART = '00000000-0000-4000-8000-00000000a100';

/** All strings of an export, joined (the demo's parts are small). */
export async function collect(gen: AsyncIterable<string>): Promise<string> {
  const parts: string[] = [];
  for await (const s of gen) parts.push(s);
  return parts.join('');
}

/**
 * Documents for the part's posts, as archivists' uploads would give them (the demo's closed part
 * has none): every other post gets a main document with an ARCHIVE file in PDF/A-2b, every third
 * of those an attachment without one, the first attachment a screening code of its own and the
 * last one disposed of (utført kassasjon, by two archivists). Returns the number of ARCHIVE files
 * added.
 */
export async function addArchiveFiles(em: EntityManager, scope: ArchivePartScope): Promise<number> {
  return inOrganisation(em, scope.organisationId, async (tx) => {
    const posts = await query<{ id: string; title: string; created_by_id: string }>(
      tx,
      sql`select p.id, p.title, p.created_by_id from journal_post p
          join case_file c on c.id = p.case_id
          where c.archive_part_id = ${scope.archivePartId}
            and not exists (select 1 from document_description d where d.journal_post_id = p.id)
          order by c.case_year, c.case_sequence, p.document_number`,
    );
    const [code] = await query<{ id: string }>(
      tx,
      sql`select id from screening_code where organisation_id = ${scope.organisationId}
          order by code limit 1`,
    );
    let added = 0;
    let screened = false;
    let lastAttachment: string | null = null;
    for (const [i, p] of posts.entries()) {
      if (i % 2 !== 0) continue;
      const main = randomUUID();
      await tx.execute(
        `insert into document_description (id, journal_post_id, document_number, role, title,
           status, created_by_id, created_at, version)
         values (?, ?, 1, 'MAIN', ?, 'FINALISED', ?, now(), 1)`,
        [main, p.id, p.title, p.created_by_id],
        'run',
      );
      const bytes = pdfa2b(`Arkivformat av ${p.title}`);
      await tx.execute(
        `insert into document (id, journal_post_id, document_description_id, variant, version,
           file_name, media_type, format, size, sha256, content, uploaded_by_id, uploaded_at)
         values (?, ?, ?, 'ARCHIVE', 1, 'arkiv.pdf', 'application/pdf', 'PDF/A-2b', ?, ?, ?, ?, now())`,
        [
          randomUUID(),
          p.id,
          main,
          bytes.length,
          createHash('sha256').update(bytes).digest('hex'),
          bytes,
          p.created_by_id,
        ],
        'run',
      );
      added++;
      if (i % 6 === 0) {
        await tx.execute(
          `insert into document_description (id, journal_post_id, document_number, role, title,
             status, screening_code_id, created_by_id, created_at, version)
           values (?, ?, 2, 'ATTACHMENT', ?, 'UNDER_EDITING', ?, ?, now(), 1)`,
          [
            (lastAttachment = randomUUID()),
            p.id,
            `Vedlegg til ${p.title}`,
            screened ? null : (code?.id ?? null),
            p.created_by_id,
          ],
          'run',
        );
        screened = true;
      }
    }
    const users = await query<{ id: string }>(
      tx,
      sql`select id from app_user where organisation_id = ${scope.organisationId} order by username limit 2`,
    );
    const disposal = randomUUID();
    await tx.execute(
      `insert into disposal (id, status, basis, proposed_by_id, proposed_at, confirmed_by_id, confirmed_at)
       values (?, 'CONFIRMED', 'Kassasjonsplanen', ?, now(), ?, now())`,
      [disposal, users[0]!.id, users[1]!.id],
      'run',
    );
    await tx.execute(
      `update document_description set disposed_at = now(), disposed_by_id = ?, disposal_id = ? where id = ?`,
      [users[1]!.id, disposal, lastAttachment],
      'run',
    );
    return added;
  });
}

/**
 * Files one unclassified case of the part under a class whose subclass the part also uses, so
 * that the class has both folders and subclasses (arkivstruktur.xsd allows a klasse only one of
 * the two). Returns the class's id.
 */
export async function classifyOnParentClass(
  em: EntityManager,
  scope: ArchivePartScope,
): Promise<string> {
  return inOrganisation(em, scope.organisationId, async (tx) => {
    const [parent] = await query<{ id: string }>(
      tx,
      sql`select k.id from class k where exists (
            select 1 from class c join case_class cc on cc.class_id = c.id
            join case_file f on f.id = cc.case_id
            where c.parent_id = k.id and f.archive_part_id = ${scope.archivePartId})
          order by k.class_id limit 1`,
    );
    const [c] = await query<{ id: string }>(
      tx,
      sql`select f.id from case_file f where f.archive_part_id = ${scope.archivePartId}
            and not exists (select 1 from case_class cc where cc.case_id = f.id)
          order by f.case_year, f.case_sequence limit 1`,
    );
    await tx.execute(
      `insert into case_class (case_id, position, class_id, role) values (?, 0, ?, 'PRIMARY')`,
      [c!.id, parent!.id],
      'run',
    );
    return parent!.id;
  });
}

import { createHash } from 'node:crypto';
import { type EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../../db/sqlTemplate';
import { Document, DocumentVariant } from '../../entities/Document';
import { DocumentDescription, DocumentRole, User } from '../../entities';
import { type Actor } from '../administration';
import { recordAudit } from '../audit';
import { badInput, invalidState, notFound } from '../errors';
import { registryId, requiredText } from '../journalPosts/common';
import { auditTarget, contentLocked, lockPost, mainDescription } from './descriptions';
import { defaultFileName, PDF } from './files';
import { identifyPdfa, notPdfaMessage } from './pdfa';

/**
 * Files (dokumentobjekt) of the document descriptions of journal posts, kept in PostgreSQL
 * (`document`, bytea). One file per description and variant is current; a replaced one stays as
 * history with `replaced_at`, so that a file released to an insight requester can still be served
 * exactly as released. A post's first file makes its main description (descriptions.ts).
 *
 * | the post's content is … (or the description FINALISED) | first file of a variant | replacing the current file |
 * |-----------------------------------------|-------------------------|----------------------------|
 * | open (RESERVED; I: TEMPORARY, REGISTERED_BY_HANDLER) | yes         | yes (audited)              |
 * | locked (finalised, registered, dispatched, archived; or the description FINALISED) | yes | only an archivist's correction with a reason |
 * | CANCELLED                               | no                      | no                         |
 *
 * A first file may be added to a locked post: an incoming letter is scanned after the archive has
 * registered it, the archive variant is made when the case is archived, and the public variant
 * when someone asks for insight. Uploading the same bytes again changes nothing.
 *
 * The ARCHIVE file must identify itself as PDF/A, sent as application/pdf (pdfa.ts: identified,
 * not validated); its level is recorded as the document's format. Files of the other variants are
 * any media type, and get a format only when they too declare a PDF/A level.
 */

/** What a caller knows of a file; never its bytes. */
export interface DocumentMeta {
  id: string;
  journalPostId: string;
  /** The document description (dokumentbeskrivelse) it belongs to */
  descriptionId: string;
  variant: DocumentVariant;
  version: number;
  fileName: string;
  mediaType: string;
  /** Format (M701): the declared PDF/A level, e.g. PDF/A-2b; null when none */
  format: string | null;
  size: number;
  sha256: string;
  uploadedAt: Date;
  uploadedById: string;
  current: boolean;
  /** The bytes were destroyed by a disposal (kassasjon); the row is the trace */
  disposed: boolean;
}

interface MetaRow {
  id: string;
  journal_post_id: string;
  document_description_id: string;
  variant: DocumentVariant;
  version: number;
  file_name: string;
  media_type: string;
  format: string | null;
  size: number;
  sha256: string;
  uploaded_at: string | Date;
  uploaded_by_id: string;
  replaced_at: string | Date | null;
  disposed_at: string | Date | null;
}

const META = sql`d.id, d.journal_post_id, d.document_description_id, d.variant, d.version, d.file_name, d.media_type,
  d.format, d.size, d.sha256, d.uploaded_at, d.uploaded_by_id, d.replaced_at, d.disposed_at`;

function toMeta(r: MetaRow): DocumentMeta {
  return {
    id: r.id,
    journalPostId: r.journal_post_id,
    descriptionId: r.document_description_id,
    variant: r.variant,
    version: r.version,
    fileName: r.file_name,
    mediaType: r.media_type,
    format: r.format,
    size: Number(r.size),
    sha256: r.sha256,
    uploadedAt: new Date(r.uploaded_at),
    uploadedById: r.uploaded_by_id,
    current: r.replaced_at === null,
    disposed: r.disposed_at !== null,
  };
}

/** The current file of a variant of the post's main document (hoveddokument). */
export async function currentDocument(
  em: EntityManager,
  postId: string,
  variant: DocumentVariant,
): Promise<DocumentMeta | null> {
  const [row] = await query<MetaRow>(
    em,
    sql`select ${META} from document d
      join document_description dd on dd.id = d.document_description_id
      where dd.journal_post_id = ${postId} and dd.document_number = 1
        and d.variant = ${variant} and d.replaced_at is null`,
  );
  return row ? toMeta(row) : null;
}

/** The current file of a variant of one document description. */
export async function currentObject(
  em: EntityManager,
  descriptionId: string,
  variant: DocumentVariant,
): Promise<DocumentMeta | null> {
  const [row] = await query<MetaRow>(
    em,
    sql`select ${META} from document d
      where d.document_description_id = ${descriptionId} and d.variant = ${variant}
        and d.replaced_at is null`,
  );
  return row ? toMeta(row) : null;
}

export async function documentById(em: EntityManager, id: string): Promise<DocumentMeta | null> {
  const [row] = await query<MetaRow>(em, sql`select ${META} from document d where d.id = ${id}`);
  return row ? toMeta(row) : null;
}

/** The current file of the first given variant the post's main document has, for decisions. */
export async function firstCurrentDocument(
  em: EntityManager,
  postId: string,
  variants: DocumentVariant[],
): Promise<DocumentMeta | null> {
  for (const variant of variants) {
    const found = await currentDocument(em, postId, variant);
    if (found) return found;
  }
  return null;
}

export const CHUNK_BYTES = 1024 * 1024;

/**
 * The bytes of a file in slices of 1 MiB, each read on its own (`substring` of the bytea, which
 * reads only the TOAST chunks it needs): a download never holds the whole file in memory. Files
 * are never changed once written, so the slices are consistent without a transaction.
 */
export async function* readContent(
  em: EntityManager,
  doc: Pick<DocumentMeta, 'id' | 'size'>,
  chunk = CHUNK_BYTES,
): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < doc.size; offset += chunk) {
    const [row] = await query<{ part: Buffer }>(
      em,
      sql`select substring(content from ${offset + 1}::int for ${chunk}::int) as part
        from document where id = ${doc.id}`,
    );
    if (!row) throw new Error(`document ${doc.id} disappeared while it was read`);
    yield row.part;
  }
}

export interface UploadInput {
  postId: string;
  /** The description (of that post) the file is for; null: the post's main document */
  descriptionId: string | null;
  variant: DocumentVariant;
  mediaType: string;
  /** Made safe by the caller (files.ts); null: a name is made from the registry id */
  fileName: string | null;
  content: Buffer;
  /** An archivist's correction: replaces a file of a locked post. The caller checked the right. */
  correctionReason: string | null;
}

export interface UploadResult {
  document: DocumentMeta;
  /** created: a first file of the variant; replaced: a new version; unchanged: the same bytes */
  outcome: 'created' | 'replaced' | 'unchanged';
}

/** A file as the audit trail records it. */
const summary = (d: Document) => ({
  version: d.version,
  fileName: d.fileName,
  mediaType: d.mediaType,
  format: d.format ?? null,
  size: d.size,
  sha256: d.sha256,
});

/**
 * The PDF/A level of the file (null when it declares none), or the refusal of an ARCHIVE file
 * that is not PDF/A or is not sent as application/pdf.
 */
function archiveFormat(input: UploadInput): string | null {
  const found = identifyPdfa(input.content);
  if (input.variant !== DocumentVariant.ARCHIVE) return 'format' in found ? found.format : null;
  if (!('format' in found)) {
    throw badInput('body', 'NOT_PDFA', notPdfaMessage(found), { reason: found.reason });
  }
  if (input.mediaType !== PDF) {
    throw badInput(
      'Content-Type',
      'NOT_ALLOWED',
      `The archive variant is ${found.format}: send it as application/pdf, not ${input.mediaType}`,
    );
  }
  return found.format;
}

/**
 * Stores a file for a description and variant inside the caller's transaction, with its audit
 * event (`document.upload`, `document.replace` or `document.correct`, target the journal post for
 * its main document, else the description (descriptions.ts, auditTarget);
 * the change is `documents.<variant>` for the main document, `documents.<number>.<variant>` for an
 * attachment). Uploads of the same post wait for one another (the post's row is locked).
 */
export async function storeDocument(
  em: EntityManager,
  actor: Actor,
  input: UploadInput,
): Promise<UploadResult> {
  const post = await lockPost(em, input.postId);
  const description = input.descriptionId
    ? await em.findOne(
        DocumentDescription,
        { id: input.descriptionId, journalPost: post },
        { refresh: true },
      )
    : await mainDescription(em, actor, post);
  if (!description) throw notFound('The document description');
  if (description.disposedAt) {
    throw invalidState(
      'DISPOSED',
      'The document has been disposed of (kassert); it takes no new files',
    );
  }
  const name =
    description.role === DocumentRole.MAIN
      ? `${input.variant}`
      : `${input.variant} of attachment ${description.documentNumber}`;
  const format = archiveFormat(input);
  const reason =
    input.correctionReason === null
      ? null
      : requiredText('correction', input.correctionReason, 'A reason for the correction');
  const existing = await em.findOne(Document, {
    description,
    variant: input.variant,
    replacedAt: null,
  });
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  if (existing && existing.sha256 === sha256 && existing.mediaType === input.mediaType) {
    const meta = await documentById(em, existing.id);
    return { document: meta!, outcome: 'unchanged' };
  }
  if (reason !== null && !existing) {
    throw badInput(
      'correction',
      'NOT_ALLOWED',
      `${registryId(post)} has no ${name} document to correct; upload it without a correction`,
    );
  }
  if (existing && reason === null && contentLocked(post, description)) {
    throw invalidState(
      post.status,
      `${registryId(post)} is locked (finalised or registered, or the document finalised); its ${name} document can be replaced only by an archivist's correction with a reason (header X-Correction-Reason or ?correction=…)`,
    );
  }
  const now = new Date();
  if (existing) {
    existing.replacedAt = now;
    existing.replacedBy = em.getReference(User, actor.userId);
    // The partial unique index (one current file per description and variant) is checked per statement:
    // the old file must stop being current before the new one is inserted.
    await em.flush();
  }
  const doc = em.create(Document, {
    journalPost: post,
    description,
    variant: input.variant,
    version: (existing?.version ?? 0) + 1,
    fileName:
      input.fileName ??
      defaultFileName(
        description.role === DocumentRole.MAIN
          ? registryId(post)
          : `${registryId(post)}-${description.documentNumber}`,
        input.variant,
        input.mediaType,
      ),
    mediaType: input.mediaType,
    format,
    size: input.content.length,
    sha256,
    content: input.content,
    uploadedBy: em.getReference(User, actor.userId),
    uploadedAt: now,
    correctionReason: reason,
  });
  const action = reason !== null ? 'correct' : existing ? 'replace' : 'upload';
  recordAudit(em, {
    actorId: actor.userId,
    requestId: actor.requestId,
    action: `document.${action}`,
    ...auditTarget(post, description),
    changes: {
      [description.role === DocumentRole.MAIN
        ? `documents.${input.variant}`
        : `documents.${description.documentNumber}.${input.variant}`]: {
        old: existing ? summary(existing) : null,
        new: summary(doc),
      },
    },
    reason,
  });
  await em.flush();
  const meta = await documentById(em, doc.id);
  return { document: meta!, outcome: existing ? 'replaced' : 'created' };
}

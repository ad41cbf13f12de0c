import { createHash } from 'node:crypto';
import { type EntityManager } from '@mikro-orm/postgresql';
import { pdfa2b } from '../../domain/documents/minimalPdf';
import { isContentLocked } from '../../domain/journalPosts/states';
import {
  Document,
  DocumentDescription,
  DocumentRole,
  DocumentStatus,
  DocumentVariant,
  JournalPost,
  JournalPostType,
  JournalStatus,
  ScreeningCode,
  User,
} from '../../entities';
import { type DemoData } from './model';
import { Rng } from './random';

/** Its own id series, so the documents never shift the ids of the rest of the demo. */
const DOCUMENT_ID_SEED = 0x0d0c;
/** The series of the closed archive part's documents and of every file in arkivformat. */
const ARCHIVE_ID_SEED = 0x0d0d;
/** Posts of the closed archive part that get a main document of their own. */
const CLOSED_PART_POSTS = 4;

/** Attachments (vedlegg) of the first demo posts that get files; the last one is screened. */
const ATTACHMENTS: { title: string; screened: boolean }[][] = [
  [
    { title: 'Kart over påstigningssteder', screened: false },
    { title: 'Rutetabell', screened: false },
  ],
  [{ title: 'Kopi av tidligere korrespondanse', screened: false }],
  [
    { title: 'Fullmakt', screened: false },
    { title: 'Legeerklæring om søkerens helse', screened: true },
  ],
];

/**
 * Document descriptions (dokumentbeskrivelse) and files (dokumentobjekt) of a few open, unscreened
 * incoming posts (docs/demo-data.md): each gets its main document and attachments with a small
 * text file as production format, and the third a medical certificate screened with code 13 on
 * its own. Deterministic, as the rest of the demo.
 */
export function createDemoDocuments(
  em: EntityManager,
  data: DemoData,
  inClosedPart: (caseId: string) => boolean,
): void {
  const ids = new Rng(DOCUMENT_ID_SEED);
  const archiveIds = new Rng(ARCHIVE_ID_SEED);
  /** A closed part's documents are final and carry their arkivformat file (a deposit needs it). */
  const archiveFile = (
    post: JournalPost,
    description: DocumentDescription,
    by: User,
    at: Date,
    n: number,
  ) => {
    const content = pdfa2b(`Demodokument ${description.id} (arkivformat)`);
    em.create(Document, {
      id: archiveIds.uuid(),
      journalPost: post,
      description,
      variant: DocumentVariant.ARCHIVE,
      fileName: `dokument-${n}.pdf`,
      mediaType: 'application/pdf',
      format: 'PDF/A-2b',
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      content,
      uploadedBy: by,
      uploadedAt: at,
    });
  };
  const code13 = data.screeningCodes.find((c) => c.code === '13');
  const posts = data.journalPosts
    .filter(
      (p) =>
        p.type === JournalPostType.INCOMING &&
        p.status !== JournalStatus.CANCELLED &&
        p.accessGroupId === null &&
        p.screeningCodeId === null,
    )
    .slice(0, ATTACHMENTS.length);
  posts.forEach((p, i) => {
    const post = em.getReference(JournalPost, p.id);
    const by = em.getReference(User, p.responsibleId);
    const closed = inClosedPart(p.caseId);
    const status =
      closed || isContentLocked(p) ? DocumentStatus.FINALISED : DocumentStatus.UNDER_EDITING;
    const documents = [
      { title: p.title, screened: false, role: DocumentRole.MAIN },
      ...ATTACHMENTS[i]!.map((a) => ({ ...a, role: DocumentRole.ATTACHMENT })),
    ];
    documents.forEach((d, n) => {
      const description = em.create(DocumentDescription, {
        id: ids.uuid(),
        journalPost: post,
        documentNumber: n + 1,
        role: d.role,
        title: d.title,
        status,
        screeningCode: d.screened && code13 ? em.getReference(ScreeningCode, code13.id) : null,
        createdBy: by,
        createdAt: p.createdAt,
        version: 1,
      });
      const content = Buffer.from(`${d.title}\n(Demodokument for Arkivgraf)\n`, 'utf8');
      em.create(Document, {
        id: ids.uuid(),
        journalPost: post,
        description,
        variant: DocumentVariant.PRODUCTION,
        fileName: `dokument-${n + 1}.txt`,
        mediaType: 'text/plain',
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
        uploadedBy: by,
        uploadedAt: p.createdAt,
      });
      if (closed) archiveFile(post, description, by, p.createdAt, n + 1);
    });
  });
  // The first post (not cancelled) of the first cases of the closed part gets a main document in
  // arkivformat, so that the part can be exported as a deposit package (docs/noark5.md,
  // "Arkivuttrekk (deposit package)").
  const described = new Set(posts.map((p) => p.id));
  const cases = new Set<string>();
  data.journalPosts
    .filter((p) => {
      const first =
        inClosedPart(p.caseId) &&
        p.status !== JournalStatus.CANCELLED &&
        !described.has(p.id) &&
        !cases.has(p.caseId);
      if (first) cases.add(p.caseId);
      return first;
    })
    .slice(0, CLOSED_PART_POSTS)
    .forEach((p) => {
      const post = em.getReference(JournalPost, p.id);
      const by = em.getReference(User, p.responsibleId);
      const description = em.create(DocumentDescription, {
        id: archiveIds.uuid(),
        journalPost: post,
        documentNumber: 1,
        role: DocumentRole.MAIN,
        // Not the post's title: that may be screened, and the description is not.
        title: 'Hoveddokument',
        status: DocumentStatus.FINALISED,
        screeningCode: null,
        createdBy: by,
        createdAt: p.createdAt,
        version: 1,
      });
      archiveFile(post, description, by, p.createdAt, 1);
    });
}

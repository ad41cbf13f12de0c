import { type EntityManager } from '@mikro-orm/postgresql';
import { loadViewer } from '../auth/loadViewer';
import { inOrganisation } from '../db/organisationScope';
import { recordAudit } from '../domain/audit';
import { AppError } from '../domain/errors';
import { ImportFailed, type ImportReport, importArkivstruktur } from '../imports/arkivstruktur';
import { type CheckedFile, openPackage } from '../imports/package';
import { refuseArchiveImport } from '../policies/archiveImports';
import { enforce } from './funnel';

/**
 * Importing a deposit package (arkivuttrekk) into an empty organisation, for a municipality that
 * moves from another Noark 5 system (docs/noark5.md, "Import"). The whole import is one
 * transaction set to the organisation, with its audit event: a package that fails anywhere (a
 * checksum, a missing document file, a record that cannot be kept) leaves nothing behind.
 */
export interface ArchiveImportInput {
  /** The organisation to import into (its id); it must hold no cases or journal posts */
  organisationId: string;
  /** The archivist who imports, by username within that organisation */
  username: string;
  /** The tar file */
  file: string;
  requestId: string;
}

export interface ArchiveImportResult extends ImportReport {
  /** SHA-256 of the package file */
  packageSha256: string;
  /** The XML files arkivuttrekk.xml describes, checked against their checksums */
  checkedFiles: CheckedFile[];
}

/** `em` acts as the database owner (the command line): the transaction sets the organisation. */
export async function importArchivePackage(
  em: EntityManager,
  input: ArchiveImportInput,
): Promise<ArchiveImportResult> {
  const opened = await openPackage(input.file);
  try {
    return await inOrganisation(em, input.organisationId, async (tx) => {
      const viewer = await loadViewer(tx, { username: input.username });
      enforce(refuseArchiveImport(viewer));
      if (opened.errors.length) throw packageRefused(opened.errors);
      const report = await importArkivstruktur(tx, opened.arkivstruktur(), opened.files, {
        organisationId: input.organisationId,
        actorId: viewer!.userId,
      }).catch((err: unknown) => {
        throw err instanceof ImportFailed ? packageRefused(err.report.errors) : err;
      });
      if (report.errors.length) throw packageRefused(report.errors);
      recordAudit(tx, {
        actorId: viewer!.userId,
        action: 'organisation.importArchive',
        targetType: 'Organisation',
        targetId: input.organisationId,
        changes: {
          package: { old: null, new: { sha256: opened.sha256 } },
          imported: {
            old: null,
            new: {
              cases: report.cases,
              journalPosts: report.journalPosts,
              documentDescriptions: report.documentDescriptions,
              documentFiles: report.documentFiles,
            },
          },
          unknownElements: { old: null, new: report.unknownElements },
        },
        requestId: input.requestId,
      });
      await tx.flush();
      return { ...report, packageSha256: opened.sha256, checkedFiles: opened.checkedFiles };
    });
  } finally {
    await opened.close();
  }
}

/** The package's mistakes, all of them, as one BAD_USER_INPUT (params.errors lists them). */
function packageRefused(errors: string[]): AppError {
  return new AppError(
    'BAD_USER_INPUT',
    `The package cannot be imported: ${errors.length} ${errors.length === 1 ? 'mistake' : 'mistakes'}`,
    { errors },
  );
}

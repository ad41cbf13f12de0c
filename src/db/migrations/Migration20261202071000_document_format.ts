import { Migration } from '@mikro-orm/migrations';

/**
 * The format (Noark 5 M701) of a document: the PDF/A level its file declares (domain/documents/
 * pdfa.ts). Files stored before stay null: they were never identified, and an existing ARCHIVE file
 * that is not PDF/A is kept as it was.
 */
export class Migration20261202071000_document_format extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "document" add column "format" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "document" drop column "format";`);
  }
}

/**
 * What an export covers: one archive part (arkivdel) of one organisation (arkivskaper). Every
 * writer of the deposit package (docs/noark5.md, "Arkivuttrekk") takes it and runs inside a
 * transaction its caller opened and set to that organisation (db/organisationScope.ts), so that
 * all documents of one package are read from one snapshot.
 */
export interface ArchivePartScope {
  organisationId: string;
  archivePartId: string;
}

/** Called by a writer as it goes with the number of records (journal posts) written so far, for the job's progress. */
export type RecordWritten = (records: number) => void;

/** The GraphQL types that implement Node, and so can be fetched by `node(id:)`. */
export const NODE_TYPES = [
  'Unit',
  'User',
  'AccessGroup',
  'ScreeningCode',
  'Archive',
  'ArchivePart',
  'ClassificationSystem',
  'Class',
  'Case',
  'CaseParty',
  'JournalPost',
  'DocumentDescription',
  'AuditEvent',
  'InsightRequest',
  'Remark',
  'Disposal',
  // The public form of a published journal post: its own id, so a client cache keeps it apart
  'PublicJournalEntry',
  'Organisation',
  'ArchiveExport',
  'SpecialistSystem',
  'ArchiveLogEntry',
  'DocumentType',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque Relay ids: base64url of "Type:uuid", so `node(id:)` knows where to look. */
export function toGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** null for anything that is not an id this server issued (unknown ids answer NOT_FOUND). */
export function fromGlobalId(globalId: string): { type: NodeType; id: string } | null {
  if (globalId.length > 200 || !/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const sep = decoded.indexOf(':');
  const type = decoded.slice(0, sep);
  const id = decoded.slice(sep + 1);
  if (sep < 1 || !UUID.test(id)) return null;
  if (!(NODE_TYPES as readonly string[]).includes(type)) return null;
  return { type: type as NodeType, id };
}

/** The uuid of a global id of the given type, or null. */
export function idOf(type: NodeType, globalId: string): string | null {
  const parsed = fromGlobalId(globalId);
  return parsed && parsed.type === type ? parsed.id : null;
}

/**
 * One entry an insight request asks for, as given at `position`: the journal post behind a
 * PublicJournalEntry id, or the kind of record an id of another kind names (refused as INVALID_ID).
 */
export function requestedEntry(given: string, position: number) {
  const parsed = fromGlobalId(given);
  const isEntry = parsed?.type === 'PublicJournalEntry';
  return {
    position,
    given,
    journalPostId: isEntry ? parsed.id : null,
    otherKind: parsed && !isEntry ? parsed.type : null,
  };
}

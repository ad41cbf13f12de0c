// Dokumenttyper of the demo's municipalities (docs/demo-data.md, "Document types"): the same
// four in each. Their ids are derived from the organisation and the name, not drawn from the
// seed's random sequence, so adding them left every other seeded id as it was. No seeded post
// has a type: the approval routine is tried on posts the tests make.
import { createHash } from 'node:crypto';
import { type EntityManager } from '@mikro-orm/postgresql';
import { DocumentType } from '../../entities';

export interface DemoDocumentType {
  name: string;
  requiresApproval: boolean;
  description: string;
}

export const DEMO_DOCUMENT_TYPES: readonly DemoDocumentType[] = [
  {
    name: 'Sakkyndig vurdering',
    requiresApproval: true,
    description: 'Sakkyndige vurderinger (f.eks. fra PPT); godkjennes av leder før ekspedering',
  },
  {
    name: 'Vedtak',
    requiresApproval: true,
    description: 'Enkeltvedtak; godkjennes av leder før ekspedering',
  },
  { name: 'Brev', requiresApproval: false, description: 'Utgående brev' },
  { name: 'Notat', requiresApproval: false, description: 'Interne notater' },
];

export const DOCUMENT_TYPES_VALID_FROM = '2020-01-01';

/** A stable uuid (version 8, RFC 9562) from the organisation's key and the type's name. */
function stableId(organisation: string, name: string): string {
  const hex = createHash('sha256').update(`documentType:${organisation}:${name}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The demo's document types, in the organisation the transaction is set to. */
export function createDemoDocumentTypes(em: EntityManager, organisation: string): void {
  for (const t of DEMO_DOCUMENT_TYPES) {
    em.create(DocumentType, {
      id: stableId(organisation, t.name),
      name: t.name,
      description: t.description,
      requiresApproval: t.requiresApproval,
      validFrom: DOCUMENT_TYPES_VALID_FROM,
      createdAt: new Date(`${DOCUMENT_TYPES_VALID_FROM}T00:00:00Z`),
    });
  }
}

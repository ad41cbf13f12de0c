import { type ArchivePartCounts } from './arkivstruktur';
import { element, escapeXml, XML_DECLARATION, xmlDateTime } from './xml';

/**
 * `arkivuttrekk.xml`: the description of a Noark 5 deposit package in ADDML v8.3 (Arkivverket's
 * Archival Data Description Markup Language), as Arkade reads it before anything else of an
 * uttrekk. One dataset with
 *
 * - `reference/context`: the archive creator (arkivskaper: name, organisation number), the system
 *   (Arkivgraf, Noark 5 v5.0) and the archive part (arkivdel) exported, as additionalElements;
 * - `reference/content`: the archival period (the journal dates' first and last day);
 * - `dataObjects`: the "Noark 5 arkivuttrekk" object with one dataObject per XML document of the
 *   package, each with its file name, its SHA-256 and how many occurrences of each Noark 5 entity
 *   it holds (numberOfOccurrences), and one for the document files (dokumenter/).
 *
 * Element order follows addml.xsd (xs:sequence): an additionalElement is description?, value?,
 * properties?, additionalElements?; a property description?, value?, properties?; a dataObject
 * description?, properties?, dataObjects?. Small and written in memory: it holds no records.
 */
export const ADDML_NAMESPACE = 'http://www.arkivverket.no/standarder/addml';

/** One XML document of the package as arkivuttrekk.xml describes it. */
export interface DescribedFile {
  /** The dataObject's name, e.g. arkivstruktur */
  name: string;
  /** The file name inside the package, e.g. arkivstruktur.xml */
  fileName: string;
  /** The target namespace of the document's schema */
  schema: string;
  sha256: string;
  size: number;
  /** Noark 5 element name → how many the document holds */
  occurrences: [string, number][];
}

export interface PackageDescription {
  /** The export's id: the dataset's name */
  exportId: string;
  createdAt: Date;
  /** Arkivskaper */
  creator: { name: string; organisationNumber: string | null };
  system: { name: string; version: string };
  archivePart: { id: string; title: string };
  counts: ArchivePartCounts;
  files: DescribedFile[];
  /** The document files (dokumenter/): how many */
  documents: { count: number };
}

const property = (name: string, value: string | number | null, children = ''): string =>
  `<property name="${escapeXml(name)}">${element('value', value)}${children === '' ? '' : `<properties>${children}</properties>`}</property>`;

const additional = (name: string, value: string | null, children = ''): string =>
  `<additionalElement name="${escapeXml(name)}">${element('value', value)}${children === '' ? '' : `<additionalElements>${children}</additionalElements>`}</additionalElement>`;

function describedFile(f: DescribedFile): string {
  const file = property(
    'file',
    null,
    property('name', f.fileName) +
      property('type', 'text/xml') +
      property('size', f.size) +
      property('schema', f.schema) +
      property('checksum', null, property('algorithm', 'SHA256') + property('value', f.sha256)),
  );
  const info = f.occurrences.length
    ? property(
        'info',
        null,
        f.occurrences
          .map(([entity, n]) => property('numberOfOccurrences', entity, property('value', n)))
          .join(''),
      )
    : '';
  return `<dataObject name="${escapeXml(f.name)}"><properties>${file}${info}</properties></dataObject>`;
}

/** The whole `arkivuttrekk.xml`. */
export function arkivuttrekkXml(d: PackageDescription): string {
  const creator = additional(
    'recordCreators',
    null,
    additional(
      'recordCreator',
      null,
      additional('name', d.creator.name) +
        (d.creator.organisationNumber
          ? additional('organisationNumber', d.creator.organisationNumber)
          : ''),
    ),
  );
  const context =
    creator +
    additional('systemType', 'Noark5') +
    additional('systemName', d.system.name) +
    additional('systemVersion', d.system.version) +
    additional('archive', null, additional('archivePartId', d.archivePart.id)) +
    additional('exportedAt', xmlDateTime(d.createdAt));
  const period =
    d.counts.firstDate && d.counts.lastDate
      ? additional(
          'archivalPeriod',
          null,
          additional('startDate', d.counts.firstDate) + additional('endDate', d.counts.lastDate),
        )
      : '';
  const content =
    period +
    additional('numberOfCases', String(d.counts.cases)) +
    additional('numberOfJournalPosts', String(d.counts.journalPosts));
  const documents = `<dataObject name="dokumenter"><properties>${property('folder', 'dokumenter')}${property(
    'info',
    null,
    property('numberOfOccurrences', 'dokumentfil', property('value', d.documents.count)),
  )}</properties></dataObject>`;
  return (
    XML_DECLARATION +
    `<addml xmlns="${ADDML_NAMESPACE}">` +
    `<dataset name="${escapeXml(d.exportId)}">` +
    element('description', `Noark 5 arkivuttrekk: ${d.archivePart.title}`) +
    `<reference><context><additionalElements>${context}</additionalElements></context>` +
    `<content><additionalElements>${content}</additionalElements></content></reference>` +
    `<dataObjects><dataObject name="Noark 5 arkivuttrekk"><dataObjects>` +
    d.files.map(describedFile).join('') +
    documents +
    `</dataObjects></dataObject></dataObjects>` +
    `</dataset></addml>\n`
  );
}

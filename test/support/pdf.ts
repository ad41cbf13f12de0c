/**
 * Files built in the test, no binaries committed. The minimal PDF builder lives in
 * src/domain/documents/minimalPdf.ts (the demo seed uses it too).
 */
export { pdfa2b, pdfFile, xmpPacket } from '../../src/domain/documents/minimalPdf';

/**
 * An incremental update: the file followed by a new metadata object 4 and its own xref section,
 * so the last XMP packet is the one in force.
 */
export function withUpdatedMetadata(file: Buffer, xmp: string): Buffer {
  const before = file.toString('latin1');
  const previousXref = /startxref\n(\d+)\n%%EOF\n$/.exec(before)![1];
  const metadata = Buffer.from(xmp, 'utf8').toString('latin1');
  const offset = before.length;
  let update = `4 0 obj\n<< /Type /Metadata /Subtype /XML /Length ${Buffer.byteLength(xmp)} >>\nstream\n${metadata}\nendstream\nendobj\n`;
  const xref = offset + update.length;
  update += `xref\n4 1\n${String(offset).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 5 /Root 1 0 R /Prev ${previousXref} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.concat([file, Buffer.from(update, 'latin1')]);
}

/**
 * The start of a .docx: a ZIP (local file header `PK\x03\x04`) holding [Content_Types].xml.
 * Enough for a server that reads magic bytes; not an Office document anyone could open.
 */
export function docxFile(): Buffer {
  const name = Buffer.from('[Content_Types].xml', 'latin1');
  const content = Buffer.from('<?xml version="1.0"?><Types/>', 'latin1');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(content.length, 18);
  header.writeUInt32LE(content.length, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name, content]);
}

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

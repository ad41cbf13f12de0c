/**
 * A minimal but well-formed PDF built in code (catalog, one empty page, a cross-reference table
 * with the right offsets), so that no binary is committed: the demo's files in arkivformat and the
 * tests' files. Given `xmp`, the catalog's /Metadata is an uncompressed XMP stream, as PDF/A wants
 * it. None of these is a valid PDF/A file (no output intent, no fonts checked): they only
 * *declare* a level, which is all the server identifies (domain/documents/pdfa.ts).
 */

/** An XMP packet declaring a PDF/A level, as rdf:Description attributes or as elements. */
export function xmpPacket(
  part: string,
  conformance: string | null,
  style: 'attributes' | 'elements' = 'attributes',
): string {
  const ns = 'xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"';
  const description =
    style === 'attributes'
      ? `<rdf:Description rdf:about="" ${ns} pdfaid:part="${part}"${conformance === null ? '' : ` pdfaid:conformance="${conformance}"`}/>`
      : `<rdf:Description rdf:about="" ${ns}>\n<pdfaid:part>${part}</pdfaid:part>\n${conformance === null ? '' : `<pdfaid:conformance>${conformance}</pdfaid:conformance>\n`}</rdf:Description>`;
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    description,
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

/** A PDF with one empty page; `text` goes into a comment, so that files differ. */
export function pdfFile(text: string, xmp?: string): Buffer {
  const metadata = xmp === undefined ? null : Buffer.from(xmp, 'utf8');
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R${metadata ? ' /Metadata 4 0 R' : ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    ...(metadata
      ? [
          `<< /Type /Metadata /Subtype /XML /Length ${metadata.length} >>\nstream\n${metadata.toString('latin1')}\nendstream`,
        ]
      : []),
  ];
  // Binary comment line: tells transfer tools the file is binary (PDF/A asks for it).
  let body = `%PDF-1.7\n%\xE2\xE3\xCF\xD3\n% ${Buffer.from(text, 'utf8').toString('latin1')}\n`;
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A PDF declaring PDF/A-2b (identified as PDF/A by the server, not validated by it). */
export const pdfa2b = (text: string): Buffer => pdfFile(text, xmpPacket('2', 'B'));

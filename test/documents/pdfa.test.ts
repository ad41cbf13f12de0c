import { describe, expect, it } from 'vitest';
import { identifyPdfa } from '../../src/domain/documents';
import { docxFile, pdfFile, withUpdatedMetadata, xmpPacket } from '../support/pdf';

/**
 * PDF/A identification (domain/documents/pdfa.ts) reads the level a file declares: the `%PDF-`
 * header and `pdfaid:part` / `pdfaid:conformance` of its XMP metadata. The files here declare a
 * level without being valid PDF/A, which is exactly what identification cannot tell apart: it
 * identifies, it does not validate.
 */

describe('The declared level is read from the XMP metadata, as attributes or as elements', () => {
  it('attributes: pdfaid:part="2" pdfaid:conformance="B" is PDF/A-2b', () => {
    expect(identifyPdfa(pdfFile('a', xmpPacket('2', 'B', 'attributes')))).toEqual({
      format: 'PDF/A-2b',
    });
  });

  it('elements: <pdfaid:part>3</pdfaid:part> <pdfaid:conformance>A</pdfaid:conformance> is PDF/A-3a', () => {
    expect(identifyPdfa(pdfFile('a', xmpPacket('3', 'A', 'elements')))).toEqual({
      format: 'PDF/A-3a',
    });
  });

  it('every level of parts 1–3; the conformance letter in either case', () => {
    const levels = [
      ['1', 'A', 'PDF/A-1a'],
      ['1', 'b', 'PDF/A-1b'],
      ['2', 'U', 'PDF/A-2u'],
      ['3', 'B', 'PDF/A-3b'],
      ['3', 'u', 'PDF/A-3u'],
    ];
    for (const [part, conformance, format] of levels) {
      expect(identifyPdfa(pdfFile('a', xmpPacket(part!, conformance!)))).toEqual({ format });
    }
  });

  it('part 4 has no letter, or E or F', () => {
    expect(identifyPdfa(pdfFile('a', xmpPacket('4', null)))).toEqual({ format: 'PDF/A-4' });
    expect(identifyPdfa(pdfFile('a', xmpPacket('4', 'E', 'elements')))).toEqual({
      format: 'PDF/A-4e',
    });
    expect(identifyPdfa(pdfFile('a', xmpPacket('4', 'F')))).toEqual({ format: 'PDF/A-4f' });
  });
});

describe('An incremental update’s metadata wins: the last packet that declares a part', () => {
  it('a PDF/A-1b file updated to declare PDF/A-2b is PDF/A-2b', () => {
    const updated = withUpdatedMetadata(pdfFile('a', xmpPacket('1', 'B')), xmpPacket('2', 'B'));
    expect(identifyPdfa(updated)).toEqual({ format: 'PDF/A-2b' });
  });

  it('a later packet without pdfaid (an embedded image’s metadata) does not hide the level', () => {
    const image = xmpPacket('2', 'B').replace(/ pdfaid:(part|conformance)="."/g, '');
    const file = Buffer.concat([pdfFile('a', xmpPacket('2', 'U')), Buffer.from(image)]);
    expect(identifyPdfa(file)).toEqual({ format: 'PDF/A-2u' });
  });

  it('an update to an unknown level makes the file not PDF/A', () => {
    const updated = withUpdatedMetadata(pdfFile('a', xmpPacket('2', 'B')), xmpPacket('2', 'Z'));
    expect(identifyPdfa(updated)).toEqual({ reason: 'UNKNOWN_LEVEL', part: '2', conformance: 'Z' });
  });
});

describe('What is not PDF/A, and why', () => {
  it('no %PDF- header at byte 0: not a PDF (a .docx, a header further in, nothing)', () => {
    for (const bytes of [
      docxFile(),
      Buffer.concat([Buffer.from(' '), pdfFile('a', xmpPacket('2', 'B'))]),
      Buffer.alloc(0),
    ]) {
      expect(identifyPdfa(bytes)).toEqual({ reason: 'NOT_PDF' });
    }
  });

  it('a PDF without XMP, or with XMP that declares no part: no PDF/A identification', () => {
    expect(identifyPdfa(pdfFile('a'))).toEqual({ reason: 'NO_PDFA_IDENTIFICATION' });
    const other = xmpPacket('2', 'B').replace(/pdfaid:(part|conformance)="."/g, '');
    expect(identifyPdfa(pdfFile('a', other))).toEqual({ reason: 'NO_PDFA_IDENTIFICATION' });
  });

  it('a part outside 1–4, a letter the part does not have, or none where one is needed', () => {
    for (const [part, conformance] of [
      ['5', 'B'],
      ['1', 'U'],
      ['4', 'B'],
      ['2', null],
    ] as const) {
      expect(identifyPdfa(pdfFile('a', xmpPacket(part, conformance)))).toEqual({
        reason: 'UNKNOWN_LEVEL',
        part,
        conformance,
      });
    }
  });

  it('a packet without its end is not read', () => {
    const cut = xmpPacket('2', 'B').replace('</x:xmpmeta>', '');
    expect(identifyPdfa(pdfFile('a', cut))).toEqual({ reason: 'NO_PDFA_IDENTIFICATION' });
  });
});

describe('The test files are well-formed PDFs: each xref entry points at its object', () => {
  it('the PDF/A file and its incremental update', () => {
    const file = withUpdatedMetadata(pdfFile('a', xmpPacket('1', 'B')), xmpPacket('2', 'B'));
    const text = file.toString('latin1');
    let checked = 0;
    for (const section of text.matchAll(/xref\n(\d+) (\d+)\n((?:\d{10} \d{5} [fn] \n)+)/g)) {
      const first = Number(section[1]);
      section[3]!.split(' \n').forEach((entry, i) => {
        if (!entry.endsWith(' n')) return;
        expect(text.startsWith(`${first + i} 0 obj`, Number(entry.slice(0, 10)))).toBe(true);
        checked += 1;
      });
    }
    expect(checked).toBe(5);
    const startxref = [...text.matchAll(/startxref\n(\d+)\n%%EOF/g)].map((m) => Number(m[1]));
    for (const offset of startxref) expect(text.startsWith('xref', offset)).toBe(true);
  });
});

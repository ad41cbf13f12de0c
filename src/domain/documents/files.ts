import { DocumentVariant } from '../../entities/Document';

/**
 * What a file says about itself: its media type, its name and its first bytes. Everything here
 * is input from a client, so each function accepts only what it can vouch for.
 */

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The media type of a Content-Type header (type/subtype, lower case, parameters dropped). */
export function mediaTypeOf(header: string | undefined): string | null {
  if (!header) return null;
  const essence = header.split(';')[0]!.trim().toLowerCase();
  const [type, subtype, extra] = essence.split('/');
  if (extra !== undefined || !type || !subtype) return null;
  if (!TOKEN.test(type) || !TOKEN.test(subtype) || essence.length > 127) return null;
  return essence;
}

export const PDF = 'application/pdf';
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** A PDF starts with `%PDF-`. */
export function startsLikePdf(bytes: Buffer): boolean {
  return bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC);
}

/** Characters that make a name lie about itself: controls and bidirectional overrides. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_NAME = 200;

/**
 * A file name fit to store and to send back: no folders, no control or bidi-override characters,
 * no leading dots, at most 200 characters (the extension kept). null when nothing is left.
 */
export function safeFileName(name: string | null | undefined): string | null {
  if (!name) return null;
  let n = name.normalize('NFC').replace(UNSAFE, '');
  n = n.slice(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
  n = n
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  if (!n) return null;
  const chars = [...n];
  if (chars.length > MAX_NAME) {
    const dot = n.lastIndexOf('.');
    const ext = dot > 0 && n.length - dot <= 10 ? n.slice(dot) : '';
    n = chars.slice(0, MAX_NAME - [...ext].length).join('') + ext;
  }
  return n;
}

function decodeExtValue(value: string): string | null {
  // RFC 8187: charset'language'percent-encoded; only UTF-8 (and its ASCII subset) is taken.
  const m = /^(utf-8|us-ascii)'[^']*'(.*)$/i.exec(value.trim());
  if (!m) return null;
  try {
    return decodeURIComponent(m[2]!);
  } catch {
    return null;
  }
}

/**
 * The file name of a `Content-Disposition: attachment; filename*=UTF-8''…` (or `filename="…"`)
 * header; `filename*` wins, as RFC 6266 says.
 */
export function fileNameFromDisposition(header: string | undefined): string | null {
  if (!header || header.length > 2000) return null;
  let plain: string | null = null;
  let extended: string | null = null;
  const param = /;\s*([A-Za-z*]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (const m of header.matchAll(param)) {
    const key = m[1]!.toLowerCase();
    const raw = m[2]!.trim();
    if (key === 'filename*') extended = decodeExtValue(raw.replace(/^"|"$/g, ''));
    else if (key === 'filename') {
      plain = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    }
  }
  return extended ?? plain;
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/tiff': 'tif',
  'text/plain': 'txt',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
};

const VARIANT_WORDS: Record<DocumentVariant, string> = {
  [DocumentVariant.PRODUCTION]: 'produksjon',
  [DocumentVariant.ARCHIVE]: 'arkiv',
  [DocumentVariant.PUBLIC]: 'offentlig',
};

/** The name given to a file uploaded without one: "2026-123-8-arkiv.pdf". */
export function defaultFileName(
  registryId: string,
  variant: DocumentVariant,
  mediaType: string,
): string {
  return `${registryId.replace(/\//g, '-')}-${VARIANT_WORDS[variant]}.${EXTENSIONS[mediaType] ?? 'bin'}`;
}

/**
 * `Content-Disposition` for a download: always an attachment (never shown inline, so an uploaded
 * HTML or SVG file cannot run in the API's origin), with an ASCII fallback name and the real name
 * in `filename*` (RFC 6266, RFC 8187).
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

const VARIANTS = new Set<string>(Object.values(DocumentVariant));

/** A variant as written in a path, any case: "public" → PUBLIC. */
export function parseVariant(value: string): DocumentVariant | null {
  const v = value.toUpperCase();
  return VARIANTS.has(v) ? (v as DocumentVariant) : null;
}

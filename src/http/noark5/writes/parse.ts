import { createHash } from 'node:crypto';
import { type Request } from 'express';
import { badInput } from '../../../domain/errors';
import { type DeliveryOperation } from '../../../services/deliveries';
import { NOARK5_MEDIA_TYPE, type Noark5Result } from '../http';

/**
 * Reading a delivery (docs/noark5-service-interface.md, "Writing: the delivery endpoints"): the
 * media type, the size, the JSON and its members, before anything is looked up or written. Each
 * refusal is an answer in the standard's error shape; none of them changes anything.
 */

/** A refusal that is not an AppError (413, 415, 428): answered as it is by the route. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The refusal as the standard's error body, with our code and the request id as sendFeil writes it. */
export function refusalResult(refusal: Refusal, requestId: string): Noark5Result {
  return {
    status: refusal.status,
    body: {
      feil: { kode: refusal.status, beskrivelse: refusal.message },
      arkivgraf: { code: refusal.code, requestId },
    },
    ...(refusal.status === 413 ? { headers: { Connection: 'close' } } : {}),
  };
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** A size as REQUEST_BODY_LIMIT writes it ("1mb", "512kb", "2048") in bytes. */
export function bytesOf(limit: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(limit.trim());
  if (!m) throw new Error(`Not a size: ${limit}`);
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]!);
}

/** The raw body, refused (413) as soon as it passes `max` bytes. */
export async function readBody(req: Request, max: number, what: string): Promise<Buffer> {
  const declared = Number(req.get('content-length'));
  const tooLarge = () =>
    new Refusal(413, 'PAYLOAD_TOO_LARGE', `${what} is larger than the limit of ${max} bytes`);
  if (Number.isFinite(declared) && declared > max) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** The media type's essence, lower case (no parameters). */
export function essenceOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** A JSON object as the standard sends it. */
export type Body = Record<string, unknown>;

/**
 * The body of a POST or PUT: the standard's media type or plain JSON (else 415), within the
 * request body limit (else 413), valid JSON (else 400), an object (else 400), and only members the
 * entity knows: `accepted` are read, `readOnly` (what a GET returns and a client may send back)
 * are ignored, anything else is refused by name (400), so nothing a sender meant is silently lost.
 */
export async function jsonBody(
  req: Request,
  limit: number,
  accepted: readonly string[],
  readOnly: readonly string[],
): Promise<Body> {
  const type = essenceOf(req.get('content-type'));
  if (type !== NOARK5_MEDIA_TYPE && type !== 'application/json') {
    throw new Refusal(
      415,
      'BAD_USER_INPUT',
      `Send the body as ${NOARK5_MEDIA_TYPE} (or application/json), not ${type || 'no Content-Type'}`,
    );
  }
  const raw = await readBody(req, limit, 'The request body');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw badInput('body', 'INVALID_FORMAT', 'The body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badInput('body', 'INVALID_FORMAT', 'The body must be a JSON object');
  }
  const body = parsed as Body;
  const unknown = Object.keys(body).filter((k) => !accepted.includes(k) && !readOnly.includes(k));
  if (unknown.length > 0) {
    throw badInput(
      'body',
      'NOT_ALLOWED',
      `Unknown or unsupported fields: ${unknown.sort().join(', ')}`,
    );
  }
  return Object.fromEntries(Object.entries(body).filter(([k]) => accepted.includes(k)));
}

/** JSON with its object keys sorted, so equal content has one text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Body).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What a delivery is, for telling a repeat from a different delivery under the same key. */
export function fingerprintOf(
  operation: DeliveryOperation,
  parentId: string | null,
  content: Body | Buffer,
): string {
  const hash = createHash('sha256').update(`${operation}\n${parentId ?? ''}\n`);
  hash.update(Buffer.isBuffer(content) ? content : canonical(content));
  return hash.digest('hex');
}

/** The sender's idempotency key (`Idempotency-Key`), at most 200 printable characters. */
export function keyOf(req: Request): string | null {
  const key = req.get('idempotency-key')?.trim();
  if (!key) return null;
  if (key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
    throw badInput(
      'Idempotency-Key',
      'INVALID_FORMAT',
      'Idempotency-Key is at most 200 printable ASCII characters',
    );
  }
  return key;
}

// Readers of members: each refuses a wrong type by the member's name.

export function text(body: Body, name: string, required = false): string | null {
  const v = body[name];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) throw badInput(name, 'REQUIRED', `${name} is required`);
    return null;
  }
  if (typeof v !== 'string') throw badInput(name, 'INVALID_FORMAT', `${name} must be a string`);
  return v;
}

export function object(body: Body, name: string): Body | null {
  const v = body[name];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw badInput(name, 'INVALID_FORMAT', `${name} must be an object`);
  }
  return v as Body;
}

/** A code list value: `{"kode": "I", "kodenavn": "…"}` (kode read); a bare string is taken too. */
export function code(body: Body, name: string): string | null {
  const v = body[name];
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && !Array.isArray(v)) {
    const k = (v as Body).kode;
    if (typeof k === 'string' && k.trim()) return k.trim();
  }
  throw badInput(name, 'INVALID_FORMAT', `${name} must be a code: {"kode": "…"}`);
}

export function date(body: Body, name: string): string | null {
  const v = text(body, name);
  if (v === null) return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(v);
  if (!m) throw badInput(name, 'INVALID_FORMAT', `${name} must be a date (YYYY-MM-DD)`);
  return m[1]!;
}

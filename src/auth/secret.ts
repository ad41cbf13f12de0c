import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Config } from '../config';

const encoder = new TextEncoder();

/** Where the generated secret lives when AUTH_SECRET is not set. */
export const secretFile = (config: Pick<Config, 'dataDir'>) =>
  path.join(config.dataDir, 'auth-secret');

/** Reads the generated secret, or null when there is none yet. */
function readSecret(file: string): string | null {
  try {
    const text = readFileSync(file, 'utf8').trim();
    if (text.length < 32) {
      throw new Error(`${file} holds no usable secret: delete it to have a new one generated`);
    }
    return text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * The HS256 key of local mode: AUTH_SECRET when set, else a secret generated once into
 * DATA_DIR/auth-secret so that tokens survive restarts and the token CLI signs with the same key as
 * the server. The file's text is used exactly as AUTH_SECRET would be, so its content can be moved
 * into AUTH_SECRET without invalidating the tokens already issued.
 */
export function localSecret(config: Pick<Config, 'auth' | 'dataDir'>): Uint8Array {
  if (config.auth.mode === 'local' && config.auth.secret) return encoder.encode(config.auth.secret);
  const file = secretFile(config);
  const existing = readSecret(file);
  if (existing) return encoder.encode(existing);
  mkdirSync(path.dirname(file), { recursive: true });
  // Written whole to a private temporary file, then linked into place: link() fails when the file
  // exists, so when the server and the CLI start together the first one wins, and the other never
  // sees a half-written file.
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(tmp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  const secret = readSecret(file);
  if (!secret) throw new Error(`${file} disappeared while it was being created`);
  return encoder.encode(secret);
}

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { localSecret, secretFile } from '../../src/auth/secret';
import { issueLocalToken } from '../../src/auth/tokens';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'arkivgraf-secret-'));
let n = 0;
const freshDir = () => path.join(tmp, `case-${++n}`, 'nested', 'data');
const local = (dataDir: string, secret?: string) =>
  ({ dataDir, auth: { mode: 'local', secret, maxTokenLifetimeHours: 12 } }) as const;

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the local secret is AUTH_SECRET when set', () => {
  it('uses its text and writes no file', () => {
    const dataDir = freshDir();
    const secret = 'an-operator-chosen-secret-of-enough-length';
    expect(Buffer.from(localSecret(local(dataDir, secret))).toString()).toBe(secret);
    expect(() => statSync(secretFile({ dataDir }))).toThrow();
  });
});

describe('without AUTH_SECRET the local secret is generated once into DATA_DIR/auth-secret', () => {
  it('creates the directory and a file only the owner can read', () => {
    const dataDir = freshDir();
    localSecret(local(dataDir));
    const file = secretFile({ dataDir });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes, base64url
  });

  it('reuses the file afterwards', () => {
    const dataDir = freshDir();
    const first = localSecret(local(dataDir));
    expect(localSecret(local(dataDir))).toEqual(first);
    expect(Buffer.from(first).toString()).toBe(
      readFileSync(secretFile({ dataDir }), 'utf8').trim(),
    );
  });

  it('gives each data directory its own secret', () => {
    expect(localSecret(local(freshDir()))).not.toEqual(localSecret(local(freshDir())));
  });

  it('refuses a file that holds no usable secret rather than signing with it', () => {
    const dataDir = freshDir();
    localSecret(local(dataDir));
    writeFileSync(secretFile({ dataDir }), 'short\n');
    expect(() => localSecret(local(dataDir))).toThrow(/no usable secret/);
  });
});

describe('issueLocalToken signs an HS256 token the local verifier accepts', () => {
  it('carries sub, preferred_username, iss, aud, iat and exp', async () => {
    const key = localSecret(local(freshDir()));
    const token = await issueLocalToken(key, 'leder', 600);
    expect(decodeProtectedHeader(token).alg).toBe('HS256');
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: 'leder',
      preferred_username: 'leder',
      iss: 'arkivgraf-local',
      aud: 'arkivgraf',
    });
    expect(claims.exp! - claims.iat!).toBe(600);
    await expect(
      jwtVerify(token, key, { issuer: 'arkivgraf-local', audience: 'arkivgraf' }),
    ).resolves.toBeTruthy();
  });

  it('is valid for twelve hours by default', async () => {
    const claims = decodeJwt(await issueLocalToken(localSecret(local(freshDir())), 'leder'));
    expect(claims.exp! - claims.iat!).toBe(12 * 3600);
  });
});

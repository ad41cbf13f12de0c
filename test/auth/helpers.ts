import { expect } from 'vitest';
import { type GqlResponse } from '../support/server';

export const ME = 'query Me { me { username displayName roles { role unit { name } } } }';

export interface MeData {
  me: {
    username: string;
    displayName: string;
    roles: Array<{ role: string; unit: { name: string } | null }>;
  } | null;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned JWT (alg none), written by hand because no library will sign one. */
export function unsignedToken(payload: Record<string, unknown>): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;
}

export const seconds = (date = new Date()) => Math.floor(date.getTime() / 1000);

/**
 * A refused request: HTTP 401, UNAUTHENTICATED with the request id, no data, and nothing of the token (its payload or
 * signature) or of `secrets` echoed anywhere in the body.
 */
export function expectUnauthenticated(
  res: GqlResponse<unknown>,
  token?: string,
  secrets: string[] = [],
): void {
  expect(res.status).toBe(401);
  expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(res.body.errors?.[0]?.extensions?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect((res.body.data as MeData | undefined)?.me).toBeUndefined();
  const parts = token ? token.split('.').filter((p) => p.length > 0) : [];
  for (const fragment of [...parts, ...secrets]) expect(res.text).not.toContain(fragment);
}

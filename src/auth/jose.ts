/**
 * jose 6 is ESM-only. Loaded once with a dynamic import, it works from this CommonJS build on every
 * Node 20 (a static import would need require(esm), Node 20.19 or later). Every use is async anyway.
 */
let loading: Promise<typeof import('jose')> | undefined;

export function loadJose(): Promise<typeof import('jose')> {
  loading ??= import('jose');
  return loading;
}

/** Timing helpers: samples in milliseconds, summaries by nearest rank. */

export interface Summary {
  n: number;
  median: number;
  p95: number;
}

/** The sample at quantile `q` (0..1) of sorted samples, by nearest rank. */
export function rank(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return { n: 0, median: NaN, p95: NaN };
  const mid = sorted.length / 2;
  const median =
    sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n: sorted.length, median, p95: rank(sorted, 0.95) };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export interface InterleaveOptions {
  iterations: number;
  warmup: number;
  /** Wall-time budget for the whole scenario; fewer iterations are measured when it runs out */
  budgetMs: number;
  /** At least this many measured rounds, budget or not */
  minIterations?: number;
}

/**
 * Runs every variant in rounds, one call of each per round, the order rotating from round to round,
 * so that all variants share the same machine noise and none always runs first or last. Warm-up
 * rounds (at most a tenth of the budget) are not recorded. Measuring stops after `iterations`
 * rounds or when the budget is spent, whichever comes first.
 */
export async function interleave<K extends string>(
  variants: Partial<Record<K, () => Promise<unknown>>>,
  opts: InterleaveOptions,
): Promise<{ samples: Partial<Record<K, number[]>>; warmup: number }> {
  const names = Object.keys(variants) as K[];
  const samples: Partial<Record<K, number[]>> = {};
  for (const name of names) samples[name] = [];
  const round = async (r: number, record: boolean) => {
    for (let j = 0; j < names.length; j++) {
      const name = names[(r + j) % names.length]!;
      const ms = await timed(variants[name]!);
      if (record) samples[name]!.push(ms);
    }
  };
  const started = performance.now();
  let warmup = 0;
  while (warmup < opts.warmup) {
    await round(warmup, false);
    warmup += 1;
    if (performance.now() - started > opts.budgetMs / 10) break;
  }
  const min = Math.min(opts.minIterations ?? 5, opts.iterations);
  for (let r = 0; r < opts.iterations; r++) {
    if (r >= min && performance.now() - started > opts.budgetMs) break;
    await round(warmup + r, true);
  }
  return { samples, warmup };
}

export const fmt = (ms: number): string => (Number.isFinite(ms) ? ms.toFixed(2) : '–');
export const ratio = (a: number, b: number): string =>
  Number.isFinite(a / b) ? (a / b).toFixed(2) : '–';

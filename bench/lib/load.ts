import os from 'node:os';
import http from 'node:http';
import { summarise, type Summary } from './stats';

/** The public journal's first page with every entry field: the page both load benchmarks measure. */
export const PUBLIC_JOURNAL_FIRST_PAGE = `query PublicJournalFirstPage($first: Int) {
  publicJournal(first: $first) {
    edges { cursor node { id registryId journalYear journalSequenceNumber caseNumber caseTitle title type
      journalDate documentDate correspondents unit screened legalBasis writeOffMethod writeOffDate } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The machine's load average, for the report: the numbers move with it. */
export const loadAvg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export interface LoadTarget {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  /** Answers other than 200, and failed connections */
  errors: number;
  ms: number;
  latencies: number[];
}

/**
 * `clients` loops, each sending one request after the other over keep-alive connections (one
 * node:http Agent, a socket per client) for `durationMs`; every answer is read whole.
 */
export async function runLoad(
  target: LoadTarget,
  clients: number,
  durationMs: number,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const url = new URL(target.url);
  const headers = {
    ...target.headers,
    ...(target.body
      ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(target.body) }
      : {}),
  };
  const once = () =>
    new Promise<boolean>((resolve) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: target.method,
          headers,
          agent,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 200));
          res.on('error', () => resolve(false));
        },
      );
      req.on('error', () => resolve(false));
      req.end(target.body);
    });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + durationMs;
  const client = async () => {
    while (performance.now() < until) {
      const t = performance.now();
      if (await once()) latencies.push(performance.now() - t);
      else errors += 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const ms = performance.now() - started;
  agent.destroy();
  return { requests: latencies.length, errors, ms, latencies };
}

/** Requests per second and latency over several runs taken together. */
export function combine(runs: LoadResult[]): { rps: number; errors: number; latency: Summary } {
  const requests = runs.reduce((s, r) => s + r.requests, 0);
  const ms = runs.reduce((s, r) => s + r.ms, 0);
  return {
    rps: (requests / ms) * 1000,
    errors: runs.reduce((s, r) => s + r.errors, 0),
    latency: summarise(runs.flatMap((r) => r.latencies)),
  };
}

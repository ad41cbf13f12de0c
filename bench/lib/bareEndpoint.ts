/**
 * The bare endpoint of the throughput benchmark: node:http and a plain `pg` Pool, in a node:cluster
 * of BARE_PROCESSES workers as the server runs, answering each route with the statements the API
 * runs for it (captured by bench/throughput.ts) and the rows as JSON. No framework, no GraphQL, no
 * rate limiter, no log: what the same SQL costs through Node at the least.
 *
 * Environment: BARE_PORT, BARE_DATABASE_URL, BARE_PROCESSES, BARE_POOL_MAX, BARE_ROUTES (a JSON
 * file: path → statements; the answer holds the rows of each statement).
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import pg from 'pg';
import { mikroOrmTypes } from './config';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

function primary(): void {
  const count = Number(env('BARE_PROCESSES'));
  let listening = 0;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on('listening', () => {
    listening += 1;
    if (listening === count) console.log('bare endpoint listening');
  });
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function worker(): void {
  const routes = JSON.parse(readFileSync(env('BARE_ROUTES'), 'utf8')) as Record<string, string[]>;
  const pool = new pg.Pool({
    connectionString: env('BARE_DATABASE_URL'),
    max: Number(env('BARE_POOL_MAX')),
    types: mikroOrmTypes(),
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // The body is parsed as the API parses its GraphQL request, and then not needed.
      if (chunks.length) JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const path = (req.url ?? '/').split('?')[0]!;
      const statements = routes[path];
      if (path === '/trivial') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      if (!statements) {
        res.writeHead(404).end();
        return;
      }
      void (async () => {
        const results: unknown[][] = [];
        for (const text of statements) results.push((await pool.query(text)).rows);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(results));
      })().catch((err: unknown) => {
        res.writeHead(500).end(String(err));
      });
    });
  });
  server.listen(Number(env('BARE_PORT')), '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
}

if (cluster.isPrimary) primary();
else worker();

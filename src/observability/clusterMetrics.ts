import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { registry } from './metrics';

/**
 * One scrape sees every process of a cluster (SERVER_PROCESSES > 1): the worker that receives
 * /metrics asks the primary over IPC, the primary asks every worker for its series (prom-client's
 * AggregatorRegistry) and answers with their sum, so a scrape through the load-balanced port is
 * complete whichever worker takes it.
 */
const SCRAPE = 'arkivgraf:metrics-scrape';
const SCRAPED = 'arkivgraf:metrics-scraped';
/** prom-client gives up on a worker after 5 s; the asking worker waits a little longer. */
const SCRAPE_TIMEOUT_MS = 6000;

interface ScrapeRequest {
  type: typeof SCRAPE;
  id: number;
}

interface ScrapeAnswer {
  type: typeof SCRAPED;
  id: number;
  text?: string;
  error?: string;
}

const isScrapeRequest = (m: unknown): m is ScrapeRequest =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === SCRAPE;

const isScrapeAnswer = (m: unknown): m is ScrapeAnswer =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === SCRAPED;

/** In the cluster's primary: answers the workers' scrapes with every worker's series. */
export function aggregateWorkerMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isScrapeRequest(message)) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: SCRAPED, id: message.id, text } satisfies ScrapeAnswer),
      (err: unknown) =>
        worker.send({ type: SCRAPED, id: message.id, error: String(err) } satisfies ScrapeAnswer),
    );
  });
}

let answering = false;
let nextId = 0;
const waiting = new Map<number, { resolve: (text: string) => void; reject: (e: Error) => void }>();

/**
 * In a worker: answers the primary's requests for this process's series (prom-client listens once
 * an AggregatorRegistry exists) and receives the answers to its own scrapes.
 */
export function answerClusterScrapes(): void {
  if (answering || !cluster.isWorker) return;
  answering = true;
  new AggregatorRegistry();
  process.on('message', (message: unknown) => {
    if (!isScrapeAnswer(message)) return;
    const pending = waiting.get(message.id);
    waiting.delete(message.id);
    if (!pending) return;
    if (message.text !== undefined) pending.resolve(message.text);
    else pending.reject(new Error(message.error ?? 'no metrics'));
  });
}

/** The text of a scrape: this process's series, or in a cluster worker every worker's. */
export function scrapeText(): Promise<string> {
  if (!cluster.isWorker || !process.send) return registry.metrics();
  const id = nextId++;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error('the cluster primary did not answer the scrape'));
    }, SCRAPE_TIMEOUT_MS);
    waiting.set(id, {
      resolve: (text) => (clearTimeout(timer), resolve(text)),
      reject: (err) => (clearTimeout(timer), reject(err)),
    });
    process.send!({ type: SCRAPE, id } satisfies ScrapeRequest);
  });
}

export const metricsContentType = registry.contentType;

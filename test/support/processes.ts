import { type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What the tests that run servers as processes of their own share: a free port, waiting for a
 * condition with the process's output in the failure, and a graceful stop.
 */

/** A port nothing listens on now: the system's choice for a listener closed at once. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Waits until `found` holds, asking every `everyMs`; after `ms` fails naming `what`, with
 * `context()` (a process's output) when given.
 */
export async function waitUntil(
  found: () => boolean | Promise<boolean>,
  what: string,
  options: { ms?: number; everyMs?: number; context?: () => string } = {},
): Promise<void> {
  const until = Date.now() + (options.ms ?? 60_000);
  while (!(await found())) {
    if (Date.now() > until) {
      const context = options.context?.();
      throw new Error(`Timed out waiting for ${what}${context ? `:\n${context}` : ''}`);
    }
    await sleep(options.everyMs ?? 100);
  }
}

/** SIGTERM to a process still running, and its exit code once it is gone (null: it had exited). */
export async function stopProcess(child: ChildProcess | undefined): Promise<number | null> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return null;
  const gone = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return gone;
}

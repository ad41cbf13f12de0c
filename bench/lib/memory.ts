import { readFileSync } from 'node:fs';
import { descendants } from './cpu';

function ownRssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Resident memory (kB) of a process and its running descendants (Linux /proc), the server's
 * primary and workers together; null where there is no /proc.
 */
export function treeRssKb(pid: number): number | null {
  try {
    readFileSync(`/proc/${pid}/status`);
  } catch {
    return null;
  }
  return [pid, ...descendants(pid)].reduce((sum, p) => sum + ownRssKb(p), 0);
}

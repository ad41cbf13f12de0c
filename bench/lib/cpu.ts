import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function ownCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces) in parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [utime, stime] = [Number(fields[11]), Number(fields[12])];
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * CPU time (user + system, ms) used so far by a process and its descendants that are still
 * running (Linux /proc): a server's own work per request, whatever else the machine runs.
 * Null where there is no /proc.
 */
export function treeCpuMs(pid: number): number | null {
  try {
    readFileSync(`/proc/${pid}/stat`);
  } catch {
    return null;
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += ownCpuMs(p);
    stack.push(...children(p));
  }
  return total;
}

/** The running descendants of a process (Linux /proc), children first. */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  const stack = children(pid);
  while (stack.length) {
    const p = stack.shift()!;
    found.push(p);
    stack.push(...children(p));
  }
  return found;
}

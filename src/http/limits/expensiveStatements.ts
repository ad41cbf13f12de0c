import { GraphQLError } from 'graphql';
import { type StatementSlots } from '../../queries/statementSlots';
import { rateLimited } from '../../domain/errors';
import { rateLimitRejections } from '../../observability/metrics';

interface Waiter {
  resolve: (release: () => void) => void;
  timer: NodeJS.Timeout;
}

interface Viewer {
  running: number;
  waiting: Waiter[];
}

/** The refusal of a statement that found no slot in time, as the rate limiter's (429). */
export function isSlotRefusal(err: unknown): err is GraphQLError {
  return err instanceof GraphQLError && err.extensions.code === 'RATE_LIMITED';
}

/**
 * At most `perViewer` expensive statements of one viewer (a signed-in user, or a client address
 * for the public) run at once in this process; one more waits up to `waitMs` for a slot, in the
 * order it came, and is then refused with RATE_LIMITED (429, Retry-After). A refused statement
 * was never started, so the refusal changes nothing.
 */
export class ExpensiveStatementLimiter {
  private readonly viewers = new Map<string, Viewer>();

  constructor(private readonly settings: { perViewer: number; waitMs: number }) {}

  /** The slots of a signed-in user, or of the public at a client address (rateLimit/clientAddress). */
  slotsFor(viewer: { userId: string } | { client: string }): StatementSlots {
    const key = 'userId' in viewer ? `user:${viewer.userId}` : `client:${viewer.client}`;
    return { acquire: () => this.acquire(key) };
  }

  private acquire(key: string): Promise<() => void> {
    let viewer = this.viewers.get(key);
    if (!viewer) {
      viewer = { running: 0, waiting: [] };
      this.viewers.set(key, viewer);
    }
    const v = viewer;
    if (v.running < this.settings.perViewer) {
      v.running += 1;
      return Promise.resolve(this.releaser(key, v));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          v.waiting.splice(v.waiting.indexOf(waiter), 1);
          this.forgetIdle(key, v);
          rateLimitRejections.inc({ limiter: 'statements' });
          reject(rateLimited(Math.max(1, Math.ceil(this.settings.waitMs / 1000))));
        }, this.settings.waitMs),
      };
      v.waiting.push(waiter);
    });
  }

  /** Releases once: the slot goes to the first waiter, or is freed. */
  private releaser(key: string, v: Viewer): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = v.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.resolve(this.releaser(key, v));
        return;
      }
      v.running -= 1;
      this.forgetIdle(key, v);
    };
  }

  private forgetIdle(key: string, v: Viewer): void {
    if (v.running === 0 && v.waiting.length === 0 && this.viewers.get(key) === v) {
      this.viewers.delete(key);
    }
  }
}

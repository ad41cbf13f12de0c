import { type ApolloServerPlugin } from '@apollo/server';
import { type AccessLog } from '../services/accessLog';

/**
 * Writes the request's access log (services/accessLog.ts) once its answer is complete: every record
 * it hands out has been loaded and noted by then. The write runs in the background, so the answer
 * never waits for it.
 */
export function accessLogPlugin(): ApolloServerPlugin<{ accessLog: AccessLog }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          contextValue.accessLog.write();
        },
      };
    },
  };
}

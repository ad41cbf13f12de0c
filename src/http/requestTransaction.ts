import { type ApolloServerPlugin } from '@apollo/server';
import { type Logger } from 'pino';
import { type ServiceContext } from '../services/context';
import { endRequest } from '../services/requestScope';

/**
 * Ends the transaction every GraphQL request runs in (services/requestScope.ts) before the answer
 * leaves: a change is committed before the client is told it succeeded. A commit that fails turns
 * the answer into an internal error, so no client is told of a change that was not kept.
 */
export function requestTransactionPlugin(log: Logger): ApolloServerPlugin<ServiceContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          try {
            await endRequest(contextValue.em, true);
          } catch (err) {
            log.error({ err, requestId: contextValue.requestId }, 'The request could not commit');
            await endRequest(contextValue.em, false).catch(() => undefined);
            response.body = {
              kind: 'single',
              singleResult: {
                errors: [
                  {
                    message: 'The request could not be completed; try again',
                    extensions: {
                      code: 'INTERNAL_SERVER_ERROR',
                      requestId: contextValue.requestId,
                    },
                  },
                ],
              },
            };
          }
        },
      };
    },
  };
}

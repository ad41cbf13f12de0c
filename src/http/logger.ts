import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Authorization headers and tokens are redacted wherever they appear; request
 * bodies and query strings are never logged, so no screened value or search term reaches a log.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    // The pid tells the processes of a cluster (SERVER_PROCESSES) apart.
    base: { service: 'arkivgraf', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['authorization', 'token', '*.authorization', '*.token', 'headers.authorization'],
      censor: '[redacted]',
    },
  });
}
